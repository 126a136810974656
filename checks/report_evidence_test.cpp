#include "checks/report_evidence.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "checks/report.h"
#include "core/control_chars.h"

using namespace oit;

namespace {

const std::string kO12 = "https://www.agency.go.th/o12/";

ItemResult evidenced_item() {
  ItemResult it{"O12", "รายการจัดซื้อจัดจ้าง", kO12, ItemStatus::Warn, {}, {2568}};
  it.elements.push_back({"columns", "มีรายการจัดซื้อจัดจ้างแยกรายเดือน", Grade::A, ElementState::Found,
                         EvidenceQuote{"สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2567", "หน้า " + kO12 + " — หัวข้อ 'รายการจัดซื้อจัดจ้าง'"},
                         ""});
  it.elements.push_back(
      {"steps", "มีขั้นตอนการให้บริการ", Grade::B, ElementState::Missing, std::nullopt, "คำใดใน: ขั้นตอน, วิธีการ"});
  it.elements.push_back({"chart", "มีแผนภูมิสรุปผล", Grade::C, ElementState::Uncertain, std::nullopt, "ภาพใกล้คำว่า แผนภูมิ"});
  it.elements.push_back({"deputies", "รายชื่อรองผู้บริหารครบทุกคน", Grade::C, ElementState::Manual, std::nullopt, ""});
  it.manual_checks = {"รายชื่อรองผู้บริหารครบทุกคน", "ช่องทางแยกจากเรื่องร้องเรียนทั่วไป"};
  it.period = PeriodResult{
      2568, {{"ประจำปีงบประมาณ พ.ศ. 2568", "เอกสาร https://www.agency.go.th/o12/plan.pdf หน้า 3", true}}, "right"};
  it.scope = "O12 รายการจัดซื้อจัดจ้าง";
  return it;
}

AuditReport report_with(ItemResult it) {
  AuditReport r;
  r.round = 2568;
  r.as_of = "2025-04-15";
  r.target = "https://www.agency.go.th/";
  r.base_url = r.target;
  r.items.push_back(std::move(it));
  r.summary = {1, 0, 1, 0, 100.0, 3, 0};
  r.rating = rating_for_score(100);
  return r;
}

size_t count_chars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    next_code_point(s, i);
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("bounded_evidence_text: one line, no control characters, cut UTF-8-safely with an ellipsis") {
  CHECK(bounded_evidence_text("  ขั้นตอน\n\tการ\x1b[31mให้บริการ  ", 120) == "ขั้นตอน การ [31mให้บริการ");
  CHECK(bounded_evidence_text("a\xc2\x85"
                              "b\xef\xbf\xbe"
                              "c\x7f"
                              "d",
                              120) == "a b c d");                   // NEL, U+FFFE, DEL
  CHECK(bounded_evidence_text("a\xe2\x80\xaeRTL", 120) == "aRTL");  // bidi override dropped
  CHECK(bounded_evidence_text("a\xff"
                              "b",
                              120) ==
        "a\xef\xbf\xbd"
        "b");  // invalid byte: U+FFFD
  CHECK(bounded_evidence_text("short", 120) == "short");
  std::string thai;
  for (int i = 0; i < 100; ++i) thai += "กำ";  // ก then ำ (U+0E33, a spacing vowel)
  std::string cut = bounded_evidence_text(thai, 120);
  CHECK(count_chars(cut) == 120);
  CHECK(cut.ends_with("…"));
  // Never between a letter and the marks on it: ที่ is ท + ี + ่; a cut that would fall after ท or ี goes
  // before the ท.
  std::string marks;
  for (int i = 0; i < 60; ++i) marks += "ที่";
  CHECK(bounded_evidence_text(marks, 10) == "ที่ที่ที่…");
  CHECK(bounded_evidence_text(marks, 9) == "ที่ที่…");
  CHECK(bounded_evidence_text(marks, 8) == "ที่ที่…");
  // 10 KB read in a bounded loop and cut.
  std::string big(10000, 'x');
  CHECK(bounded_evidence_text(big, 120).size() == 119 + std::string("…").size());
}

TEST_CASE("text report: each element's quote and where, what was looked for, what a person must judge") {
  std::string t = render_report(report_with(evidenced_item()), ReportFormat::Text);
  CHECK(t.find("✓ มีรายการจัดซื้อจัดจ้างแยกรายเดือน — «สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2567» (หน้า " + kO12 +
               " — หัวข้อ 'รายการจัดซื้อจัดจ้าง')") != std::string::npos);
  CHECK(t.find("✗ มีขั้นตอนการให้บริการ — looked for คำใดใน: ขั้นตอน, วิธีการ, not found") != std::string::npos);
  CHECK(t.find("? มีแผนภูมิสรุปผล — a person must look (looked for ภาพใกล้คำว่า แผนภูมิ)") != std::string::npos);
  CHECK(t.find("ตรวจด้วยตนเอง: รายชื่อรองผู้บริหารครบทุกคน") != std::string::npos);
  CHECK(t.find("ตรวจด้วยตนเอง: ช่องทางแยกจากเรื่องร้องเรียนทั่วไป") != std::string::npos);
  // An element that is also a manual check is listed once.
  CHECK(t.find("รายชื่อรองผู้บริหารครบทุกคน") == t.rfind("รายชื่อรองผู้บริหารครบทุกคน"));
  CHECK(t.find("fiscal year 2568: the right year; found «ประจำปีงบประมาณ พ.ศ. 2568» (เอกสาร "
               "https://www.agency.go.th/o12/plan.pdf หน้า 3, OCR)") != std::string::npos);
  CHECK(t.find("scope: the block «O12 รายการจัดซื้อจัดจ้าง»") != std::string::npos);
  CHECK(t.find("\x1b[") == std::string::npos);
  std::string colored = render_report(report_with(evidenced_item()), ReportFormat::Text, {.color = true});
  CHECK(colored.find("\x1b[32m✓\x1b[0m มีรายการ") != std::string::npos);
  CHECK(colored.find("\x1b[31m✗\x1b[0m มีขั้นตอน") != std::string::npos);
}

TEST_CASE("json report: elements, period and manual checks with stable keys, read back by parse_report_json") {
  auto r = report_with(evidenced_item());
  std::string json = report_json(r);
  auto j = nlohmann::json::parse(json);
  auto& it = j["items"][0];
  REQUIRE(it["elements"].size() == 4);
  for (auto& e : it["elements"]) {
    std::vector<std::string> keys;
    for (auto& [k, v] : e.items())
      if (k != "ocr") keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"grade", "key", "looked_for", "quote", "state", "text", "where"});
  }
  CHECK(it["elements"][0]["state"] == "found");
  CHECK(it["elements"][0]["grade"] == "A");
  CHECK(it["elements"][0]["quote"] == "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2567");
  CHECK(it["elements"][0]["where"] == "หน้า " + kO12 + " — หัวข้อ 'รายการจัดซื้อจัดจ้าง'");
  CHECK(it["elements"][0]["looked_for"].is_null());
  CHECK(it["elements"][1]["state"] == "missing");
  CHECK(it["elements"][1]["quote"].is_null());
  CHECK(it["elements"][1]["looked_for"] == "คำใดใน: ขั้นตอน, วิธีการ");
  CHECK(it["elements"][2]["state"] == "uncertain");
  CHECK(it["elements"][3]["state"] == "manual");
  CHECK(it["period"]["expected_fiscal_year"] == 2568);
  CHECK(it["period"]["verdict"] == "right");
  CHECK(it["period"]["evidence"][0]["quote"] == "ประจำปีงบประมาณ พ.ศ. 2568");
  CHECK(it["period"]["evidence"][0]["ocr"] == true);
  CHECK(it["manual_checks"] == nlohmann::json::array({"รายชื่อรองผู้บริหารครบทุกคน", "ช่องทางแยกจากเรื่องร้องเรียนทั่วไป"}));
  CHECK(it["scope"] == "O12 รายการจัดซื้อจัดจ้าง");
  // Every key of before stays.
  for (const char* k : {"id", "title", "status", "url", "fiscal_years", "findings"}) CHECK(it.contains(k));

  auto back = parse_report_json(json, "prev.json");
  REQUIRE(back.ok());
  const ItemResult& b = back.value().items[0];
  const ItemResult want = evidenced_item();
  REQUIRE(b.elements.size() == want.elements.size());
  for (size_t i = 0; i < b.elements.size(); ++i) {
    CHECK(b.elements[i].key == want.elements[i].key);
    CHECK(b.elements[i].text == want.elements[i].text);
    CHECK(b.elements[i].grade == want.elements[i].grade);
    CHECK(b.elements[i].state == want.elements[i].state);
    CHECK(b.elements[i].looked_for == want.elements[i].looked_for);
    CHECK(b.elements[i].evidence.has_value() == want.elements[i].evidence.has_value());
  }
  CHECK(b.elements[0].evidence->quote == want.elements[0].evidence->quote);
  CHECK(b.elements[0].evidence->where == want.elements[0].evidence->where);
  REQUIRE(b.period);
  CHECK(b.period->expected_fy == 2568);
  CHECK(b.period->verdict == "right");
  REQUIRE(b.period->evidence.size() == 1);
  CHECK(b.period->evidence[0].ocr);
  CHECK(b.manual_checks == want.manual_checks);
  CHECK(b.scope == want.scope);
  // Written again, the report read back is the same report.
  CHECK(report_json(back.value()) == json);

  // An item without evidence keeps the shape of before; an older report without the keys reads.
  auto plain = nlohmann::json::parse(report_json(report_with({"O1", "โครงสร้าง", "", ItemStatus::Pass, {}, {}})));
  for (const char* k : {"elements", "period", "manual_checks", "scope", "elements_not_listed"})
    CHECK_FALSE(plain["items"][0].contains(k));
  auto old = parse_report_json(plain.dump(), "old.json");
  REQUIRE(old.ok());
  CHECK(old.value().items[0].elements.empty());
  CHECK_FALSE(old.value().items[0].period);
  // Malformed evidence keys are skipped, never a crash or a refusal.
  plain["items"][0]["elements"] = nlohmann::json::array({1, {{"state", "bogus"}}, {{"state", "found"}, {"quote", 7}}});
  plain["items"][0]["period"] = "2568";
  plain["items"][0]["manual_checks"] = {{"a", 1}};
  auto odd = parse_report_json(plain.dump(), "odd.json");
  REQUIRE(odd.ok());
  REQUIRE(odd.value().items[0].elements.size() == 1);
  CHECK_FALSE(odd.value().items[0].elements[0].evidence);
  CHECK_FALSE(odd.value().items[0].period);
}

