#include "generator/markdown.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
Result<RenderedMarkdown> md(std::string_view body, MarkdownOptions o = {}, int first_line = 1) {
  auto sc = [](const Shortcode& s) -> Result<std::string> {
    if (s.name != "table") return make_error(s.pos, "unknown shortcode `" + s.name + "`");
    return "<table data-file=\"" + s.positional.at(0) + "\" data-caption=\"" + s.get("caption") + "\"></table>";
  };
  return render_markdown(body, first_line, "content/a.md", o, sc, nullptr);
}
}  // namespace

TEST_CASE("GFM tables, strikethrough and autolinks render") {
  auto r = md("| ก | ข |\n|---|---|\n| 1 | 2 |\n\n~~old~~ https://www.example.go.th\n");
  REQUIRE(r.ok());
  CHECK(r->html.find("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"ตาราง\"><table>") !=
        std::string::npos);
  CHECK(r->html.find("</table></div>") != std::string::npos);
  CHECK(r->html.find("<th scope=\"col\">ก</th>") != std::string::npos);
  CHECK(r->html.find("<del>old</del>") != std::string::npos);
  CHECK(r->html.find("<a href=\"https://www.example.go.th\">") != std::string::npos);
}

TEST_CASE("table column alignment is a style, hard line breaks and thematic breaks are HTML <br> and <hr>") {
  // align="…" is obsolete HTML (the Nu HTML Checker warns); <br /> and <hr /> are XHTML syntax.
  auto r = md("| ก | ข | ค | ง |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n\nบรรทัดแรก  \nบรรทัดสอง\\\nบรรทัดสาม\n");
  REQUIRE(r.ok());
  CHECK(r->html.find("<th scope=\"col\" style=\"text-align: left\">ก</th>") != std::string::npos);
  CHECK(r->html.find("<th scope=\"col\" style=\"text-align: center\">ข</th>") != std::string::npos);
  CHECK(r->html.find("<td style=\"text-align: right\">3</td>") != std::string::npos);
  CHECK(r->html.find("<th scope=\"col\">ง</th>") != std::string::npos);  // no alignment asked: none written
  CHECK(r->html.find("align=") == std::string::npos);
  CHECK(r->html.find("<p>บรรทัดแรก<br>\nบรรทัดสอง<br>\nบรรทัดสาม</p>") != std::string::npos);
  CHECK(r->html.find("<br />") == std::string::npos);
  auto hr = md("ก\n\n---\n\n> ข\n>\n> ***\n\n- ค\n\n  ___\n");
  REQUIRE(hr.ok());
  CHECK(hr->html == "<p>ก</p>\n<hr>\n<blockquote>\n<p>ข</p>\n<hr>\n</blockquote>\n<ul>\n<li>\n<p>ค</p>\n<hr>\n</li>\n</ul>\n");
  // Only the breaks Markdown makes change: `<br />` as text in code stays text, raw HTML stays as written.
  auto code = md("`<br />`  \nx\n");
  REQUIRE(code.ok());
  CHECK(code->html == "<p><code>&lt;br /&gt;</code><br>\nx</p>\n");
  MarkdownOptions unsafe{true};
  auto raw = md("<p>ก<br />ข</p>\n", unsafe);
  REQUIRE(raw.ok());
  CHECK(raw->html == "<p>ก<br />ข</p>\n");
}

TEST_CASE("raw HTML and javascript: URLs are dropped unless the site opts in") {
  auto r = md("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x\">b</b>\n");
  REQUIRE(r.ok());
  CHECK(r->html.find("<script>") == std::string::npos);
  CHECK(r->html.find("javascript:") == std::string::npos);
  CHECK(r->html.find("onclick") == std::string::npos);
  MarkdownOptions unsafe{true};
  auto u = md("<b>bold</b> <script>x</script>\n", unsafe);
  REQUIRE(u.ok());
  CHECK(u->html.find("<b>bold</b>") != std::string::npos);
  CHECK(u->html.find("<script>") == std::string::npos);  // tagfilter still neutralises script
  // fuzz/regressions/markdown/script-slash-end: a browser ends the tag name at a lone `/` or the text's end.
  auto slash = md("<p><script/x>alert(1)</p>\n\n<div><SCRIPT/\n\n<p><script\f>alert(2)</p>\n", unsafe);
  REQUIRE(slash.ok());
  CHECK(slash->html == "<p>&lt;script/x>alert(1)</p>\n<div>&lt;SCRIPT/\n<p>&lt;script\f>alert(2)</p>\n");
}

