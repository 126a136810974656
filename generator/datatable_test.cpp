#include "generator/datatable.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("cells are shown the Thai way, IDs and years stay as written") {
  bool num = false;
  CHECK(display_cell("2025-03-31", "วันที่", false, &num) == "31 มี.ค. 2568");
  CHECK(display_cell("2024-12", "เดือน", false, &num) == "ธันวาคม 2567");
  CHECK(display_cell("1500000.5", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", false, &num) == "1,500,000.5");
  CHECK(num);
  CHECK(display_cell("67019123456", "เลขที่โครงการในระบบ e-GP", false, &num) == "67019123456");
  CHECK_FALSE(num);
  CHECK(display_cell("2568", "ปีงบประมาณ", false, &num) == "2568");
  CHECK(display_cell("12", "จำนวนเรื่อง", true, &num) == "๑๒");
  CHECK(display_cell("บริษัท ก จำกัด", "ผู้ประกอบการ", false, &num) == "บริษัท ก จำกัด");
  CHECK(display_cell("2025-02-30", "วันที่", false, &num) == "2025-02-30");  // not a date: shown as written
}

TEST_CASE("table HTML is accessible and escaped") {
  CsvTable t{{"ที่", "รายการ <x>", "ราคา (บาท)"}, {{"1", "<script>alert(1)</script>", "2500"}}, {2}};
  std::string h = render_table_html(t, {"การจัดซื้อ", "tbl-1", "p.csv", "p.json", false});
  CHECK(h.find("<caption id=\"tbl-1\">การจัดซื้อ</caption>") != std::string::npos);
  CHECK(h.find("aria-labelledby=\"tbl-1\"") != std::string::npos);
  CHECK(h.find("<th scope=\"col\">รายการ &lt;x&gt;</th>") != std::string::npos);
  CHECK(h.find("<script>") == std::string::npos);
  CHECK(h.find("<td class=\"num\">2,500</td>") != std::string::npos);
  CHECK(h.find("href=\"p.csv\"") != std::string::npos);
}

TEST_CASE("a table whose CSV download has neutralised formula cells says so under the links") {
  CsvTable t{{"ที่", "รายการ"}, {{"1", "=HYPERLINK(\"http://evil.example\")"}, {"-2", "@SUM(A1)"}}, {2, 3}};
  std::string h = render_table_html(t, {"การจัดซื้อ", "tbl-1", "p.csv", "p.json", false});
  CHECK(h.find("<td>=HYPERLINK(&quot;http://evil.example&quot;)</td>") != std::string::npos);  // the true value is shown
  CHECK(h.find("<p class=\"table-note\">ในไฟล์ CSV มี 2 เซลล์ที่ขึ้นต้นด้วย = + - @") != std::string::npos);
  CsvTable plain{{"ที่"}, {{"-2"}, {"-"}}, {2, 3}};
  CHECK(render_table_html(plain, {"x", "t", "p.csv", "p.json", false}).find("table-note") == std::string::npos);
}
