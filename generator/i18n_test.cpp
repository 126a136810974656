#include "generator/i18n.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("translation tables: read, overlaid, compared key by key") {
  auto th = parse_translations("skip_link = \"ข้ามไปยังเนื้อหาหลัก\"\ncopyright = \"© พ.ศ. {year}\"\n", "th.toml");
  REQUIRE(th);
  CHECK(th->text.at("skip_link") == "ข้ามไปยังเนื้อหาหลัก");
  CHECK(to_json(*th)["copyright"] == "© พ.ศ. {year}");

  auto en = parse_translations("skip_link = \"Skip to main content\"\n", "en.toml");
  REQUIRE(en);
  auto missing = check_same_keys(*th, *en);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().pos.file == "en.toml");
  CHECK(missing.error().message.find("no translation for `copyright`") != std::string::npos);

  auto more = parse_translations("copyright = \"© {year}\"\nskip_lnk = \"x\"\n", "site-en.toml");
  REQUIRE(more);
  overlay(*en, *more);
  CHECK(en->text.at("copyright") == "© {year}");
  auto extra = check_same_keys(*th, *en);
  REQUIRE_FALSE(extra);
  CHECK(extra.error().pos.line == 2);  // where the misspelt key was written
  CHECK(extra.error().message == "`skip_lnk` is not a key of th.toml");
}

TEST_CASE("translation tables: bad input is an error with its position") {
  auto not_string = parse_translations("a = \"x\"\nb = 3\n", "en.toml");
  REQUIRE_FALSE(not_string);
  CHECK(not_string.error().pos.line == 2);
  CHECK(not_string.error().message == "`b` must be a non-empty string");
  auto bare_thai = parse_translations("a = ข้าม\n", "th.toml");
  REQUIRE_FALSE(bare_thai);
  CHECK(bare_thai.error().pos.line == 1);
  CHECK(bare_thai.error().pos.col == 5);
  auto key = parse_translations("\"Skip-Link\" = \"x\"\n", "en.toml");
  REQUIRE_FALSE(key);
  CHECK(key.error().message.find("not a template name") != std::string::npos);
}
