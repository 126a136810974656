#include "checks/item_scope.h"
#include "checks/audit.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

using namespace oit;

namespace {

const Criteria& round2568() {
  static const Criteria c = load_criteria(2568).value();
  return c;
}
const Criteria& round2569() {
  static const Criteria c = load_criteria(2569).value();
  return c;
}

struct Scoped {
  Page page;
  ItemScope scope;
  Page block;
  std::string text() const { return block.main_text; }
  bool has_link(std::string_view href) const {
    return std::any_of(block.links.begin(), block.links.end(), [&](const PageLink& l) { return l.href == href; });
  }
};

Scoped scope_of(const std::string& html, const char* id, const Criteria& round = round2568(),
                std::string_view fragment = {}) {
  Scoped s;
  s.page = extract_html(html);
  const Item* item = round.find(id);
  REQUIRE(item);
  s.scope = find_item_scope(s.page, round, embedded_criteria(), *item, fragment);
  s.block = scoped_page(s.page, s.scope);
  return s;
}

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("a WordPress accordion page: each <summary><h1> starts an item's block") {
  std::string html = R"(<body><nav><a href="/">หน้าแรก</a></nav><main><h1>ITA 2568</h1><p>ข้อมูลสาธารณะ</p>
<details><summary><h1>O10 E-Service</h1></summary><p><a href="/eservice/">ระบบบริการออนไลน์ 2568</a></p></details>
<details><summary><h1>O11 ข้อมูลสถิติการให้บริการ</h1></summary>
<p><a href="/files/stat-2567.pdf">สถิติการให้บริการ ปีงบประมาณ 2567</a></p><img src="/chart.png" alt="กราฟ"></details>
<details><summary><h1>O12 รายการการจัดซื้อจัดจ้าง</h1></summary><table><tr><th>เดือน</th></tr><tr><td>ต.ค. 2567</td></tr></table></details>
</main><footer>© 2568</footer></body>)";
  Scoped s = scope_of(html, "O11");
  CHECK_FALSE(s.scope.whole_page);
  CHECK_FALSE(s.scope.not_listed);
  CHECK(s.scope.heading == "O11 ข้อมูลสถิติการให้บริการ");
  CHECK(s.scope.named == std::vector<std::string>{"O10", "O11", "O12"});
  CHECK(s.text() == "O11 ข้อมูลสถิติการให้บริการ\nสถิติการให้บริการ ปีงบประมาณ 2567\nกราฟ\n");
  CHECK(s.has_link("/files/stat-2567.pdf"));
  CHECK_FALSE(s.has_link("/eservice/"));
  CHECK(s.block.links.size() == 2);  // the PDF and the image
  CHECK(s.block.images.size() == 1);
  CHECK(s.block.tables.empty());
  CHECK(s.block.title.empty());  // "ITA 2568" is the page's, not O11's
  REQUIRE(s.block.headings.size() == 1);
  CHECK(s.block.headings[0].offset == 0);
  // The last item's block: its table, not the text before it.
  Scoped last = scope_of(html, "O12");
  REQUIRE(last.block.tables.size() == 1);
  CHECK(last.block.tables[0].rows.size() == 1);
  CHECK_FALSE(contains(last.text(), "ข้อมูลสาธารณะ"));
}

TEST_CASE("Elementor tabs, lists with links under each entry, and the written forms of O-codes") {
  // Elementor: the tab title is a link with an empty href.
  std::string elementor = R"(<body><div class="elementor-tab-title"><a href="">o 1 โครงสร้าง</a></div>
<div class="elementor-tab-content"><p><a href="/o1.pdf">ผังโครงสร้าง</a></p></div>
<div class="elementor-tab-title"><a href="">O.2 ผู้บริหาร</a></div>
<div class="elementor-tab-content"><p><a href="/o2.pdf">ทำเนียบผู้บริหาร</a></p></div></body>)";
  Scoped e = scope_of(elementor, "O2");
  CHECK(e.scope.named == std::vector<std::string>{"O1", "O2"});
  CHECK(e.has_link("/o2.pdf"));
  CHECK_FALSE(e.has_link("/o1.pdf"));

  std::string list = R"(<body><ul>
