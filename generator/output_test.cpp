#include "generator/output.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace oit;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
fs::path scratch() {
  fs::path d = fs::temp_directory_path() / ("oit-output-test-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("safe relative paths") {
  CHECK(is_safe_relative_path("news/a/index.html"));
  CHECK(is_safe_relative_path("ข่าว/รายงาน.pdf"));
  CHECK_FALSE(is_safe_relative_path(""));
  CHECK_FALSE(is_safe_relative_path("/etc/passwd"));
  CHECK_FALSE(is_safe_relative_path("a/../../b"));
  CHECK_FALSE(is_safe_relative_path("a//b"));
  CHECK_FALSE(is_safe_relative_path("./a"));
  CHECK_FALSE(is_safe_relative_path("a\\b"));
}

TEST_CASE("a committed tree replaces the old site; an abandoned one leaves it untouched") {
  fs::path dir = scratch();
  fs::path target = dir / "public";
  {
    auto t = OutputTree::begin(target);
    REQUIRE(t.ok());
    REQUIRE(t->write("index.html", "v1").ok());
    REQUIRE(t->write("a/b/index.html", "deep").ok());
    CHECK_FALSE(fs::exists(target));  // nothing visible before commit
    REQUIRE(t->commit().ok());
  }
  CHECK(slurp(target / "index.html") == "v1");
  {
    auto t = OutputTree::begin(target);
    REQUIRE(t.ok());
    REQUIRE(t->write("index.html", "v2").ok());
    // destroyed without commit: a failed build
  }
  CHECK(slurp(target / "index.html") == "v1");
  {
    auto t = OutputTree::begin(target);
    REQUIRE(t.ok());
    REQUIRE(t->write("index.html", "v3").ok());
    REQUIRE(t->commit().ok());
  }
  CHECK(slurp(target / "index.html") == "v3");
  CHECK_FALSE(fs::exists(target / "a"));  // the old site's files are gone, not merged
  int entries = 0;
  for (auto& e : fs::directory_iterator(dir)) (void)e, ++entries;
  CHECK(entries == 1);  // no staging leftovers
  fs::remove_all(dir);
}

TEST_CASE("writing outside the tree or twice to one path is refused") {
  fs::path dir = scratch();
  auto t = OutputTree::begin(dir / "out");
  REQUIRE(t.ok());
  auto esc = t->write("../evil", "x");
  REQUIRE_FALSE(esc.ok());
  CHECK(esc.error().message == "refusing to write outside the output folder");
  REQUIRE(t->write("x/index.html", "1").ok());
  auto twice = t->write("x/index.html", "2");
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().message == "two sources map to the same output file `x/index.html`");
  CHECK_FALSE(fs::exists(dir / "evil"));
  fs::remove_all(dir);
}

TEST_CASE("leftover staging folders of dead builds are cleaned") {
  fs::path dir = scratch();
  fs::create_directories(dir / ".public.tmp-999999999");
  auto t = OutputTree::begin(dir / "public");
  REQUIRE(t.ok());
  CHECK_FALSE(fs::exists(dir / ".public.tmp-999999999"));
  fs::remove_all(dir);
}

TEST_CASE("staging folders and published sites carry the marker, which is not a written path") {
  fs::path dir = scratch();
  auto t = OutputTree::begin(dir / "public");
  REQUIRE(t.ok());
  CHECK(fs::is_regular_file(t->staging() / kOutputMarker));
  REQUIRE(t->write("index.html", "x").ok());
  CHECK(t->paths() == std::set<std::string>{"index.html"});
  REQUIRE(t->commit().ok());
  CHECK(fs::is_regular_file(dir / "public" / kOutputMarker));
  fs::remove_all(dir);
}

