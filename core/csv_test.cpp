#include "core/csv.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace oit;

namespace {
CsvTable parse_ok(std::string_view text) {
  auto r = parse_csv(text, "t.csv");
  if (!r.ok()) FAIL(r.error().str());
  return *r;
}
// "file:line:col: message" of the error, for exact position checks.
std::string parse_err(std::string_view text) {
  auto r = parse_csv(text, "t.csv");
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.error().hint.empty());
  return r.error().pos.file + ":" + std::to_string(r.error().pos.line) + ":" + std::to_string(r.error().pos.col) +
         ": " + r.error().message;
}
using Row = std::vector<std::string>;
}  // namespace

TEST_CASE("reads a plain table with Thai text") {
  const auto t = parse_ok("ลำดับที่,รายการ,จำนวนเงิน\n1,จัดซื้อวัสดุสำนักงาน,\"12,500.00\"\n2,จ้างเหมาทำความสะอาด,84000\n");
  CHECK(t.header == Row{"ลำดับที่", "รายการ", "จำนวนเงิน"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0] == Row{"1", "จัดซื้อวัสดุสำนักงาน", "12,500.00"});
  CHECK(t.rows[1] == Row{"2", "จ้างเหมาทำความสะอาด", "84000"});
  CHECK(t.row_lines == std::vector<int>{2, 3});
}

TEST_CASE("BOM, CRLF, no final newline, empty cells, spaces kept") {
  const auto t = parse_ok("\xEF\xBB\xBF" "a,b,c\r\n1,,3\r\n ชื่อ , x ,\r\n,,");
  CHECK(t.header == Row{"a", "b", "c"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == Row{"1", "", "3"});
  CHECK(t.rows[1] == Row{" ชื่อ ", " x ", ""});
  CHECK(t.rows[2] == Row{"", "", ""});
  CHECK(t.row_lines == std::vector<int>{2, 3, 4});
}

TEST_CASE("quoted cells: escapes, commas, multiline; row_lines follow the source") {
  const auto t = parse_ok("id,note\n1,\"บรรทัดแรก\nบรรทัดสอง\r\nบรรทัดสาม\rสี่\"\n2,\"He said \"\"ด่วน\"\", ok\"\n3,\"\"\n");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][1] == "บรรทัดแรก\nบรรทัดสอง\nบรรทัดสาม\nสี่");
  CHECK(t.rows[1][1] == "He said \"ด่วน\", ok");
  CHECK(t.rows[2][1] == "");
  CHECK(t.row_lines == std::vector<int>{2, 5, 6});
}

TEST_CASE("trailing blank lines are ignored; header-only table is fine") {
  CHECK(parse_ok("a,b\n1,2\n\n\r\n  \n").rows.size() == 1);
  const auto t = parse_ok("a,b\n");
  CHECK(t.header == Row{"a", "b"});
  CHECK(t.rows.empty());
  const auto one = parse_ok("name\n\"\"\nx\n");  // a one-column table writes an empty cell as ""
  CHECK(one.rows == std::vector<Row>{{""}, {"x"}});
}

TEST_CASE("errors say where: empty file and blank lines") {
  CHECK(parse_err("") == "t.csv:1:1: CSV file is empty: a data table needs a header row");
  CHECK(parse_err("\xEF\xBB\xBF") == "t.csv:1:1: CSV file is empty: a data table needs a header row");
  CHECK(parse_err("\n\r\n  \n") == "t.csv:1:1: CSV file is empty: a data table needs a header row");
  CHECK(parse_err("a,b\n1,2\n\n3,4\n") == "t.csv:3:1: blank line inside the table");
  CHECK(parse_err("name\nx\n\ny\n") == "t.csv:3:1: blank line inside the table");
  CHECK(parse_err("\na,b\n1,2\n") == "t.csv:1:1: blank line before the header row");
}

