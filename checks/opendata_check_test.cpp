#include "checks/opendata_check.h"

#include <doctest/doctest.h>

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/csv.h"

using namespace oit;

namespace {

CsvTable table(int rows) {
  CsvTable t;
  t.header = {"เดือน", "จำนวน"};
  for (int i = 0; i < rows; ++i) {
    t.rows.push_back({"2025-0" + std::to_string(1 + i % 9) + "-01", std::to_string(i * 10)});
    t.row_lines.push_back(i + 2);
  }
  return t;
}

// A workbook as a publisher's spreadsheet program would write it (libxlsxwriter directly: the checker's tests
// do not lean on the generator's writer).
std::string xlsx(int rows) {
  CsvTable t = table(rows);
  auto path = std::filesystem::temp_directory_path() / ("oit-odc-" + std::to_string(::getpid()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  REQUIRE(wb);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  for (size_t c = 0; c < t.header.size(); ++c) worksheet_write_string(ws, 0, lxw_col_t(c), t.header[c].c_str(), nullptr);
  for (size_t r = 0; r < t.rows.size(); ++r)
    for (size_t c = 0; c < t.rows[r].size(); ++c)
      worksheet_write_string(ws, lxw_row_t(r + 1), lxw_col_t(c), t.rows[r][c].c_str(), nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

std::string csv(int rows, bool bom = true) {
  std::string s = bom ? "\xEF\xBB\xBF" : "";
  s += "เดือน,จำนวน\r\n";
  for (int i = 0; i < rows; ++i) s += "2025-01-01,\"1,0" + std::to_string(i) + "\"\r\n";
  return s;
}

std::string records(int rows) {
  std::string s = "[";
  for (int i = 0; i < rows; ++i) s += std::string(i ? "," : "") + "{\"เดือน\":\"2025-01-01\",\"จำนวน\":" + std::to_string(i) + "}";
  return s + "]";
}

// A catalogue written the way `oit build` writes it: @graph, prefixed names, distributions by @id.
std::string catalogue(const std::vector<std::string>& ids) {
  std::string g;
  for (const auto& id : ids) {
    std::string base = "https://www.example.go.th/opendata/" + id + "/";
    g += R"({"@id":")" + base + R"(#dataset","@type":"dcat:Dataset","dct:identifier":")" + id +
         R"(","dct:title":{"@value":"สถิติ )" + id + R"(","@language":"th"},"dcat:landingPage":{"@id":")" + base +
         R"("},"dcat:distribution":[{"@id":")" + base + R"(#csv"},{"@id":")" + base + R"(#json"},{"@id":")" + base +
         R"(#xlsx"},{"@id":")" + base + R"(#ocds"}]},)";
    for (std::string f : {"csv", "json", "xlsx"})
      g += R"({"@id":")" + base + "#" + f + R"(","@type":"dcat:Distribution","dct:format":")" +
           (f == "csv" ? "CSV" : f == "json" ? "JSON" : "XLSX") + R"(","dcat:downloadURL":{"@id":")" + base + id + "." + f +
           R"("}},)";
    g += R"({"@id":")" + base + R"(#ocds","@type":"dcat:Distribution","dct:format":"JSON","dcat:mediaType":{"@id":"https://www.iana.org/assignments/media-types/application/json"},"dcat:downloadURL":{"@id":"https://www.example.go.th/opendata/ocds/)" +
         id + R"(.json"}},)";
  }
  g += R"({"@id":"https://www.example.go.th/opendata/#catalog","@type":"dcat:Catalog"})";
  return R"({"@context":{"dcat":"http://www.w3.org/ns/dcat#","dct":"http://purl.org/dc/terms/"},"@graph":[)" + g + "]}";
}

FetchResult answer(const std::string& url, int status, std::string body, std::string type) {
  FetchResult r;
  r.url = r.final_url = url;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(type);
  return r;
}

// A site in memory: URL → answer; anything else 404.
struct FakeSite {
  std::map<std::string, FetchResult> files;
  std::vector<std::string> asked;
  void put(const std::string& url, std::string body, std::string type, int status = 200) {
    files[url] = answer(url, status, std::move(body), std::move(type));
  }
  BodyGetter getter() {
    return [this](const std::vector<std::string>& urls) {
      std::vector<FetchResult> out;
      for (const auto& u : urls) {
        asked.push_back(u);
        auto it = files.find(u);
        out.push_back(it != files.end() ? it->second : answer(u, 404, "<!doctype html><h1>404</h1>", "text/html"));
      }
      return out;
    };
  }
  // One consistent dataset of `rows` rows.
  void dataset(const std::string& id, int rows) {
    std::string base = "https://www.example.go.th/opendata/" + id + "/";
    put(base, "<!doctype html><title>" + id + "</title>", "text/html");
    put(base + id + ".csv", csv(rows), "text/csv");
    put(base + id + ".json", records(rows), "application/json");
    put(base + id + ".xlsx", xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    put("https://www.example.go.th/opendata/ocds/" + id + ".json", R"({"uri":"x","releases":[]})", "application/json");
  }
  void catalogues(const std::vector<std::string>& ids, const std::string& jsonld_type = "application/ld+json",
                  const std::string& ttl_type = "text/turtle") {
    put("https://www.example.go.th/catalog.jsonld", catalogue(ids), jsonld_type);
    std::string ttl = "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n";
    for (const auto& id : ids) ttl += "<https://www.example.go.th/opendata/" + id + "/#dataset> a dcat:Dataset .\n";
    put("https://www.example.go.th/catalog.ttl", ttl, ttl_type);
  }
  OpenDataInput input(bool over_http = true) {
    OpenDataInput in;
    in.catalog_url = "https://www.example.go.th/catalog.jsonld";
    in.turtle_url = "https://www.example.go.th/catalog.ttl";
    in.over_http = over_http;
    in.get = getter();
    return in;
  }
};

std::vector<std::string> codes(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.code);
  return out;
}

}  // namespace

