#include "generator/url_policy.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("url policy: site paths, fragments, web, mail and phone addresses pass") {
  for (std::string_view ok : {"/news/", "news/", "report.pdf", "#main", "?page=2", "//cdn.example.go.th/x",
                              "https://www.example.go.th/a?b=c:d", "HTTP://WWW.EXAMPLE.GO.TH/", "mailto:saraban@example.go.th",
                              "TEL:021234567", "sms:+6621234567", "/a:b/", "/ข่าว\u200bสาร/",
                              "https://www.example.go.th/search?q=a\\b", "/news/%0d%0a/",
                              "https://example.go.th/a\\b"}) {
    CAPTURE(ok);
    CHECK(check_url(ok).ok());
  }
  CHECK(check_url("https://x.example/", UrlUse::WebAddress).ok());
  CHECK(check_url("data:image/png;base64,iVBORw0KGgo=", UrlUse::Image).ok());
}

TEST_CASE("url policy: backslashes lead browsers to another site and are refused everywhere") {
  // Browsers read \ as / in http(s) URLs: \\evil.example\x and /\evil.example are //evil.example/…
  UrlVerdict share = check_url("\\\\evil.example\\x");
  CHECK(share.problem == UrlProblem::LocalPath);
  CHECK(share.reason == "a path on a network share (browsers read it as //evil.example/…, another site)");
  CHECK(url_refusal_message("menu `url` \"\\\\evil.example\\x\"", share) ==
        "menu `url` \"\\\\evil.example\\x\" is a path on a network share (browsers read it as //evil.example/…, another "
        "site), not a web address");
  CHECK(url_refusal_message("link `javascript:x`", check_url("javascript:x")) ==
        "link `javascript:x` is not usable: links with `javascript:` are not allowed (only http, https, mailto, tel and sms, "
        "and links within the site)");
  CHECK(check_url("/\\evil.example/x").problem == UrlProblem::LocalPath);
  CHECK(check_url("\\/evil.example/x").problem == UrlProblem::LocalPath);
  CHECK(check_url("docs\\report.pdf").reason == "a file path written with backslashes");
  CHECK(check_url("https:\\\\evil.example").problem == UrlProblem::Malformed);
  CHECK(check_url("https://www.example.go.th\\@evil.example/").problem == UrlProblem::Malformed);
  CHECK(check_url("C:\\Users\\a.pdf").reason == "a path on a Windows drive");
  CHECK(check_url("c:/Users/a.pdf").reason == "a path on a Windows drive");
  CHECK(check_url("FILE:///etc/passwd").reason == "a file:// address on one computer");
}

TEST_CASE("url policy: script schemes, however disguised, are refused") {
  for (std::string_view bad : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox", "livescript:x",
                               "data:text/html,<script>alert(1)</script>", "DATA:text/html,x"}) {
    CAPTURE(bad);
    CHECK(check_url(bad).problem == UrlProblem::Scheme);
    CHECK(check_url(bad, UrlUse::Image).problem == UrlProblem::Scheme);
  }
  CHECK(check_url("javascript:alert(1)").reason ==
        "links with `javascript:` are not allowed (only http, https, mailto, tel and sms, and links within the site)");
  CHECK(check_url("data:image/svg+xml,<svg/onload=alert(1)>", UrlUse::Image).problem == UrlProblem::Scheme);
  CHECK(check_url("data:image/png;base64,AAAA").problem == UrlProblem::Scheme);  // an image format, but in a link
  CHECK(check_url("data:image/pngx,AAAA", UrlUse::Image).problem == UrlProblem::Scheme);
  // What a browser drops or trims before reading the scheme is refused in itself.
  for (std::string_view bad : {"java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)",
                               "/news/\x7f", "/news/\xc2\x85", " /news/", "/news/ "}) {
    CAPTURE(bad);
    CHECK(check_url(bad).problem == UrlProblem::Disguised);
  }
  CHECK(check_url("java\tscript:alert(1)").reason.find("control characters (U+0009)") != std::string::npos);
  // Invisible and bidirectional characters in the scheme or host: a host that reads as another.
  CHECK(check_url("https://www.example.go.th\u202e/").problem == UrlProblem::Disguised);
  // A zero-width space inside the would-be scheme makes it no scheme at all: a browser reads a relative path.
  CHECK(check_url("java\u200bscript:alert(1)").ok());
  CHECK(check_url("\u200b//evil.example/").ok());
  CHECK(check_url("https://www\u00a0.example.go.th/").problem == UrlProblem::Disguised);
}

TEST_CASE("url policy: web addresses need their host written in full, without a user name") {
  CHECK(check_url("https:evil.example").problem == UrlProblem::Malformed);
  CHECK(check_url("https:///evil.example").problem == UrlProblem::Malformed);
  CHECK(check_url("https://").problem == UrlProblem::Malformed);
  UrlVerdict user = check_url("https://www.example.go.th@evil.example/login");
  CHECK(user.problem == UrlProblem::Malformed);
  CHECK(user.reason == "it has a user name before its host (…@evil.example): browsers go to the host after the @");
  CHECK(check_url("//www.example.go.th@evil.example/").problem == UrlProblem::Malformed);
  CHECK(check_url("").reason == "it is empty");
  CHECK(check_url("/news/", UrlUse::WebAddress).reason == "it has no http:// or https:// in front");
  CHECK(check_url("mailto:a@example.go.th", UrlUse::WebAddress).reason == "only http and https URLs can be served");
}