TEST_CASE("errors say where: ragged rows") {
  // Too many: points at the first extra field. Too few: points where the row ends.
  CHECK(parse_err("a,b\n1,2\n1,2,3\n") == "t.csv:3:5: row has 3 fields but the header has 2");
  CHECK(parse_err("a,b,c\n1,2\n") == "t.csv:2:4: row has 2 fields but the header has 3");
  CHECK(parse_err("ก,ข,ค\nหนึ่ง,สอง\n") == "t.csv:2:10: row has 2 fields but the header has 3");  // columns count characters
  CHECK(parse_err("a,b\n1,2\nx\n") == "t.csv:3:2: row has 1 field but the header has 2");
  CHECK(parse_err("a,b\n1,\"x\ny\",3\n") == "t.csv:3:4: row has 3 fields but the header has 2");
  std::string sixteen = "c1";
  for (int k = 2; k <= 16; ++k) sixteen += ",c" + std::to_string(k);
  std::string fifteen = "v";
  for (int k = 2; k <= 15; ++k) fifteen += ",v";
  CHECK(parse_err(sixteen + "\r\n" + fifteen + "\r\n") == "t.csv:2:30: row has 15 fields but the header has 16");
}

TEST_CASE("errors say where: quotes") {
  CHECK(parse_err("a,b\n1,\"open\n2,3\n") == "t.csv:2:3: quoted field opened here is never closed");
  CHECK(parse_err("a,b\n1,ab\"c\n") == "t.csv:2:5: stray double quote inside an unquoted field");
  CHECK(parse_err("a,b\n1, \"x\"\n") == "t.csv:2:4: stray double quote inside an unquoted field");
  CHECK(parse_err("a,b\n1,\"x\"y\n") == "t.csv:2:6: unexpected text after the closing quote of a quoted field");
  CHECK(parse_err("a,b\n1,\"x\" \n") == "t.csv:2:6: unexpected text after the closing quote of a quoted field");
  CHECK(parse_err("a,b\r1,2\r") == "t.csv:1:4: carriage return without a line feed");
}

TEST_CASE("errors say where: header names") {
  CHECK(parse_err("a,,c\n1,2,3\n") == "t.csv:1:3: header cell 2 is empty");
  CHECK(parse_err("a,b, \n") == "t.csv:1:5: header cell 3 is empty");
  CHECK(parse_err("ราคา,ชื่อ,ราคา\n") == "t.csv:1:11: column name \"ราคา\" appears twice (columns 1 and 3)");
}

TEST_CASE("errors say where: encoding and binary content") {
  CHECK(parse_err("a,b\n1,\xA1\xC2\n") == "t.csv:2:3: invalid UTF-8 at byte offset 6 (byte 0xA1)");
  CHECK(parse_err("\xEF\xBB\xBF" "ก,b\nx,\xC0\x80\n") == "t.csv:2:3: invalid UTF-8 at byte offset 11 (byte 0xC0)");
  CHECK(parse_err("a,b\n1,\xED\xA0\x80\n") == "t.csv:2:3: invalid UTF-8 at byte offset 6 (byte 0xED)");  // surrogate
  CHECK(parse_err("a,b\n1,\xE0\xB8") == "t.csv:2:3: invalid UTF-8 at byte offset 6 (byte 0xE0)");     // cut short
  CHECK(parse_err(std::string_view("a,b\n1,2\0", 8)) ==
        "t.csv:2:4: NUL byte at byte offset 7: this is not a text file");
  CHECK(parse_err("\xFF\xFE" "a\0" ",\0") == "t.csv:1:1: the file is UTF-16 text, not UTF-8");
  CHECK(parse_err("PK\x03\x04rest") == "t.csv:1:1: the file is a ZIP archive (an .xlsx workbook?), not CSV");
  CHECK(parse_err("\xEF\xBB\xBF" "PK\x03\x04") == "t.csv:1:1: the file is a ZIP archive (an .xlsx workbook?), not CSV");
  CHECK(parse_csv("a\n\xF0\x9F\x98\x80\n", "t.csv").ok());  // 4-byte characters (emoji) are fine
}

TEST_CASE("csv_to_json gives records with keys in header order") {
  const auto t = parse_ok("ลำดับที่,รายการ,จำนวนเงิน\n1,ซื้อ,\"1,000\"\n2,จ้าง,\n");
  const auto j = csv_to_json(t);
  CHECK(j.dump() ==
        R"([{"ลำดับที่":"1","รายการ":"ซื้อ","จำนวนเงิน":"1,000"},{"ลำดับที่":"2","รายการ":"จ้าง","จำนวนเงิน":""}])");
  CHECK(csv_to_json(parse_ok("z,a\n")).dump() == "[]");
}

