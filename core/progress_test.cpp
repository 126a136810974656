#include "core/progress.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

using namespace oit;

TEST_CASE("progress line shows count, share, rate and time left") {
  CHECK(Progress::line("render", "pages", 2500, 10000, 1.0) == "render: 2500/10000 pages (25%), 2500/s, about 3 s left");
  CHECK(Progress::line("crawl", "links", 40, 0, 2.0) == "crawl: 40 links, 20/s");
  CHECK(Progress::line("x", "y", 0, 10, 0.0) == "x: 0/10 y (0%), 0/s, about 0 s left");
}

TEST_CASE("progress is off in CI") {
  const char* old = std::getenv("CI");
  std::string saved = old ? old : "";
  setenv("CI", "true", 1);
  CHECK_FALSE(Progress::enabled_by_default());
  if (old) setenv("CI", saved.c_str(), 1); else unsetenv("CI");
}
