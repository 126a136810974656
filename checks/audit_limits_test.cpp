#include "checks/audit_limits.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("limit findings: a cut page or PDF warns, an unread page fails") {
  Page cut;
  cut.limits = {"5000 links per page; 195000 more links on this page"};
  SiteResource doc;
  doc.pdf = PdfText{"", 500, 60, "60 of 500 pages read"};
  auto f = limit_findings(&cut, "https://a.go.th/p/", nullptr, {{"https://a.go.th/d.pdf", &doc}});
  REQUIRE(f.size() == 2);
  CHECK(f[0].severity == Severity::Warning);
  CHECK(f[0].code == "too-large");
  CHECK(f[0].message.find("not checked (limit: 5000 links per page; 195000 more links on this page): https://a.go.th/p/") !=
        std::string::npos);
  CHECK(f[1].message.find("not checked (limit: 60 of 500 pages read): https://a.go.th/d.pdf") != std::string::npos);
  Page unread;
  unread.parsed = false;
  unread.limits = {"the page was not read: time: the page took too long to parse"};
  auto g = limit_findings(&unread, "u", nullptr, {});
  REQUIRE(g.size() == 1);
  CHECK(g[0].severity == Severity::Error);
  CHECK(limit_findings(nullptr, "u", nullptr, {}).empty());
}

TEST_CASE("the report's broken links are bounded; limit entries always stay") {
  std::vector<BrokenLink> links;
  for (int i = 0; i < 1500; ++i) links.push_back({"https://a.go.th/" + std::to_string(i), 404, "", {"https://a.go.th/"}});
  links.push_back({"https://a.go.th/zzz", 200, "not checked (limit: 5000 links per page; 1 more links on this page)", {"x"}});
  links[0].pages.assign(120, "https://a.go.th/p");
  bound_broken_links(links);
  REQUIRE(links.size() == 1002);
  CHECK(links[1000].url == "https://a.go.th/zzz");
  CHECK(links[1001].error == "not listed (limit: 1000 broken links per report): 500 more broken links");
  REQUIRE(links[0].pages.size() == 51);
  CHECK(links[0].pages[50] == "… 70 more pages (not listed: limit 50)");
  CHECK(first_of({"a", "b", "c"}, 2) == std::vector<std::string>{"a", "b", "… และอีก 1 รายการ (not listed: limit 2)"});
  Page p;
  p.ids_complete = false;
  CHECK(missing_fragment(p, "x") == "not checked (limit: ids per page) #x");
}
