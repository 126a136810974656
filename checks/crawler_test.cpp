#include "checks/crawler.h"

#include <doctest/doctest.h>

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace oit;

namespace {

const auto kNoDeadline = std::chrono::steady_clock::time_point::max();

// A website in memory: URL → answer. It records every question, so tests see what the crawler asked
// (and with or without the body), and answers 404 for what it does not hold.
struct FakeSource : Source {
  std::string prefix;  // covers only URLs starting with it ("" = every URL)
  std::map<std::string, FetchResult> answers;
  std::vector<std::pair<std::string, bool>> asked;  // (url, want_body)

  void page(const std::string& url, const std::string& html) { put(url, html, "text/html"); }
  void put(const std::string& url, const std::string& body, const std::string& type, int status = 200) {
    FetchResult r;
    r.url = r.final_url = url;
    r.status = status;
    r.body = body;
    r.content_type = type;
    answers[url] = r;
  }
  bool covers(const Url& u) const override { return u.str().starts_with(prefix); }
  void fetch(const std::vector<std::string>& urls, bool want_body, std::chrono::steady_clock::time_point,
             const OnAnswers& on_answers) override {
    AnswerBatch batch;
    for (size_t i = 0; i < urls.size(); ++i) {
      asked.emplace_back(urls[i], want_body);
      auto it = answers.find(urls[i]);
      FetchResult r;
      if (it != answers.end()) {
        r = it->second;
      } else {
        r.url = r.final_url = urls[i];
        r.status = 404;
        r.content_type = "text/html";
        r.body = "<!doctype html><p>not found</p>";
      }
      if (!want_body) r.body.clear();
      batch.emplace_back(i, std::move(r));
      if (batch.size() == 2) {  // small batches: the crawler must not depend on their size
        on_answers(batch);
        batch.clear();
      }
    }
    if (!batch.empty()) on_answers(batch);
  }
  // How the URL was asked for: "GET", "HEAD", or "" when it never was.
  std::string how(const std::string& url) const {
    std::string r;
    for (const auto& [u, body] : asked)
      if (u == url) r += r.empty() ? (body ? "GET" : "HEAD") : body ? "+GET" : "+HEAD";
    return r;
  }
};

const std::string kSite = "https://www.example.go.th/";

SiteData site_at(const std::string& base) {
  SiteData s;
  s.base = *parse_url(base);
  return s;
}

std::string link(const std::string& href) { return "<a href=\"" + href + "\">x</a>"; }

}  // namespace

TEST_CASE("Crawler over a URL target: items, then same-site pages within --depth; the rest by status only") {
  FakeSource web;
  web.page(kSite, "<!doctype html><title>home</title>" + link("news.html"));
  web.page(kSite + "item.html", "<!doctype html><main>" + link("a.html") + link("report.pdf") +
                                    link("https://other.example.com/x") + link("mailto:a@b") + "</main>");
  web.page(kSite + "a.html", "<!doctype html>" + link("b.html") + link("a.css"));
  web.page(kSite + "b.html", "<!doctype html>" + link("c.html"));
  web.put(kSite + "report.pdf", "%PDF-1.4 not really", "application/pdf");
  web.page(kSite + "news.html", "<!doctype html>");
  SiteData site = site_at(kSite);
  CrawlOptions o;
  o.depth = 1;
  Crawler crawler(o, site, nullptr, web, kNoDeadline);
  crawler.run({kSite + "item.html"}, {kSite});

  CHECK(web.how(kSite + "item.html") == "GET");
  CHECK(web.how(kSite) == "GET");
  CHECK(web.how(kSite + "a.html") == "GET");        // one link from an item: within --depth 1
  CHECK(web.how(kSite + "news.html") == "GET");     // one link from the home page
  CHECK(web.how(kSite + "b.html") == "HEAD");       // two links away: its status only
  CHECK(web.how(kSite + "c.html") == "");           // linked only from a page not read
  CHECK(web.how(kSite + "a.css") == "HEAD");        // assets are never read
  CHECK(web.how(kSite + "report.pdf") == "GET");    // an item's attachment is evidence: its content is read
  CHECK(web.how("https://other.example.com/x") == "HEAD");
  CHECK(web.asked.size() == 8);                     // each URL asked once; mailto: never
  // Pages read, in a stable order.
  CHECK(site.pages == std::vector<std::string>{kSite, kSite + "a.html", kSite + "item.html", kSite + "news.html"});
  REQUIRE(site.find("https://other.example.com/x"));
  CHECK(site.find("https://other.example.com/x")->external);
  CHECK(site.find("https://other.example.com/x")->checked);
  REQUIRE(site.find(kSite + "report.pdf"));
  CHECK(site.find(kSite + "report.pdf")->body_bytes == 19);
  // The item page keeps its text (evidence); other pages only their links and ids.
  REQUIRE(site.find(kSite + "item.html")->page);
  REQUIRE(site.find(kSite + "news.html")->page);
  CHECK(site.find(kSite + "b.html")->fetch.status == 200);
  CHECK_FALSE(site.find(kSite + "b.html")->page);
}

