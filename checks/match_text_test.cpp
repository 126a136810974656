#include "checks/match_text.h"
#include "core/encoding.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("match_text: whitespace, zero-width, soft hyphen and no-break spaces removed; ASCII lower-cased") {
  CHECK(normalised("ประจำปี งบประมาณ") == normalised("ประจำปีงบประมาณ"));
  CHECK(normalised("ประ\u200Bจำ\u00ADปี\u00A0งบ\u2009ประ\u200Dมาณ\uFEFF\u2060\u202F\u3000") == normalised("ประจำปีงบประมาณ"));
  CHECK(normalised("ITA  Report\n2568") == "itareport2568");
  CHECK(normalised("ปี ๒๕๖๘") == normalised("ปี2568"));
  CHECK(normalised("  \t\n") .empty());
}

TEST_CASE("match_text: the dropped-ำ forms of PDF text match, both ways, and the decomposed ํา too") {
  MatchText pdf = normalise_for_match("รายงานผลการดาเนินงาน ประจาปี งบประมาณ พ.ศ. ๒๕๖๗");
  CHECK(find(pdf, "ผลการดำเนินงาน"));
  CHECK(find(pdf, "ประจำปีงบประมาณ"));
  CHECK(find(pdf, "พ.ศ. 2567"));
  MatchText proper = normalise_for_match("ผลการดำเนินงาน");
  CHECK(find(proper, "ผลการดาเนินงาน"));
  MatchText decomposed = normalise_for_match("ผลการด\u0E4D\u0E32เนินงาน");  // ํ + า as some PDFs encode ำ
  CHECK(find(decomposed, "ผลการดำเนินงาน"));
  CHECK_FALSE(find(pdf, "แผนปฏิบัติ"));
  CHECK_FALSE(find(pdf, " "));  // a needle of nothing finds nothing
}

TEST_CASE("match_text: tone marks a PDF text layer moved or OCR lost do not stop a match; vowels keep words apart") {
  // pdftotext of the example staff manual: the tone mark of ขั้น lands after น, across a line break.
  MatchText pdf = normalise_for_match("4. ขัน\n้ ตอนการปฏิบัติงานและระยะเวลา");
  CHECK(find(pdf, "ขั้นตอน"));
  CHECK(find(normalise_for_match("ลงชือ"), "ลงชื่อ"));     // OCR: the tone mark lost
  CHECK_FALSE(find(normalise_for_match("ลงชอ"), "ลงชื่อ"));  // the vowel is not
  CHECK_FALSE(find(normalise_for_match("ขนตอน"), "ขั้นตอน"));
}

TEST_CASE("match_text: origin maps every byte back to the source") {
  std::string src = "A ๒ ำ";
  MatchText m = normalise_for_match(src);
  REQUIRE(m.text.size() == m.origin.size());
  CHECK(m.text == "a2\xE0\xB8\xB2");
  CHECK(m.origin[0] == 0);
  CHECK(m.origin[1] == 2);  // the Thai digit's first byte
  CHECK(m.origin[2] == 6);
  CHECK(m.origin[4] == 8);
  std::string bad = "ab\xFF\xE0\xB8";  // invalid and truncated UTF-8 kept byte for byte
  CHECK(normalise_for_match(bad).text == bad);
}

TEST_CASE("quote_at: the source around a match, whitespace collapsed, with ellipses") {
  std::string src = "หน้าแรก\n\n  รายงานผลการดาเนินงาน   ประจาปี ๒๕๖๗\tของสำนักงาน";
  MatchText m = normalise_for_match(src);
  auto p = find(m, "ผลการดำเนินงานประจำปี");
  REQUIRE(p);
  std::string q = quote_at(src, m, *p, normalised("ผลการดำเนินงานประจำปี").size());
  CHECK(q == "หน้าแรก รายงานผลการดาเนินงาน ประจาปี ๒๕๖๗ ของสำนักงาน");
  std::string short_q = quote_at(src, m, *p, normalised("ผลการดำเนินงานประจำปี").size(), 30);
  CHECK(code_points(short_q) <= 30);
  CHECK(short_q.find("ผลการดาเนินงาน ประจาปี") != std::string::npos);
  CHECK(short_q.starts_with("…"));
  CHECK(short_q.ends_with("…"));
}

TEST_CASE("quote_at: never cuts a code point nor a Thai character from its marks") {
  // Every character carries marks: a cut anywhere but a cluster boundary would show a lone mark.
  std::string src;
  for (int i = 0; i < 80; ++i) src += "ที่นี่ เกี่ยว ";
  src += "ปีงบประมาณ ๒๕๖๘";
  for (int i = 0; i < 80; ++i) src += " น้ำใจ ผู้นั้น";
  MatchText m = normalise_for_match(src);
  auto p = find(m, "ปีงบประมาณ2568");
  REQUIRE(p);
  for (size_t max : {120u, 41u, 17u, 9u}) {
    std::string q = quote_at(src, m, *p, normalised("ปีงบประมาณ2568").size(), max);
    CAPTURE(max);
    CAPTURE(q);
    CHECK(!first_invalid_utf8(q));
    CHECK(code_points(q) <= max);
    std::string body = q.substr(q.starts_with("…") ? 3 : 0);
    // The first character after the ellipsis is not a combining mark (U+0E31, U+0E34–3A, U+0E47–4E).
    unsigned char b2 = static_cast<unsigned char>(body[2]);
    bool mark = body.substr(0, 2) == "\xE0\xB8" ? (b2 == 0xB1 || (b2 >= 0xB4 && b2 <= 0xBA))
                                                 : body.substr(0, 2) == "\xE0\xB9" && b2 >= 0x87 && b2 <= 0x8E;
    CHECK_FALSE(mark);
    if (max >= 41) CHECK(q.find("ปีงบประมาณ ๒๕๖๘") != std::string::npos);
  }
  // A quote that ends inside a word ends after the word's marks: "ที่" whole, never "ท" or "ที".
  std::string q = quote_source("ที่นี่", 0, 1, 120);
  CHECK(q == "ที่นี่");
  CHECK(quote_source("นี่ที่", 9, 10, 120) == "นี่ที่");
  // A leading vowel stays with its consonant.
  CHECK(quote_source("เกี่ยว", 0, 3) == "เกี่ยว");
}

TEST_CASE("quote_source: a match longer than the limit is quoted from its start, cut") {
  std::string src(500, 'x');
  std::string q = quote_source(src, 10, 400, 120);
  CHECK(code_points(q) <= 120);
  CHECK(q.starts_with("…x"));
  CHECK(q.ends_with("x…"));
  CHECK(quote_source("", 0, 0).empty());
  CHECK(quote_source("abc", 99, 120) == "abc");  // offsets past the end are clamped
}