TEST_CASE("html report: elements with marks, quotes in <q>, where as a link, a ตรวจด้วยตนเอง list") {
  std::string h = render_report(report_with(evidenced_item()), ReportFormat::Html);
  CHECK(h.find("<li class=\"found\"><span class=\"mark\">✓ พบ</span> มีรายการจัดซื้อจัดจ้างแยกรายเดือน — "
               "<q>สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2567</q> <span class=\"where\">(หน้า <a class=\"url\" href=\"" +
               kO12 + "\">" + kO12 + "</a> — หัวข้อ &#39;รายการจัดซื้อจัดจ้าง&#39;)</span></li>") != std::string::npos);
  CHECK(h.find("<li class=\"missing\"><span class=\"mark\">✗ ไม่พบ</span> มีขั้นตอนการให้บริการ — สิ่งที่มองหา: คำใดใน: ขั้นตอน, "
               "วิธีการ</li>") != std::string::npos);
  CHECK(h.find("<span class=\"mark\">? ผู้ตรวจต้องดูเอง</span> มีแผนภูมิสรุปผล") != std::string::npos);
  CHECK(h.find("<strong>ตรวจด้วยตนเอง</strong></p><ul class=\"manual\"><li>ช่องทางแยกจากเรื่องร้องเรียนทั่วไป</li></ul>") !=
        std::string::npos);
  CHECK(h.find("ปีงบประมาณที่เกณฑ์กำหนด 2568 — ตรงตามปีที่เกณฑ์กำหนด") != std::string::npos);
  CHECK(h.find("<q>ประจำปีงบประมาณ พ.ศ. 2568</q>") != std::string::npos);
  CHECK(h.find("ตรวจเฉพาะส่วน “O12 รายการจัดซื้อจัดจ้าง”") != std::string::npos);
  CHECK(h.find("div.evidence") != std::string::npos);  // styled, printable with the rest
}

