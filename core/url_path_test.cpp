#include "core/url_path.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("path_below_base: the path under the site's base, or nothing") {
  CHECK(path_below_base("/b/x.html", "/b/") == "x.html");
  CHECK(path_below_base("/b/", "/b/") == "");
  CHECK(path_below_base("/x.html", "/") == "x.html");
  CHECK_FALSE(path_below_base("/b", "/b/"));
  CHECK_FALSE(path_below_base("/bb/x", "/b/"));
  CHECK_FALSE(path_below_base("", "/"));
}

TEST_CASE("file_for_url_path and url_path_for_file map folders to their index.html and back") {
  CHECK(file_for_url_path("") == "index.html");
  CHECK(file_for_url_path("news/") == "news/index.html");
  CHECK(file_for_url_path("news/a.html") == "news/a.html");
  CHECK(file_for_url_path("news") == "news");  // a folder without '/': the caller redirects
  CHECK(url_path_for_file("index.html") == "");
  CHECK(url_path_for_file("news/index.html") == "news/");
  CHECK(url_path_for_file("news/a.html") == "news/a.html");
  CHECK(url_path_for_file("myindex.html") == "myindex.html");
  CHECK(url_path_for_file("a/myindex.html") == "a/myindex.html");
  for (std::string p : {"", "a/", "a/b/", "a/b.pdf", "x.html"}) CHECK(url_path_for_file(file_for_url_path(p)) == p);
}

TEST_CASE("has_parent_segment finds a '..' segment, not dots inside names") {
  CHECK(has_parent_segment(".."));
  CHECK(has_parent_segment("../etc/passwd"));
  CHECK(has_parent_segment("a/../../b"));
  CHECK(has_parent_segment("a/.."));
  CHECK_FALSE(has_parent_segment(""));
  CHECK_FALSE(has_parent_segment("a..b/c"));
  CHECK_FALSE(has_parent_segment("..a/b"));
  CHECK_FALSE(has_parent_segment("a/.../b"));
  CHECK_FALSE(has_parent_segment("./a"));
}

TEST_CASE("path_inside compares whole components") {
  CHECK(path_inside("/srv/site", "/srv/site"));
  CHECK(path_inside("/srv/site/a/b.html", "/srv/site"));
  CHECK_FALSE(path_inside("/srv/site2/a", "/srv/site"));
  CHECK_FALSE(path_inside("/srv", "/srv/site"));
  CHECK_FALSE(path_inside("/etc/passwd", "/srv/site"));
}

TEST_CASE("percent_encode keeps '/' and unreserved characters, encodes the rest") {
  CHECK(percent_encode("/news/a-b_c.~d/", "/") == "/news/a-b_c.~d/");
  CHECK(percent_encode("/a b\r\nSet-Cookie:x", "/") == "/a%20b%0D%0ASet-Cookie%3Ax");
  CHECK(percent_encode("/ข่าว/", "/") == "/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/");
}

TEST_CASE("percent_decode: escapes to bytes, malformed escapes as written") {
  CHECK(percent_decode("%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/a%20b/") == "ข่าว/a b/");
  CHECK(percent_decode("100%") == "100%");
  CHECK(percent_decode("%zz%4") == "%zz%4");
  CHECK(percent_decode("%41") == "A");
  CHECK(percent_encode("a/b?c", "/?") == "a/b?c");
}
