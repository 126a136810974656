#include "checks/report.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace oit;

namespace {
AuditReport sample() {
  AuditReport r;
  r.round = 2568;
  r.as_of = "2025-04-15";
  r.target = "http://www.agency.go.th/";
  r.base_url = "http://www.agency.go.th/";
  r.agency = "กรมตัวอย่าง";
  r.items.push_back({"O1", "โครงสร้างและอำนาจหน้าที่", "http://www.agency.go.th/o1/", ItemStatus::Pass, {}, {}});
  r.items.push_back({"O2", "ข้อมูลผู้บริหาร", "", ItemStatus::Fail,
                     {{Severity::Error, "missing", "ไม่มี URL <ของ> ข้อนี้ & \"ITAS\""}}, {}});
  r.items.push_back({"O3", "ข้อมูลการติดต่อ", "http://www.agency.go.th/o3/", ItemStatus::Warn,
                     {{Severity::Warning, "missing-element", "แผนที่ — ไม่พบ | คำ"}}, {}});
  r.items.push_back({"O12", "รายการจัดซื้อจัดจ้าง", "http://www.agency.go.th/o12/", ItemStatus::Fail,
                     {{Severity::Warning, "wrong-fiscal-year", "ไม่ระบุปี"},
                      {Severity::Error, "out-of-period", "ไม่พบข้อมูลเดือน ธันวาคม 2567"}}, {2567}});
  r.broken_links.push_back({"http://www.agency.go.th/o9/#nope", 200, "ไม่มีจุดหมาย #nope ในหน้าปลายทาง",
                            {"http://www.agency.go.th/o8/", "http://www.agency.go.th/o17/"}});
  r.summary = {4, 1, 1, 2, 50.0, 120, 1};
  r.rating = rating_for_score(50);
  return r;
}
}  // namespace

TEST_CASE("json report has exactly the contract's keys, in order") {
  auto j = nlohmann::json::parse(report_json(sample()));
  std::vector<std::string> top;
  for (auto& [k, v] : j.items()) top.push_back(k);
  std::sort(top.begin(), top.end());
  CHECK(top == std::vector<std::string>{"agency", "as_of", "base_url", "broken_links", "items", "round", "summary", "target"});
  CHECK(j["base_url"] == "http://www.agency.go.th/");
  CHECK(j["agency"] == "กรมตัวอย่าง");
  CHECK(j["round"] == 2568);
  CHECK(j["as_of"] == "2025-04-15");
  std::vector<std::string> sum;
  for (auto& [k, v] : j["summary"].items()) sum.push_back(k);
  std::sort(sum.begin(), sum.end());
  CHECK(sum == std::vector<std::string>{"items_fail", "items_pass", "items_total", "items_warn", "links_broken",
                                        "links_checked", "score"});
  CHECK(j["summary"]["score"] == 50.0);
  REQUIRE(j["items"].size() == 4);
  for (auto& it : j["items"]) {
    std::vector<std::string> keys;
    for (auto& [k, v] : it.items()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"findings", "fiscal_years", "id", "status", "title", "url"});
    for (auto& f : it["findings"]) {
      std::vector<std::string> fk;
      for (auto& [k, v] : f.items()) fk.push_back(k);
      std::sort(fk.begin(), fk.end());
      CHECK(fk == std::vector<std::string>{"code", "message", "severity"});
    }
  }
  CHECK(j["items"][1]["url"].is_null());
  CHECK(j["items"][3]["fiscal_years"] == nlohmann::json::array({2567}));  // found although the item fails
  CHECK(j["items"][0]["fiscal_years"] == nlohmann::json::array());
  AuditReport unnamed = sample();
  unnamed.base_url.clear();
  unnamed.agency.clear();
  auto u = nlohmann::json::parse(report_json(unnamed));
  CHECK(u["base_url"].is_null());
  CHECK(u["agency"].is_null());
  CHECK(j["items"][1]["status"] == "fail");
  CHECK(j["items"][2]["status"] == "warn");
  CHECK(j["items"][2]["findings"][0]["severity"] == "warning");
  CHECK(j["items"][1]["findings"][0]["message"] == "ไม่มี URL <ของ> ข้อนี้ & \"ITAS\"");
  auto& b = j["broken_links"][0];
  std::vector<std::string> bk;
  for (auto& [k, v] : b.items()) bk.push_back(k);
  std::sort(bk.begin(), bk.end());
  CHECK(bk == std::vector<std::string>{"error", "pages", "status", "url"});
  CHECK(b["pages"].size() == 2);
}

