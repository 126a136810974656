#include "error.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("error formats file:line:col and hint") {
  Error e = make_error({"content/a.md", 3, 7}, "unknown key `titel`", "did you mean `title`?");
  CHECK(e.str() == "content/a.md:3:7: unknown key `titel`\n  hint: did you mean `title`?");
  CHECK(make_error({"site.toml", 2, 0}, "bad").str() == "site.toml:2: bad");
  CHECK(make_error({"", 0, 0}, "bad").str() == "oit: bad");
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