TEST_CASE("Crawler: --depth 0 reads the items only, --max-pages bounds the pages read") {
  FakeSource web;
  web.page(kSite + "item.html", "<!doctype html>" + link("a.html"));
  web.page(kSite + "a.html", "<!doctype html>" + link("b.html"));
  SiteData site = site_at(kSite);
  CrawlOptions o;
  o.depth = 0;
  Crawler crawler(o, site, nullptr, web, kNoDeadline);
  crawler.run({kSite + "item.html"}, {});
  CHECK(web.how(kSite + "a.html") == "HEAD");
  CHECK(site.pages == std::vector<std::string>{kSite + "item.html"});

  FakeSource web2 = web;
  web2.asked.clear();
  SiteData site2 = site_at(kSite);
  o.depth = 5;
  o.max_pages = 1;
  Crawler bounded(o, site2, nullptr, web2, kNoDeadline);
  bounded.run({kSite + "item.html"}, {});
  CHECK(site2.pages == std::vector<std::string>{kSite + "item.html"});
  // Past the bound a page linked from a read one is still checked, but its links are not followed.
  CHECK(web2.how(kSite + "a.html") == "GET");
  CHECK(web2.how(kSite + "b.html") == "");
}

TEST_CASE("Crawler: --no-external and --offline leave URLs unasked and say so, never as checked") {
  FakeSource web;
  web.page(kSite + "item.html", "<!doctype html>" + link("https://other.example.com/x") + link("a.html"));
  SiteData site = site_at(kSite);
  CrawlOptions o;
  o.no_external = true;
  Crawler crawler(o, site, nullptr, web, kNoDeadline);
  crawler.run({kSite + "item.html"}, {});
  CHECK(web.how("https://other.example.com/x") == "");
  CHECK(web.how(kSite + "a.html") == "GET");
  const SiteResource* ext = site.find("https://other.example.com/x");
  REQUIRE(ext);
  CHECK_FALSE(ext->checked);
  CHECK(ext->fetch.error == "not checked (--no-external)");

  FakeSource nothing;
  SiteData offline_site = site_at(kSite);
  o.offline = true;
  Crawler offline(o, offline_site, nullptr, nothing, kNoDeadline);
  offline.run({kSite + "item.html"}, {kSite});
  CHECK(nothing.asked.empty());
  REQUIRE(offline_site.find(kSite + "item.html"));
  CHECK_FALSE(offline_site.find(kSite + "item.html")->checked);
  CHECK(offline_site.find(kSite + "item.html")->fetch.error == "not checked (--offline)");
  CHECK(offline_site.pages.empty());
}

