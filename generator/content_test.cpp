#include "content.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace oit;

TEST_CASE("pages, bundles, sections and assets are told apart") {
  auto plan = plan_content({"_index.md", "news/_index.md", "news/a.md", "news/b/index.md", "news/b/photo.png",
                            "about/structure/index.md", "about/structure/chart.svg", "about/_index.md",
                            "policies/privacy.md", "about/structure/docs/duties.pdf", "news/b/stats.dataset.toml"});
  CHECK(plan.sidecars == std::vector<std::string>{"news/b/stats.dataset.toml"});
  REQUIRE(plan.pages.size() == 7);
  CHECK(plan.assets == std::vector<std::string>{"about/structure/chart.svg", "about/structure/docs/duties.pdf",
                                                "news/b/photo.png"});
  auto find = [&](std::string_view rel) -> const PageSource& {
    for (auto& p : plan.pages)
      if (p.rel == rel) return p;
    FAIL("no page " << rel);
    return plan.pages[0];
  };
  CHECK(find("_index.md").kind == PageKind::Home);
  CHECK(page_route(find("_index.md")) == "");
  CHECK(find("news/_index.md").kind == PageKind::Section);
  CHECK(page_route(find("news/_index.md")) == "news/");
  CHECK(page_route(find("news/a.md")) == "news/a/");
  CHECK(page_route(find("news/a.md"), "first-news") == "news/first-news/");
  CHECK(page_route(find("news/b/index.md")) == "news/b/");
  CHECK(find("news/b/index.md").bundle);
  const auto& news = plan.pages[find("news/a.md").parent];
  CHECK(news.rel == "news/_index.md");
  CHECK(plan.pages[find("news/b/index.md").parent].rel == "news/_index.md");
  CHECK(plan.pages[find("about/structure/index.md").parent].rel == "about/_index.md");
  CHECK(plan.pages[find("about/_index.md").parent].rel == "_index.md");
  CHECK(plan.pages[find("policies/privacy.md").parent].rel == "_index.md");  // no policies/_index.md
}

TEST_CASE("listing content refuses symlinks that leave the source folder") {
  fs::path root = fs::temp_directory_path() / ("oit-content-test-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "content/news");
  std::ofstream(root / "content/news/a.md") << "x";
  std::ofstream(root / "content/.hidden.md") << "x";
  std::ofstream(root / "secret.txt") << "x";
  auto ok = list_content_files(root / "content", root);
  REQUIRE(ok.ok());
  CHECK(*ok == std::vector<std::string>{"news/a.md"});
  fs::create_symlink("/etc/passwd", root / "content/news/passwd");
  auto bad = list_content_files(root / "content", root);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pos.file == "content/news/passwd");
  CHECK(bad.error().message == "symlink points outside the source folder");
  fs::remove(root / "content/news/passwd");
  fs::create_directory_symlink(root / "content", root / "content/news/loop");
  auto loop = list_content_files(root / "content", root);
  REQUIRE_FALSE(loop.ok());
  CHECK(loop.error().message == "symlink does not point at a regular file");
  fs::remove_all(root);
}