TEST_CASE("shortcodes expand in place, outside code fences only") {
  auto r = md("intro\n{{< table \"procurement.csv\" caption=\"ตาราง \\\"ก\\\"\" >}}\nafter\n\n```\n{{< table \"x.csv\" >}}\n```\n");
  REQUIRE(r.ok());
  CHECK(r->html.find("<p>intro</p>\n<table data-file=\"procurement.csv\" data-caption=\"ตาราง \"ก\"\"></table>") !=
        std::string::npos);
  CHECK(r->html.find("<p>after</p>") != std::string::npos);
  CHECK(r->html.find("{{&lt; table &quot;x.csv&quot; &gt;}}") != std::string::npos);
}

TEST_CASE("shortcode errors carry file:line:col") {
  auto r = md("a\n\n  {{< table \"x.csv\" caption=\"open >}}\n", {}, 5);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().pos.line == 7);
  CHECK(r.error().message == "unterminated string in shortcode");
  auto inl = md("text {{< table \"a.csv\" >}} more\n");
  REQUIRE_FALSE(inl.ok());
  CHECK(inl.error().str().rfind("content/a.md:1:6: a shortcode must stand on a line of its own", 0) == 0);
  auto unknown = md("{{< chart \"a.csv\" >}}\n");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "unknown shortcode `chart`");
}

TEST_CASE("links are collected with file lines, after shortcodes too, and can be rewritten") {
  auto rewrite = [](const MarkdownLink& l) -> Result<std::string> {
    if (l.url == "missing.pdf") return make_error(l.pos, "no such file");
    return l.url == "a.pdf" ? std::string("/docs/a.pdf") : l.url;
  };
  auto r = render_markdown("# t\n{{< table \"a.csv\" >}}\n[pdf](a.pdf)\n\n![รูป](p.png)\n", 10, "c.md", {},
                           [](const Shortcode&) -> Result<std::string> { return std::string("<table></table>"); },
                           rewrite);
  REQUIRE(r.ok());
  REQUIRE(r->links.size() == 2);
  CHECK(r->links[0].url == "/docs/a.pdf");
  CHECK(r->links[0].pos.line == 12);
  CHECK(r->links[1].image);
  CHECK(r->links[1].pos.line == 14);
  CHECK(r->html.find("href=\"/docs/a.pdf\"") != std::string::npos);
  auto bad = render_markdown("x\n\n[m](missing.pdf)\n", 3, "c.md", {}, nullptr, rewrite);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pos.line == 5);
}

TEST_CASE("deeply nested block quotes do not crash") {
  std::string deep(10000, '>');
  deep += " x\n";
  auto r = md(deep);
  CHECK(r.ok());
}

