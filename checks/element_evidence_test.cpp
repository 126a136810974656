#include "checks/element_evidence.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

RestatementIndex index_of(std::string_view criterion) {
  RestatementIndex i;
  i.add(criterion);
  return i;
}

}  // namespace

TEST_CASE("element_evidence: a term is quoted from the part it stands in, with that part's place") {
  const auto index = index_of("แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงานของหน่วยงาน");
  ElementTexts t({{"หน้า https://a.go.th/o8/", "คู่มือสำหรับเจ้าหน้าที่"},
                  {"เอกสาร https://a.go.th/o8/m.pdf หน้า 2", "4. ขัน\n\u0E49 ตอนการปฏิบัติงานและระยะเวลา"}},
                 {}, {}, index);
  CHECK(t.has("ขั้นตอน"));
  auto q = t.quote_any({"ไม่มีคำนี้", "ขั้นตอน"});
  REQUIRE(q);
  CHECK(q->where == "เอกสาร https://a.go.th/o8/m.pdf หน้า 2");
  CHECK(q->quote.find("ตอนการปฏิบัติงาน") != std::string::npos);
  CHECK_FALSE(t.quote_any({"ไม่มีคำนี้"}));
}

TEST_CASE("element_evidence: restated criterion text is neither evidence nor quoted; the page's own is") {
  const std::string criterion = "แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงานของหน่วยงาน";
  const auto index = index_of(criterion);
  ElementTexts only({{"หน้า https://a.go.th/o20/", criterion}}, {}, {}, index);
  CHECK_FALSE(only.has("มีส่วนร่วม"));
  CHECK(only.restatement().restated_letters > 0);
  CHECK(only.restatement().kept_letters == 0);

  ElementTexts own({{"หน้า https://a.go.th/o20/", criterion + "\nจัดเวทีรับฟังความคิดเห็นให้ประชาชนมีส่วนร่วมเมื่อ 12 ธันวาคม 2567 ผู้เข้าร่วม 85 คน"}},
                   {}, {}, index);
  auto q = own.quote_any({"มีส่วนร่วม"});
  REQUIRE(q);
  CHECK(q->quote.find("จัดเวทีรับฟัง") != std::string::npos);
  CHECK(q->quote.find("แสดงผล") == std::string::npos);
}

TEST_CASE("element_evidence: table cells count and are quoted by row, with the table's place") {
  PageTable table;
  table.headers = {"ที่", "ชื่อรายการ", "วิธีการจัดซื้อจัดจ้าง"};
  table.rows = {{"1", "จ้างพิมพ์เอกสาร", "เฉพาะเจาะจง"}};
  ElementTexts t({{"หน้า https://a.go.th/o12/", "สรุปผลรายเดือน"}}, {{"ข้อมูล https://a.go.th/o12/p.csv", &table}}, {},
                 index_of("ข้อความเกณฑ์ที่ไม่เกี่ยวกับตารางนี้เลยแม้แต่น้อย"));
  CHECK(t.has("เฉพาะเจาะจง"));
  auto q = t.quote_any({"เฉพาะเจาะจง"});
  REQUIRE(q);
  CHECK(q->where == "ข้อมูล https://a.go.th/o12/p.csv");
  CHECK(q->quote == "1 | จ้างพิมพ์เอกสาร | เฉพาะเจาะจง");
  // A detector's quote: placed by its first line; one not found in any part is placed at the first table.
  CHECK(t.place_of("สรุปผลรายเดือน / อื่น").where == "หน้า https://a.go.th/o12/");
  CHECK(t.place_of("1) ยื่นคำขอ / 2) ตรวจ").where == "ข้อมูล https://a.go.th/o12/p.csv");
}

TEST_CASE("element_evidence: a quote comes from the page's own text before its headings") {
  ElementTexts t({{"หน้า https://a.go.th/o1/", "โครงสร้างและอำนาจหน้าที่\nสำนักงานมีหน้าที่ส่งเสริมการเปิดเผยข้อมูลภาครัฐ"}}, {},
                 {"โครงสร้างและอำนาจหน้าที่"}, index_of("ข้อความเกณฑ์ที่ไม่เกี่ยวกับหน้านี้เลยแม้แต่น้อยนิดเดียว"));
  auto q = t.quote_any({"หน้าที่"});
  REQUIRE(q);
  CHECK(q->quote.find("ส่งเสริมการเปิดเผย") != std::string::npos);
  // Only in a heading: the heading is quoted.
  ElementTexts h({{"หน้า https://a.go.th/o1/", "โครงสร้างและอำนาจหน้าที่\nแผนผังองค์กร"}}, {}, {"โครงสร้างและอำนาจหน้าที่"},
                 index_of("ข้อความเกณฑ์ที่ไม่เกี่ยวกับหน้านี้เลยแม้แต่น้อยนิดเดียว"));
  REQUIRE(h.quote_any({"หน้าที่"}));
}
