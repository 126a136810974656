#include "generator/xlsx.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
CsvTable sample() {
  return CsvTable{{"ที่", "รายการ", "ราคา (บาท)", "วันที่", "เลขที่โครงการ"},
                  {{"1", "ซื้อกระดาษ A4", "47320.5", "2025-03-31", "67109204311"},
                   {"2", "ไม่มีการจัดซื้อจัดจ้าง", "-", "", "-"}},
                  {2, 3}};
}
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }
}  // namespace

TEST_CASE("xlsx: a zip package with the workbook parts, and the same bytes for the same table") {
  XlsxOptions o;
  o.title = "รายการจัดซื้อจัดจ้าง";
  o.created = Date{2025, 4, 8};
  auto a = write_xlsx(sample(), o);
  REQUIRE(a.ok());
  CHECK(a->rfind("PK\x03\x04", 0) == 0);
  CHECK(contains(*a, "xl/worksheets/sheet1.xml"));
  CHECK(contains(*a, "xl/sharedStrings.xml"));
  CHECK(contains(*a, "docProps/core.xml"));
  auto b = write_xlsx(sample(), o);
  REQUIRE(b.ok());
  CHECK(*a == *b);
  o.created = Date{2025, 4, 9};
  auto c = write_xlsx(sample(), o);
  REQUIRE(c.ok());
  CHECK(*a != *c);  // the creation date is in the file: it comes from the data, not the clock
}

TEST_CASE("xlsx: a cell longer than Excel allows is an error naming the cell") {
  CsvTable t{{"a", "b"}, {{"x", std::string(40000, 'y')}}, {2}};
  auto r = write_xlsx(t, XlsxOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.rfind("cannot write the XLSX copy: row 2, column 2: ", 0) == 0);
}