TEST_CASE("clean-up deletes only dead staging folders carrying the marker") {
  fs::path dir = scratch();
  auto file = [](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  };
  // The user's own things with names like ours.
  file(dir / ".public.tmp-notes" / "todo.txt", "mine");
  file(dir / ".public.tmp-backup.tar", "mine");
  file(dir / ".public.tmp-999999998" / "keep.txt", "mine");  // our name shape, but no marker
  file(dir / ".public.tmp-12abc" / kOutputMarker, "");        // a marker, but not our name shape
  file(dir / "elsewhere" / kOutputMarker, "");
  file(dir / "elsewhere" / "precious.txt", "mine");
  fs::create_directory_symlink(dir / "elsewhere", dir / ".public.tmp-999999997");  // a link, not a folder
  // What killed builds leave: marked, also one cut short while deleting the old site.
  file(dir / ".public.tmp-999999996" / kOutputMarker, "");
  file(dir / ".public.tmp-999999996" / "news" / "index.html", "half");
  file(dir / ".public.tmp-999999995.old" / kOutputMarker, "");
  file(dir / ".public.tmp-999999995.old" / "index.html", "old");
  auto t = OutputTree::begin(dir / "public");
  REQUIRE(t.ok());
  CHECK(slurp(dir / ".public.tmp-notes" / "todo.txt") == "mine");
  CHECK(slurp(dir / ".public.tmp-backup.tar") == "mine");
  CHECK(slurp(dir / ".public.tmp-999999998" / "keep.txt") == "mine");
  CHECK(fs::exists(dir / ".public.tmp-12abc" / kOutputMarker));
  CHECK(fs::is_symlink(dir / ".public.tmp-999999997"));
  CHECK(slurp(dir / "elsewhere" / "precious.txt") == "mine");
  CHECK_FALSE(fs::exists(dir / ".public.tmp-999999996"));
  CHECK_FALSE(fs::exists(dir / ".public.tmp-999999995.old"));
  fs::remove_all(dir);
}

TEST_CASE("replacing a site made before the marker leaves no staging folder behind") {
  fs::path dir = scratch();
  fs::create_directories(dir / "public");
  std::ofstream(dir / "public" / "index.html") << "old";
  auto t = OutputTree::begin(dir / "public");
  REQUIRE(t.ok());
  REQUIRE(t->write("index.html", "new").ok());
  REQUIRE(t->commit().ok());
  CHECK(slurp(dir / "public" / "index.html") == "new");
  int entries = 0;
  for (auto& e : fs::directory_iterator(dir)) (void)e, ++entries;
  CHECK(entries == 1);
  fs::remove_all(dir);
}

TEST_CASE("a sink stages the first site whole, then writes only changed files over it, and nothing before commit") {
  fs::path d = scratch();
  fs::path site = d / "public";
  LiveSite live;
  {
    auto sink = Sink::open(site, live);
    REQUIRE(sink);
    CHECK_FALSE((*sink)->in_place());
    REQUIRE((*sink)->write("index.html", "home"));
    REQUIRE((*sink)->write("old.html", "old"));
    REQUIRE((*sink)->commit());
  }
  CHECK(slurp(site / "index.html") == "home");
  CHECK(live.outputs.size() == 2);
  CHECK(live.target == fs::absolute(site).lexically_normal());

  {  // a failed build: collected, never committed
    auto sink = Sink::open(site, live);
    REQUIRE(sink);
    CHECK((*sink)->in_place());
    REQUIRE((*sink)->write("index.html", "broken"));
  }
  CHECK(slurp(site / "index.html") == "home");

  auto sink = Sink::open(site, live);
  REQUIRE(sink);
  REQUIRE((*sink)->in_place());
  CHECK((*sink)->keep("index.html", std::nullopt));       // exists in the live site
  CHECK_FALSE((*sink)->keep("new.html", std::nullopt));   // does not
  REQUIRE((*sink)->write("new.html", "new"));
  CHECK_FALSE((*sink)->write("new.html", "again"));       // two sources, one output
  CHECK_FALSE((*sink)->write("../escape.html", "x"));
  CHECK((*sink)->files_written() == 1);                   // the kept file is not written again
  CHECK((*sink)->paths() == std::set<std::string>{"index.html", "new.html"});
  REQUIRE((*sink)->commit());
  CHECK(slurp(site / "new.html") == "new");
  CHECK_FALSE(fs::exists(site / "old.html"));             // no longer part of the site
  CHECK_FALSE(fs::exists(d / "escape.html"));
  fs::remove_all(d);
}
