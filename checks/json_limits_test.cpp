#include "checks/json_limits.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("json_too_big refuses nesting bombs and value floods, not ordinary JSON") {
  CHECK_FALSE(json_too_big(R"({"round": 2568, "items": [{"id": "O1", "topics": ["a", "b"]}]})"));
  CHECK_FALSE(json_too_big(std::string(64, '[') + std::string(64, ']')));
  CHECK(json_too_big(std::string(65, '[')) == "nested deeper than 64 levels");
  CHECK(json_too_big(std::string(4 << 20, '[')).has_value());
  // Brackets inside strings, and escaped quotes, are text.
  CHECK_FALSE(json_too_big("[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]"));
  CHECK(json_too_big("[" + std::string(10, ',') + "]", 64, 5) == "more than 5 values");
}
