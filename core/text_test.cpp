#include "core/text.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("ASCII case mapping leaves Thai and other UTF-8 untouched") {
  CHECK(ascii_lower("Content-Type: TEXT/Html; ไทย") == "content-type: text/html; ไทย");
  CHECK(ascii_upper("o21 ไทย") == "O21 ไทย");
  CHECK(iequals_ascii("UTF-8", "utf-8"));
  CHECK_FALSE(iequals_ascii("utf-8", "utf-16"));
}

TEST_CASE("trim, join and edit distance") {
  CHECK(trim(" \t\r\n ก ข \f\v") == "ก ข");
  CHECK(trim("   ").empty());
  std::vector<std::string> parts{"a", "b", "c"};
  CHECK(join(parts, ", ") == "a, b, c");
  std::vector<std::string_view> none;
  CHECK(join(none, ", ").empty());
  CHECK(edit_distance("titel", "title") == 2);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("round", "round") == 0);
}

TEST_CASE("html_unescape undoes html_escape exactly, once") {
  for (std::string s : {"a < b && c > \"d\" 'e'", "&lt; written literally", "&amp;lt;", "ไทย & English"})
    CHECK(html_unescape(html_escape(s)) == s);
  CHECK(html_unescape("&amp;lt;") == "&lt;");     // one pass: never "<"
  CHECK(html_unescape("&nbsp;&copy;") == "&nbsp;&copy;");  // others stay as written
  CHECK(html_unescape("a &") == "a &");
}
