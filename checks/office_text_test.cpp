#include "checks/office_text.h"

#include <doctest/doctest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace oit;
namespace fs = std::filesystem;

namespace {

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("oit-office-" + std::to_string(getpid()) + "-" + name);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A part that is `head`, then `count` spaces, then `tail`, produced as libzip deflates it (never held whole).
struct Repeated {
  std::string head, tail;
  uint64_t count = 0;
  uint64_t at = 0;
  uint64_t size() const { return head.size() + count + tail.size(); }
};

zip_int64_t repeated_source(void* ud, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto& r = *static_cast<Repeated*>(ud);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      r.at = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      auto* out = static_cast<char*>(data);
      zip_uint64_t n = 0;
      while (n < len && r.at < r.size()) {
        uint64_t i = r.at;
        if (i >= r.head.size() && i < r.head.size() + r.count) {  // the spaces, a block at a time
          uint64_t k = std::min<uint64_t>(len - n, r.head.size() + r.count - i);
          memset(out + n, ' ', k);
          n += k, r.at += k;
          continue;
        }
        out[n] = i < r.head.size() ? r.head[i] : r.tail[i - r.head.size() - r.count];
        ++n, ++r.at;
      }
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = r.size();
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR: {
      auto* e = static_cast<int*>(data);
      e[0] = e[1] = 0;
      return 2 * sizeof(int);
    }
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

// A ZIP written with libzip, read back as bytes.
struct ZipBuilder {
  fs::path path;
  zip_t* z = nullptr;
  std::vector<std::unique_ptr<Repeated>> repeated;
  std::deque<std::string> contents;  // the entries' bytes, alive until zip_close reads them

  explicit ZipBuilder(const std::string& name) : path(temp_file(name)) {
    int err = 0;
    z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    REQUIRE(z != nullptr);
  }
  zip_int64_t add(const std::string& name, const std::string& content) {
    contents.push_back(content);
    zip_source_t* s = zip_source_buffer(z, contents.back().data(), contents.back().size(), 0);
    REQUIRE(s != nullptr);
    zip_int64_t i = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    REQUIRE(i >= 0);
    return i;
  }
  void add_repeated(const std::string& name, std::string head, uint64_t spaces, std::string tail) {
    repeated.push_back(std::make_unique<Repeated>(Repeated{std::move(head), std::move(tail), spaces, 0}));
    zip_source_t* s = zip_source_function(z, repeated_source, repeated.back().get());
    REQUIRE(s != nullptr);
    REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE) >= 0);
  }
  std::string bytes() {
    REQUIRE(zip_close(z) == 0);
    z = nullptr;
    std::string b = slurp(path);
    fs::remove(path);
    return b;
  }
  ~ZipBuilder() {
    if (z) zip_discard(z);
    std::error_code ec;
    fs::remove(path, ec);
  }
};

// One part of a ZIP, inflated (test files are small).
std::string part_of(const std::string& bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  REQUIRE(z != nullptr);
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buf[4096];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    zip_fclose(f);
  }
  zip_discard(z);
  zip_error_fini(&err);
  return out;
}

const std::string kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
    R"(</Relationships>)";
const std::string kWorkbook =
    R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
    R"(<sheet name="แผ่น1" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const std::string kSheetHead =
    R"(<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
const std::string kSheetTail = "</sheetData></worksheet>";

// A one-sheet workbook written by hand: the sheet's XML and the shared strings as given.
std::string hand_xlsx(const std::string& sheet_data, const std::string& shared = "") {
  ZipBuilder zb("hand.xlsx");
  zb.add("xl/workbook.xml", kWorkbook);
  zb.add("xl/_rels/workbook.xml.rels", kWorkbookRels);
  zb.add("xl/worksheets/sheet1.xml", kSheetHead + sheet_data + kSheetTail);
  if (!shared.empty())
    zb.add("xl/sharedStrings.xml", R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
                                      shared + "</sst>");
  return zb.bytes();
}

const std::string kDocHead =
    R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
    R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)";
