#include "core/control_chars.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("forbidden characters: C0 but tab/LF/CR, DEL, C1, U+FFFE/U+FFFF") {
  CHECK_FALSE(first_forbidden_char("ประชุม\tคณะ\r\nทำงาน ITA"));
  auto vt = first_forbidden_char("ประชุม\vคณะ");
  REQUIRE(vt);
  CHECK(vt->code_point == 0x0B);
  CHECK(vt->index == 6);   // characters, not bytes
  CHECK(vt->byte == 18);
  CHECK(first_forbidden_char("a\x01")->code_point == 0x01);
  CHECK(first_forbidden_char("a\x7f")->code_point == 0x7F);
  CHECK(first_forbidden_char("a\xc2\x9f")->code_point == 0x9F);
  CHECK(first_forbidden_char("a\xef\xbf\xbe")->code_point == 0xFFFE);
  CHECK(first_forbidden_char("a\xef\xbf\xbf")->code_point == 0xFFFF);
  CHECK_FALSE(first_forbidden_char("\xc2\xa0\xef\xbb\xbf"));  // NBSP and BOM are characters XML allows
  CHECK(code_point_name(0x0B) == "U+000B");
  CHECK(strip_forbidden_chars("a\x01" "b\vc\xc2\x85" "d\te") == "abcd\te");
  CHECK(strip_forbidden_chars("ไทย") == "ไทย");
}

TEST_CASE("xml_escape: forbidden characters removed, markup escaped") {
  CHECK(xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(xml_escape("x\x0By\x7Fz\tline\n") == "xyz\tline\n");
  CHECK(xml_escape("ข่าว") == "ข่าว");
}