TEST_CASE("write_csv quotes only where needed and round-trips") {
  CsvTable t;
  t.header = {"id", "note", "amount"};
  t.rows = {{"1", "a,b", "1,000"}, {"2", "say \"hi\"", ""}, {"3", "two\nlines", " x "}};
  const std::string out = write_csv(t, false);
  CHECK(out == "id,note,amount\r\n1,\"a,b\",\"1,000\"\r\n2,\"say \"\"hi\"\"\",\r\n3,\"two\nlines\", x \r\n");
  CHECK(write_csv(t, true).starts_with("\xEF\xBB\xBF" "id,"));
  const auto back = parse_ok(write_csv(t, true));
  CHECK(back.header == t.header);
  CHECK(back.rows == t.rows);
  CHECK(back.row_lines == std::vector<int>{2, 3, 4});

  CsvTable one;
  one.header = {"name"};
  one.rows = {{""}, {"  "}, {"x"}};
  CHECK(write_csv(one, false) == "name\r\n\"\"\r\n\"  \"\r\nx\r\n");
  CHECK(parse_ok(write_csv(one, false)).rows == one.rows);

  CsvTable feff;  // a header that starts with U+FEFF must not turn into the file's BOM
  feff.header = {"\xEF\xBB\xBF" "x", "y"};
  CHECK(write_csv(feff, false) == "\"\xEF\xBB\xBF" "x\",y\r\n");
  CHECK(parse_ok(write_csv(feff, false)).header == feff.header);
  CHECK(parse_ok(write_csv(feff, true)).header == feff.header);

  // fuzz/regressions/csv/bom-zip-magic: a first cell that starts like a ZIP file is quoted, so it reads back.
  CsvTable zip;
  zip.header = {"PK\x03\x04"};
  CHECK(write_csv(zip, true) == "\xEF\xBB\xBF" "\"PK\x03\x04\"\r\n");
  // (parse_csv refuses the control characters of a ZIP signature, so no table it gives can start with one.)
  CHECK(parse_err(write_csv(zip, false)).find("control character U+0003") != std::string::npos);

  const std::string source = "\xEF\xBB\xBF" "ก,ข\n\"บรรทัด\r\nสอง\",\"\"\"\"\n,\n";
  const auto first = parse_ok(source);
  const auto second = parse_ok(write_csv(first, true));
  CHECK(second.header == first.header);
  CHECK(second.rows == first.rows);
}

