#include "checks/html_tree.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("html_tree parses within its budget and frees a deep tree without recursion") {
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<object>";  // gumbo_destroy_output would recurse 200,000 deep
  HtmlTree t(deep);
  REQUIRE(t.root() != nullptr);
  CHECK(t.stopped().empty());
  CHECK(t.bytes_used() > 200000 * 50);
}

TEST_CASE("html_tree stops gumbo at its byte budget and frees what was built") {
  std::string html(100000, 'x');
  for (int i = 0; i < 20000; ++i) html += "<p id=a>b</p>";
  HtmlTreeLimits l;
  l.max_bytes = 1u << 20;
  HtmlTree t(html, l);
  CHECK(t.root() == nullptr);
  CHECK(t.stopped() == "the page's element tree needed more than 1 MB");
  CHECK(default_tree_budget(0) == size_t{64} << 20);
  CHECK(default_tree_budget(size_t{1} << 30) == size_t{768} << 20);
}