TEST_CASE("text report: one line per item, broken links with pages, score; colour only when asked") {
  std::string t = report_text(sample(), false);
  CHECK(t.find("O1    pass    โครงสร้างและอำนาจหน้าที่") != std::string::npos);
  CHECK(t.find("O12   fail    out-of-period: ไม่พบข้อมูลเดือน ธันวาคม 2567") != std::string::npos);  // error first
  CHECK(t.find("(warning) wrong-fiscal-year: ไม่ระบุปี") != std::string::npos);
  CHECK(t.find("      on http://www.agency.go.th/o17/") != std::string::npos);
  CHECK(t.find("score: 50.00%") != std::string::npos);
  CHECK(t.find("\x1b[") == std::string::npos);
  CHECK(report_text(sample(), true).find("\x1b[31;1mfail") != std::string::npos);
}

TEST_CASE("junit report: a test case per item plus links, failures counted, XML escaped") {
  std::string x = report_junit(sample());
  CHECK(x.find("tests=\"5\" failures=\"3\"") != std::string::npos);
  CHECK(x.find("<testcase classname=\"oit.2568\" name=\"O2 ข้อมูลผู้บริหาร\">") != std::string::npos);
  CHECK(x.find("&lt;ของ&gt; ข้อนี้ &amp; &quot;ITAS&quot;") != std::string::npos);
  CHECK(x.find("<failure type=\"out-of-period\"") != std::string::npos);
  CHECK(x.find("<failure type=\"broken-link\" message=\"1 broken links\">") != std::string::npos);
  CHECK(x.find("<ของ>") == std::string::npos);
}

TEST_CASE("markdown and html reports are Thai, escaped and self-contained") {
  std::string m = report_markdown(sample());
  CHECK(m.find("## ผลตรวจ OIT รอบ 2568 ณ วันที่ 15 เมษายน 2568") != std::string::npos);
  CHECK(m.find("| O3 | ⚠️ ผ่าน (มีข้อเตือน) |") != std::string::npos);
  CHECK(m.find("ไม่พบ \\| คำ") != std::string::npos);
  std::string h = report_html(sample());
  CHECK(h.starts_with("<!DOCTYPE html>\n<html lang=\"th\">"));
  CHECK(h.find("<script") == std::string::npos);
  CHECK(h.find("<link") == std::string::npos);
  CHECK(h.find("ไม่มี URL &lt;ของ&gt; ข้อนี้") != std::string::npos);
  CHECK(h.find("คะแนน OIT <strong>50.00</strong>") != std::string::npos);
  CHECK(h.find("<p>ตรวจเว็บไซต์ของกรมตัวอย่าง <span class=\"url\">http://www.agency.go.th/</span> ณ วันที่") != std::string::npos);
  // A failed item shows the year its page is about, against the year the round asks for.
  CHECK(h.find("<td data-label=\"สถานะ\" class=\"fail\">✗ ไม่ผ่าน</td><td data-label=\"ปีงบประมาณ\" class=\"fy\">พบ 2567 (ต้องการ 2568)</td>") !=
        std::string::npos);
  AuditReport folder = sample();
  folder.target = "public/";
  folder.agency.clear();
  CHECK(report_html(folder).find("<p>ตรวจเว็บไซต์ <span class=\"url\">http://www.agency.go.th/</span> (ตรวจจาก <span class=\"url\">public/</span>) ณ วันที่") !=
        std::string::npos);
  CHECK(h.find("ลิงก์เสีย") != std::string::npos);
  CHECK(parse_report_format("junit") == ReportFormat::Junit);
  CHECK_FALSE(parse_report_format("pdf").has_value());
}