TEST_CASE("links to files on the author's computer are errors naming the link") {
  for (auto [body, why] : std::vector<std::pair<std::string, std::string>>{
           {"[r](C:\\Users\\somchai\\report.pdf)\n", "a path on a Windows drive"},
           {"[r](d:/docs/report.pdf)\n", "a path on a Windows drive"},
           {"[r](file:///home/somchai/report.pdf)\n", "a file:// address on one computer"},
           {"![r](FILE://server/x.png)\n", "a file:// address on one computer"},
           {"[r](\\\\\\\\server\\share\\x.pdf)\n", "a path on a network share (browsers read it as //server/…, another site)"},
           {"[r](/\\\\evil.example/x)\n", "a path on a network share (browsers read it as //evil.example/…, another site)"},
           {"[r](docs\\report.pdf)\n", "a file path written with backslashes"}}) {
    CAPTURE(body);
    auto r = md("x\n\n" + body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().pos.line == 3);
    CHECK(r.error().message.find("` is " + why + ", not a web address") != std::string::npos);
    CHECK(r.error().hint.find("[รายงาน](report.pdf)") != std::string::npos);
  }
  // Web addresses that merely contain a colon or a backslash later on are not paths.
  auto ok = md("[a](https://example.go.th/a\\b) [b](mailto:a@b.go.th) [c](report.pdf) [d](/news/)\n");
  CHECK(ok.ok());
  // Addresses that hide where they go are errors in safe and unsafe mode alike (url_policy.h).
  for (MarkdownOptions o : {MarkdownOptions{false}, MarkdownOptions{true}}) {
    auto user = md("[r](https://www.example.go.th@evil.example/login)\n", o);
    REQUIRE_FALSE(user.ok());
    CHECK(user.error().message ==
          "link `https://www.example.go.th@evil.example/login` is not usable: it has a user name before its host "
          "(…@evil.example): browsers go to the host after the @");
    CHECK_FALSE(md("![r](https:\\\\evil.example\\x.png)\n", o).ok());
  }
}

TEST_CASE("safe mode keeps only web, mail and phone links; every other scheme loses its URL") {
  auto r = md("[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](&#106;avascript:x) [d](java&#x09;script:x) "
              "[e](livescript:x) [f](vbscript:x) [g](data:text/html,x) <javascript:alert(1)> ![h](javascript:x)\n\n"
              "[ok1](https://www.example.go.th/) [ok2](mailto:saraban@example.go.th) [ok3](tel:021234567) [ok4](/news/) "
              "[ok5](report.pdf) ![ok6](data:image/png;base64,iVBORw0KGgo=) [ok7](#top)\n");
  REQUIRE(r.ok());
  auto count = [&](std::string_view needle) {
    size_t n = 0;
    for (size_t at = r->html.find(needle); at != std::string::npos; at = r->html.find(needle, at + 1)) ++n;
    return n;
  };
  CHECK(count("href=\"\"") == 8);  // a–g and the autolink (whose text stays visible, as text)
  CHECK(count("src=\"\"") == 1);
  for (std::string bad : {"=\"javascript", "=\"JaVaScRiPt", "=\"java", "=\"livescript", "=\"vbscript", "=\"data:text"})
    CHECK_MESSAGE(r->html.find(bad) == std::string::npos, bad);
  for (std::string good : {"href=\"https://www.example.go.th/\"", "href=\"mailto:saraban@example.go.th\"", "href=\"tel:021234567\"",
                           "href=\"/news/\"", "href=\"report.pdf\"", "src=\"data:image/png;base64,iVBORw0KGgo=\"", "href=\"#top\""})
    CHECK_MESSAGE(r->html.find(good) != std::string::npos, good);
  REQUIRE(r->links.size() == 16);
  CHECK(r->links[0].url.empty());  // the build's link check sees the dropped URL as empty
  MarkdownOptions unsafe{true};
  auto u = md("[a](javascript:alert(1))\n", unsafe);
  REQUIRE(u.ok());
  CHECK(u->html.find("href=\"javascript:alert(1)\"") != std::string::npos);  // the site opted in
}

TEST_CASE("control characters in the Markdown are refused where they stand") {
  auto r = md("บรรทัดแรก\nข้อความ\vต่อ\n", {}, 5);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str().starts_with("content/a.md:6:8: control character U+000B: web pages cannot hold it"));
  CHECK_FALSE(md("a\x01\n").ok());
  CHECK_FALSE(md("```\ncode\x7f\n```\n").ok());
  CHECK(md("tab\tand\r\nCRLF\n").ok());
  CHECK(md("page\fbreak\n").ok());  // a form feed is HTML whitespace
  CHECK(md("page\fbreak\b\n").error().str().starts_with("content/a.md:1:11: control character U+0008"));
}