<li>O01 โครงสร้าง<ul><li><a href="/a.pdf">โครงสร้าง 2568</a></li></ul></li>
<li>O๑๑ ข้อมูลสถิติ<ul><li><a href="/b.pdf">สถิติ 2567</a></li></ul></li>
<li>ข้อ O14 แผนบุคลากร<ul><li><a href="/c.pdf">แผน 2568</a></li></ul></li>
<li>O110 is not a code, nor is Orange 1</li></ul></body>)";
  Scoped l = scope_of(list, "O11");
  CHECK(l.scope.named == std::vector<std::string>{"O1", "O11", "O14"});
  CHECK(l.has_link("/b.pdf"));
  CHECK_FALSE(l.has_link("/a.pdf"));
  CHECK_FALSE(l.has_link("/c.pdf"));
  REQUIRE(l.block.lists.size() == 2);  // the outer list's entry, and the nested list
  CHECK(l.block.lists[0].items.size() == 1);
  Scoped l14 = scope_of(list, "O14");
  CHECK(l14.has_link("/c.pdf"));
  CHECK(contains(l14.text(), "O110 is not a code"));  // not a marker: it stays in O14's block
}

TEST_CASE("a table with one row per item, without <th>: blocks are rows, the first row is not a header") {
  std::string html = R"(<body><table>
<tr><td>O1</td><td>โครงสร้างและอำนาจหน้าที่</td><td><a href="/o1.pdf">ดาวน์โหลด 2568</a></td></tr>
<tr><td>O11</td><td>ข้อมูลสถิติการให้บริการ</td><td><a href="/o11.pdf">สถิติ 2567</a></td></tr>
<tr><td>O14</td><td>แผนการบริหารและพัฒนาทรัพยากรบุคคล</td><td><a href="/o14.pdf">แผน 2568</a></td></tr>
</table><p>ผู้เข้าชม 2568 คน</p></body>)";
  Scoped s = scope_of(html, "O11");
  CHECK(s.has_link("/o11.pdf"));
  CHECK(s.block.links.size() == 1);
  REQUIRE(s.block.tables.size() == 1);
  CHECK(s.block.tables[0].headers.empty());  // the "header" is O1's row
  CHECK(s.block.tables[0].rows.size() == 1);
  Scoped last = scope_of(html, "O14");
  CHECK_FALSE(contains(last.text(), "ผู้เข้าชม"));  // the table bounds its last row's block
  CHECK(contains(last.text(), "แผน 2568"));
}

TEST_CASE("items named by title alone, of this round or another, normalised") {
  std::string html = R"(<body>
<p><strong>โครงสร้าง หน้าที่และอำนาจ</strong></p><p><a href="/s.pdf">ผัง</a></p>
<h3>ข้อมูลสถิติการให้บริการ ประจาปี ๒๕๖๘</h3><p><a href="/stat.pdf">สถิติ</a></p>
<h3>รายงานผลการดาเนินงานประจำปี</h3><p><a href="/annual.pdf">รายงานผลการดำเนินงานประจำปี 2567</a></p>
<p><a href="/plan.pdf">แผนการบริหารและพัฒนาทรัพยากรบุคคล 2568</a></p>
</body>)";
  // 2569's O1 title names 2568's O1 (same topic); ประจาปี and ๒๕๖๘ are normalised.
  Scoped s = scope_of(html, "O11");
  CHECK(s.scope.named == std::vector<std::string>{"O1", "O7", "O11"});
  CHECK(s.has_link("/stat.pdf"));
  CHECK(s.block.links.size() == 1);
  // A link whose text starts with a title is content of the block it sits in, not a new item.
  Scoped annual = scope_of(html, "O7");
  CHECK(annual.has_link("/annual.pdf"));
  CHECK(annual.has_link("/plan.pdf"));
  // Judged in round 2569, 2568's O11 title (service statistics) names 2569's O10.
  Scoped in2569 = scope_of(html, "O10", round2569());
  CHECK(in2569.has_link("/stat.pdf"));
}