const std::string kDocTail = "</w:body></w:document>";

std::string hand_docx(const std::string& document_xml) {
  ZipBuilder zb("hand.docx");
  zb.add("[Content_Types].xml", R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)");
  zb.add("_rels/.rels",
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
         R"(</Relationships>)");
  zb.add("word/document.xml", document_xml);
  return zb.bytes();
}

std::string para(const std::string& text) { return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>"; }

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("xlsx_tables: a workbook written by libxlsxwriter: Thai text, numbers, empty and merged cells, sheets") {
  fs::path p = temp_file("book.xlsx");
  lxw_workbook* wb = workbook_new(p.c_str());
  lxw_worksheet* s1 = workbook_add_worksheet(wb, "จัดซื้อจัดจ้าง 2568");
  worksheet_write_string(s1, 0, 0, "ลำดับ", nullptr);
  worksheet_write_string(s1, 0, 1, "งานที่จัดซื้อ", nullptr);
  worksheet_write_string(s1, 0, 2, "วงเงิน (บาท)", nullptr);
  worksheet_write_number(s1, 1, 0, 1, nullptr);
  worksheet_write_string(s1, 1, 1, "จัดซื้อวัสดุสำนักงาน", nullptr);
  worksheet_write_number(s1, 1, 2, 12500.5, nullptr);
  worksheet_write_number(s1, 2, 0, 2, nullptr);  // B3 left empty
  worksheet_write_number(s1, 2, 2, 500000, nullptr);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  worksheet_merge_range(s1, 4, 0, 4, 2, "รวมทั้งสิ้น", bold);  // row 4 is empty: not a row
  lxw_worksheet* s2 = workbook_add_worksheet(wb, "สรุป");
  worksheet_write_string(s2, 2, 1, "เดือน", nullptr);  // the first non-empty row is the header, wherever it is
  worksheet_write_string(s2, 3, 1, "ตุลาคม 2567", nullptr);
  worksheet_write_boolean(s2, 3, 2, 1, nullptr);
  workbook_add_worksheet(wb, "ว่าง");
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  std::string bytes = slurp(p);
  fs::remove(p);

  auto t = xlsx_tables(bytes);
  REQUIRE(t.ok());
  CHECK(t->limit == "");
  CHECK(t->sheet_count == 3);
  REQUIRE(t->sheets.size() == 3);
  const PageTable& a = t->sheets[0];
  CHECK(a.caption == "จัดซื้อจัดจ้าง 2568");
  CHECK(a.headers == std::vector<std::string>{"ลำดับ", "งานที่จัดซื้อ", "วงเงิน (บาท)"});
  REQUIRE(a.rows.size() == 3);
  CHECK(a.rows[0] == std::vector<std::string>{"1", "จัดซื้อวัสดุสำนักงาน", "12500.5"});
  CHECK(a.rows[1] == std::vector<std::string>{"2", "", "500000"});
  CHECK(a.rows[2] == std::vector<std::string>{"รวมทั้งสิ้น"});  // a merged range: its value once
  CHECK(t->sheets[1].caption == "สรุป");
  CHECK(t->sheets[1].headers == std::vector<std::string>{"", "เดือน"});
  CHECK(t->sheets[1].rows == std::vector<std::vector<std::string>>{{"", "ตุลาคม 2567", "1"}});
  CHECK(t->sheets[2].headers.empty());
  CHECK(t->sheets[2].rows.empty());
}

TEST_CASE("xlsx_tables: inline strings (constant-memory writers) read like shared ones") {
  fs::path p = temp_file("inline.xlsx");
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(p.c_str(), &opt);
  lxw_worksheet* s = workbook_add_worksheet(wb, nullptr);
  worksheet_write_string(s, 0, 0, "ผู้ได้รับการคัดเลือก", nullptr);
  worksheet_write_string(s, 1, 0, "บริษัท ตัวอย่าง จำกัด", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  std::string bytes = slurp(p);
  fs::remove(p);
  CHECK(part_of(bytes, "xl/worksheets/sheet1.xml").find("t=\"inlineStr\"") != std::string::npos);  // this test's case
  auto t = xlsx_tables(bytes);
  REQUIRE(t.ok());
  REQUIRE(t->sheets.size() == 1);
  CHECK(t->sheets[0].headers == std::vector<std::string>{"ผู้ได้รับการคัดเลือก"});
  CHECK(t->sheets[0].rows == std::vector<std::vector<std::string>>{{"บริษัท ตัวอย่าง จำกัด"}});
}

TEST_CASE("parse_cell_reference: Excel's grid and nothing past it") {
  uint32_t c = 0, r = 0;
  CHECK(parse_cell_reference("A1", c, r));
  CHECK((c == 1 && r == 1));
  CHECK(parse_cell_reference("XFD1048576", c, r));
  CHECK((c == 16384 && r == 1048576));
  CHECK_FALSE(parse_cell_reference("XFE1", c, r));
  CHECK_FALSE(parse_cell_reference("A1048577", c, r));
  CHECK_FALSE(parse_cell_reference("ZZZZ1", c, r));
  CHECK_FALSE(parse_cell_reference("A99999999999", c, r));
  CHECK_FALSE(parse_cell_reference("A0", c, r));
  CHECK_FALSE(parse_cell_reference("1A", c, r));
  CHECK_FALSE(parse_cell_reference("", c, r));
}

TEST_CASE("xlsx_tables: a far cell reference is not allocated, a bad shared index is left empty; both said") {
  std::string sheet =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c><c r="C1" t="s"><v>-1</v></c></row>)"
      R"(<row r="1048576"><c r="A1048576"><v>42</v></c><c r="XFD1048576" t="inlineStr"><is><t>ไกล</t></is></c>)"
      R"(<c r="QQQQQ1" t="inlineStr"><is><t>ต่อไป</t></is></c></row>)";
  auto t = xlsx_tables(hand_xlsx(sheet, "<si><t>หัว</t></si>"));
  REQUIRE(t.ok());
  REQUIRE(t->sheets.size() == 1);
  CHECK(t->sheets[0].headers == std::vector<std::string>{"หัว"});
  // QQQQQ1 is no reference: the cell is taken as the one after the last (which was past the columns kept).
  CHECK(t->sheets[0].rows == std::vector<std::vector<std::string>>{{"42"}});
  CHECK(t->limit.find("2 cells name a shared string that was not read") != std::string::npos);
  CHECK(t->limit.find("2 cells past column 256 not read") != std::string::npos);
}

TEST_CASE("xlsx_tables: broken XML keeps what was read before it and says where it broke") {
  std::string sheet = R"(<row><c t="inlineStr"><is><t>ก่อน</t></is></c></row><row><c><v>1</v></row>)";
  auto t = xlsx_tables(hand_xlsx(sheet));
  REQUIRE(t.ok());
  CHECK(t->sheets[0].headers == std::vector<std::string>{"ก่อน"});
  CHECK(t->limit.find("xl/worksheets/sheet1.xml: broken XML at line 1") != std::string::npos);

  ZipBuilder zb("broken-book.xlsx");
  zb.add("xl/workbook.xml", "<workbook><sheets><sheet name=");
  auto bad = xlsx_tables(zb.bytes());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("no sheet listed") != std::string::npos);
  CHECK(bad.error().message.find("broken XML") != std::string::npos);
}

