#include "generator/watch.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace oit;
using namespace std::chrono_literals;

TEST_CASE("the source watcher reports the files that change, and only the site's") {
  fs::path site = fs::temp_directory_path() / ("oit-watch-test-" + std::to_string(getpid()));
  fs::remove_all(site);
  fs::create_directories(site / "content/news");
  std::ofstream(site / "site.toml") << "[site]\n";
  std::ofstream(site / "content/news/a.md") << "+++\n";
  auto w = SourceWatcher::open(site);
  REQUIRE(w);
  CHECK_FALSE(w->wait(50ms).any());

  std::ofstream(site / "content/news/a.md", std::ios::app) << "title = \"ก\"\n";
  auto edit = w->wait(2000ms);
  CHECK(edit.paths == std::vector<std::string>{"content/news/a.md"});
  CHECK_FALSE(edit.rescan);

  // Written beside the sources but not part of them: the output, hidden files, editors' backups.
  fs::create_directories(site / "public");
  std::ofstream(site / "public/index.html") << "x";
  std::ofstream(site / "content/news/.a.md.swp") << "x";
  std::ofstream(site / "notes.txt") << "x";
  CHECK_FALSE(w->wait(100ms).any());

  // A removed file and site.toml are reported by path; a new folder asks for a look at everything, and
  // what is written in it later is reported by path.
  fs::remove(site / "content/news/a.md");
  std::ofstream(site / "site.toml", std::ios::app) << "title = \"x\"\n";
  auto two = w->wait(2000ms);
  CHECK(two.paths == std::vector<std::string>{"content/news/a.md", "site.toml"});
  fs::create_directories(site / "content/reports");
  CHECK(w->wait(2000ms).rescan);
  std::ofstream(site / "content/reports/b.md") << "+++\n";
  auto inside = w->wait(2000ms);
  CHECK(inside.paths == std::vector<std::string>{"content/reports/b.md"});
  fs::remove_all(site);
}