TEST_CASE("a title that begins another item's title does not claim its line") {
  Criteria c;
  c.round = 2600;
  Item a, b;
  a.id = "O7";
  a.title = "รายงานผลการดำเนินงานประจำปี";
  a.topics = {"annual-report-x"};
  b.id = "O26";
  b.title = "รายงานผลการดำเนินงานประจำปีด้านการป้องกันการทุจริต";
  b.topics = {"anti-corruption-report-x"};
  c.items = {a, b};
  Page p = extract_html(R"(<body><h2>รายงานผลการดำเนินงานประจำปี</h2><a href="/a.pdf">ก</a>
<h2>รายงานผลการดำเนินงานประจำปีด้านการป้องกันการทุจริต</h2><a href="/b.pdf">ข</a></body>)");
  ItemScope s7 = find_item_scope(p, c, {}, c.items[0]);
  ItemScope s26 = find_item_scope(p, c, {}, c.items[1]);
  CHECK(s7.named == std::vector<std::string>{"O7", "O26"});
  Page b7 = scoped_page(p, s7), b26 = scoped_page(p, s26);
  REQUIRE(b7.links.size() == 1);
  CHECK(b7.links[0].href == "/a.pdf");
  REQUIRE(b26.links.size() == 1);
  CHECK(b26.links[0].href == "/b.pdf");
}

TEST_CASE("a site menu listing every item is chrome; a page about one item is all evidence") {
  std::string menu = "<nav><ul>";
  for (int i = 1; i <= 28; ++i) menu += "<li><a href=\"/o" + std::to_string(i) + "/\">O" + std::to_string(i) + "</a></li>";
  menu += "</ul></nav>";
  Scoped s = scope_of("<body>" + menu + R"(<main><h1>O11 ข้อมูลสถิติการให้บริการ</h1><p>คำนำ</p>
<table><tr><th>เดือน</th><th>จำนวน</th></tr><tr><td>ต.ค. 2567</td><td>5</td></tr></table></main></body>)", "O11");
  CHECK(s.scope.whole_page);
  CHECK(s.scope.named == std::vector<std::string>{"O11"});
  CHECK(s.block.links.size() == s.page.links.size());
  // No item named at all: the whole page too.
  CHECK(scope_of("<body><p>สถิติ 2568</p></body>", "O11").scope.whole_page);
}

TEST_CASE("a table of contents of anchors, then the sections: the section is the block") {
  std::string html = R"(<body><ul><li><a href="#o1">O1 โครงสร้าง</a></li><li><a href="#o11">O11 สถิติ</a></li>
<li><a href="#o14">O14 แผนบุคลากร</a></li></ul>
<section id="o1"><h2>O1 โครงสร้าง</h2><a href="/o1.pdf">ผัง 2568</a></section>
<section id="o11"><h2>O11 สถิติ</h2><a href="/o11.pdf">สถิติ 2567</a></section>
<section id="o14"><h2>O14 แผนบุคลากร</h2><a href="/o14.pdf">แผน 2568</a></section></body>)";
  Scoped s = scope_of(html, "O11");
  CHECK(s.has_link("/o11.pdf"));
  CHECK_FALSE(s.has_link("/o14.pdf"));
  CHECK_FALSE(s.has_link("#o11"));
  CHECK(s.text() == "O11 สถิติ\nสถิติ 2567\n");
}