TEST_CASE("markdown report: a section of evidence per item, GFM-escaped") {
  std::string m = render_report(report_with(evidenced_item()), ReportFormat::Markdown);
  CHECK(m.find("### หลักฐานรายข้อ\n\n#### O12 รายการจัดซื้อจัดจ้าง\n") != std::string::npos);
  CHECK(m.find("- ✅ พบ: มีรายการจัดซื้อจัดจ้างแยกรายเดือน — «สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2567» (หน้า <" + kO12 +
               "> — หัวข้อ 'รายการจัดซื้อจัดจ้าง')") != std::string::npos);
  CHECK(m.find("- ❌ ไม่พบ: มีขั้นตอนการให้บริการ — สิ่งที่มองหา: คำใดใน: ขั้นตอน, วิธีการ") != std::string::npos);
  CHECK(m.find("- ❔ ผู้ตรวจต้องดูเอง: มีแผนภูมิสรุปผล") != std::string::npos);
  CHECK(m.find("- 👁️ ตรวจด้วยตนเอง: "
               "ช่องทางแยกจากเรื่องร้องเรียนทั่วไป") != std::string::npos);
  CHECK(m.find("  - «ประจำปีงบประมาณ พ.ศ. 2568» (เอกสาร <https://www.agency.go.th/o12/plan.pdf> หน้า 3, OCR)") !=
        std::string::npos);
  // No evidence: no section (the report of before).
  CHECK(render_report(report_with({"O1", "x", "", ItemStatus::Pass, {}, {}}), ReportFormat::Markdown).find("หลักฐาน") ==
        std::string::npos);
}

