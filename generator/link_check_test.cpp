#include "generator/link_check.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("link check: the href and src values of written HTML, and external addresses told apart") {
  CHECK(local_links("<a href=\"/a/\">x</a><img src=\"b.png\">") == std::vector<std::string>{"/a/", "b.png"});
  CHECK(is_external("https://example.com/"));
  CHECK(is_external("mailto:a@b.go.th"));
  CHECK_FALSE(is_external("/news/a:b/"));
  CHECK(unescape_attr("/a?x=1&amp;y=&quot;2&quot;") == "/a?x=1&y=\"2\"");
}

TEST_CASE("link check: a link resolves when it names a planned file, under the site's base path") {
  const std::set<std::string> planned = {"index.html", "news/a/index.html", "files/รายงาน.pdf"};
  const LinkPlan plan{&planned, "https://a.go.th/sub/", "/sub/"};
  CHECK(link_resolves(plan, "/sub/news/a/"));
  CHECK(link_resolves(plan, "/sub/"));
  CHECK(link_resolves(plan, "https://a.go.th/sub/news/a/#top"));
  CHECK(link_resolves(plan, "/sub/files/%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99.pdf"));
  CHECK(link_resolves(plan, "/elsewhere/"));  // not under the site: not ours to check
  CHECK_FALSE(link_resolves(plan, "/sub/news/b/"));
  CHECK_FALSE(link_resolves(plan, "https://a.go.th/sub/missing.pdf"));
}

TEST_CASE("link check: a broken link is reported at the Markdown link that wrote it, else at the page") {
  const std::set<std::string> planned = {"index.html"};
  const LinkPlan plan{&planned, "https://a.go.th/", "/"};
  CHECK(check_local_links(plan, "<a href=\"/\">home</a><a href=\"#x\">x</a>", "", "content/_index.md", {}));
  std::vector<MarkdownLink> md(1);
  md[0].url = "/missing/";
  md[0].pos = {"content/news/a.md", 7, 3};
  auto r = check_local_links(plan, "<a href=\"/missing/\">m</a>", "news/a/", "content/news/a.md", md);
  REQUIRE_FALSE(r);
  CHECK(r.error().pos.line == 7);
  CHECK(r.error().message.find("/missing/ on /news/a/") != std::string::npos);
  auto theme = check_local_links(plan, "<a href=\"/gone/\">g</a>", "", "content/_index.md", {});
  REQUIRE_FALSE(theme);
  CHECK(theme.error().message.find("from the theme") != std::string::npos);
}
