#include "generator/serve.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace oit;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("oit-serve-test-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
};

}  // namespace

TEST_CASE("the source snapshot changes with every file that affects a build, and only with those") {
  TempDir site("snap");
  site.write("site.toml", "[site]\n");
  site.write("content/a.md", "a");
  site.write("themes/t/templates/page.html", "p");
  site.write("public/index.html", "built");  // output: not watched
  site.write("content/.a.md.swp", "editor");  // hidden: not watched
  SourceSnapshot s0 = snapshot_sources(site.path);
  CHECK(s0.size() == 3);
  CHECK(s0.count("site.toml"));
  CHECK(s0.count("content/a.md"));
  CHECK(s0.count("themes/t/templates/page.html"));

  site.write("content/.a.md.swp", "editor again");
  site.write("public/index.html", "rebuilt");
  CHECK(snapshot_sources(site.path) == s0);

  site.write("content/a.md", "ab");  // size changes
  SourceSnapshot s1 = snapshot_sources(site.path);
  CHECK(s1 != s0);
  // Same size, later modification time.
  fs::last_write_time(site.path / "content/a.md", fs::last_write_time(site.path / "content/a.md") + std::chrono::seconds(2));
  SourceSnapshot s2 = snapshot_sources(site.path);
  CHECK(s2 != s1);
  site.write("content/news/b.md", "b");  // a new folder and file
  CHECK(snapshot_sources(site.path).count("content/news/b.md"));
  fs::remove(site.path / "content/a.md");
  CHECK_FALSE(snapshot_sources(site.path).count("content/a.md"));
}

TEST_CASE("the reload script and the error panel go inside <body>, never changing the rest") {
  CHECK(inject_html("<html><body class=\"x\"><p>a</p></body></html>", "[T]", "[B]") ==
        "<html><body class=\"x\">[T]<p>a</p>[B]</body></html>");
  CHECK(inject_html("<HTML><BODY><p>a</p></BODY></HTML>", "", "[B]") == "<HTML><BODY><p>a</p>[B]</BODY></HTML>");
  CHECK(inject_html("<p>fragment</p>", "[T]", "[B]") == "[T]<p>fragment</p>[B]");
  std::string script = live_reload_script(42);
  CHECK(script.find("var v=\"42\"") != std::string::npos);
  CHECK(script.find("/__oit/version") != std::string::npos);
  CHECK(script.find("location.reload()") != std::string::npos);
}

TEST_CASE("source excerpt: numbered lines around the error, the offending one marked") {
  std::string text = "one\ntwo\nthree\nfour\nfive\nsix\n";
  CHECK(source_excerpt(text, 3) == "  1 | one\n  2 | two\n> 3 | three\n  4 | four\n  5 | five\n");
  CHECK(source_excerpt(text, 1, 1) == "> 1 | one\n  2 | two\n");
  CHECK(source_excerpt("a\r\nb\r\n", 2, 0) == "> 2 | b\n");
  std::string ten;
  for (int i = 1; i <= 10; ++i) ten += "l" + std::to_string(i) + "\n";
  CHECK(source_excerpt(ten, 9, 1) == "   8 | l8\n>  9 | l9\n  10 | l10\n");
  CHECK(source_excerpt(text, 0) == "");
  CHECK(source_excerpt(text, 99) == "");
}

TEST_CASE("the build error panel names file, line and message, shows the lines, and escapes everything") {
  TempDir site("panel");
  site.write("content/news/a.md", "+++\ntitle = \"<b>x</b>\"\ndate = 2025-02-30\n+++\nbody\n");
  Error e = make_error({"content/news/a.md", 3, 8}, "invalid `date`: 30 February <2025>", "write a real date");
  std::string panel = build_error_panel(e, site.path, true);
  CHECK(panel.find("role=\"alert\"") != std::string::npos);
  CHECK(panel.find("content/news/a.md:3:8") != std::string::npos);
  CHECK(panel.find("30 February &lt;2025&gt;") != std::string::npos);
  CHECK(panel.find("hint: write a real date") != std::string::npos);
  CHECK(panel.find("&gt; 3 | date = 2025-02-30") != std::string::npos);
  CHECK(panel.find("title = &quot;&lt;b&gt;x&lt;/b&gt;&quot;") != std::string::npos);
  CHECK(panel.find("<b>x</b>") == std::string::npos);
  CHECK(panel.find("ครั้งล่าสุด") != std::string::npos);  // says the last good site is shown below
  // No file on disk (the embedded theme): no excerpt, still the message.
  std::string bare = build_error_panel(make_error({"templates/page.html", 4, 1}, "unknown filter"), site.path, false);
  CHECK(bare.find("templates/page.html:4:1") != std::string::npos);
  CHECK(bare.find("<pre") == std::string::npos);
}

