#include "core/error.h"
#include "core/control_chars.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("error formats file:line:col and hint") {
  Error e = make_error({"content/a.md", 3, 7}, "unknown key `titel`", "did you mean `title`?");
  CHECK(e.str() == "content/a.md:3:7: unknown key `titel`\n  hint: did you mean `title`?");
  CHECK(make_error({"site.toml", 2, 0}, "bad").str() == "site.toml:2: bad");
  CHECK(make_error({"", 0, 0}, "bad").str() == "oit: bad");
}

TEST_CASE("control characters in a file name, message or hint are printed escaped, never raw") {
  // A link to "/a%0d%0aerror: forged" or a file named with an ESC sequence must not forge a line or drive a
  // terminal when the error is printed.
  Error e = make_error({"content/\x1b[31mred.md", 1, 1}, "broken link /a\r\nerror: forged", "tab\tstays \xc2\x9b" "2J");
  CHECK(e.str() == "content/\\x1b[31mred.md:1:1: broken link /a\\x0d\\x0aerror: forged\n  hint: tab\tstays \\u009b2J");
  CHECK(Warning{{"a\x7f.md", 2, 0}, "w\x01"}.str() == "a\\x7f.md:2: warning: w\\x01");
  CHECK(printable("ไทย ok") == "ไทย ok");  // Thai and other UTF-8 pass untouched
}

TEST_CASE("result holds a value or an error") {
  Result<int> good = 4;
  REQUIRE(good.ok());
  CHECK(*good == 4);
  Result<int> bad = make_error({"f", 1, 1}, "no");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error().message == "no");
  Result<void> v;
  CHECK(v.ok());
}