TEST_CASE("a #fragment at the item's own section starts the block there") {
  // The sections' headings name no item: only the fragment says where O11's part is.
  std::string html = R"(<body><h2>O1 โครงสร้าง</h2><a href="/o1.pdf">ผัง</a>
<div id="stats"><h3>สถิติ</h3><a href="/o11.pdf">สถิติ 2567</a></div>
<h2>O14 แผนบุคลากร</h2><a href="/o14.pdf">แผน 2568</a></body>)";
  Scoped s = scope_of(html, "O11", round2568(), "stats");
  CHECK_FALSE(s.scope.not_listed);
  CHECK(s.text() == "สถิติ\nสถิติ 2567\n");
  CHECK(s.has_link("/o11.pdf"));
  CHECK_FALSE(s.has_link("/o14.pdf"));
  // Without the fragment the page lists O1 and O14 but not O11.
  Scoped w = scope_of(html, "O11");
  CHECK(w.scope.not_listed);
  CHECK(w.scope.named == std::vector<std::string>{"O1", "O14"});
  CHECK(w.block.links.empty());
  CHECK(w.block.main_text.empty());
  // A fragment at another item's heading is not trusted.
  Scoped o = scope_of(R"(<body><h2 id="x">O1 โครงสร้าง</h2><p>ก</p><h2>O11 สถิติ</h2><p>ข</p></body>)", "O11",
                      round2568(), "x");
  CHECK(o.text() == "O11 สถิติ\nข\n");
}

// Case 5 of issue 13: on one ITA page listing O11 and O14, FY2568 in O14's link text made O11 look current.
TEST_CASE("audit: O11 is judged on its own block of an ITA page, not on O14's year") {
  const std::string base = "https://www.agency.go.th/";
  SiteData site;
  site.base = *parse_url(base);
  auto add = [&](const std::string& url, const std::string& type) -> SiteResource& {
    std::string key = parse_url(url)->str();
    SiteResource& r = site.resources[key];
    r.checked = true;
    r.fetch.url = r.fetch.final_url = key;
    r.fetch.status = 200;
    r.fetch.content_type = type;
    return r;
  };
  SiteResource& ita = add(base + "ita/", "text/html");
  ita.page = extract_html(R"(<html><head><title>ITA ปีงบประมาณ 2568</title></head><body><main>
<h2>O11 ข้อมูลสถิติการให้บริการ</h2>
<ul><li><a href="/files/stat-2567.pdf">สถิติการให้บริการ ปีงบประมาณ 2567</a></li></ul>
<h2>O14 แผนการบริหารและพัฒนาทรัพยากรบุคคล</h2>
<ul><li><a href="/files/hr-plan-2568.pdf">แผนการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2568</a></li></ul>
</main></body></html>)");
  site.pages.push_back(base + "ita/");
  add(base + "files/stat-2567.pdf", "application/pdf").pdf =
      PdfText{"สถิติการให้บริการ ปีงบประมาณ 2567 จำนวนผู้รับบริการ", 1, 1, ""};
  add(base + "files/hr-plan-2568.pdf", "application/pdf").pdf =
      PdfText{"แผนการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2568", 1, 1, ""};

  // The rules as published (O11's period graded C), and the same with the period an error, which
  // makes the pooled years decide the verdict.
  Criteria strict = round2568();
  for (auto& it : strict.items)
    if (it.id == "O11") {
      it.period_grade = Grade::A;
      it.coverage = Coverage::None;
    }
  for (const Criteria* c : {&round2568(), static_cast<const Criteria*>(&strict)}) {
    AuditInput in;
    in.criteria = c;
    in.as_of = Date{2025, 4, 1};
    in.site = &site;
    in.item_urls = {{"O11", base + "ita/"}, {"O14", base + "ita/"}, {"O4", base + "ita/"}};
    AuditReport r = audit(in);
    auto find = [&](const std::string& id) {
      return *std::find_if(r.items.begin(), r.items.end(), [&](const ItemResult& x) { return x.id == id; });
    };
    const ItemResult o11 = find("O11"), o14 = find("O14"), o4 = find("O4");
    CHECK(o11.fiscal_years == std::vector<int>{2567});
    CHECK(o11.status != ItemStatus::Pass);
    CHECK(o14.fiscal_years == std::vector<int>{2568});
    // O4 is not on the page: the page lists O11 and O14.
    CHECK(o4.status == ItemStatus::Fail);
    REQUIRE(o4.findings.size() == 1);
    CHECK(o4.findings[0].code == "wrong-page");
    CHECK(contains(o4.findings[0].message, "O11, O14"));
    if (c == &strict) CHECK(o11.status == ItemStatus::Fail);
  }
}