TEST_CASE("xlsx_tables / docx_text: what is not an Office ZIP is refused with a reason") {
  auto html = xlsx_tables("<!doctype html><html><body>ไม่พบหน้า</body></html>");
  REQUIRE_FALSE(html.ok());
  CHECK(html.error().message.find("not a ZIP") != std::string::npos);
  auto ole = docx_text(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  REQUIRE_FALSE(ole.ok());
  CHECK(ole.error().message.find("รหัสผ่าน") != std::string::npos);
  auto cut = xlsx_tables(std::string("PK\x03\x04", 4) + std::string(100, 'x'));  // a ZIP cut short
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().message.find("damaged ZIP") != std::string::npos);
  ZipBuilder zb("other.zip");
  zb.add("readme.txt", "hello");
  auto none = xlsx_tables(zb.bytes());
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("no workbook part xl/workbook.xml") != std::string::npos);
}

TEST_CASE("docx_text: paragraphs one per line, a table row on one line, deleted and fallback text left out") {
  std::string body =
      para("แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2568") +
      "<w:p><w:r><w:t>ขั้นตอนที่</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r>"
      "<w:del><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del></w:p>" +
      "<w:p/>" +  // an empty paragraph is no line
      "<w:tbl><w:tr><w:tc>" + para("โครงการ") + "</w:tc><w:tc>" + para("งบประมาณ") + "</w:tc></w:tr>" +
      "<w:tr><w:tc>" + para("อบรม") + para("คุณธรรม") + "</w:tc><w:tc>" + para("50,000") + "</w:tc></w:tr></w:tbl>" +
      "<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>กล่อง</w:t></mc:Choice>"
      "<mc:Fallback><w:t>กล่อง</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>" +
      para("ลงชื่อ นายตัวอย่าง ใจดี");
  auto d = docx_text(hand_docx(kDocHead + body + kDocTail));
  REQUIRE(d.ok());
  CHECK(d->limit == "");
  CHECK(d->text ==
        "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2568\n"
        "ขั้นตอนที่ 1\n"
        "โครงการ\tงบประมาณ\n"
        "อบรม คุณธรรม\t50,000\n"
        "กล่อง\n"
        "ลงชื่อ นายตัวอย่าง ใจดี\n");
}