TEST_CASE("xlsx_data_rows counts the data rows of a workbook, and refuses what is not one") {
  CHECK(xlsx_data_rows(xlsx(0)).value() == 0);
  CHECK(xlsx_data_rows(xlsx(7)).value() == 7);
  CHECK(xlsx_data_rows(xlsx(3000)).value() == 3000);  // several inflate blocks
  auto not_zip = xlsx_data_rows("<!doctype html><p>not found</p>");
  REQUIRE_FALSE(not_zip.ok());
  CHECK(not_zip.error().message == "not an XLSX file (not a zip archive)");
  std::string cut = xlsx(50);
  cut.resize(cut.size() / 2);
  CHECK_FALSE(xlsx_data_rows(cut).ok());
  std::string x = xlsx(5);
  CHECK_FALSE(xlsx_data_rows(x.substr(0, 40) + std::string(100, 'x')).ok());
}

TEST_CASE("read_dcat_catalog reads datasets in prefixed or full-IRI JSON-LD, distributions by @id or embedded") {
  auto ds = read_dcat_catalog(catalogue({"a", "b"}), "catalog.jsonld");
  REQUIRE(ds.ok());
  REQUIRE(ds->size() == 2);
  const auto& a = (*ds)[0];
  CHECK(a.id == "https://www.example.go.th/opendata/a/#dataset");
  CHECK(a.identifier == "a");
  CHECK(a.title == "สถิติ a");
  CHECK(a.landing_page == "https://www.example.go.th/opendata/a/");
  REQUIRE(a.distributions.size() == 4);
  CHECK(a.distributions[0].format == "CSV");
  CHECK(a.distributions[0].url == "https://www.example.go.th/opendata/a/a.csv");
  CHECK(a.distributions[3].media_type == "application/json");

  std::string full = R"({"@type":"http://www.w3.org/ns/dcat#Dataset","@id":"https://x.go.th/d",
    "http://purl.org/dc/terms/title":[{"@value":"Stats","@language":"en"},{"@value":"สถิติ","@language":"th"}],
    "http://www.w3.org/ns/dcat#distribution":{"http://www.w3.org/ns/dcat#accessURL":"https://x.go.th/d.xlsx"}})";
  auto one = read_dcat_catalog(full, "c.jsonld");
  REQUIRE(one.ok());
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].title == "สถิติ");
  REQUIRE((*one)[0].distributions.size() == 1);
  CHECK((*one)[0].distributions[0].url == "https://x.go.th/d.xlsx");
  CHECK_FALSE(read_dcat_catalog("{not json", "c.jsonld").ok());
}

TEST_CASE("check_open_data: consistent datasets served with the right types pass") {
  FakeSite site;
  site.dataset("a", 6);
  site.dataset("b", 0);
  site.catalogues({"a", "b"});
  auto rep = check_open_data(site.input());
  REQUIRE(rep.has_value());
  CHECK(rep->findings.empty());
  CHECK_FALSE(rep->has_errors());
  REQUIRE(rep->datasets.size() == 2);
  CHECK(rep->datasets_pass == 2);
  const auto& a = rep->datasets[0];
  CHECK(a.status == ItemStatus::Pass);
  REQUIRE(a.files.size() == 4);
  CHECK(a.files[0].format == "CSV");
  CHECK(a.files[0].rows == 6);
  CHECK(a.files[0].csv_bom);
  CHECK(a.files[1].rows == 6);
  CHECK(a.files[2].format == "XLSX");
  CHECK(a.files[2].rows == 6);
  CHECK(a.files[3].rows == -1);  // the OCDS package is JSON but not a copy of the table
  CHECK(rep->jsonld.content_type == "application/ld+json");
}

