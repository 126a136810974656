#include "generator/content_path.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("content paths: folder and lower-cased extension of a content path") {
  CHECK(dir_of("news/2567/a.md") == "news/2567");
  CHECK(dir_of("a.md") == "");
  CHECK(ext_of("files/Report.PDF") == "pdf");
  CHECK(ext_of("files.d/readme") == "");
  CHECK(ext_of("noext") == "");
}

TEST_CASE("content paths: a relative link joins its page's folder; climbing out of content/ is refused") {
  CHECK(join_rel("news", "files/a.pdf") == "news/files/a.pdf");
  CHECK(join_rel("news/2567", "../a.pdf") == "news/a.pdf");
  CHECK(join_rel("news", "./x/./y.csv") == "news/x/y.csv");
  CHECK(join_rel("", "a.pdf") == "a.pdf");
  CHECK_FALSE(join_rel("news", "../../etc/passwd").has_value());
  CHECK_FALSE(join_rel("", "../a.pdf").has_value());
}

TEST_CASE("content paths: sizes as a page shows them") {
  CHECK(human_size(512) == "512 B");
  CHECK(human_size(12 * 1024) == "12 KB");
  CHECK(human_size(1536 * 1024) == "1.5 MB");
}
