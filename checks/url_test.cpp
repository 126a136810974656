#include "checks/url.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
std::string res(std::string_view base, std::string_view ref) {
  auto b = parse_url(base);
  REQUIRE(b.ok());
  auto u = resolve_url(*b, ref);
  return u ? u->str(true) : std::string("<none>");
}
}  // namespace

TEST_CASE("parse_url normalises scheme, host, default port and empty path") {
  auto u = parse_url("HTTPS://WWW.Example.GO.TH:443");
  REQUIRE(u.ok());
  CHECK(u->str() == "https://www.example.go.th/");
  CHECK(u->port == 0);
  CHECK(u->effective_port() == 443);
  auto v = parse_url("http://127.0.0.1:8080/a/./b/../c?x=1#top");
  REQUIRE(v.ok());
  CHECK(v->str() == "http://127.0.0.1:8080/a/c?x=1");
  CHECK(v->str(true) == "http://127.0.0.1:8080/a/c?x=1#top");
  CHECK(v->origin() == "http://127.0.0.1:8080");
}

TEST_CASE("parse_url refuses relative and malformed URLs with a message") {
  CHECK_FALSE(parse_url("/news/").ok());
  CHECK(parse_url("/news/").error().message.find("absolute") != std::string::npos);
  CHECK_FALSE(parse_url("http:///path").ok());
  CHECK_FALSE(parse_url("http://host:99999/").ok());
  CHECK_FALSE(parse_url("http://host:8x/").ok());
}

TEST_CASE("RFC 3986 section 5.4 reference resolution examples") {
  const char* base = "http://a/b/c/d;p?q";
  CHECK(res(base, "g") == "http://a/b/c/g");
  CHECK(res(base, "./g") == "http://a/b/c/g");
  CHECK(res(base, "g/") == "http://a/b/c/g/");
  CHECK(res(base, "/g") == "http://a/g");
  CHECK(res(base, "//g") == "http://g/");
  CHECK(res(base, "?y") == "http://a/b/c/d;p?y");
  CHECK(res(base, "g?y") == "http://a/b/c/g?y");
  CHECK(res(base, "#s") == "http://a/b/c/d;p?q#s");
  CHECK(res(base, "") == "http://a/b/c/d;p?q");
  CHECK(res(base, ".") == "http://a/b/c/");
  CHECK(res(base, "..") == "http://a/b/");
  CHECK(res(base, "../g") == "http://a/b/g");
  CHECK(res(base, "../../g") == "http://a/g");
  CHECK(res(base, "../../../g") == "http://a/g");
  CHECK(res(base, "/./g") == "http://a/g");
  CHECK(res(base, "g.") == "http://a/b/c/g.");
  CHECK(res(base, "g;x=1/../y") == "http://a/b/c/y");
  CHECK(res(base, "g#s/../x") == "http://a/b/c/g#s/../x");
}

TEST_CASE("a raw Thai path and its percent-encoded form are the same URL") {
  const char* base = "https://www.example.go.th/oit/o7/";
  std::string raw = res(base, "รายงาน ประจำปี.pdf");
  std::string enc = res(base, "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20"
                              "%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%88%E0%B8%B3%E0%B8%9B%E0%B8%B5.pdf");
  std::string lower_hex = res(base, "%e0%b8%a3%e0%b8%b2%e0%b8%a2%e0%b8%87%e0%b8%b2%e0%b8%99%20"
                                    "%e0%b8%9b%e0%b8%a3%e0%b8%b0%e0%b8%88%e0%b8%b3%e0%b8%9b%e0%b8%b5.pdf");
  CHECK(raw == enc);
  CHECK(raw == lower_hex);
  CHECK(raw.starts_with("https://www.example.go.th/oit/o7/%E0%B8%A3"));
  CHECK(percent_decode(parse_url(raw)->path) == "/oit/o7/รายงาน ประจำปี.pdf");
}

TEST_CASE("percent-encoding normalisation keeps reserved escapes and decodes unreserved ones") {
  CHECK(normalize_percent_encoding("%7euser/%41b") == "~user/Ab");
  CHECK(normalize_percent_encoding("a%2fb") == "a%2Fb");  // an encoded slash is not a slash
  CHECK(normalize_percent_encoding("50%") == "50%25");
  CHECK(normalize_percent_encoding("a b\"c") == "a%20b%22c");
  CHECK(percent_decode("a%2Fb%zz") == "a/b%zz");
}

TEST_CASE("resolve_url cleans attribute values as browsers do") {
  CHECK(res("https://x.go.th/a/b", "  \n/c\td/e \n") == "https://x.go.th/cd/e");
  CHECK(res("https://x.go.th/a/b", "..\\c\\d") == "https://x.go.th/c/d");
  CHECK(res("http://x.go.th/a/b", "http:c") == "http://x.go.th/a/c");  // same scheme, no authority
  CHECK(res("https://x.go.th/a/b", "mailto:saraban@x.go.th") == "mailto:saraban@x.go.th");
  CHECK(res("https://x.go.th/a/b", "tel:021234567") == "tel:021234567");
  CHECK(res("https://x.go.th/a/b", "//cdn.x.go.th:443/s.js") == "https://cdn.x.go.th/s.js");
  CHECK(res("https://x.go.th/a/b", "http://[bad") == "<none>");
  CHECK(res("https://x.go.th/a/b", "/%2e%2e/%2E/c") == "https://x.go.th/c");  // encoded dots are dots
}

TEST_CASE("registered domain and same site") {
  CHECK(registered_domain("www.example.go.th") == "example.go.th");
  CHECK(registered_domain("example.go.th") == "example.go.th");
  CHECK(registered_domain("eservice.dept.ac.th") == "dept.ac.th");
  CHECK(registered_domain("WWW.Example.COM.") == "example.com");
  CHECK(registered_domain("127.0.0.1") == "127.0.0.1");
  CHECK(registered_domain("localhost") == "localhost");
  CHECK(registered_domain("go.th") == "go.th");
  auto a = parse_url("https://www.example.go.th/");
  auto b = parse_url("http://example.go.th:8080/oit/");
  auto c = parse_url("https://example2.go.th/");
  auto d = parse_url("https://other.go.th/");
  CHECK(same_site(*a, *b));
  CHECK_FALSE(same_site(*a, *c));
  CHECK_FALSE(same_site(*a, *d));
  CHECK_FALSE(same_site(*parse_url("https://a.github.io/"), *parse_url("https://b.github.io/")));
}

TEST_CASE("url_extension reads the last path segment") {
  CHECK(url_extension(*parse_url("https://x/a/Report.PDF?x=1")) == "pdf");
  CHECK(url_extension(*parse_url("https://x/a.b/")) == "");
  CHECK(url_extension(*parse_url("https://x/%E0%B8%81.xlsx")) == "xlsx");
}