namespace {
// Two indicators as in the criteria files, the sample's items placed in them.
Criteria small_criteria() {
  Criteria c;
  c.round = 2568;
  c.indicators = {{"9", "การเปิดเผยข้อมูล", {{"9.1", "ข้อมูลพื้นฐาน"}, {"9.3", "การจัดซื้อจัดจ้าง"}}},
                  {"10", "การป้องกันการทุจริต", {{"10.1", "สินบน"}}}};
  auto item = [](std::string id, std::string sub, PeriodRule p) {
    Item i;
    i.id = id;
    i.indicator = sub.substr(0, sub.find('.'));
    i.sub_indicator = sub;
    i.period = p;
    return i;
  };
  c.items = {item("O1", "9.1", PeriodRule::Current), item("O2", "9.1", PeriodRule::Current),
             item("O3", "9.1", PeriodRule::Current), item("O12", "9.3", PeriodRule::RoundFY)};
  return c;
}

size_t count_of(const std::string& s, std::string_view what) {
  size_t n = 0;
  for (size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("html report: an accessible SVG chart of item status per indicator and sub-indicator") {
  Criteria c = small_criteria();
  ReportOptions o;
  o.criteria = &c;
  std::string h = report_html(sample(), o);
  size_t svg = h.find("<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\"");
  REQUIRE(svg != std::string::npos);
  std::string chart = h.substr(svg, h.find("</svg>", svg) - svg);
  CHECK(chart.find("<title id=\"chart-title\">สถานะของข้อ OIT แยกตามตัวชี้วัด</title>") != std::string::npos);
  // Indicator 9: O1 pass, O3 warn, O2 and O12 fail; 9.1: O1, O2, O3; 9.3: O12. Indicator 10 has no item: no row.
  CHECK(chart.find(">ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล</text>") != std::string::npos);
  CHECK(chart.find(">ผ่าน 1 · เตือน 1 · ไม่ผ่าน 2</text>") != std::string::npos);
  CHECK(chart.find(">9.1 ข้อมูลพื้นฐาน</text>") != std::string::npos);
  CHECK(chart.find(">ผ่าน 1 · เตือน 1 · ไม่ผ่าน 1</text>") != std::string::npos);
  CHECK(chart.find(">9.3 การจัดซื้อจัดจ้าง</text>") != std::string::npos);
  CHECK(chart.find(">ผ่าน 0 · เตือน 0 · ไม่ผ่าน 1</text>") != std::string::npos);
  CHECK(chart.find("ตัวชี้วัดที่ 10") == std::string::npos);
  CHECK(chart.find("<desc id=\"chart-desc\">ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล: ผ่าน 1 · เตือน 1 · ไม่ผ่าน 2;") != std::string::npos);
  // Black-and-white print: fail and warn bars carry a pattern, and each bar segment says what it counts.
  CHECK(chart.find("fill=\"url(#fill-fail)\"") != std::string::npos);
  CHECK(chart.find("<title>ไม่ผ่าน 2 ข้อ</title>") != std::string::npos);
  // An item the criteria do not place still counts.
  AuditReport r = sample();
  r.items.push_back({"X9", "<b>นอกเกณฑ์</b>", "", ItemStatus::Pass, {}, {}});
  std::string h2 = report_html(r, o);
  CHECK(h2.find(">ข้ออื่น ๆ</text>") != std::string::npos);
  CHECK(h2.find("<b>นอกเกณฑ์") == std::string::npos);
  // Without criteria given, the round's embedded criteria place the items.
  std::string h3 = report_html(sample());
  CHECK(h3.find(">ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล</text>") != std::string::npos);
}

TEST_CASE("html report: fiscal year found and a Thai action for every finding") {
  Criteria c = small_criteria();
  ReportOptions o;
  o.criteria = &c;
  AuditReport r = sample();
  r.items[3].fiscal_years = {2566, 2567};
  r.items.push_back({"O4", "ข้อใหม่", "javascript:alert(1)", ItemStatus::Fail,
                     {{Severity::Error, "<new-code>", "ข้อความ <img src=x onerror=alert(1)>"}}, {}});
  std::string h = report_html(r, o);
  CHECK(h.find("<td data-label=\"ปีงบประมาณ\" class=\"fy\">พบ 2566, 2567 (ต้องการ 2568)</td>") != std::string::npos);
  CHECK(h.find("<td data-label=\"ปีงบประมาณ\" class=\"fy\">—</td>") != std::string::npos);  // O1: no fiscal-year rule
  CHECK(h.find("ควรทำ: สร้างหน้าของข้อนี้บนเว็บไซต์หลัก") != std::string::npos);           // missing
  CHECK(h.find("ควรทำ: เพิ่มองค์ประกอบที่ขาด") != std::string::npos);                        // missing-element
  CHECK(h.find("ควรทำ: เพิ่มข้อมูลให้ครบทุกเดือน") != std::string::npos);                     // out-of-period
  CHECK(h.find("ควรทำ: เผยแพร่ข้อมูลของปีงบประมาณที่เกณฑ์กำหนด") != std::string::npos);      // wrong-fiscal-year
  CHECK(h.find("ควรทำ: แก้ไขตามข้อค้นพบนี้ แล้วตรวจอีกครั้งด้วย oit check") != std::string::npos);  // unknown code
  CHECK(h.find("<code>&lt;new-code&gt;</code>") != std::string::npos);
  CHECK(h.find("<img src=x") == std::string::npos);
  CHECK(h.find("href=\"javascript:") == std::string::npos);  // shown, not linked
  CHECK(h.find("<span class=\"url\">javascript:alert(1)</span>") != std::string::npos);
  for (std::string code : {"missing", "unreachable", "off-site", "wrong-fiscal-year", "out-of-period",
                           "missing-element", "broken-link", "scanned-pdf", "too-large"})
    CHECK(finding_action_th(code) != finding_action_th("no-such-code"));
  // Score, tier and what it takes to reach the next tier (50 % of 4 items: 3 items pass = 75 → ต้องปรับปรุง).
  CHECK(h.find("ระดับ <strong>ต้องปรับปรุงโดยด่วน</strong>") != std::string::npos);
  CHECK(h.find("ต้องแก้ให้ผ่านเพิ่มอีก 1 ข้อ คะแนนจึงจะถึงระดับ “ต้องปรับปรุง”") != std::string::npos);
  // Print: A4 pages, rows kept whole, link targets printed; narrow screens: stacked rows.
  CHECK(h.find("@page{size:A4") != std::string::npos);
  CHECK(h.find("tr,li,svg.chart,.score{break-inside:avoid}") != std::string::npos);
  CHECK(h.find("attr(href)") != std::string::npos);
  CHECK(h.find("@media (max-width:40rem)") != std::string::npos);
  CHECK(h.find("<script") == std::string::npos);
}

TEST_CASE("a JSON report reads back, and bad previous reports say what is wrong") {
  AuditReport s = sample();
  auto back = parse_report_json(report_json(s), "prev.json");
  REQUIRE(back.ok());
  CHECK(back->round == 2568);
  CHECK(back->as_of == "2025-04-15");
  CHECK(back->base_url == "http://www.agency.go.th/");
  CHECK(back->agency == "กรมตัวอย่าง");
  CHECK(back->items[3].fiscal_years == std::vector<int>{2567});
  CHECK(back->summary.score == 50.0);
  REQUIRE(back->items.size() == 4);
  CHECK(back->items[1].status == ItemStatus::Fail);
  CHECK(back->items[1].url.empty());
  CHECK(back->items[1].findings[0].message == "ไม่มี URL <ของ> ข้อนี้ & \"ITAS\"");
  CHECK(back->items[2].findings[0].severity == Severity::Warning);
  REQUIRE(back->broken_links.size() == 1);
  CHECK(back->broken_links[0].pages.size() == 2);
  auto err = [](std::string_view text) {
    auto r = parse_report_json(text, "prev.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().pos.file == "prev.json");
    CHECK(r.error().hint.find("--format json") != std::string::npos);
    return r.error().message;
  };
  CHECK(err("") == "the file is empty, not a JSON report");
  CHECK(err("<!DOCTYPE html><html>") == "this is an HTML or XML report, not a JSON report");
  CHECK(err("{\"round\": 2568, ") == "not a JSON report (the file is not a JSON object)");
  CHECK(err("[1,2]") == "not a JSON report (the file is not a JSON object)");
  CHECK(err(R"({"round":2568,"items":[]})") == "not an oit check JSON report (it needs `round`, `summary` and `items`)");
  CHECK(err(R"({"round":2568,"summary":{},"items":[]})") == "the report's `summary` has no `score`");
  CHECK(err(R"({"round":2568,"summary":{"score":1},"items":[{"id":"O1","status":"ok"}]})") ==
        "item 1 (O1) has no status pass, warn or fail");
  CHECK(err(R"({"round":2568,"summary":{"score":1},"items":[{"status":"pass"}]})") == "item 1 has no `id`");
}

TEST_CASE("reports with a previous report say what changed: items, score, links fixed and new") {
  AuditReport prev = sample();
  prev.as_of = "2025-01-10";
  prev.items[0].status = ItemStatus::Fail;                 // O1 fail → pass
  prev.items[1].status = ItemStatus::Fail;                 // O2 unchanged
  prev.items[2].status = ItemStatus::Pass;                 // O3 pass → warn
  prev.items.push_back({"O99", "<script>alert(1)</script>", "", ItemStatus::Pass, {}, {}});  // no longer audited
  prev.summary.score = 25.0;
  prev.broken_links = {{"http://www.agency.go.th/old\"><img src=x>", 404, "", {"http://www.agency.go.th/"}}};
  AuditReport cur = sample();
  cur.items.push_back({"O5", "ข้อที่เพิ่ม", "", ItemStatus::Pass, {}, {}});  // new in this round

  ReportDiff d = diff_reports(prev, cur);
  CHECK(d.score_was == 25.0);
  CHECK(d.score_now == 50.0);
  REQUIRE(d.items.size() == 4);
  CHECK(d.items[0].id == "O1");
  CHECK(d.items[0].was == ItemStatus::Fail);
  CHECK(d.items[0].now == ItemStatus::Pass);
  CHECK(d.items[1].id == "O3");
  CHECK(d.items[2].id == "O5");
  CHECK_FALSE(d.items[2].was.has_value());
  CHECK(d.items[3].id == "O99");
  CHECK_FALSE(d.items[3].now.has_value());
  CHECK(d.links_fixed == std::vector<std::string>{"http://www.agency.go.th/old\"><img src=x>"});
  CHECK(d.links_new == std::vector<std::string>{"http://www.agency.go.th/o9/#nope"});

  ReportOptions o;
  o.previous = &prev;
  std::string h = report_html(cur, o);
  size_t at = h.find("<h2>เปลี่ยนแปลงจากการตรวจครั้งก่อน</h2>");
  REQUIRE(at != std::string::npos);
  std::string sec = h.substr(at, h.find("</section>", at) - at);
  CHECK(sec.find("เทียบกับผลตรวจ ณ วันที่ 10 มกราคม 2568") != std::string::npos);
  CHECK(sec.find("คะแนน 25.00 → <strong>50.00</strong> (+25.00) ระดับ ต้องปรับปรุงโดยด่วน → ต้องปรับปรุงโดยด่วน") !=
        std::string::npos);
  CHECK(sec.find("<tr class=\"better\"><th scope=\"row\">O1</th><td data-label=\"รายการ\">โครงสร้างและอำนาจหน้าที่</td>"
                 "<td data-label=\"ครั้งก่อน\">ไม่ผ่าน</td><td data-label=\"ครั้งนี้\"><strong>ผ่าน</strong> (ดีขึ้น)</td></tr>") !=
        std::string::npos);
  CHECK(sec.find("<tr class=\"worse\"><th scope=\"row\">O3</th>") != std::string::npos);
  CHECK(sec.find("<td data-label=\"ครั้งก่อน\">ไม่มีในรอบนั้น</td>") != std::string::npos);
  CHECK(sec.find("O2") == std::string::npos);  // unchanged items are not listed
  CHECK(sec.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(sec.find("ลิงก์เสียที่แก้แล้ว 1 รายการ") != std::string::npos);
  CHECK(sec.find("old&quot;&gt;&lt;img src=x&gt;") != std::string::npos);
  CHECK(sec.find("ลิงก์เสียที่พบใหม่ 1 รายการ") != std::string::npos);
  CHECK(h.find("<script>") == std::string::npos);
  CHECK(h.find("<img") == std::string::npos);
  CHECK(count_of(h, "<section id=\"changes\">") == 1);
  // Without a previous report there is no such section.
  CHECK(report_html(cur).find("เปลี่ยนแปลงจากการตรวจครั้งก่อน") == std::string::npos);

  std::string t = report_text(cur, false, &prev);
  CHECK(t.find("changes since 2025-01-10: score 25.00 -> 50.00 (+25.00)") != std::string::npos);
  CHECK(t.find("  O1  fail -> pass  ") != std::string::npos);
  CHECK(t.find("  new broken link  http://www.agency.go.th/o9/#nope") != std::string::npos);
  std::string m = report_markdown(cur, &prev);
  CHECK(m.find("### เปลี่ยนแปลงจากการตรวจครั้งก่อน") != std::string::npos);
  CHECK(m.find("- O1 โครงสร้างและอำนาจหน้าที่: ไม่ผ่าน → ผ่าน") != std::string::npos);
  CHECK(m.find("\\<script\\>") != std::string::npos);
  // json and junit keep their shape.
  CHECK(render_report(cur, ReportFormat::Json, o) == report_json(cur));
}

TEST_CASE("a previous report of another website or another round is refused, pointing at the key") {
  AuditReport cur = sample();
  cur.base_url = "https://www.agency.go.th/";
  auto verdict = [&](const AuditReport& prev) {
    std::string json = report_json(prev);
    return std::pair{check_comparable(prev, cur, json, "prev.json"), json};
  };
  // The same website over http, without "www.", in capitals: comparable.
  AuditReport same = sample();
  same.base_url = "http://AGENCY.go.th";
  CHECK(verdict(same).first.ok());
  // Another website.
  AuditReport other = sample();
  other.base_url = "https://www.other.go.th/";
  auto [o, ojson] = verdict(other);
  REQUIRE_FALSE(o.ok());
  CHECK(o.error().str().starts_with("prev.json:5:3: the previous report is of another website (https://www.other.go.th/), "
                                    "this check is of https://www.agency.go.th/"));
  CHECK(o.error().hint.find("for https://www.agency.go.th/") != std::string::npos);
  // A site below another one's address is another site too.
  AuditReport sub = sample();
  sub.base_url = "https://www.agency.go.th/branch/";
  CHECK_FALSE(verdict(sub).first.ok());
  // Another round of the same website.
  AuditReport older = sample();
  older.round = 2567;
  auto [r, rjson] = verdict(older);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().pos.line == 2);
  CHECK(r.error().pos.col == 3);
  CHECK(r.error().message.starts_with("the previous report judged round 2567, this check judges round 2568"));
  CHECK(r.error().hint.find("--round 2567") != std::string::npos);
  // A report of older oit names no website: the round alone decides.
  AuditReport legacy = sample();
  legacy.base_url.clear();
  CHECK(verdict(legacy).first.ok());
  legacy.round = 2569;
  CHECK_FALSE(verdict(legacy).first.ok());
  // Read back from its text, a report is judged the same way.
  auto back = parse_report_json(ojson, "prev.json");
  REQUIRE(back.ok());
  CHECK_FALSE(check_comparable(*back, cur, ojson, "prev.json").ok());
}

TEST_CASE("links the audit's bounds left unchecked are listed apart, in every format") {
  AuditReport r = sample();
  std::vector<UncheckedLink> cut = {
      {"http://www.agency.go.th/slow/", Cut::Deadline, false, "not checked: stopped at the audit's overall time limit (--deadline)",
       {"http://www.agency.go.th/o1/"}},
      {"http://www.agency.go.th/bomb/", Cut::Limit, true, "หน้าเว็บยาวเกิน 10 MB", {}}};
  auto j = nlohmann::json::parse(report_json(r, &cut));
  CHECK(j["summary"]["links_not_checked"] == 2);
  CHECK(j["summary"]["links_broken"] == 1);  // not counted as broken
  REQUIRE(j["not_checked"].size() == 2);
  CHECK(j["not_checked"][0]["reason"] == "deadline");
  CHECK(j["not_checked"][0]["content_only"] == false);
  CHECK(j["not_checked"][0]["pages"][0] == "http://www.agency.go.th/o1/");
  CHECK(j["not_checked"][1]["reason"] == "limit");
  std::vector<UncheckedLink> none;
  CHECK(nlohmann::json::parse(report_json(r, &none))["not_checked"].empty());
  std::string t = report_text(r, false, nullptr, &cut);
  CHECK(t.find("not checked (2): the audit's bounds stopped first") != std::string::npos);
  CHECK(t.find("  http://www.agency.go.th/slow/  (not checked: stopped") != std::string::npos);
  CHECK(t.find("120 checked, 1 broken, 2 not checked") != std::string::npos);
  ReportOptions o;
  o.unchecked = &cut;
  std::string h = render_report(r, ReportFormat::Html, o);
  CHECK(h.find("<h2>ไม่ได้ตรวจ</h2>") != std::string::npos);
  CHECK(h.find("ไม่ได้ตรวจ 2 รายการ") != std::string::npos);
  CHECK(render_report(r, ReportFormat::Markdown, o).find("### ไม่ได้ตรวจ") != std::string::npos);
  CHECK(render_report(r, ReportFormat::Junit, o).find("failure type=\"broken-link\"") != std::string::npos);
  AuditReport clean = sample();
  clean.broken_links.clear();
  std::string junit = render_report(clean, ReportFormat::Junit, o);
  CHECK(junit.find("failure type=\"not-checked\" message=\"2 links not checked\"") != std::string::npos);
}

namespace {
AuditReport scored_sample(bool with_ita) {
  AuditReport r = sample();
  r.summary.oit_score = 81.25;
  r.summary.oit_score_note = kOitScoreNote;
  r.summary.costliest_failed = {{"O12", "รายการจัดซื้อจัดจ้าง", 12.5}, {"O2", "ข้อมูลผู้บริหาร", 6.25}};
  if (with_ita) apply_ita_scores(r.summary, {98.85, 92.04, 84.93});
  return r;
}
}  // namespace

TEST_CASE("reports: the derived OIT score, the projected ITA total and tier, the costliest failed items") {
  auto with = scored_sample(true);
  CHECK(*with.summary.ita_total == doctest::Approx(0.3 * 98.85 + 0.3 * (92.04 + 84.93) / 2 + 0.4 * 81.25).epsilon(1e-4));
  CHECK(with.summary.ita_tier == "ผ่าน");  // 88.7005 → 88.70; OIT 81.25 < 85 blocks ผ่านดี

  auto j = nlohmann::json::parse(report_json(with));
  CHECK(j["summary"]["score"] == 50.0);  // the percent of items passing is kept as it was
  CHECK(j["summary"]["oit_score"] == 81.25);
  CHECK(j["summary"]["oit_score_note"].get<std::string>().find("derived (grade C+") == 0);
  CHECK(j["summary"]["ita_total"] == 88.7);
  CHECK(j["summary"]["ita_tier"] == "ผ่าน");
  CHECK(j["summary"]["eit2"] == 84.93);
  REQUIRE(j["costliest_failed"].size() == 2);
  CHECK(j["costliest_failed"][0]["id"] == "O12");
  CHECK(j["costliest_failed"][0]["gain"] == 12.5);

  std::string text = report_text(with, false);
  CHECK(text.find("OIT score (derived, grade C+, from 2564 figures): 81.25") != std::string::npos);
  CHECK(text.find("projected ITA total: 88.70 — ผ่าน (IIT 98.85, EIT parts 92.04 and 84.93, OIT 81.25") !=
        std::string::npos);
  CHECK(text.find("failed items that cost most (OIT points each would add if it passed): O12 +12.50, O2 +6.25\n") !=
        std::string::npos);
  CHECK(text.find("ITA tier: not computable") == std::string::npos);
  std::string md = report_markdown(with);
  CHECK(md.find("คะแนน ITA รวมที่คาดไว้: 88.70 ระดับ ผ่าน") != std::string::npos);
  CHECK(md.find("O12 +12.50, O2 +6.25") != std::string::npos);
  std::string html = report_html(with, {});
  CHECK(html.find("<p class=\"oit-score\">คะแนน OIT ตามวิธีรวมคะแนน") != std::string::npos);
  CHECK(html.find("อนุมานจากตัวเลขปี 2564 ระดับหลักฐาน C+): 81.25") != std::string::npos);
  CHECK(html.find("คะแนน ITA รวมที่คาดไว้: 88.70") != std::string::npos);

  auto without = scored_sample(false);
  auto jw = nlohmann::json::parse(report_json(without));
  CHECK_FALSE(jw["summary"].contains("ita_total"));
  CHECK_FALSE(jw["summary"].contains("ita_tier"));
  CHECK(jw["summary"]["oit_score"] == 81.25);
  std::string tw = report_text(without, false);
  CHECK(tw.find("ITA tier: not computable from the OIT alone; give --iit, --eit1 and --eit2") != std::string::npos);
  CHECK(report_markdown(without).find("ระบุ --iit, --eit1 และ --eit2") != std::string::npos);

  // A report without the derived score (as older oit wrote it) shows none of these lines.
  std::string plain = report_text(sample(), false);
  CHECK(plain.find("OIT score (derived") == std::string::npos);
  CHECK(plain.find("ITA tier") == std::string::npos);
}

TEST_CASE("a JSON report reads back the derived score, projection and costliest items; older ones without them") {
  auto back = parse_report_json(report_json(scored_sample(true)), "r.json");
  REQUIRE(back);
  REQUIRE(back->summary.oit_score);
  CHECK(*back->summary.oit_score == 81.25);
  CHECK(back->summary.oit_score_note == kOitScoreNote);
  REQUIRE(back->summary.ita_total);
  CHECK(*back->summary.ita_total == 88.7);
  CHECK(back->summary.ita_tier == "ผ่าน");
  REQUIRE(back->summary.ita_scores);
  CHECK(back->summary.ita_scores->eit1 == 92.04);
  REQUIRE(back->summary.costliest_failed.size() == 2);
  CHECK(back->summary.costliest_failed[1].id == "O2");
  CHECK(back->summary.costliest_failed[1].gain == 6.25);
  CHECK(back->summary.costliest_failed[1].title == "ข้อมูลผู้บริหาร");

  auto old = parse_report_json(report_json(sample()), "old.json");
  REQUIRE(old);
  CHECK_FALSE(old->summary.oit_score);
  CHECK_FALSE(old->summary.ita_total);
  CHECK(old->summary.costliest_failed.empty());
  CHECK(old->summary.score == 50.0);
}
