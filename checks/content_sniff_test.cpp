#include "checks/content_sniff.h"

#include <doctest/doctest.h>

#include <string>

namespace oit {

TEST_CASE("looks_like_html: a doctype or an html, head or body tag first, in any case") {
  CHECK(looks_like_html("<!DOCTYPE html><title>x</title>"));
  CHECK(looks_like_html("<!doctype HTML>"));
  CHECK(looks_like_html("<HTML lang=th>"));
  CHECK(looks_like_html("<head><title>404</title>"));
  CHECK(looks_like_html("<body><h1>ไม่พบหน้า</h1></body>"));
  // Whitespace and a UTF-8 byte-order mark before it (Windows editors write one).
  CHECK(looks_like_html("\xEF\xBB\xBF\r\n  \t<html>"));
}

TEST_CASE("looks_like_html: data files and bare fragments are not pages") {
  CHECK_FALSE(looks_like_html(""));
  CHECK_FALSE(looks_like_html(" \r\n\t"));
  CHECK_FALSE(looks_like_html("\xEF\xBB\xBFitem,url\nO1,https://x/\n"));
  CHECK_FALSE(looks_like_html("[{\"a\":1}]"));
  CHECK_FALSE(looks_like_html("%PDF-1.7"));
  CHECK_FALSE(looks_like_html("PK\x03\x04"));
  CHECK_FALSE(looks_like_html("<p>not found</p>"));
  CHECK_FALSE(looks_like_html("<?xml version=\"1.0\"?><rss/>"));
  CHECK_FALSE(looks_like_html("text <html> later"));
  // Cut short: "<!doctype" alone does not say HTML.
  CHECK_FALSE(looks_like_html("<!doctype"));
}

}  // namespace oit
