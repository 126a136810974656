#include "generator/scaffold_text.h"

#include <doctest/doctest.h>

using namespace oit;
using namespace oit::scaffold_detail;

TEST_CASE("scaffold_text: the embedded page with its slots filled, other braces left as they are") {
  const std::string page = scaffold_text("content/news/_index.md", {{"updated", "2025-04-30"}});
  CHECK(page.find("updated = 2025-04-30\n") != std::string::npos);
  CHECK(page.find("{{") == std::string::npos);
  // A slot without a value stays (a page text may show Hugo-like shortcodes such as {{< table >}}).
  const std::string toml = scaffold_text("site.toml", {{"round", "2568"}});
  CHECK(toml.find("round = 2568\n") != std::string::npos);
  CHECK(toml.find("--to-round {{next_round}}") != std::string::npos);
  CHECK_THROWS(scaffold_text("no-such-page.md", {}));
}

TEST_CASE("scaffold text helpers: TOML quoting, Markdown escaping, blank trimming, paths") {
  CHECK(toml_quote("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"");
  CHECK(md_text("*a_b* [c] <d> #e |f| `g`") == "\\*a\\_b\\* \\[c\\] \\<d\\> \\#e \\|f\\| \\`g\\`");
  CHECK(trim_blanks(" \t x y \t\r\n") == "x y");
  CHECK(trim_blanks("\nx") == "\nx");  // a leading line end stays (unlike core/text.h's trim)
  CHECK(split_lines("a\nb\n\nc") == std::vector<std::string>{"a\n", "b\n", "\n", "c"});
  CHECK(dir_of("a/b/c.md") == "a/b");
  CHECK(dir_of("c.md") == "");
  CHECK(name_of("a/b/c.md") == "c.md");
}