TEST_CASE("a 1 MB table parses quickly") {
  std::string text = "ลำดับที่,รายการ,จำนวนเงิน,หมายเหตุ\n";
  int n = 0;
  while (text.size() < 1'000'000) {
    ++n;
    text += std::to_string(n) + ",จัดซื้อวัสดุสำนักงาน รายการที่ " + std::to_string(n) +
            ",\"12,500.00\",\"หมายเหตุ \"\"ด่วน\"\"\nบรรทัดสอง\"\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto t = parse_ok(text);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  CHECK(t.rows.size() == static_cast<size_t>(n));
  CHECK(t.rows.back()[3] == "หมายเหตุ \"ด่วน\"\nบรรทัดสอง");
  CHECK(t.row_lines.back() == 2 * n);
  MESSAGE("1 MB parsed in " << ms << " ms");
  CHECK(ms < 1000);  // generous: sanitizer builds on a shared machine; a release build takes a few ms
}

TEST_CASE("formula cells: = + - @ tab CR start a formula, plain signed numbers do not") {
  for (std::string_view f : {"=HYPERLINK(\"http://evil.example\",\"คลิก\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
                             "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=", "+66 2 123 4567", "- ไม่มี -", "-1e5", "--1",
                             "-1.2.3"}) {
    CAPTURE(f);
    CHECK(is_formula_cell(f));
  }
  for (std::string_view n : {"", "ซื้อวัสดุ", "-", "+", "-12.5", "+1,500", "-1,234.50", "12", " =1+1", "ก=1"}) {
    CAPTURE(n);
    CHECK_FALSE(is_formula_cell(n));
  }
  CsvTable t{{"=ชื่อ", "ราคา"}, {{"=HYPERLINK(\"http://evil.example\")", "-12.5"}, {"@SUM(A1)", "-"}}, {2, 3}};
  int count = 0;
  CsvTable safe = neutralise_formulas(t, &count);
  CHECK(count == 3);
  CHECK(safe.header == Row{"'=ชื่อ", "ราคา"});
  CHECK(safe.rows[0] == Row{"'=HYPERLINK(\"http://evil.example\")", "-12.5"});
  CHECK(safe.rows[1] == Row{"'@SUM(A1)", "-"});
  CHECK(t.rows[0][0] == "=HYPERLINK(\"http://evil.example\")");  // the table itself keeps the true value
  CHECK(write_csv(safe, false) == "'=ชื่อ,ราคา\r\n\"'=HYPERLINK(\"\"http://evil.example\"\")\",-12.5\r\n'@SUM(A1),-\r\n");
}

TEST_CASE("limits: columns, cell size, control characters") {
  // Issue 11 case 13: more than 1,000 columns is refused at the first column over the limit.
  std::string wide;
  for (int i = 0; i < 1001; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
  CHECK(parse_err(wide + "\n") == "t.csv:1:" + std::to_string(wide.rfind(',') + 2) + ": row has more than 1000 columns (the limit)");
  std::string at_limit;
  for (int i = 0; i < 1000; ++i) at_limit += (i ? ",c" : "c") + std::to_string(i);
  CHECK(parse_ok(at_limit + "\n" + std::string(999, ',') + "\n").header.size() == 1000);
  // A cell over 2 MB, quoted or not, at the cell's start.
  CHECK(parse_err("a,b\n1,\"" + std::string(kMaxCsvCellBytes + 1, 'x') + "\"\n") ==
        "t.csv:2:3: cell of 2097153 bytes is over the limit of 2097152 bytes (2 MB)");
  CHECK(parse_ok("a\n" + std::string(kMaxCsvCellBytes, 'x') + "\n").rows.size() == 1);
  // Issue 11 case 12: characters XML and HTML cannot hold, with their position.
  CHECK(parse_err("ชื่อ,ราคา\nกระดาษ\v,1\n") ==
        "t.csv:2:7: control character U+000B at byte offset 44: web pages, XML and spreadsheets cannot hold it");
  CHECK(parse_err("a\n\x01\n").find("t.csv:2:1: control character U+0001") == 0);
  CHECK(parse_err("a\nx\xc2\x85\n").find("t.csv:2:2: control character U+0085") == 0);
  CHECK(parse_ok("a,b\n\"x\ty\",1\n").rows[0][0] == "x\ty");  // tabs are text
}

TEST_CASE("the JSON copy of a wide table takes linear time") {
  // ordered_json's operator[] searched the keys of each record one by one: 100,000 columns took 20-27 s.
  CsvTable t;
  for (int i = 0; i < 1000; ++i) t.header.push_back("c" + std::to_string(i));
  for (int r = 0; r < 200; ++r) t.rows.emplace_back(1000, "1");
  const auto t0 = std::chrono::steady_clock::now();
  const auto j = csv_to_json(t);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  CHECK(j.size() == 200);
  CHECK(j[199]["c999"] == "1");
  CHECK(j[0].begin().key() == "c0");  // header order
  MESSAGE("200 x 1,000 cells to JSON in " << ms << " ms");
  CHECK(ms < 3000);
}

TEST_CASE("parse_csv_lenient reads what Excel would open and never refuses it") {
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(parse_csv_lenient("") == Rows{});
  CHECK(parse_csv_lenient("\xEF\xBB\xBF" "a,b\r\n1, 2 \n") == Rows{{"a", "b"}, {"1", " 2 "}});  // cells verbatim
  CHECK(parse_csv_lenient("a,b\n\n1\n  \n") == Rows{{"a", "b"}, {"1"}, {"  "}});  // ragged; empty lines skipped
  CHECK(parse_csv_lenient("a\rb\r\n") == Rows{{"a"}, {"b"}});                     // a lone \r ends a record
  CHECK(parse_csv_lenient("\"x, \"\"y\"\"\nz\",2") == Rows{{"x, \"y\"\nz", "2"}});  // quotes span lines
  CHECK(parse_csv_lenient("ab\"c,d\"e\n") == Rows{{"abc,de"}});                  // a stray quote opens a run
  CHECK(parse_csv_lenient("a,\"never closed\n1,2\n") == Rows{{"a", "never closed\n1,2\n"}});
  CHECK(parse_csv_lenient(",\n") == Rows{{"", ""}});
  CHECK(parse_csv_lenient("\"\"\n") == Rows{{""}});
  CHECK(parse_csv_lenient("last") == Rows{{"last"}});  // no line end at the end of the file
  // The strict reader refuses what the lenient one reads.
  CHECK_FALSE(parse_csv("a,b\n1\n", "t.csv").ok());
}
