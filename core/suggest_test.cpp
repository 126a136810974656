#include "core/suggest.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("suggest: a typo of a known name, nothing for a far or short one") {
  const std::vector<std::string> commands = {"new", "serve", "build", "check", "version", "help"};
  CHECK(did_you_mean("biuld", commands) == "build");
  CHECK(did_you_mean("chek", commands) == "check");
  CHECK(did_you_mean("BUILD", commands) == "build");
  CHECK(did_you_mean("deploy", commands) == std::nullopt);
  CHECK(did_you_mean("x", commands) == std::nullopt);
  CHECK(did_you_mean("--sorce", {"--source", "--out"}) == "--source");
  CHECK(did_you_mean("", commands) == std::nullopt);
}