TEST_CASE("junit report: the element lines in the test case's system-out") {
  std::string x = render_report(report_with(evidenced_item()), ReportFormat::Junit);
  size_t out = x.find("<system-out>");
  REQUIRE(out != std::string::npos);
  std::string so = x.substr(out, x.find("</system-out>") - out);
  CHECK(so.find("✓ มีรายการจัดซื้อจัดจ้างแยกรายเดือน — «สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2567» (หน้า " + kO12 +
                " — หัวข้อ &#39;รายการจัดซื้อจัดจ้าง&#39;)") != std::string::npos);
  CHECK(so.find("✗ มีขั้นตอนการให้บริการ — looked for คำใดใน: ขั้นตอน, วิธีการ, not found") != std::string::npos);
  CHECK(so.find("? มีแผนภูมิสรุปผล — a person must look") != std::string::npos);
  CHECK(so.find("ตรวจด้วยตนเอง: ช่องทางแยกจากเรื่องร้องเรียนทั่วไป") != std::string::npos);
}

TEST_CASE("a hostile quote is escaped and bounded in every format") {
  const std::string hostile = "</q><script>alert(1)</script> | `code` [x](javascript:alert(1)) \x01\x1b[2J\xc2\x9b & ";
  ItemResult it{"O1", "t", "", ItemStatus::Pass, {}, {}};
  it.elements.push_back(
      {"k", "element <b>", Grade::A, ElementState::Found,
       EvidenceQuote{hostile + std::string(10000, 'x'), "หน้า https://a.go.th/\"><script>x</script> <i>"}, ""});
  it.elements.push_back({"m", "miss", Grade::A, ElementState::Missing, std::nullopt, "`|<img src=x>"});
  it.manual_checks = {"<script>manual</script>"};
  auto r = report_with(it);

  std::string h = render_report(r, ReportFormat::Html);
  CHECK(h.find("<script") == std::string::npos);
  CHECK(h.find("</q><script>") == std::string::npos);
  CHECK(h.find("&lt;/q&gt;&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(h.find("<img") == std::string::npos);
  CHECK(h.find("element &lt;b&gt;") != std::string::npos);
  CHECK(h.find("href=\"https://a.go.th/\"") != std::string::npos);  // the link stops at the quote mark
  CHECK_FALSE(first_forbidden_char(h));
  CHECK(h.find(std::string(200, 'x')) == std::string::npos);

  std::string m = render_report(r, ReportFormat::Markdown);
  size_t sec = m.find("### หลักฐานรายข้อ");
  REQUIRE(sec != std::string::npos);
  std::string ev = m.substr(sec);
  CHECK(ev.find("\\<script\\>") != std::string::npos);
  CHECK(ev.find("\\`code\\`") != std::string::npos);
  CHECK(ev.find(" \\| ") != std::string::npos);
  CHECK(ev.find("\\[x\\]") != std::string::npos);
  CHECK(ev.find("\\`\\|\\<img src=x\\>") != std::string::npos);
  for (size_t at = ev.find('<'); at != std::string::npos; at = ev.find('<', at + 1))  // every < escaped but autolinks
    CHECK((ev[at - 1] == '\\' || ev.compare(at, 9, "<https://") == 0));
  CHECK(ev.find("<https://a.go.th/\"") == std::string::npos);  // no autolink holding a quote mark
  CHECK_FALSE(first_forbidden_char(m));
  CHECK(m.find("\x1b") == std::string::npos);

  std::string t = render_report(r, ReportFormat::Text);
  CHECK(t.find("\x1b") == std::string::npos);  // no colour asked: no escape, not even the quote's
  CHECK(t.find("\x01") == std::string::npos);
  CHECK(t.find("\xc2\x9b") == std::string::npos);

  std::string x = render_report(r, ReportFormat::Junit);
  CHECK(x.find("<script") == std::string::npos);
  CHECK_FALSE(first_forbidden_char(x));

  auto j = nlohmann::json::parse(report_json(r));
  std::string q = j["items"][0]["elements"][0]["quote"];
  CHECK(count_chars(q) == kMaxQuoteChars);
  CHECK(q.ends_with("…"));
  CHECK_FALSE(first_forbidden_char(q));
  CHECK(q.starts_with("</q><script>alert(1)</script>"));  // JSON keeps the text (escaped by the JSON writer)
}

TEST_CASE("at most 40 elements listed per item, the rest counted") {
  ItemResult it{"O1", "t", "", ItemStatus::Pass, {}, {}};
  for (int i = 0; i < 45; ++i)
    it.elements.push_back({"e" + std::to_string(i), "องค์ประกอบที่ " + std::to_string(i), Grade::C, ElementState::Missing,
                           std::nullopt, "x"});
  auto r = report_with(it);
  std::string t = render_report(r, ReportFormat::Text);
  CHECK(t.find("องค์ประกอบที่ 39 ") != std::string::npos);
  CHECK(t.find("องค์ประกอบที่ 40 ") == std::string::npos);
  CHECK(t.find("… 5 more elements not listed") != std::string::npos);
  auto j = nlohmann::json::parse(report_json(r));
  CHECK(j["items"][0]["elements"].size() == 40);
  CHECK(j["items"][0]["elements_not_listed"] == 5);
  CHECK(render_report(r, ReportFormat::Html).find("และอีก 5 องค์ประกอบ") != std::string::npos);
  CHECK(render_report(r, ReportFormat::Markdown).find("และอีก 5 องค์ประกอบ") != std::string::npos);
}