TEST_CASE("check_open_data: differing rows, a CSV without BOM, missing files and wrong types are findings") {
  FakeSite site;
  site.dataset("a", 6);
  site.dataset("b", 4);
  site.dataset("c", 2);
  site.put("https://www.example.go.th/opendata/a/a.xlsx", xlsx(5), "application/octet-stream");
  site.put("https://www.example.go.th/opendata/b/b.csv", csv(4, false), "text/csv");
  site.files.erase("https://www.example.go.th/opendata/c/c.json");
  site.catalogues({"a", "b", "c"}, "application/octet-stream", "text/plain");
  auto rep = check_open_data(site.input());
  REQUIRE(rep.has_value());
  CHECK(codes(rep->findings) == std::vector<std::string>{"wrong-content-type", "wrong-content-type"});
  CHECK(rep->findings[0].message.find("application/octet-stream แทน application/ld+json") != std::string::npos);
  REQUIRE(rep->datasets.size() == 3);
  CHECK(codes(rep->datasets[0].findings) == std::vector<std::string>{"rows-differ"});
  CHECK(rep->datasets[0].findings[0].message.find("CSV 6, JSON 6, XLSX 5") != std::string::npos);
  CHECK(codes(rep->datasets[1].findings) == std::vector<std::string>{"no-bom"});
  CHECK(rep->datasets[1].files[0].rows == 4);  // still counted
  CHECK(codes(rep->datasets[2].findings) == std::vector<std::string>{"unreachable"});
  CHECK(rep->datasets[2].findings[0].message.find("HTTP 404") != std::string::npos);
  CHECK(rep->datasets_fail == 3);
  CHECK(rep->has_errors());
  // A folder has no server: its Content-Types are not judged.
  auto folder = check_open_data(site.input(false));
  REQUIRE(folder.has_value());
  CHECK(folder->findings.empty());
}

TEST_CASE("check_open_data: no catalogue is no open-data section; a broken catalogue is a finding") {
  FakeSite none;
  CHECK_FALSE(check_open_data(none.input()).has_value());

  FakeSite bad;
  bad.put("https://www.example.go.th/catalog.jsonld", "{oops", "application/ld+json");
  auto rep = check_open_data(bad.input());
  REQUIRE(rep.has_value());
  CHECK(codes(rep->findings) == std::vector<std::string>{"unreachable", "unreadable"});  // no Turtle, bad JSON

  FakeSite partial;
  partial.dataset("a", 3);
  partial.catalogues({"a"});
  partial.put("https://www.example.go.th/catalog.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n", "text/turtle");
  auto mismatch = check_open_data(partial.input());
  REQUIRE(mismatch.has_value());
  CHECK(codes(mismatch->datasets[0].findings) == std::vector<std::string>{"catalogue-mismatch"});
}

TEST_CASE("check_open_data: files the crawl may not look at are warnings; served pages are not tables") {
  FakeSite site;
  site.dataset("a", 3);
  site.catalogues({"a"});
  FetchResult skipped = answer("https://www.example.go.th/opendata/a/a.xlsx", 0, "", "");
  skipped.error = "not checked (--no-external)";
  site.files["https://www.example.go.th/opendata/a/a.xlsx"] = skipped;
  site.put("https://www.example.go.th/opendata/a/a.json", "<!doctype html><p>ไม่พบ</p>", "text/html");
  auto rep = check_open_data(site.input());
  REQUIRE(rep.has_value());
  const auto& d = rep->datasets[0];
  CHECK(codes(d.findings) == std::vector<std::string>{"unreadable", "unreachable"});
  CHECK(d.findings[1].severity == Severity::Warning);
  CHECK(d.status == ItemStatus::Fail);
}

TEST_CASE("check_open_data: a soft-404 page that opens with <body> or <head> is not a data file") {
  // Served as text/csv with a BOM, so only the first tag tells it is a page, not a table of 2 rows.
  for (std::string page : {"\xEF\xBB\xBF<body>\n<h1>ไม่พบ</h1>\n</body>\n", "\xEF\xBB\xBF<HEAD><title>404</title></HEAD>\n<p>x</p>\n"}) {
    FakeSite site;
    site.dataset("a", 2);
    site.catalogues({"a"});
    site.put("https://www.example.go.th/opendata/a/a.csv", page, "text/csv");
    auto rep = check_open_data(site.input());
    REQUIRE(rep.has_value());
    const auto& d = rep->datasets[0];
    CHECK(codes(d.findings) == std::vector<std::string>{"unreadable"});
    CHECK(d.status == ItemStatus::Fail);
  }
}

TEST_CASE("check_open_data: catalogue URLs are mapped to where the site is served") {
  FakeSite site;
  site.dataset("a", 2);
  site.catalogues({"a"});
  // Served at a test address: the getter sees the mapped URLs only.
  std::map<std::string, FetchResult> moved;
  for (auto& [u, r] : site.files) {
    std::string m = "http://127.0.0.1:8080/" + u.substr(std::string("https://www.example.go.th/").size());
    moved[m] = r;
  }
  site.files = moved;
  OpenDataInput in = site.input();
  in.catalog_url = "http://127.0.0.1:8080/catalog.jsonld";
  in.turtle_url = "http://127.0.0.1:8080/catalog.ttl";
  in.map = [](const std::string& u) {
    const std::string from = "https://www.example.go.th/";
    return u.starts_with(from) ? "http://127.0.0.1:8080/" + u.substr(from.size()) : u;
  };
  auto rep = check_open_data(in);
  REQUIRE(rep.has_value());
  CHECK(rep->datasets_pass == 1);
  for (const auto& u : site.asked) CHECK(u.starts_with("http://127.0.0.1:8080/"));
}
