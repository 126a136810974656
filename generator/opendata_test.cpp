#include "generator/opendata.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace oit;

namespace {

namespace fs = std::filesystem;

const std::string kSiteToml =
    "[site]\ntitle = \"สำนักงานตัวอย่าง\"\nbase_url = \"https://www.example.go.th/\"\n"
    "[agency]\nname = \"สำนักงานตัวอย่าง\"\nemail = \"saraban@example.go.th\"\n"
    "[oit]\nround = 2568\n";

const std::string kDefaults =
    "[opendata]\n"
    "data_type = \"ข้อมูลระเบียน\"\n"
    "objective = [\"พันธกิจหน่วยงาน\"]\n"
    "update_frequency_unit = \"เดือน\"\n"
    "geo_coverage = \"ประเทศ\"\n"
    "data_category = \"ข้อมูลสาธารณะ\"\n"
    "license_id = \"Creative Commons Attributions\"\n";

// A site with one published bundle page holding procurement.csv, and a draft's table that is not published.
struct Site {
  fs::path dir;
  SiteConfig config;
  Criteria criteria;
  PageMeta meta;
  std::string html;
  std::map<std::string, CsvTable> tables;
  SiteModel model;

  explicit Site(const std::string& site_toml) {
    static int n = 0;
    dir = fs::temp_directory_path() / ("oit-opendata-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(dir / "procurement" / "monthly");
    auto c = parse_site_config(site_toml, "site.toml");
    REQUIRE(c.ok());
    config = *c;
    Item o12;
    o12.id = "O12";
    o12.topics = {"procurement-monthly"};
    criteria.items.push_back(o12);
    meta.title = "รายการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2568";
    meta.summary = "รายการจัดซื้อจัดจ้างรายเดือน";
    meta.date = Date{2024, 11, 8};
    meta.fiscal_year = 2568;
    html = "<table class=\"data-table\"><caption id=\"t1\">รายการ &amp; ราคา</caption></table>\n"
           "<p class=\"table-downloads\">ดาวน์โหลดข้อมูลชุดนี้: <a href=\"/procurement/monthly/procurement.csv\" "
           "type=\"text/csv\">CSV</a></p>";
    tables["procurement/monthly/procurement.csv"] = CsvTable{
        {"ที่", "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
         "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการในระบบ e-GP", "เดือน"},
        {{"1", "ซื้อวัสดุ", "เฉพาะเจาะจง", "1,200", "นายเอ ช่างดี 3101234567894", "67109204311", "2024-10"},
         {"2", "ไม่มีการจัดซื้อจัดจ้าง", "-", "-", "-", "-", "2024-11"}},
        {2, 3}};
    tables["drafts/x/data.csv"] = CsvTable{{"a"}, {{"1"}}, {2}};

    model.config = &config;
    model.criteria = &criteria;
    model.content_dir = dir;
    model.base_path = "/";
    model.tables = &tables;
    PageView page;
    page.file = "content/procurement/monthly/index.md";
    page.rel = "procurement/monthly/index.md";
    page.dir = "procurement/monthly";
    page.route = "procurement/monthly/";
    page.meta = &meta;
    page.updated = Date{2025, 4, 8};
    page.item_ids = {"O12"};
    page.attachments = {"procurement/monthly/procurement.csv"};
    page.content_html = &html;
    model.pages.push_back(page);
  }
  ~Site() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void sidecar(const std::string& path, const std::string& text) {
    std::ofstream(dir / path) << text;
    model.sidecars.push_back(path);
  }
  Result<Emitted> emit() const { return emit_open_data(model); }
};

const ExtraFile* file(const Emitted& e, const std::string& path) {
  for (const auto& f : e.files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("open data: without [opendata] or sidecars there is no dataset, only an empty catalogue") {
  Site s(kSiteToml);
  auto e = s.emit();
  REQUIRE(e.ok());
  CHECK(e->pages.empty());
  CHECK(e->files.size() == 2);
  REQUIRE(file(*e, "catalog.jsonld"));
  REQUIRE(file(*e, "catalog.ttl"));
  CHECK(file(*e, "catalog.ttl")->bytes.find("a dcat:Catalog") != std::string::npos);
  CHECK(file(*e, "catalog.ttl")->bytes.find("dcat:Dataset") == std::string::npos);
}

TEST_CASE("open data: with [opendata] every published table is a dataset with its files and pages") {
  Site s(kSiteToml + kDefaults);
  auto e = s.emit();
  REQUIRE(e.ok());
  CHECK(e->warnings.empty());
  const std::string base = "opendata/procurement-monthly/procurement-monthly";
  for (std::string ext : {".csv", ".json", ".xlsx", ".gdcatalog.json"}) CHECK_MESSAGE(file(*e, base + ext), ext);
  CHECK_FALSE(file(*e, "opendata/drafts-x-data/drafts-x-data.csv"));  // a draft's table is not published

  const std::string& csv = file(*e, base + ".csv")->bytes;
  CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(csv.find("\r\n") != std::string::npos);
  CHECK(csv.find("นายเอ ช่างดี XXXXXXXXXXXXX") != std::string::npos);
  CHECK(csv.find("3101234567894") == std::string::npos);
  CHECK(csv.find(",1200,") != std::string::npos);  // plain digits

  auto records = nlohmann::json::parse(file(*e, base + ".json")->bytes);
  CHECK(records[0]["ราคาที่ตกลงซื้อหรือจ้าง (บาท)"] == 1200);
  CHECK(records[0]["เลขที่โครงการในระบบ e-GP"] == "67109204311");

  auto gd = nlohmann::json::parse(file(*e, base + ".gdcatalog.json")->bytes);
  CHECK(gd["title"] == "รายการ & ราคา");  // the table's caption
  CHECK(gd["tag_string"] == "O12,procurement-monthly,OIT");
  CHECK(gd["url"] == "https://www.example.go.th/opendata/procurement-monthly/");

  REQUIRE(e->pages.size() == 2);
  const ExtraPage& landing = e->pages[0];
  CHECK(landing.route == "opendata/procurement-monthly/");
  CHECK(landing.kind == "dataset");
  const auto& ds = landing.context["dataset"];
  CHECK(ds["period_th"] == "ตุลาคม 2567 – พฤศจิกายน 2567");  // from the month column
  CHECK(ds["update_frequency_th"] == "รายเดือน");
  CHECK(ds["masked"] == 1);
  CHECK(ds["rows"] == 2);
  CHECK(ds["downloads"].size() == 3);
  CHECK(ds["source_page"]["url"] == "/procurement/monthly/");
  CHECK(e->pages[1].route == "opendata/");
  CHECK(e->pages[1].kind == "opendata");

  const std::string& ttl = file(*e, "catalog.ttl")->bytes;
  CHECK(ttl.find("<https://www.example.go.th/opendata/procurement-monthly/#dataset>") != std::string::npos);
  CHECK(ttl.find("dcat:startDate \"2024-10-01\"^^xsd:date") != std::string::npos);
  CHECK(ttl.find("dcat:endDate \"2024-11-30\"^^xsd:date") != std::string::npos);

  auto again = s.emit();  // the same site gives the same bytes
  REQUIRE(again.ok());
  REQUIRE(again->files.size() == e->files.size());
  for (size_t i = 0; i < e->files.size(); ++i) CHECK(again->files[i].bytes == e->files[i].bytes);
}

TEST_CASE("open data: a sidecar alone makes a table a dataset; its values and name win") {
  Site s(kSiteToml);
  s.sidecar("procurement/monthly/procurement.dataset.toml",
            "name = \"procurement-2568\"\ndata_type = \"ข้อมูลระเบียน\"\nobjective = \"พันธกิจหน่วยงาน\"\n"
            "update_frequency_unit = \"ไตรมาส\"\ngeo_coverage = \"ประเทศ\"\ndata_category = \"ข้อมูลสาธารณะ\"\n"
            "license_id = \"Creative Commons Attributions\"\ntitle = \"จัดซื้อจัดจ้าง 2568\"\n");
  auto e = s.emit();
  REQUIRE(e.ok());
  REQUIRE(file(*e, "opendata/procurement-2568/procurement-2568.xlsx"));
  CHECK(e->pages[0].title == "จัดซื้อจัดจ้าง 2568");
  CHECK(e->pages[0].context["dataset"]["update_frequency_th"] == "รายไตรมาส");
}

TEST_CASE("open data errors: missing metadata, sidecar without a table, two datasets with one id") {
  {
    Site s(kSiteToml + "[opendata]\nlicense_id = \"Creative Commons Attributions\"\n");
    auto e = s.emit();
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().str().rfind("content/procurement/monthly/procurement.csv:1:1: dataset `procurement-monthly` "
                                "(content/procurement/monthly/procurement.csv) has no `data_type`", 0) == 0);
  }
  {
    Site s(kSiteToml + kDefaults);
    s.sidecar("procurement/monthly/procurment.dataset.toml", "");
    auto e = s.emit();
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().pos.file == "content/procurement/monthly/procurment.dataset.toml");
    CHECK(e.error().message == "dataset sidecar procurment.dataset.toml has no table: there is no procurment.csv beside it");
  }
  {
    Site s(kSiteToml + kDefaults);
    s.tables["procurement/monthly/procurement-2.csv"] = CsvTable{{"a"}, {{"1"}}, {2}};
    s.model.pages[0].attachments.push_back("procurement/monthly/procurement-2.csv");
    s.sidecar("procurement/monthly/procurement-2.dataset.toml", "name = \"procurement-monthly\"\n");
    auto e = s.emit();
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message == "datasets content/procurement/monthly/procurement-2.csv and "
                               "content/procurement/monthly/procurement.csv have the same id `procurement-monthly`");
  }
}

TEST_CASE("open data: OCDS for procurement tables when ocid_prefix is set; a warning when none qualifies") {
  Site s(kSiteToml + kDefaults + "ocid_prefix = \"ocds-abc123\"\n");
  auto e = s.emit();
  REQUIRE(e.ok());
  const ExtraFile* ocds = file(*e, "opendata/ocds/procurement-monthly.json");
  REQUIRE(ocds);
  auto pkg = nlohmann::json::parse(ocds->bytes);
  REQUIRE(pkg["releases"].size() == 1);
  CHECK(pkg["releases"][0]["ocid"] == "ocds-abc123-67109204311");
  CHECK(pkg["releases"][0]["awards"][0]["suppliers"][0]["name"] == "นายเอ ช่างดี XXXXXXXXXXXXX");
  CHECK(pkg["uri"] == "https://www.example.go.th/opendata/ocds/procurement-monthly.json");
  CHECK(e->pages[0].context["dataset"]["downloads"].size() == 4);

  Site plain(kSiteToml + kDefaults + "ocid_prefix = \"ocds-abc123\"\n");
  plain.tables["procurement/monthly/procurement.csv"] = CsvTable{{"เดือน", "จำนวน"}, {{"2024-10", "3"}}, {2}};
  auto w = plain.emit();
  REQUIRE(w.ok());
  REQUIRE(w->warnings.size() == 1);
  CHECK(w->warnings[0].pos.file == "site.toml");
  CHECK(w->warnings[0].message.rfind("`ocid_prefix` is set but no dataset has the procurement columns", 0) == 0);
}

TEST_CASE("open data: formula cells are neutralised in the CSV only, and the notes say how many") {
  // Issue 11 case 4: Excel runs =HYPERLINK(…), +cmd|… and @SUM(…) when a citizen opens the download.
  Site s(kSiteToml + kDefaults);
  auto& rows = s.tables["procurement/monthly/procurement.csv"].rows;
  rows[0][1] = "=HYPERLINK(\"http://evil.example\",\"ดูรายละเอียด\")";
  rows[1][1] = "+cmd|' /C calc'!A0";
  rows[1][3] = "-12.5";
  auto e = s.emit();
  REQUIRE(e.ok());
  const std::string base = "opendata/procurement-monthly/procurement-monthly";
  const std::string& csv = file(*e, base + ".csv")->bytes;
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"ดูรายละเอียด\"\")\"") != std::string::npos);
  CHECK(csv.find(",'+cmd|' /C calc'!A0,") != std::string::npos);
  CHECK(csv.find(",-12.5,") != std::string::npos);  // a plain number stays usable
  CHECK(csv.find(",=") == std::string::npos);
  CHECK(csv.find(",+") == std::string::npos);
  auto records = nlohmann::json::parse(file(*e, base + ".json")->bytes);
  CHECK(records[0]["ชื่อรายการของงานที่ซื้อหรือจ้าง"] == "=HYPERLINK(\"http://evil.example\",\"ดูรายละเอียด\")");
  CHECK(records[1]["ชื่อรายการของงานที่ซื้อหรือจ้าง"] == "+cmd|' /C calc'!A0");
  const auto& ds = e->pages[0].context["dataset"];
  CHECK(ds["formula_cells"] == 2);
  const std::string notes = ds["notes"];
  CHECK(notes.starts_with("รายการจัดซื้อจัดจ้างรายเดือน\n\n"));  // the page's summary first
  CHECK(notes.find("ในไฟล์ CSV มี 2 เซลล์ที่ขึ้นต้นด้วย = + - @") != std::string::npos);
  CHECK(notes.find("2 CSV cell(s) starting with = + - @ or a tab were prefixed with '") != std::string::npos);
  auto gd = nlohmann::json::parse(file(*e, base + ".gdcatalog.json")->bytes);
  CHECK(gd["notes"] == notes);

  Site clean(kSiteToml + kDefaults);  // no formula: no note
  auto c = clean.emit();
  REQUIRE(c.ok());
  CHECK(c->pages[0].context["dataset"]["formula_cells"] == 0);
  CHECK(c->pages[0].context["dataset"]["notes"] == "รายการจัดซื้อจัดจ้างรายเดือน");
}
