#include "core/encoding.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("UTF-8 validation finds the first bad byte") {
  CHECK_FALSE(first_invalid_utf8("ก ข ค abc").has_value());
  CHECK(first_invalid_utf8("ab\xC0\xAF") == 2u);         // overlong '/'
  CHECK(first_invalid_utf8("a\xED\xA0\x80") == 1u);      // surrogate
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0u);   // above U+10FFFF
  CHECK(first_invalid_utf8("ok\xE0\xB8") == 2u);         // truncated
}

TEST_CASE("TIS-620 / CP874 text is converted, garbage is refused with its offset") {
  // "สำนักงาน" in TIS-620 and a CP874 curly quote.
  std::string tis = "\xCA\xD3\xB9\xD1\xA1\xA7\xD2\xB9 \x93ok\x94";
  auto d = decode_text(tis, "a.csv");
  REQUIRE(d.ok());
  CHECK(d->from == TextEncoding::Cp874);
  CHECK(d->utf8 == "สำนักงาน “ok”");
  auto u = decode_text("ปีงบประมาณ 2568", "b.md");
  REQUIRE(u.ok());
  CHECK(u->from == TextEncoding::Utf8);
  auto bad = decode_text("line1\nab\x80\x81\x82\x83\x84", "c.md");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().str().rfind("c.md:2:3: text is neither UTF-8 nor Thai TIS-620/Windows-874 (invalid byte at offset 8)", 0) == 0);
}

TEST_CASE("files that are not text are named for what they are, not for an encoding") {
  auto png = decode_text(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "content/news/a.md");
  REQUIRE_FALSE(png.ok());
  CHECK(png.error().str().rfind("content/news/a.md:1:1: the file is a PNG image, not text", 0) == 0);
  auto xlsx = decode_text(std::string("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\xb7", 15), "t.csv");
  REQUIRE_FALSE(xlsx.ok());
  CHECK(xlsx.error().message == "the file is a ZIP archive (an .xlsx or .docx document?), not text");
  auto utf16 = decode_text(std::string("\xFF\xFE" "a\0,\0b\0", 8), "t.csv");
  REQUIRE_FALSE(utf16.ok());
  CHECK(utf16.error().message == "the file is UTF-16 text, not UTF-8");
  CHECK(utf16.error().hint.find("UTF-8") != std::string::npos);
  auto nul = decode_text(std::string("a\nb\n\xE9t\xE9\0x", 9), "c.md");
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.error().str().rfind("c.md:3:4: file looks binary: NUL byte at offset 7", 0) == 0);
  // Valid UTF-8 with a NUL byte is left to the page and CSV readers, which say where it is.
  auto text_nul = decode_text(std::string("ok\0", 3), "d.md");
  REQUIRE(text_nul.ok());
  CHECK(text_nul->utf8.size() == 3);
}

TEST_CASE("cp874_to_utf8 keeps going past bytes CP874 leaves undefined, as a browser does") {
  size_t undefined = 0;
  CHECK(cp874_to_utf8("\xA1\xDB\xA2", &undefined) == "ก\xEF\xBF\xBDข");
  CHECK(undefined == 1);
  CHECK(cp874_to_utf8("abc", &undefined) == "abc");
  CHECK(undefined == 0);
  CHECK(looks_like_cp874("\xA1\xA2\xA3 ascii"));
  CHECK_FALSE(looks_like_cp874("ascii only"));
  CHECK_FALSE(looks_like_cp874("\xC0\x80\xFF\xFE\xFD"));
}
