#include "encoding.h"

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
