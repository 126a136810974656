#include "generator/build.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace oit;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void spit(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  // A new mtime even on filesystems with coarse timestamps.
  fs::last_write_time(p, fs::last_write_time(p) + std::chrono::seconds(1));
}
// A copy of tests/fixtures/base-site (the unit tests run from the repository root).
fs::path copy_fixture(const char* tag) {
  fs::path dir = fs::temp_directory_path() / ("oit-build-test-" + std::string(tag) + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "site");
  fs::copy("tests/fixtures/base-site", dir / "site", fs::copy_options::recursive);
  return dir;
}
// Options of a Builder as oit serve makes one, building the copy in `dir` into dir/public.
BuildOptions serve_options(const fs::path& dir) {
  BuildOptions opt;
  opt.source = dir / "site";
  opt.out = dir / "public";
  opt.jobs = 2;
  opt.remember_stages = true;
  return opt;
}
}  // namespace

TEST_CASE("a second build of the same Builder redoes only what changed") {
  fs::path dir = copy_fixture("incr");
  BuildOptions opt = serve_options(dir);
  Builder b(opt);
  auto first = b.build();
  REQUIRE_MESSAGE(first.ok(), first.error().str());
  CHECK(b.last_reuse().sources_read == 5);  // 4 pages + 1 CSV
  CHECK(b.last_reuse().pages_kept == 0);

  // Nothing changed: nothing read, nothing rendered, nothing written but the manifest (its time moves).
  auto same = b.build();
  REQUIRE(same.ok());
  CHECK(b.last_reuse().sources_read == 0);
  CHECK(b.last_reuse().markdown_rendered == 0);
  CHECK(b.last_reuse().pages_kept == 4);
  CHECK(b.last_reuse().files_written <= 1);

  // One page's body: one file read, one Markdown render, one page rendered.
  fs::path news = opt.source / "content/news/meeting.md";
  spit(news, "+++\ntitle = \"ประชุมคณะทำงาน ITA\"\ndate = 2025-01-15\nsummary = \"ประชุมเตรียมการประเมิน\"\n+++\nเนื้อหาใหม่ล่าสุด\n");
  auto edited = b.build();
  REQUIRE(edited.ok());
  CHECK(b.last_reuse().sources_read == 1);
  CHECK(b.last_reuse().markdown_rendered == 1);
  CHECK(b.last_reuse().pages_kept == 3);
  CHECK(slurp(opt.out / "news/meeting/index.html").find("เนื้อหาใหม่ล่าสุด") != std::string::npos);

  // A CSV: re-rendered is the page that shows it, and its JSON copy is rewritten.
  fs::path csv = opt.source / "content/procurement/monthly/procurement.csv";
  spit(csv, slurp(csv) + "3,จัดซื้อหมึกพิมพ์,4200,2024-12\n");
  auto data = b.build();
  REQUIRE(data.ok());
  CHECK(b.last_reuse().sources_read == 1);
  CHECK(b.last_reuse().markdown_rendered == 1);
  CHECK(b.last_reuse().pages_kept == 3);
  CHECK(slurp(opt.out / "procurement/monthly/index.html").find("จัดซื้อหมึกพิมพ์") != std::string::npos);
  CHECK(slurp(opt.out / "procurement/monthly/procurement.json").find("จัดซื้อหมึกพิมพ์") != std::string::npos);

  // A failed build leaves the live site as it was.
  spit(news, "+++\ntitle = \"x\"\ndate = 2025-02-30\n+++\nพัง\n");
  CHECK_FALSE(b.build().ok());
  CHECK(slurp(opt.out / "news/meeting/index.html").find("เนื้อหาใหม่ล่าสุด") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("an edit reaches every page whose context shows it, and only those are looked at again") {
  fs::path dir = copy_fixture("near");
  BuildOptions opt = serve_options(dir);
  const fs::path bundle = opt.source / "content/procurement/monthly";
  spit(bundle / "notes.txt", "short");
  // A section outside the news feed (whose titles are on every page): its pages are seen only by it.
  fs::create_directories(opt.source / "content/reports");
  fs::path section = opt.source / "content/reports/_index.md", annual = opt.source / "content/reports/annual.md";
  spit(section, "+++\ntitle = \"รายงาน\"\n+++\n");
  spit(annual, "+++\ntitle = \"รายงานประจำปี\"\n+++\nเนื้อหา\n");
  Builder b(opt);
  REQUIRE(b.build().ok());
  CHECK(slurp(opt.out / "procurement/monthly/index.html").find("(TXT, 5 B)") != std::string::npos);

  // A page's new title: in its section's list of children; nothing else is rendered.
  spit(annual, "+++\ntitle = \"รายงานผลการดำเนินงานประจำปี\"\n+++\nเนื้อหา\n");
  REQUIRE(b.build().ok());
  CHECK(slurp(opt.out / "reports/index.html").find("รายงานผลการดำเนินงานประจำปี") != std::string::npos);
  CHECK(b.last_reuse().pages_kept == 4);

  // A section's new title: in the breadcrumbs of the pages under it.
  spit(section, "+++\ntitle = \"หมวดรายงาน\"\n+++\n");
  REQUIRE(b.build().ok());
  CHECK(slurp(opt.out / "reports/annual/index.html").find(">หมวดรายงาน<") != std::string::npos);

  // An attachment's new size, on its page.
  spit(bundle / "notes.txt", std::string(2048, 'x'));
  REQUIRE(b.build().ok());
  CHECK(slurp(opt.out / "procurement/monthly/index.html").find("(TXT, 2 KB)") != std::string::npos);

  // An edit read by a build that failed is still published by the next good build.
  spit(annual, "+++\ntitle = \"รายงานผลการดำเนินงานประจำปี\"\n+++\nบันทึกเพิ่มเติม\n");
  fs::path monthly = bundle / "index.md";
  const std::string good = slurp(monthly);
  spit(monthly, "+++\ntitle = \"x\"\ndate = 2025-02-30\n+++\n");
  CHECK_FALSE(b.build().ok());
  spit(monthly, good);
  REQUIRE(b.build().ok());
  CHECK(slurp(opt.out / "reports/annual/index.html").find("บันทึกเพิ่มเติม") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("told which files changed, a rebuild looks at those only, and a failed build hands them on") {
  fs::path dir = copy_fixture("told");
  BuildOptions opt = serve_options(dir);
  Builder b(opt);
  REQUIRE(b.build().ok());
  const std::vector<std::string> none;

  // A new page and a removed one, reported: both reach the live site.
  spit(opt.source / "content/news/visit.md", "+++\ntitle = \"ต้อนรับคณะศึกษาดูงาน\"\ndate = 2025-02-01\n+++\nเนื้อหา\n");
  const std::vector<std::string> added{"content/news/visit.md"};
  REQUIRE(b.build(&added).ok());
  CHECK(fs::exists(opt.out / "news/visit/index.html"));
  CHECK(slurp(opt.out / "news/index.html").find("ต้อนรับคณะศึกษาดูงาน") != std::string::npos);
  fs::remove(opt.source / "content/news/visit.md");
  REQUIRE(b.build(&added).ok());
  CHECK_FALSE(fs::exists(opt.out / "news/visit/index.html"));

  // A change not reported is not looked for (that is the caller's promise) …
  fs::path meeting = opt.source / "content/news/meeting.md";
  const std::string original = slurp(meeting);
  spit(meeting, original + "\nย่อหน้าที่ไม่ได้แจ้ง\n");
  REQUIRE(b.build(&none).ok());
  CHECK(b.last_reuse().sources_read == 0);
  CHECK(slurp(opt.out / "news/meeting/index.html").find("ย่อหน้าที่ไม่ได้แจ้ง") == std::string::npos);
  // … and a build told nothing looks at everything.
  REQUIRE(b.build().ok());
  CHECK(slurp(opt.out / "news/meeting/index.html").find("ย่อหน้าที่ไม่ได้แจ้ง") != std::string::npos);

  // A build that fails before reading a reported page (site.toml is broken) hands the report on.
  const std::string toml = slurp(opt.source / "site.toml");
  spit(opt.source / "site.toml", toml + "\n[oit]\nround = 1\n");
  const std::vector<std::string> config{"site.toml"};
  CHECK_FALSE(b.build(&config).ok());
  spit(meeting, original + "\nย่อหน้าใหม่หลังแก้ไขค่าตั้ง\n");
  const std::vector<std::string> page{"content/news/meeting.md"};
  CHECK_FALSE(b.build(&page).ok());  // site.toml is still broken
  spit(opt.source / "site.toml", toml);
  REQUIRE(b.build(&config).ok());
  CHECK(slurp(opt.out / "news/meeting/index.html").find("ย่อหน้าใหม่หลังแก้ไขค่าตั้ง") != std::string::npos);

  // One that fails after reading the pages but before the tables: the table's report is handed on too.
  fs::path csv = opt.source / "content/procurement/monthly/procurement.csv";
  spit(csv, slurp(csv) + "3,จัดซื้อหมึกพิมพ์,4200,2024-12\n");
  spit(meeting, "+++\ntitle = \"ประชุม\"\noit = \"O99\"\n+++\n");
  const std::vector<std::string> both{"content/news/meeting.md", "content/procurement/monthly/procurement.csv"};
  CHECK_FALSE(b.build(&both).ok());
  spit(meeting, original);
  REQUIRE(b.build(&page).ok());
  CHECK(slurp(opt.out / "procurement/monthly/index.html").find("จัดซื้อหมึกพิมพ์") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a changed template re-renders exactly the pages that use it") {
  fs::path dir = copy_fixture("tmpl");
  fs::create_directories(dir / "site/themes/default");
  fs::copy("themes/default", dir / "site/themes/default", fs::copy_options::recursive);
  BuildOptions opt = serve_options(dir);
  Builder b(opt);
  REQUIRE(b.build().ok());
  // section.html is used by the one section page (news); the home, page and hub templates are not affected.
  fs::path section = opt.source / "themes/default/templates/section.html";
  std::string text = slurp(section);
  const std::string open = "block main %}";
  size_t at = text.find(open);
  REQUIRE(at != std::string::npos);
  spit(section, text.insert(at + open.size(), "<p class=\"marker\">ส่วนใหม่</p>"));
  auto r = b.build();
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  CHECK(b.last_reuse().pages_kept == 3);
  CHECK(slurp(opt.out / "news/index.html").find("ส่วนใหม่") != std::string::npos);
  CHECK(slurp(opt.out / "index.html").find("ส่วนใหม่") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("sitemap.xml, robots.txt and the feed are theme templates: a site's theme may have its own, else the default's") {
  fs::path dir = copy_fixture("machine-templates");
  fs::path theme = dir / "site" / "themes" / "mine";
  fs::create_directories(theme);
  fs::copy("themes/default", theme, fs::copy_options::recursive);
  fs::remove(theme / "templates" / "sitemap.xml");  // left to the default theme
  fs::remove(theme / "templates" / "feed.xml");
  spit(theme / "templates" / "robots.txt", "User-agent: *\nDisallow: /drafts/\nSitemap: {{ sitemap_url | safe }}\n");
  std::string toml = slurp(dir / "site" / "site.toml");
  toml.replace(toml.find("theme = \"default\""), 17, "theme = \"mine\"");
  spit(dir / "site" / "site.toml", toml);

  auto built = Builder(serve_options(dir)).build();
  REQUIRE_MESSAGE(built.ok(), built.error().str());
  CHECK(slurp(dir / "public" / "robots.txt") ==
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://www.example.go.th/sitemap.xml\n");
  const std::string sitemap = slurp(dir / "public" / "sitemap.xml");
  CHECK(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "));
  CHECK(sitemap.find("  <url><loc>https://www.example.go.th/oit/</loc>") != std::string::npos);
  CHECK(sitemap.ends_with("</urlset>\n"));
  fs::remove_all(dir);
}
