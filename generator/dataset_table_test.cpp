#include "generator/dataset_table.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
std::string masked(std::string s, int* n = nullptr) {
  int k = mask_personal_ids(s);
  if (n) *n = k;
  return s;
}
}  // namespace

TEST_CASE("personal ID numbers of natural persons are masked, grouped or not, Arabic or Thai digits") {
  int n = 0;
  CHECK(masked("นายสมชาย ใจดี เลขประจำตัว 3101234567894", &n) == "นายสมชาย ใจดี เลขประจำตัว XXXXXXXXXXXXX");
  CHECK(n == 1);
  CHECK(masked("ร้านช่างเอก (3-1012-34567-89-4)") == "ร้านช่างเอก (X-XXXX-XXXXX-XX-X)");
  CHECK(masked("3 1012 34567 89 4") == "X XXXX XXXXX XX X");
  CHECK(masked("นางสาวสมหญิง ๓๑๐๑๒๓๔๕๖๗๘๙๔") == "นางสาวสมหญิง XXXXXXXXXXXXX");
  // A person's ID is masked even beside a company name; the company's own tax ID (leading 0) stays.
  CHECK(masked("บริษัท ก จำกัด 0105551234567 และนายเอ 1100701234567", &n) ==
        "บริษัท ก จำกัด 0105551234567 และนายเอ XXXXXXXXXXXXX");
  CHECK(n == 1);
}

TEST_CASE("a sole trader's cell masks any 13-digit number; a company's tax ID stays") {
  CHECK(masked("นายเอ ช่างดี 0105551234567") == "นายเอ ช่างดี XXXXXXXXXXXXX");
  CHECK(masked("ห้างหุ้นส่วนจำกัด ช่างไทย 0103551234567") == "ห้างหุ้นส่วนจำกัด ช่างไทย 0103551234567");
  CHECK(masked("Siam Supply Co., Ltd. 0105551234567") == "Siam Supply Co., Ltd. 0105551234567");
}

TEST_CASE("numbers that are not 13-digit IDs are left alone") {
  int n = 0;
  for (std::string s : {"67109012345", "1392000", "0 2123 4567", "2025-03-31", "1,440,000", "31012345678945",
                        "3-1012-34567-89", "081-234-5678", "เลขที่ 12/2568"}) {
    CHECK(masked(s, &n) == s);
    CHECK(n == 0);
  }
}

TEST_CASE("cells are normalised: masked IDs, plain digits, ISO dates; text kept as written") {
  int n = 0;
  CHECK(normalise_cell("1,440,000", &n) == "1440000");
  CHECK(normalise_cell("๑,๒๓๔.๕๐") == "1234.50");
  CHECK(normalise_cell(" 2568 ") == "2568");
  CHECK(normalise_cell("31 มี.ค. 2568") == "2025-03-31");
  CHECK(normalise_cell("วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗") == "2024-10-01");
  CHECK(normalise_cell("2024-12") == "2024-12");
  CHECK(normalise_cell("ชั้น ๕ อาคาร ๒") == "ชั้น ๕ อาคาร ๒");
  CHECK(normalise_cell("-") == "-");
  CHECK(normalise_cell("1,2") == "1,2");
  CHECK(n == 0);
  CHECK(normalise_cell("นายเอ 3101234567894", &n) == "นายเอ XXXXXXXXXXXXX");
  CHECK(n == 1);

  CsvTable t{{"ผู้ขาย", "ราคา"}, {{"นายเอ 3101234567894", "1,000"}, {"บริษัท บี จำกัด", "๒๐๐"}}, {2, 3}};
  int total = 0;
  CsvTable out = normalise_table(t, &total);
  CHECK(total == 1);
  CHECK(out.rows[0] == std::vector<std::string>{"นายเอ XXXXXXXXXXXXX", "1000"});
  CHECK(out.rows[1] == std::vector<std::string>{"บริษัท บี จำกัด", "200"});
  CHECK(out.row_lines == t.row_lines);
}

TEST_CASE("cell types: numbers outside identifier columns, valid ISO dates") {
  CHECK(cell_type("1440000", false) == CellType::Number);
  CHECK(cell_type("-12.5", false) == CellType::Number);
  CHECK(cell_type("0", false) == CellType::Number);
  CHECK(cell_type("0.25", false) == CellType::Number);
  CHECK(cell_type("007", false) == CellType::Text);
  CHECK(cell_type("1234567890123456", false) == CellType::Text);  // beyond what a double holds exactly
  CHECK(cell_type("67109012345", true) == CellType::Text);
  CHECK(cell_type("2025-03-31", false) == CellType::Date);
  CHECK(cell_type("2025-02-30", false) == CellType::Text);
  CHECK(cell_type("2024-12", false) == CellType::Text);
  CHECK(cell_type("  ", false) == CellType::Empty);
  CHECK(cell_type("-", false) == CellType::Text);

  CHECK(is_identifier_column("เลขที่โครงการในระบบ e-GP"));
  CHECK(is_identifier_column("รหัสหน่วยงาน"));
  CHECK(is_identifier_column("Project ID"));
  CHECK(is_identifier_column("โทรศัพท์"));
  CHECK_FALSE(is_identifier_column("ราคากลาง (บาท)"));
  CHECK_FALSE(is_identifier_column("ที่"));
  CHECK_FALSE(is_identifier_column("provider"));
}

TEST_CASE("records: numbers as numbers, empty as null, identifiers and dates as strings") {
  CsvTable t{{"ที่", "เลขที่โครงการ", "ราคา", "วันที่", "หมายเหตุ"},
             {{"1", "67109012345", "1392000", "2025-03-31", ""}, {"2", "-", "45.5", "-", "ไม่มี"}},
             {2, 3}};
  auto j = table_records(t);
  REQUIRE(j.size() == 2);
  CHECK(j[0].dump() == R"({"ที่":1,"เลขที่โครงการ":"67109012345","ราคา":1392000,"วันที่":"2025-03-31","หมายเหตุ":null})");
  CHECK(j[1]["ราคา"].get<double>() == 45.5);
  CHECK(j[1]["เลขที่โครงการ"] == "-");
}
