#include "core/toml_node.h"

#include <doctest/doctest.h>

using namespace oit;
using namespace std::string_view_literals;

TEST_CASE("toml_node: a node's position and kind, as errors name them") {
  auto t = toml::parse("a = \"x\"\nb = 2\n[c]\nd = [1]\ne = 1979-05-27\n"sv, "site.toml"sv);
  CHECK(toml_type_name(*t["a"].node()) == "a string");
  CHECK(toml_type_name(*t["b"].node()) == "an integer");
  CHECK(toml_type_name(*t["c"].node()) == "a table");
  CHECK(toml_type_name(*t["c"]["d"].node()) == "an array");
  CHECK(toml_type_name(*t["c"]["e"].node()) == "a date");
  SourcePos p = toml_pos("site.toml", t["b"].node()->source());
  CHECK(p.file == "site.toml");
  CHECK(p.line == 2);
  CHECK(p.col == 5);
}