TEST_CASE("office_text hostile: a zip bomb is stopped by its ratio, and by the bytes when the ratio is allowed") {
  ZipBuilder zb("bomb.docx");
  // 1 GB of spaces inside a valid document: deflates to about 1 MB.
  zb.add_repeated("word/document.xml", kDocHead + para("ก่อนระเบิด") + "<w:p><w:r><w:t>", uint64_t(1) << 30,
                  "</w:t></w:r></w:p>" + kDocTail);
  auto t0 = std::chrono::steady_clock::now();
  std::string bytes = zb.bytes();
  MESSAGE("bomb: " << bytes.size() << " bytes, written in " << seconds_since(t0) << " s");
  CHECK(bytes.size() < (8u << 20));

  t0 = std::chrono::steady_clock::now();
  auto d = docx_text(bytes);
  double took = seconds_since(t0);
  REQUIRE(d.ok());
  CHECK(d->text == "ก่อนระเบิด\n");
  CHECK(d->limit.starts_with("word/document.xml: packed 10"));  // ~1030×, as this zlib deflates
  CHECK(d->limit.ends_with("× (a ZIP bomb?): first 1 MB read"));
  CHECK(took < 2);

  OfficeLimits loose;
  loose.max_ratio = 1e9;
  t0 = std::chrono::steady_clock::now();
  auto e = docx_text(bytes, loose);
  took = seconds_since(t0);
  REQUIRE(e.ok());
  CHECK(e->limit.find("word/document.xml: first 32 MB of XML read") != std::string::npos);
  CHECK(took < 10);
}

