#include "generator/content.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
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

TEST_CASE("English twins are set apart from the Thai pages and matched to them") {
  auto plan = plan_content({"_index.md", "_index.en.md", "news/a.md", "news/a.en.md", "about/index.md",
                            "about/index.en.md", "orphan.en.md", "notes.english.md"});
  REQUIRE(plan.pages.size() == 4);  // notes.english.md is a Thai page like any other
  REQUIRE(plan.twins.size() == 4);
  auto twin = [&](std::string_view rel) -> std::string {
    for (auto& t : plan.twins)
      if (t.rel == rel) return t.page < 0 ? "(none)" : plan.pages[t.page].rel;
    return "(not a twin)";
  };
  CHECK(twin("_index.en.md") == "_index.md");
  CHECK(twin("news/a.en.md") == "news/a.md");
  CHECK(twin("about/index.en.md") == "about/index.md");
  CHECK(twin("orphan.en.md") == "(none)");
  CHECK(twin("notes.english.md") == "(not a twin)");
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
  fs::remove(root / "content/news/loop");
  fs::create_symlink("b.pdf", root / "content/news/a.pdf");
  fs::create_symlink("a.pdf", root / "content/news/b.pdf");
  auto cycle = list_content_files(root / "content", root);
  REQUIRE_FALSE(cycle.ok());
  CHECK(cycle.error().message == "symlink loop: following this link never reaches a file");
  fs::remove(root / "content/news/a.pdf");
  fs::remove(root / "content/news/b.pdf");
  fs::create_symlink("gone.pdf", root / "content/news/dangling.pdf");
  auto dangling = list_content_files(root / "content", root);
  REQUIRE_FALSE(dangling.ok());
  CHECK(dangling.error().message == "symlink points at nothing: `gone.pdf` does not exist");
  fs::remove(root / "content/news/dangling.pdf");
  fs::create_symlink("../../secret.txt", root / "content/news/inside.txt");  // inside the source folder: fine
  auto inside = list_content_files(root / "content", root);
  REQUIRE(inside.ok());
  CHECK(*inside == std::vector<std::string>{"news/a.md", "news/inside.txt"});
  fs::remove_all(root);
}

TEST_CASE("a source folder that is itself a link out of the source folder is refused") {
  fs::path root = fs::temp_directory_path() / ("oit-content-test2-" + std::to_string(getpid()));
  fs::path outside = fs::temp_directory_path() / ("oit-content-outside-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::remove_all(outside);
  fs::create_directories(root / "themes/t");
  fs::create_directories(outside);
  std::ofstream(outside / "x.html") << "x";
  fs::create_directory_symlink(outside, root / "themes/t/templates");
  auto r = list_source_files(root / "themes/t/templates", root, "themes/t/templates/", false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().pos.file == "themes/t/templates/");
  CHECK(r.error().message == "folder is a symlink that leads outside the source folder");
  fs::remove(root / "themes/t/templates");
  fs::create_directories(root / "themes/t/static/.well-known");
  std::ofstream(root / "themes/t/static/.well-known/security.txt") << "x";
  std::ofstream(root / "themes/t/static/a.css") << "x";
  auto files = list_source_files(root / "themes/t/static", root, "themes/t/static/", false);
  REQUIRE(files.ok());
  CHECK(*files == std::vector<std::string>{".well-known/security.txt", "a.css"});
  fs::remove_all(root);
  fs::remove_all(outside);
}

TEST_CASE("listing content refuses FIFOs and sockets instead of leaving them out") {
  fs::path root = fs::temp_directory_path() / ("oit-content-test3-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "content/news");
  std::ofstream(root / "content/news/a.md") << "x";
  REQUIRE(::mkfifo((root / "content/news/b.md").c_str(), 0644) == 0);
  auto fifo = list_content_files(root / "content", root);
  REQUIRE_FALSE(fifo.ok());
  CHECK(fifo.error().pos.file == "content/news/b.md");
  CHECK(fifo.error().message == "is a FIFO (named pipe), not a regular file");
  fs::remove(root / "content/news/b.md");
  REQUIRE(::mkfifo((root / "content/.editor-pipe").c_str(), 0644) == 0);  // hidden: skipped like every hidden file
  CHECK(list_content_files(root / "content", root).ok());
  fs::remove_all(root);
}

TEST_CASE("listing content stops at folders nested too deep") {
  fs::path root = fs::temp_directory_path() / ("oit-content-test4-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::path d = root / "content";
  for (int i = 0; i <= kMaxFolderDepth; ++i) d /= "d";
  fs::create_directories(d.parent_path());
  std::ofstream(d.parent_path() / "a.md") << "x";
  auto ok = list_content_files(root / "content", root);  // kMaxFolderDepth folders below content/: fine
  REQUIRE(ok.ok());
  CHECK(ok->size() == 1);
  fs::create_directories(d);
  auto deep = list_content_files(root / "content", root);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().message == "folders nested more than 32 levels deep");
  CHECK(deep.error().pos.file.size() == std::string("content/").size() + 2 * (kMaxFolderDepth + 1) - 1);
  fs::remove_all(root);
}
