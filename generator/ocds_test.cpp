#include "generator/ocds.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

const std::vector<std::string> kHeader = {
    "ที่", "ปีงบประมาณ", "ชื่อหน่วยงาน", "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
    "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)",
    "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการในระบบ e-GP", "เดือน"};

CsvTable table() {
  return CsvTable{kHeader,
                  {{"1", "2568", "สำนักงานตัวอย่าง", "จ้างทำความสะอาด", "1440000", "งบประมาณรายจ่ายประจำปี", "อยู่ระหว่างระยะสัญญา",
                    "e-bidding", "1438800", "1392000", "บริษัท สะอาดใส จำกัด", "67109012345", "2024-10"},
                   {"2", "2568", "สำนักงานตัวอย่าง", "ซื้อวัสดุ", "48500", "งบประมาณรายจ่ายประจำปี", "สิ้นสุดระยะสัญญา",
                    "เฉพาะเจาะจง", "48500", "47320", "นายเอ ช่างดี XXXXXXXXXXXXX", "67109204311", "2024-10"},
                   {"3", "2568", "สำนักงานตัวอย่าง", "ไม่มีการจัดซื้อจัดจ้าง", "-", "-", "-", "-", "-", "-", "-", "-", "2024-12"},
                   {"4", "2568", "สำนักงานตัวอย่าง", "จ้างบำรุงรักษาระบบ", "650000", "งบประมาณรายจ่ายประจำปี",
                    "อยู่ระหว่างการคัดเลือก", "คัดเลือก", "648000", "-", "-", "68039102390", "2025-03"}},
                  {2, 3, 4, 5}};
}

OcdsOptions options() {
  OcdsOptions o;
  o.ocid_prefix = "ocds-abc123";
  o.package_uri = "https://www.example.go.th/opendata/ocds/procurement.json";
  o.publisher_name = "สำนักงานตัวอย่าง";
  o.publisher_uri = "https://www.example.go.th/";
  o.license_url = "https://creativecommons.org/licenses/by/4.0/";
  o.published = Date{2025, 3, 15};
  o.file = "content/procurement/monthly/procurement.csv";
  return o;
}

}  // namespace

TEST_CASE("ocds: Thai procurement methods map to open, limited and direct") {
  CHECK(ocds_procurement_method("e-bidding") == "open");
  CHECK(ocds_procurement_method("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)") == "open");
  CHECK(ocds_procurement_method("E-Market") == "open");
  CHECK(ocds_procurement_method("สอบราคา") == "open");
  CHECK(ocds_procurement_method("วิธีคัดเลือก") == "limited");
  CHECK(ocds_procurement_method("คัดเลือก") == "limited");
  CHECK(ocds_procurement_method("วิธีเฉพาะเจาะจง") == "direct");
  CHECK_FALSE(ocds_procurement_method("ตกลงราคา").has_value());
  CHECK(is_procurement_table(table()));
  CHECK_FALSE(is_procurement_table(CsvTable{{"เดือน", "จำนวน"}, {}, {}}));
}

TEST_CASE("ocds: one release per row with an e-GP number, mapped as the domain notes say") {
  auto p = ocds_release_package(table(), options());
  REQUIRE(p.ok());
  CHECK((*p)["version"] == "1.1");
  CHECK((*p)["publishedDate"] == "2025-03-15T00:00:00+07:00");
  CHECK((*p)["publisher"]["name"] == "สำนักงานตัวอย่าง");
  auto& rs = (*p)["releases"];
  REQUIRE(rs.size() == 3);  // the "no procurement" month has no release

  auto& a = rs[0];
  CHECK(a["ocid"] == "ocds-abc123-67109012345");
  CHECK(a["id"] == "ocds-abc123-67109012345-2024-10");
  CHECK(a["date"] == "2024-10-31T00:00:00+07:00");
  CHECK(a["tag"] == nlohmann::ordered_json::array({"tender", "award", "contract"}));
  CHECK(a["initiationType"] == "tender");
  CHECK(a["planning"]["budget"]["amount"]["amount"] == 1440000);
  CHECK(a["planning"]["budget"]["amount"]["currency"] == "THB");
  CHECK(a["tender"]["id"] == "67109012345");
  CHECK(a["tender"]["title"] == "จ้างทำความสะอาด");
  CHECK(a["tender"]["procurementMethod"] == "open");
  CHECK(a["tender"]["procurementMethodDetails"] == "e-bidding");
  CHECK(a["tender"]["value"]["amount"] == 1438800);
  CHECK(a["awards"][0]["value"]["amount"] == 1392000);
  CHECK(a["awards"][0]["suppliers"][0]["name"] == "บริษัท สะอาดใส จำกัด");
  CHECK(a["contracts"][0]["status"] == "active");
  CHECK(a["parties"].size() == 2);

  auto& b = rs[1];
  CHECK(b["tender"]["procurementMethod"] == "direct");
  CHECK(b["contracts"][0]["status"] == "terminated");
  CHECK(b["awards"][0]["suppliers"][0]["name"] == "นายเอ ช่างดี XXXXXXXXXXXXX");

  auto& c = rs[2];
  CHECK(c["tender"]["procurementMethod"] == "limited");
  CHECK(c["tender"]["status"] == "active");
  CHECK(c["date"] == "2025-03-15T00:00:00+07:00");  // the month has not ended at publication
  CHECK_FALSE(c.contains("awards"));
  CHECK(c["tag"] == nlohmann::ordered_json::array({"tender"}));
}

TEST_CASE("ocds: unknown methods and duplicate project-months are errors at the row's line") {
  CsvTable t = table();
  t.rows[1][7] = "ตกลงราคา";
  auto r = ocds_release_package(t, options());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str().rfind("content/procurement/monthly/procurement.csv:3: procurement method \"ตกลงราคา\" of e-GP "
                              "project 67109204311 cannot be mapped to OCDS", 0) == 0);

  t = table();
  t.rows[1][11] = "67109012345";
  r = ocds_release_package(t, options());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "e-GP project 67109012345 is listed twice for the same month (lines 2 and 3)");
}