TEST_CASE("office_text hostile: thousands of entries, deep nesting, a DOCTYPE, an encrypted entry, the deadline") {
  {
    ZipBuilder zb("many.xlsx");
    for (int i = 0; i < 10'050; ++i) zb.add("x/" + std::to_string(i), "");
    auto t = xlsx_tables(zb.bytes());
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message.find("10050") != std::string::npos);
    CHECK(t.error().message.find("too many entries") != std::string::npos);
  }
  {
    std::string deep;
    for (int i = 0; i < 100'000; ++i) deep += "<w:p>";
    auto d = docx_text(hand_docx(kDocHead + para("บน") + deep));
    REQUIRE(d.ok());
    CHECK(d->text == "บน\n");
    CHECK(d->limit.find("XML nested deeper than 256") != std::string::npos);
  }
  {
    std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>)";
    auto d = docx_text(hand_docx(laughs + "<w:document><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"));
    REQUIRE(d.ok());
    CHECK(d->text == "");
    CHECK(d->limit.find("DOCTYPE") != std::string::npos);
  }
  if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
    ZipBuilder zb("locked.docx");
    zip_int64_t i = zb.add("word/document.xml", kDocHead + para("ลับ") + kDocTail);
    REQUIRE(zip_file_set_encryption(zb.z, static_cast<zip_uint64_t>(i), ZIP_EM_AES_256, "รหัส") == 0);
    auto d = docx_text(zb.bytes());
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.find("encrypted, not read") != std::string::npos);
  } else {
    MESSAGE("libzip here cannot write AES entries: the encrypted-entry case is not run");
  }
  {
    OfficeLimits past;
    past.deadline = std::chrono::steady_clock::now();
    auto d = docx_text(hand_docx(kDocHead + para("ช้า") + kDocTail), past);
    REQUIRE(d.ok());
    CHECK(d->text == "");
    CHECK(d->limit.find("time ran out") != std::string::npos);
  }
}

TEST_CASE("xlsx_tables: sheets past the bound are counted, rows past the bound too") {
  fs::path p = temp_file("many-sheets.xlsx");
  lxw_workbook* wb = workbook_new(p.c_str());
  for (int i = 0; i < 25; ++i) {
    lxw_worksheet* s = workbook_add_worksheet(wb, ("ชีต" + std::to_string(i)).c_str());
    for (int r = 0; r < 12; ++r) worksheet_write_number(s, static_cast<lxw_row_t>(r), 0, r, nullptr);
  }
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  std::string bytes = slurp(p);
  fs::remove(p);
  OfficeLimits lim;
  lim.max_rows = 5;
  auto t = xlsx_tables(bytes, lim);
  REQUIRE(t.ok());
  CHECK(t->sheet_count == 25);
  REQUIRE(t->sheets.size() == 20);
  CHECK(t->sheets[19].caption == "ชีต19");
  CHECK(t->sheets[0].headers == std::vector<std::string>{"0"});
  CHECK(t->sheets[0].rows.size() == 5);
  CHECK(t->limit.find("sheets: first 20 of 25 read") != std::string::npos);
  CHECK(t->limit.find("sheet ชีต0: first 5 rows of 11 read") != std::string::npos);
}

TEST_CASE("xlsx_tables: rows of one far cell cannot multiply memory: the cells kept are bounded, gaps included") {
  std::string rows;
  for (int r = 1; r <= 3000; ++r) rows += "<row><c r=\"IV" + std::to_string(r) + "\"><v>1</v></c></row>";
  OfficeLimits lim;
  lim.max_cells = 256 * 1000;
  auto t = xlsx_tables(hand_xlsx(rows), lim);
  REQUIRE(t.ok());
  CHECK(t->sheets[0].headers.size() == 256);
  CHECK(t->sheets[0].rows.size() == 999);
  CHECK(t->limit.find("cells: first 256000 kept") != std::string::npos);
}

TEST_CASE("xlsx_tables: the text bound counts the cells kept (shared strings apart) and says where it cut") {
  std::string shared, rows;
  for (int i = 0; i < 10; ++i) shared += "<si><t>" + std::string(60, 'a' + i) + "</t></si>";  // 600 bytes
  for (int i = 0; i < 15; ++i) rows += "<row><c t=\"s\"><v>" + std::to_string(i % 10) + "</v></c></row>";  // 900
  OfficeLimits lim;
  lim.max_chars = 1000;
  auto t = xlsx_tables(hand_xlsx(rows, shared), lim);
  REQUIRE(t.ok());
  CHECK(t->limit == "");
  CHECK(t->sheets[0].rows.size() == 14);
  lim.max_chars = 700;
  auto cut = xlsx_tables(hand_xlsx(rows, shared), lim);
  REQUIRE(cut.ok());
  CHECK(cut->sheets[0].rows.size() == 10);
  CHECK(cut->limit == "text: first 660 bytes kept");
}