TEST_CASE("serving the built folder: index pages, redirects, 404 page, never outside the folder") {
  TempDir out("out");
  out.write("index.html", "<html><body>home</body></html>");
  out.write("news/index.html", "<html><body>news</body></html>");
  out.write("news/report.pdf", "%PDF-1.4");
  out.write("404.html", "<html><body>not here</body></html>");
  out.write(".hidden", "secret");
  TempDir outside("outside");
  outside.write("secret.txt", "outside secret");
  fs::create_symlink(outside.path / "secret.txt", out.path / "leak.txt");
  fs::create_symlink(outside.path, out.path / "leak-dir");

  ServedResponse r = serve_path(out.path, "/", "/");
  CHECK(r.status == 200);
  CHECK(r.body.find("home") != std::string::npos);
  CHECK(r.html);
  r = serve_path(out.path, "/news", "/");
  CHECK(r.status == 301);
  CHECK(r.location == "/news/");
  r = serve_path(out.path, "/news/report.pdf", "/");
  CHECK(r.status == 200);
  CHECK(r.content_type == "application/pdf");
  CHECK_FALSE(r.html);
  r = serve_path(out.path, "/missing/", "/");
  CHECK(r.status == 404);
  CHECK(r.body.find("not here") != std::string::npos);
  CHECK(r.html);
  // httplib hands over the decoded path: "//etc/passwd" is also what "/%2Fetc%2Fpasswd" becomes.
  for (const char* bad : {"/../serve_test", "/news/../../etc/passwd", "/.hidden", "/news/./report.pdf", "/a\\b", "//etc/passwd",
                          "/proc/self/environ", "//proc/self/environ", "/news//report.pdf", "/%2e%2e/x", "/leak.txt", "/leak-dir/"})
    CHECK_MESSAGE(serve_path(out.path, bad, "/").status == 404, bad);
  // "//tmp" once answered 301 to "//tmp/", which a browser reads as the host "tmp".
  r = serve_path(out.path, "//tmp", "/");
  CHECK(r.status == 404);
  CHECK(r.location.empty());
  // A redirect's Location is encoded: no raw bytes, no header injection.
  out.write("ข่าว/index.html", "<html><body>thai</body></html>");
  r = serve_path(out.path, "/ข่าว", "/");
  CHECK(r.status == 301);
  CHECK(r.location == "/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/");

  // A site published under a sub-path of its base_url.
  r = serve_path(out.path, "/", "/agency/");
  CHECK(r.status == 302);
  CHECK(r.location == "/agency/");
  r = serve_path(out.path, "/agency", "/agency/");
  CHECK(r.status == 301);
  CHECK(r.location == "/agency/");
  r = serve_path(out.path, "/agency/news/", "/agency/");
  CHECK(r.status == 200);
  CHECK(r.body.find("news") != std::string::npos);
  CHECK(serve_path(out.path, "/news/", "/agency/").status == 404);
}

TEST_CASE("a 404.html that is a symlink out of the folder is not served either") {
  TempDir out("out404");
  TempDir outside("outside404");
  outside.write("secret.html", "outside secret");
  fs::create_symlink(outside.path / "secret.html", out.path / "404.html");
  ServedResponse r = serve_path(out.path, "/missing", "/");
  CHECK(r.status == 404);
  CHECK(r.body.find("outside secret") == std::string::npos);
  CHECK_FALSE(r.html);
}

TEST_CASE("content types of the files a site publishes") {
  CHECK(content_type_for("a/index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("x.CSV") == "text/csv; charset=utf-8");
  CHECK(content_type_for("feed.xml") == "application/xml");
  CHECK(content_type_for("org-chart.svg") == "image/svg+xml");
  CHECK(content_type_for("a.b/noext") == "application/octet-stream");
  CHECK(content_type_for("procurement.xlsx") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // The DCAT catalogue: the checker's open-data audit asks for these types, so the preview must send them.
  CHECK(content_type_for("opendata/catalog.jsonld") == "application/ld+json");
  CHECK(content_type_for("opendata/catalog.ttl") == "text/turtle; charset=utf-8");
}
