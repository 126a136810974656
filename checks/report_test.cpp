#include "report.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace oit;

namespace {
AuditReport sample() {
  AuditReport r;
  r.round = 2568;
  r.as_of = "2025-04-15";
  r.target = "http://www.agency.go.th/";
  r.items.push_back({"O1", "โครงสร้างและอำนาจหน้าที่", "http://www.agency.go.th/o1/", ItemStatus::Pass, {}});
  r.items.push_back({"O2", "ข้อมูลผู้บริหาร", "", ItemStatus::Fail,
                     {{Severity::Error, "missing", "ไม่มี URL <ของ> ข้อนี้ & \"ITAS\""}}});
  r.items.push_back({"O3", "ข้อมูลการติดต่อ", "http://www.agency.go.th/o3/", ItemStatus::Warn,
                     {{Severity::Warning, "missing-element", "แผนที่ — ไม่พบ | คำ"}}});
  r.items.push_back({"O12", "รายการจัดซื้อจัดจ้าง", "http://www.agency.go.th/o12/", ItemStatus::Fail,
                     {{Severity::Warning, "wrong-fiscal-year", "ไม่ระบุปี"},
                      {Severity::Error, "out-of-period", "ไม่พบข้อมูลเดือน ธันวาคม 2567"}}});
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
  CHECK(top == std::vector<std::string>{"as_of", "broken_links", "items", "round", "summary", "target"});
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
    CHECK(keys == std::vector<std::string>{"findings", "id", "status", "title", "url"});
    for (auto& f : it["findings"]) {
      std::vector<std::string> fk;
      for (auto& [k, v] : f.items()) fk.push_back(k);
      std::sort(fk.begin(), fk.end());
      CHECK(fk == std::vector<std::string>{"code", "message", "severity"});
    }
  }
  CHECK(j["items"][1]["url"].is_null());
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
  CHECK(h.find("ลิงก์เสีย") != std::string::npos);
  CHECK(parse_report_format("junit") == ReportFormat::Junit);
  CHECK_FALSE(parse_report_format("pdf").has_value());
}
