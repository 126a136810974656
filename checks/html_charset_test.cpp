#include "checks/html_charset.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
// "ไม่รับของขวัญ" (No Gift) in CP874: one byte per Thai letter.
const std::string kThaiCp874 = "\xE4\xC1\xE8\xC3\xD1\xBA\xA2\xCD\xA7\xA2\xC7\xD1\xAD";
const std::string kThaiUtf8 = "ไม่รับของขวัญ";
}  // namespace

TEST_CASE("charset of a Content-Type header and of a page's meta tags") {
  CHECK(charset_parameter("text/html; charset=TIS-620") == "tis-620");
  CHECK(charset_parameter("text/html;charset=\"windows-874\"") == "windows-874");
  CHECK(charset_parameter("text/html") == "");
  CHECK(meta_charset("<html><head><meta charset=\"windows-874\"><title>") == "windows-874");
  CHECK(meta_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=tis-620\">") == "tis-620");
  CHECK(meta_charset("<meta name=x content=y><p>charset=tis-620</p>") == "");
  CHECK(meta_charset(std::string(9000, ' ') + "<meta charset=tis-620>") == "");  // not in the head's first 8 KiB
  CHECK(is_cp874_label("TIS-620"));
  CHECK(is_cp874_label("iso-8859-11"));
  CHECK_FALSE(is_cp874_label("utf-8"));
}

TEST_CASE("a TIS-620 page is decoded when the header, a meta tag or its bytes say so") {
  std::string page = "<html><head><meta charset=\"windows-874\"></head><body>" + kThaiCp874 + "</body></html>";
  auto meta = html_as_utf8(page, "");
  REQUIRE(meta);
  CHECK(meta->find(kThaiUtf8) != std::string::npos);
  std::string bare = "<html><body>" + kThaiCp874 + "</body></html>";
  auto header = html_as_utf8(bare, "tis-620");
  REQUIRE(header);
  CHECK(header->find(kThaiUtf8) != std::string::npos);
  auto detected = html_as_utf8(bare, "");  // no charset anywhere: the bytes are Thai CP874, not UTF-8
  REQUIRE(detected);
  CHECK(*detected == "<html><body>" + kThaiUtf8 + "</body></html>");
}

TEST_CASE("UTF-8 pages, BOMs and other declared charsets are left as they are") {
  CHECK_FALSE(html_as_utf8("<body>" + kThaiUtf8, ""));
  CHECK_FALSE(html_as_utf8("\xEF\xBB\xBF<meta charset=tis-620><body>" + kThaiUtf8, ""));
  CHECK_FALSE(html_as_utf8("<body>" + kThaiCp874, "utf-8"));  // the header wins, as in a browser
  CHECK_FALSE(html_as_utf8("<body>\xC0\xC1\x80\x81\x82 binary junk", ""));  // invalid UTF-8, not Thai either
}