TEST_CASE("Crawler over a folder: every page is read from it, links are not followed, the rest goes remote") {
  FakeSource folder;
  folder.prefix = kSite;
  folder.page(kSite + "index.html", "<!doctype html>" + link("item.html") + link("gone.html"));
  folder.page(kSite + "item.html", "<!doctype html>" + link("https://other.example.com/x") + link("form.docx"));
  folder.put(kSite + "form.docx", "not a zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  FakeSource web;
  web.prefix = "";
  SiteData site = site_at(kSite);
  CrawlOptions o;
  o.depth = 0;  // a folder's pages are all read whatever the depth
  Crawler crawler(o, site, &folder, web, kNoDeadline);
  crawler.run({kSite + "item.html"}, {kSite + "index.html", kSite + "item.html"});
  CHECK(folder.how(kSite + "item.html") == "GET");
  CHECK(folder.how(kSite + "index.html") == "GET");
  CHECK(folder.how(kSite + "gone.html") == "HEAD");
  CHECK(folder.how(kSite + "form.docx") == "GET");  // the item's attachment
  CHECK(web.asked == std::vector<std::pair<std::string, bool>>{{"https://other.example.com/x", false}});
  CHECK(site.pages == std::vector<std::string>{kSite + "index.html", kSite + "item.html"});
  CHECK(site.find(kSite + "gone.html")->fetch.status == 404);
  CHECK(site.find(kSite + "form.docx")->content_problem == "ไม่ใช่ไฟล์ DOCX ที่เปิดได้");
}

TEST_CASE("Crawler::get: open-data files from the folder or the remote source, within the options") {
  FakeSource folder;
  folder.prefix = kSite;
  folder.put(kSite + "data/a.csv", "a,b\n1,2\n", "text/csv");
  FakeSource web;
  web.put("https://data.example.com/b.csv", "x\n", "text/csv");
  SiteData site = site_at(kSite);
  CrawlOptions o;
  Crawler crawler(o, site, &folder, web, kNoDeadline);
  auto got = crawler.get({kSite + "data/a.csv", "https://data.example.com/b.csv", "ftp://x/y"});
  REQUIRE(got.size() == 3);
  CHECK(got[0].body == "a,b\n1,2\n");
  CHECK(got[1].body == "x\n");
  CHECK(web.how("https://data.example.com/b.csv") == "GET");
  CHECK(got[2].error == "not an http(s) URL");

  o.no_external = true;
  FakeSource web2;
  Crawler inside(o, site, &folder, web2, kNoDeadline);
  auto only_ours = inside.get({kSite + "data/a.csv", "https://data.example.com/b.csv"});
  CHECK(only_ours[0].ok());
  CHECK(only_ours[1].error == "not checked (--no-external)");
  CHECK(web2.asked.empty());
}

TEST_CASE("CachedSource answers status questions about cacheable URLs from the cache; bodies never") {
  FakeSource web;
  web.put("https://other.example.com/x", "", "text/html");
  web.put(kSite + "a.html", "<!doctype html>", "text/html");
  FetchCache cache;
  int hits = 0;
  CachedSource cached(web, cache, std::chrono::seconds(3600),
                      [](const std::string& url) { return !url.starts_with(kSite); }, [&hits] { ++hits; });
  const std::vector<std::string> urls = {"https://other.example.com/x", kSite + "a.html", "https://other.example.com/gone"};
  auto first = cached.fetch_all(urls, false, kNoDeadline);
  CHECK(first[0].status == 200);
  CHECK(first[2].status == 404);
  CHECK(web.asked.size() == 3);
  CHECK(cache.size() == 2);  // the site's own page is not kept
  web.asked.clear();
  auto second = cached.fetch_all(urls, false, kNoDeadline);
  CHECK(web.asked == std::vector<std::pair<std::string, bool>>{{kSite + "a.html", false}});
  CHECK(hits == 2);
  CHECK(second[0].status == 200);
  CHECK(second[0].from_cache);
  CHECK(second[2].status == 404);
  CHECK(second[1].url == kSite + "a.html");  // answers stay at their own index
  web.asked.clear();
  cached.fetch_all(urls, true, kNoDeadline);
  CHECK(web.asked.size() == 3);
}

TEST_CASE("FolderSource reads a built folder; past the deadline it reads nothing and says so") {
  auto root = std::filesystem::temp_directory_path() / ("oit-folder-source-" + std::to_string(getpid()));
  std::filesystem::create_directories(root / "a");
  std::ofstream(root / "a" / "index.html") << "<!doctype html><p>a</p>";
  LocalSite local(root, *parse_url(kSite));
  FolderSource folder(local, 2);
  CHECK(folder.covers(*parse_url(kSite + "x")));
  CHECK_FALSE(folder.covers(*parse_url("https://other.example.com/")));
  std::vector<std::string> urls = {kSite + "a/", kSite + "a", kSite + "none.html"};
  auto got = folder.fetch_all(urls, true, kNoDeadline);
  CHECK(got[0].status == 200);
  CHECK(got[0].body == "<!doctype html><p>a</p>");
  CHECK(got[1].status == 200);  // after one 301 hop to the folder's index, as nginx does
  CHECK(got[1].redirects.size() == 1);
  CHECK(got[1].final_url == kSite + "a/");
  CHECK(got[2].status == 404);
  auto late = folder.fetch_all(urls, true, std::chrono::steady_clock::now() - std::chrono::seconds(1));
  for (const auto& r : late) {
    CHECK(r.cut == Cut::Deadline);
    CHECK(r.body.empty());
  }
  std::filesystem::remove_all(root);
}

TEST_CASE("Crawler: an item's XLSX and DOCX attachments are read into sheets and text; a broken one says why") {
  auto root = std::filesystem::temp_directory_path() / ("oit-crawler-xlsx-" + std::to_string(getpid()) + ".xlsx");
  lxw_workbook* wb = workbook_new(root.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "O12");
  worksheet_write_string(ws, 0, 0, "งานที่จัดซื้อจัดจ้าง", nullptr);
  worksheet_write_string(ws, 1, 0, "จ้างเหมาทำความสะอาด", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  std::ifstream in(root, std::ios::binary);
  std::string xlsx((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(root);

  FakeSource web;
  web.page(kSite + "item.html", "<!doctype html><main>" + link("a.xlsx") + link("b.docx") + link("c.xlsx") +
                                    link("d.xlsx") + "</main>");
  web.page(kSite + "other.html", "<!doctype html>" + link("e.xlsx"));
  web.put(kSite + "a.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  web.put(kSite + "b.docx", std::string("PK\x03\x04", 4) + "cut short", "application/octet-stream");
  web.put(kSite + "c.xlsx", "<!doctype html><p>ไม่พบไฟล์</p>", "application/octet-stream");
  web.put(kSite + "d.xlsx", "not a zip at all", "application/octet-stream");
  web.put(kSite + "e.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  SiteData site = site_at(kSite);
  CrawlOptions o;
  o.depth = 1;
  Crawler crawler(o, site, nullptr, web, kNoDeadline);
  crawler.run({kSite + "item.html"}, {kSite + "other.html"});

  const SiteResource* a = site.find(kSite + "a.xlsx");
  REQUIRE(a);
  REQUIRE(a->sheets.size() == 1);
  CHECK(a->sheets[0].caption == "O12");
  CHECK(a->sheets[0].headers == std::vector<std::string>{"งานที่จัดซื้อจัดจ้าง"});
  CHECK(a->sheets[0].rows == std::vector<std::vector<std::string>>{{"จ้างเหมาทำความสะอาด"}});
  CHECK(a->office_error == "");
  CHECK(a->office_limit == "");
  CHECK(a->content_problem == "");
  const SiteResource* b = site.find(kSite + "b.docx");
  REQUIRE(b);
  CHECK_FALSE(b->doc_text);
  CHECK(b->office_error.find("damaged ZIP") != std::string::npos);
  CHECK(site.find(kSite + "c.xlsx")->content_problem.starts_with("ไม่ใช่ไฟล์ XLSX (เซิร์ฟเวอร์ส่งหน้าเว็บ"));
  CHECK(site.find(kSite + "d.xlsx")->content_problem == "ไม่ใช่ไฟล์ XLSX ที่เปิดได้");
  CHECK(site.find(kSite + "d.xlsx")->sheets.empty());
  // Linked only from a page that is not an item's: its status, not its content.
  CHECK(web.how(kSite + "e.xlsx") == "HEAD");
  CHECK(site.find(kSite + "e.xlsx")->sheets.empty());
}