TEST_CASE("a page naming items 20,000 times in 400 tables is scoped in bounded time") {
  std::string html = "<body>";
  for (int t = 0; t < 400; ++t) {
    html += "<table>";
    for (int r = 0; r < 50; ++r)
      html += std::string("<tr><td>") + (r % 2 ? "O2" : "O1") + "</td><td><a href=\"/f" + std::to_string(r) +
              ".pdf\">ไฟล์</a></td></tr>";
    html += "</table>";
  }
  html += "</body>";
  Page p = extract_html(html);
  const Item* o1 = round2568().find("O1");
  auto start = std::chrono::steady_clock::now();
  ItemScope s = find_item_scope(p, round2568(), embedded_criteria(), *o1);
  Page b = scoped_page(p, s);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5);
  CHECK(s.named == std::vector<std::string>{"O1", "O2"});
  CHECK(b.links.size() == 1);  // one row's link: the first of O1's equal blocks
}

TEST_CASE("two other items' titles in passing do not make a page a list of items; three do") {
  std::string two = R"(<body><h1>สถิติผู้รับบริการ</h1><p><a href="/s.pdf">สถิติ 2568</a></p>
<h3>ข่าวประชาสัมพันธ์</h3><p>ข่าว</p><h3>ข้อมูลการติดต่อ</h3><p>โทร</p></body>)";
  Scoped s = scope_of(two, "O11");
  CHECK(s.scope.whole_page);
  CHECK_FALSE(s.scope.not_listed);
  CHECK(s.scope.named == std::vector<std::string>{"O3", "O4"});
  CHECK(s.has_link("/s.pdf"));
  Scoped three = scope_of(two + "<h3>ข้อมูลผู้บริหาร</h3>", "O11");
  CHECK(three.scope.not_listed);
  CHECK(three.scope.named == std::vector<std::string>{"O2", "O3", "O4"});
}

TEST_CASE("a menu of items outside <nav>, after the content: the item's own section is its block") {
  std::string menu = "<div class=\"sidebar\"><ul>";
  for (int i = 1; i <= 28; ++i)
    menu += "<li><a href=\"/o" + std::to_string(i) + "/\">O" + std::to_string(i) + " ข้อ</a></li>";
  menu += "</ul></div>";
  Scoped s = scope_of(R"(<body><div class="content"><h1>O11 ข้อมูลสถิติการให้บริการ</h1>
<table><tr><th>เดือน</th><th>จำนวน</th></tr><tr><td>ต.ค. 2567</td><td>5</td></tr></table></div>)" + menu +
                          "</body>", "O11");
  CHECK_FALSE(s.scope.whole_page);
  CHECK(s.scope.heading == "O11 ข้อมูลสถิติการให้บริการ");
  REQUIRE(s.block.tables.size() == 1);
  CHECK(s.block.links.empty());
}

TEST_CASE("the marker line kept as the block's heading is cut at a character boundary") {
  std::string long_line = "O11 ";
  for (int i = 0; i < 200; ++i) long_line += "ก";
  Scoped s = scope_of("<body><h2>" + long_line + "</h2><p>ก</p><h2>O1 โครงสร้าง</h2></body>", "O11");
  CHECK(s.scope.heading.size() <= 300);
  CHECK(s.scope.heading.size() == 4 + 3 * 98);  // "O11 " and 98 whole three-byte characters
}
