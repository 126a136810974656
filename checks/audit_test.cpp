#include "checks/audit.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace oit;

namespace {

const char* kBase = "https://www.agency.go.th/";

struct SiteBuilder {
  SiteData site;
  SiteBuilder() { site.base = *parse_url(kBase); }
  SiteResource& add(const std::string& url, int status = 200) {
    std::string key = parse_url(url)->str();
    SiteResource& r = site.resources[key];
    r.checked = true;
    r.fetch.url = r.fetch.final_url = key;
    r.fetch.status = status;
    r.external = !same_site(*parse_url(url), site.base);
    return r;
  }
  SiteResource& page(const std::string& url, const std::string& body_html) {
    SiteResource& r = add(url);
    r.fetch.content_type = "text/html";
    r.page = extract_html("<html><head>" + body_html.substr(0, body_html.find("</head>") == std::string::npos ? 0 : body_html.find("</head>")) +
                          "</head><body>" + (body_html.find("</head>") == std::string::npos ? body_html : body_html.substr(body_html.find("</head>") + 7)) +
                          "</body></html>");
    site.pages.push_back(parse_url(url)->str());
    return r;
  }
  SiteResource& pdf(const std::string& url, const std::string& text) {
    SiteResource& r = add(url);
    r.fetch.content_type = "application/pdf";
    r.pdf = PdfText{text, 1, 1, ""};
    return r;
  }
};

Element el(const char* key, Grade g, ElementCheck c, std::vector<std::string> terms = {}) {
  Element e;
  e.key = key;
  e.text = std::string("ต้องมี ") + key;
  e.grade = g;
  e.check = c;
  e.terms = std::move(terms);
  return e;
}

Item item(const char* id, PeriodRule p, Grade pg, Coverage c = Coverage::None, Grade cg = Grade::C) {
  Item it;
  it.id = id;
  it.title = std::string("ข้อ ") + id;
  it.period = p;
  it.period_grade = pg;
  it.coverage = c;
  it.coverage_grade = cg;
  return it;
}

const ItemResult& result(const AuditReport& r, const std::string& id) {
  auto it = std::find_if(r.items.begin(), r.items.end(), [&](const ItemResult& x) { return x.id == id; });
  REQUIRE(it != r.items.end());
  return *it;
}

std::vector<std::string> codes(const ItemResult& r) {
  std::vector<std::string> c;
  for (const auto& f : r.findings) c.push_back(f.code + (f.severity == Severity::Error ? "" : "?"));
  return c;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("audit: presence, reachability, main website") {
  Criteria cr;
  cr.round = 2568;
  cr.items = {item("O1", PeriodRule::Current, Grade::C), item("O2", PeriodRule::Current, Grade::C),
              item("O3", PeriodRule::Current, Grade::C), item("O10", PeriodRule::Working, Grade::B),
              item("O18", PeriodRule::Working, Grade::B), item("O9", PeriodRule::Current, Grade::C)};
  SiteBuilder b;
  b.page(kBase, "<main><a href='https://eservice.example.com/app'>บริการออนไลน์</a></main>");
  b.page("https://agency.go.th/o1/", "<main><h1>โครงสร้าง</h1></main>");  // same agency without www
  b.add("https://www.agency.go.th/o2/", 404);
  b.page("https://other-agency.go.th/o3/", "<main>ติดต่อ</main>").external = true;
  b.page("https://eservice.example.com/app", "<main>ระบบ</main>").external = true;
  b.page("https://complaints.example.com/", "<main>แจ้งเรื่อง</main>").external = true;
  AuditInput in;
  in.criteria = &cr;
  in.as_of = {2025, 4, 15};
  in.site = &b.site;
  in.item_urls = {{"O1", "https://agency.go.th/o1/"},
                  {"O2", "https://www.agency.go.th/o2/"},
                  {"O3", "https://other-agency.go.th/o3/"},
                  {"O10", "https://eservice.example.com/app"},
                  {"O18", "https://complaints.example.com/"}};
  auto rep = audit(in);
  CHECK(codes(result(rep, "O1")).empty());
  CHECK(result(rep, "O1").status == ItemStatus::Pass);
  CHECK(codes(result(rep, "O2")) == Codes{"unreachable"});
  CHECK(result(rep, "O2").findings[0].message.find("404") != std::string::npos);
  CHECK(codes(result(rep, "O3")) == Codes{"off-site"});
  CHECK(codes(result(rep, "O10")).empty());  // a service elsewhere, linked from the main site
  CHECK(codes(result(rep, "O18")) == Codes{"off-site"});
  CHECK(codes(result(rep, "O9")) == Codes{"missing"});
  CHECK(result(rep, "O9").status == ItemStatus::Fail);
  CHECK(rep.summary.items_total == 6);
  CHECK(rep.summary.items_pass == 2);
  CHECK(rep.summary.items_fail == 4);
  CHECK(rep.summary.score == doctest::Approx(33.33));
  CHECK(rep.rating == "ต้องปรับปรุงโดยด่วน");
  CHECK(rep.exit_status() == 1);
}

TEST_CASE("audit: fiscal year from meta, headings in Thai digits, PDF text, plan spans") {
  Criteria cr;
  cr.round = 2568;
  cr.items = {item("O6", PeriodRule::RoundFY, Grade::A), item("O7", PeriodRule::PreviousFY, Grade::A),
              item("O13", PeriodRule::PreviousFY, Grade::A), item("O15", PeriodRule::PreviousFY, Grade::C),
              item("O5", PeriodRule::SpansRoundFY, Grade::C), item("O26", PeriodRule::PreviousFY, Grade::A),
              item("O24", PeriodRule::PreviousFY, Grade::A)};
  SiteBuilder b;
  b.page("https://www.agency.go.th/o6/",
         "<meta name='oit:fiscal-year' content='2568'></head><main><h1>แผนปฏิบัติราชการ ปี 2567</h1></main>");
  b.page("https://www.agency.go.th/o7/", "<main><h1>รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖</h1></main>");
  b.page("https://www.agency.go.th/o13/", "<main><p>ดาวน์โหลด</p><a href='r.pdf'>รายงาน</a></main>");
  b.pdf("https://www.agency.go.th/o13/r.pdf", "รายงานผลการจัดซื้อจัดจ้าง ประจำปี งบประมาณ พ.ศ. ๒๕๖๗");
  b.page("https://www.agency.go.th/o15/", "<main><h1>รายงาน ปีงบประมาณ 2566</h1></main>");
  b.page("https://www.agency.go.th/o5/", "<main><h1>แผนพัฒนาหน่วยงาน พ.ศ. 2566 - 2570</h1></main>");
  b.page("https://www.agency.go.th/o26/", "<main><h1>รายงานผล</h1></main>");
  b.page("https://www.agency.go.th/o24/", "<nav><a href='/'>ปีงบประมาณ 2567</a></nav><main><h1>รายงาน 2566</h1></main>");
  AuditInput in;
  in.criteria = &cr;
  in.as_of = {2025, 4, 15};
  in.site = &b.site;
  for (const char* id : {"O6", "O7", "O13", "O15", "O5", "O26", "O24"})
    in.item_urls[id] = std::string("https://www.agency.go.th/") + char(std::tolower(id[0])) + (id + 1) + "/";
  auto rep = audit(in);
  CHECK(codes(result(rep, "O6")).empty());  // the generator's meta tag is the page's own statement
  CHECK(codes(result(rep, "O7")) == Codes{"wrong-fiscal-year"});
  CHECK(result(rep, "O7").findings[0].message.find("2566") != std::string::npos);
  CHECK(codes(result(rep, "O13")).empty());  // year in the PDF text layer
  // Graded C, but its heading labels another fiscal year and nothing says otherwise: certain, so it fails.
  CHECK(codes(result(rep, "O15")) == Codes{"wrong-fiscal-year"});
  CHECK(result(rep, "O15").status == ItemStatus::Fail);
  CHECK(result(rep, "O15").findings[0].message.find("“รายงาน ปีงบประมาณ 2566” (หัวข้อ)") != std::string::npos);
  CHECK(codes(result(rep, "O5")).empty());
  CHECK(codes(result(rep, "O26")) == Codes{"wrong-fiscal-year?"});  // names no year: warn only
  CHECK(codes(result(rep, "O24")) == Codes{"wrong-fiscal-year"});    // the menu's year is not the page's
  CHECK(rep.summary.score == doctest::Approx(100.0 * 4 / 7).epsilon(0.001));
}

TEST_CASE("audit: news in the FY and monthly coverage judged as of a date") {
  Criteria cr;
  cr.round = 2568;
  Item o12 = item("O12", PeriodRule::RoundFY, Grade::A, Coverage::FirstHalf, Grade::A);
  o12.elements = {el("columns", Grade::A, ElementCheck::AllColumns, {"ที่", "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณ"}),
                  el("file", Grade::A, ElementCheck::Attachment), el("note", Grade::A, ElementCheck::Manual)};
  cr.items = {item("O4", PeriodRule::RoundFY, Grade::B, Coverage::AnyInFY, Grade::B), o12,
              item("O19", PeriodRule::RoundFY, Grade::B, Coverage::FirstHalf, Grade::B)};
  SiteBuilder b;
  b.page("https://www.agency.go.th/news/",
         "<main><h1>ข่าวประชาสัมพันธ์</h1><ul><li><a href='/news/a/'>ข่าว ก</a> 20 ก.ย. 2567</li>"
         "<li><a href='/news/b/'>ข่าว ข</a></li></ul><p>ปรับปรุงล่าสุด 1 เมษายน 2568</p></main>");
  b.page("https://www.agency.go.th/news/b/", "<main><time datetime='2024-09-01'>1 ก.ย. 2567</time></main>");
  b.page("https://www.agency.go.th/o12/",
         "<meta name='oit:fiscal-year' content='2568'></head><main><table><tr><th>ที่</th><th>ชื่อรายการของงานที่ซื้อหรือจ้าง</th>"
         "<th>วงเงินงบประมาณที่ได้รับจัดสรร (บาท)</th><th>เดือน</th></tr>"
         "<tr><td>1</td><td>จ้างซ่อม</td><td>5,000</td><td>ตุลาคม 2567</td></tr></table>"
         "<a href='p.csv'>CSV</a></main>");
  SiteResource& csv = b.add("https://www.agency.go.th/o12/p.csv");
  csv.fetch.content_type = "text/csv";
  csv.csv = parse_csv_table("ที่,ชื่อรายการของงานที่ซื้อหรือจ้าง,เดือน\n1,ไม่มีการจัดซื้อจัดจ้าง,2024-11\n2,จ้าง,2025-01\n");
  b.page("https://www.agency.go.th/o19/",
         "<meta name='oit:fiscal-year' content='2568'></head><main><h2>สถิติเรื่องร้องเรียน รอบ 6 เดือน (ตุลาคม 2567 – มีนาคม 2568)</h2></main>");
  AuditInput in;
  in.criteria = &cr;
  in.site = &b.site;
  in.item_urls = {{"O4", "https://www.agency.go.th/news/"},
                  {"O12", "https://www.agency.go.th/o12/"},
                  {"O19", "https://www.agency.go.th/o19/"}};

  in.as_of = {2025, 4, 15};
  auto rep = audit(in);
  CHECK(codes(result(rep, "O4")) == Codes{"out-of-period"});  // one finding for the period
  CHECK(result(rep, "O4").findings[0].message.find("20 กันยายน 2567") != std::string::npos);
  CHECK(codes(result(rep, "O12")) == Codes{"out-of-period"});
  const std::string& msg = result(rep, "O12").findings[0].message;
  CHECK(msg.find("ธันวาคม 2567") != std::string::npos);
  CHECK(msg.find("กุมภาพันธ์ 2568") != std::string::npos);
  CHECK(msg.find("มีนาคม 2568") != std::string::npos);
  CHECK(msg.find("มกราคม 2568") == std::string::npos);  // in the CSV
  CHECK(codes(result(rep, "O19")).empty());

  in.as_of = {2024, 12, 10};  // only Oct and Nov had ended
  rep = audit(in);
  CHECK(codes(result(rep, "O12")).empty());
  in.as_of = {2024, 9, 1};  // before the FY: nothing to ask yet
  rep = audit(in);
  Codes before_fy = codes(result(rep, "O4"));
  CHECK(std::count(before_fy.begin(), before_fy.end(), "out-of-period") == 0);

  // A news article linked from the list, dated in the FY: proof enough of the period and the year.
  in.as_of = {2025, 4, 15};
  b.site.resources["https://www.agency.go.th/news/b/"].page->time_datetimes = {"2024-10-01"};
  CHECK(codes(result(audit(in), "O4")).empty());
}

TEST_CASE("audit: the fiscal years found are kept when the item fails its period") {
  Criteria cr;
  cr.round = 2568;
  cr.items = {item("O4", PeriodRule::RoundFY, Grade::B, Coverage::AnyInFY, Grade::B),
              item("O12", PeriodRule::RoundFY, Grade::A, Coverage::FirstHalf, Grade::A),
              item("O19", PeriodRule::RoundFY, Grade::B, Coverage::FirstHalf, Grade::B),
              item("O1", PeriodRule::Current, Grade::C)};
  SiteBuilder b;
  // Last year's news list, left in place for round 2568.
  b.page("https://www.agency.go.th/news/",
         "<main><h1>ข่าวประชาสัมพันธ์ ปีงบประมาณ 2567</h1><ul><li>ประชุมประจำเดือน 15 มี.ค. 2567</li></ul></main>");
  // Last year's monthly table, its year stated by the generator.
  b.page("https://www.agency.go.th/o12/",
         "<meta name='oit:fiscal-year' content='2567'></head><main><h1>สรุปผลการจัดซื้อจัดจ้าง</h1>"
         "<p>ตุลาคม 2566 – มีนาคม 2567</p></main>");
  b.page("https://www.agency.go.th/o19/",
         "<main><h2>สถิติเรื่องร้องเรียน ปีงบประมาณ 2568 (ตุลาคม 2567 – มีนาคม 2568)</h2></main>");
  b.page("https://www.agency.go.th/o1/", "<main><h1>โครงสร้างองค์กร ปีงบประมาณ 2568</h1></main>");
  AuditInput in;
  in.criteria = &cr;
  in.site = &b.site;
  in.as_of = {2025, 4, 15};
  in.item_urls = {{"O4", "https://www.agency.go.th/news/"},
                  {"O12", "https://www.agency.go.th/o12/"},
                  {"O19", "https://www.agency.go.th/o19/"},
                  {"O1", "https://www.agency.go.th/o1/"}};
  auto rep = audit(in);
  const ItemResult& news = result(rep, "O4");
  CHECK(news.status == ItemStatus::Fail);
  CHECK(codes(news) == Codes{"out-of-period"});  // the period is still judged once
  CHECK(news.fiscal_years == std::vector<int>{2567});
  const ItemResult& monthly = result(rep, "O12");
  CHECK(monthly.status == ItemStatus::Fail);
  CHECK(codes(monthly) == Codes{"out-of-period"});
  CHECK(monthly.fiscal_years == std::vector<int>{2567});
  CHECK(result(rep, "O19").status == ItemStatus::Pass);
  CHECK(result(rep, "O19").fiscal_years == std::vector<int>{2568});
  CHECK(result(rep, "O1").fiscal_years.empty());  // no fiscal-year rule: nothing to show
}

TEST_CASE("audit: elements by check kind, C grades only warn") {
  Criteria cr;
  cr.round = 2568;
  Item o2 = item("O2", PeriodRule::Current, Grade::C);
  o2.elements = {el("photo", Grade::B, ElementCheck::Image), el("contact", Grade::B, ElementCheck::PhoneOrEmail),
                 el("positions", Grade::B, ElementCheck::AnyTerm, {"ผู้อำนวยการ", "อธิบดี"})};
  Item o2b = o2;
  o2b.id = "O2b";
  Item o3 = item("O3", PeriodRule::Current, Grade::C);
  o3.elements = {el("map", Grade::C, ElementCheck::AnyTerm, {"แผนที่"}),
                 el("both", Grade::C, ElementCheck::AllTerms, {"ที่อยู่", "โทรศัพท์"})};
  Item o1 = item("O1", PeriodRule::Current, Grade::C);
  o1.elements = {el("chart", Grade::B, ElementCheck::ImageOrAttachment)};
  cr.items = {o2, o2b, o3, o1};
  SiteBuilder b;
  b.page("https://www.agency.go.th/o2/",
         "<header><img src='/logo.png' alt='logo'></header><main><img src='/ceo.jpg' alt='นายสมชาย'>"
         "<p>นายสมชาย ใจดี ผู้อำนวย การ</p><p>โทร. ๐ ๒๑๒๓ ๔๕๖๗</p></main>");
  b.add("https://www.agency.go.th/ceo.jpg");
  b.add("https://www.agency.go.th/logo.png");
  b.page("https://www.agency.go.th/o2b/",
         "<header><img src='/logo.png' alt='logo'></header><main><p>นายสมชาย รองอธิบดี</p></main>"
         "<footer>โทร 02-123-4567 saraban@agency.go.th</footer>");
  b.page("https://www.agency.go.th/o3/", "<main><p>ที่อยู่ 1 ถนนราชดำเนิน โทรศัพท์ 02 123 4567</p></main>");
  b.page("https://www.agency.go.th/o1/", "<main><a href='chart.pdf'>แผนผัง</a></main>");
  b.pdf("https://www.agency.go.th/o1/chart.pdf", "แผนผังโครงสร้าง");
  AuditInput in;
  in.criteria = &cr;
  in.as_of = {2025, 4, 15};
  in.site = &b.site;
  for (const char* id : {"o2", "o2b", "o3", "o1"})
    in.item_urls[std::string(1, 'O') + (id + 1)] = std::string("https://www.agency.go.th/") + id + "/";
  auto rep = audit(in);
  CHECK(codes(result(rep, "O2")).empty());  // photo, Thai-digit phone, a position split by a space
  CHECK(codes(result(rep, "O2b")) == Codes{"missing-element", "missing-element"});  // logo and footer are chrome
  CHECK(codes(result(rep, "O3")) == Codes{"missing-element?"});
  CHECK(result(rep, "O3").status == ItemStatus::Warn);
  CHECK(codes(result(rep, "O1")).empty());
  CHECK(rep.summary.items_warn == 1);
  CHECK(rep.summary.score == doctest::Approx(75.0));
  CHECK(rep.rating == "ต้องปรับปรุง");
}

TEST_CASE("broken links: 404s, fragments, attachments, external refusals, Thai file names") {
  Criteria cr;
  cr.round = 2568;
  cr.items = {item("O8", PeriodRule::InForce, Grade::C), item("O9", PeriodRule::InForce, Grade::C),
              item("O17", PeriodRule::InForce, Grade::C)};
  SiteBuilder b;
  b.page("https://www.agency.go.th/o8/",
         "<nav><a href='/gone-menu/'>เมนู</a></nav><main><a href='/o9/#steps'>ขั้นตอน</a> <a href='/o9/#nope'>ผิด</a>"
         "<a href='#local'>ในหน้า</a><a href='#top'>บน</a><h2 id='local'>x</h2>"
         "<a href='https://www.facebook.com/agency'>FB</a><a href='คู่มือ ปี.pdf'>คู่มือ</a></main>");
  b.page("https://www.agency.go.th/o9/", "<main><h2 id='steps'>ขั้นตอน</h2><a href='/missing.pdf'>แบบฟอร์ม</a></main>");
  b.page("https://www.agency.go.th/o17/", "<main><a href='/o8/'>คู่มือ</a></main>");
  b.add("https://www.agency.go.th/gone-menu/", 404);
  b.add("https://www.agency.go.th/missing.pdf", 404);
  b.add("https://www.facebook.com/agency", 403).external = true;
  b.pdf("https://www.agency.go.th/o8/%E0%B8%84%E0%B8%B9%E0%B9%88%E0%B8%A1%E0%B8%B7%E0%B8%AD%20%E0%B8%9B%E0%B8%B5.pdf", "คู่มือ");
  AuditInput in;
  in.criteria = &cr;
  in.as_of = {2025, 4, 15};
  in.site = &b.site;
  in.item_urls = {{"O8", "https://www.agency.go.th/o8/"}, {"O9", "https://www.agency.go.th/o9/"},
                  {"O17", "https://www.agency.go.th/o17/#nowhere"}};
  auto rep = audit(in);
  CHECK(codes(result(rep, "O17")) == Codes{"broken-link"});  // the submitted URL's own fragment
  in.item_urls["O17"] = "https://www.agency.go.th/o17/";
  rep = audit(in);
  REQUIRE(rep.broken_links.size() == 3);
  CHECK(rep.broken_links[0].url == "https://www.agency.go.th/gone-menu/");
  CHECK(rep.broken_links[0].status == 404);
  CHECK(rep.broken_links[1].url == "https://www.agency.go.th/missing.pdf");
  CHECK(rep.broken_links[1].pages == std::vector<std::string>{"https://www.agency.go.th/o9/"});
  CHECK(rep.broken_links[2].url == "https://www.agency.go.th/o9/#nope");
  CHECK(rep.broken_links[2].error.find("#nope") != std::string::npos);
  CHECK(codes(result(rep, "O8")) == Codes{"broken-link"});  // the fragment; the menu link is chrome
  CHECK(result(rep, "O8").findings[0].message.find("#nope") != std::string::npos);
  CHECK(codes(result(rep, "O9")) == Codes{"unreachable"});  // a 404 attachment
  CHECK(codes(result(rep, "O17")).empty());
  CHECK(rep.summary.links_broken == 3);
  CHECK(rep.summary.links_checked == 9);
  CHECK(rep.exit_status() == 1);
}

TEST_CASE("rating tiers and exit status") {
  CHECK(rating_for_score(100) == "ผ่านดีเยี่ยม");
  CHECK(rating_for_score(95) == "ผ่านดีเยี่ยม");
  CHECK(rating_for_score(94.99) == "ผ่าน");
  CHECK(rating_for_score(85) == "ผ่าน");
  CHECK(rating_for_score(70) == "ต้องปรับปรุง");
  CHECK(rating_for_score(69.99) == "ต้องปรับปรุงโดยด่วน");
  AuditReport r;
  r.summary.items_warn = 3;
  CHECK(r.exit_status() == 0);
  r.broken_links.push_back({});
  CHECK(r.exit_status() == 1);
}

TEST_CASE("audit: periods from the body, tables and documents; certain evidence fails whatever the grade") {
  Criteria cr;
  cr.round = 2568;
  cr.items = {item("O25", PeriodRule::RoundFY, Grade::C), item("O21", PeriodRule::RoundFY, Grade::B),
              item("O11", PeriodRule::RoundFY, Grade::C), item("O7", PeriodRule::PreviousFY, Grade::C),
              item("O5", PeriodRule::SpansRoundFY, Grade::C), item("O14", PeriodRule::RoundFY, Grade::C)};
  SiteBuilder b;
  // Issue 13 case 3: the plan's span is only in the body, and ended years before the round.
  b.page("https://www.agency.go.th/o25/",
         "<main><h1>แผนปฏิบัติการป้องกันการทุจริต</h1><p>แผนปฏิบัติการป้องกันการทุจริต ปี ๒๕๖๑ – ๒๕๖๔</p></main>");
  // Issue 13 case 4: a No Gift page of FY2565, its year in a table header and the body.
  b.page("https://www.agency.go.th/o21/",
         "<main><h1>ประกาศเจตนารมณ์ No Gift Policy</h1><table><tr><th>ประกาศ ปีงบประมาณ 2565</th></tr>"
         "<tr><td>ไม่รับของขวัญ</td></tr></table><p>ประกาศ ณ วันที่ 1 ตุลาคม 2564</p></main>");
  // A FY2568 page with one stray mention of next year's plan.
  b.page("https://www.agency.go.th/o11/",
         "<main><h1>ผลการดำเนินงาน</h1><p>ประชุม 15 พ.ย. 2567</p><p>อบรม 19–21 กุมภาพันธ์ 2568</p>"
         "<p>เตรียมเสนอของบปีงบประมาณ 2569</p></main>");
  // A report of FY2567 in a PDF, its year on page 2 only, published in FY2568.
  b.page("https://www.agency.go.th/o7/", "<main><h1>รายงานผล</h1><a href='r.pdf'>ดาวน์โหลด</a></main>");
  b.pdf("https://www.agency.go.th/o7/r.pdf", "รายงาน\fผลการดาเนินงาน ประจาปีงบประมาณ ๒๕๖๗\fเผยแพร่ 20 ธันวาคม 2567");
  // A plan whose span includes the round, in a CSV's header.
  b.page("https://www.agency.go.th/o5/", "<main><h1>แผนพัฒนา</h1><a href='p.csv'>ตาราง</a></main>");
  SiteResource& csv = b.add("https://www.agency.go.th/o5/p.csv");
  csv.fetch.content_type = "text/csv";
  csv.csv = parse_csv_table("โครงการ,ปี 2566-2570\nก,1\n");
  // Only a bare year of another period: wrong, not certain, graded C: a warning.
  b.page("https://www.agency.go.th/o14/", "<main><h1>รายงาน 2565</h1></main>");
  AuditInput in;
  in.criteria = &cr;
  in.as_of = {2025, 4, 15};
  in.site = &b.site;
  for (const char* id : {"O25", "O21", "O11", "O7", "O5", "O14"})
    in.item_urls[id] = std::string("https://www.agency.go.th/") + char(std::tolower(id[0])) + (id + 1) + "/";
  auto rep = audit(in);
  CHECK(codes(result(rep, "O25")) == Codes{"wrong-fiscal-year"});  // graded C, failed: the evidence is certain
  CHECK(result(rep, "O25").fiscal_years == std::vector<int>{2561, 2562, 2563, 2564});
  INFO(result(rep, "O25").findings[0].message);
  CHECK(result(rep, "O25").findings[0].message.find("แผนปฏิบัติการป้องกันการทุจริต ปี ๒๕๖๑ – ๒๕๖๔” (เนื้อหาหน้า)") !=
        std::string::npos);
  CHECK(codes(result(rep, "O21")) == Codes{"wrong-fiscal-year"});
  CHECK(result(rep, "O21").findings[0].message.find("(หัวตาราง)") != std::string::npos);
  CHECK(codes(result(rep, "O11")).empty());
  CHECK(codes(result(rep, "O7")).empty());
  CHECK(result(rep, "O7").fiscal_years == std::vector<int>{2567});
  CHECK(codes(result(rep, "O5")).empty());
  CHECK(codes(result(rep, "O14")) == Codes{"wrong-fiscal-year?"});
}

TEST_CASE("audit: element terms match PDF text that dropped ำ, Thai digits and zero-width spaces") {
  Criteria cr;
  cr.round = 2568;
  Item o7 = item("O7", PeriodRule::Current, Grade::C);
  o7.elements = {el("result", Grade::B, ElementCheck::AllTerms, {"ผลการดำเนินงาน", "ประจำปี", "ข้อ 2"})};
  cr.items = {o7};
  SiteBuilder b;
  b.page("https://www.agency.go.th/o7/", "<main><h1>รายงาน</h1><a href='r.pdf'>ดาวน์โหลด</a></main>");
  // A report's own lines: its title alone would read as the criterion restated.
  b.pdf("https://www.agency.go.th/o7/r.pdf",
        "รายงานผลการดาเนิน\u200Bงาน ประจาปี\u00A0ข้อ ๒ โครงการพัฒนาระบบสารสนเทศของสำนักงานเขตพื้นที่ทดสอบ ใช้งบประมาณ 120,000 บาท");
  AuditInput in;
  in.criteria = &cr;
  in.as_of = {2025, 4, 15};
  in.site = &b.site;
  in.item_urls["O7"] = "https://www.agency.go.th/o7/";
  CHECK(codes(result(audit(in), "O7")).empty());
}
