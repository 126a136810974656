#include "checks/check_command.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <sstream>

using namespace oit;
namespace fs = std::filesystem;

TEST_CASE("parse_itas_sheet reads item,url in any column order and reports bad rows with positions") {
  auto s = parse_itas_sheet("\xEF\xBB\xBFtitle,URL,Item\nโครงสร้าง,https://a.go.th/o1/,o1\n,,\nผู้บริหาร,,O2\n", "itas.csv");
  REQUIRE(s.ok());
  REQUIRE(s->size() == 2);
  CHECK((*s)[0] == std::pair<std::string, std::string>{"O1", "https://a.go.th/o1/"});
  CHECK((*s)[1] == std::pair<std::string, std::string>{"O2", ""});
  auto no_header = parse_itas_sheet("id,link\nO1,https://a/\n", "itas.csv");
  REQUIRE_FALSE(no_header.ok());
  CHECK(no_header.error().str().starts_with("itas.csv:1:1: the ITAS sheet needs"));
  auto bad_url = parse_itas_sheet("item,url\nO1,https://a/\nO2,www.a.go.th/o2\n", "itas.csv");
  REQUIRE_FALSE(bad_url.ok());
  CHECK(bad_url.error().pos.line == 3);
  CHECK(bad_url.error().pos.col == 2);
}

namespace {
struct TempSite {
  fs::path dir = fs::temp_directory_path() / ("oit-check-cmd-" + std::to_string(getpid()));
  TempSite() {
    fs::remove_all(dir);
    fs::create_directories(dir / "public" / "about");
  }
  ~TempSite() { fs::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) {
    std::ifstream in(dir / rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};
}  // namespace

TEST_CASE("run_check_command audits a built folder offline and writes a JSON report") {
  TempSite t;
  t.write("public/oit.json", R"({"round":2568,"base_url":"https://www.a.go.th/","site_title":"กรมเอ","items":[
    {"id":"O1","url":"https://www.a.go.th/about/"},{"id":"O2","url":null}]})");
  t.write("public/index.html", "<html><body><main><a href='/about/'>เกี่ยวกับ</a><a href='/gone/'>หาย</a>"
                               "<a href='https://external.example.com/'>ภายนอก</a></main></body></html>");
  t.write("public/about/index.html",
          "<html><head><meta name='oit:item' content='O1'></head><body><main><h1>โครงสร้างและหน้าที่และอำนาจ</h1>"
          "<img src='chart.png' alt='แผนผัง'><p>หน้าที่: ออกใบอนุญาตและกำกับดูแลกิจการในเขตจังหวัด</p>"
          "<a href='/#top'>บน</a></main></body></html>");  // the heading alone is not the duties (issue 13)
  t.write("public/about/chart.png", "PNG");
  const std::string public_dir = (t.dir / "public").string();
  // `oit check PUBLIC --offline --as-of 2025-04-15 --format html --previous PREVIOUS -o OUTPUT`
  auto html_against = [&](std::string previous, std::string output) {
    return CheckOptions{.target = public_dir, .as_of = Date{2025, 4, 15}, .format = ReportFormat::Html,
                        .output = std::move(output), .previous = std::move(previous), .offline = true};
  };
  std::string out = (t.dir / "report.json").string();
  int status = run_check_command(
      {.target = public_dir, .as_of = Date{2025, 4, 15}, .format = ReportFormat::Json, .output = out, .offline = true});
  CHECK(status == 1);
  auto j = nlohmann::json::parse(t.read("report.json"));
  CHECK(j["round"] == 2568);
  CHECK(j["as_of"] == "2025-04-15");
  CHECK(j["base_url"] == "https://www.a.go.th/");  // the site the folder was built for, not the folder
  CHECK(j["agency"] == "กรมเอ");
  CHECK(j["summary"]["items_total"] == 28);
  CHECK(j["items"][0]["id"] == "O1");
  CHECK(j["items"][0]["status"] == "pass");
  CHECK(j["items"][1]["id"] == "O2");
  CHECK(j["items"][1]["findings"][0]["code"] == "missing");
  REQUIRE(j["broken_links"].size() == 1);
  CHECK(j["broken_links"][0]["url"] == "https://www.a.go.th/gone/");
  CHECK(j["broken_links"][0]["pages"] == nlohmann::json::array({"https://www.a.go.th/"}));
  // The same site again as HTML against that report: nothing changed, and the section says so.
  std::string html = (t.dir / "report.html").string();
  CHECK(run_check_command(html_against(out, html)) == 1);
  std::string h = t.read("report.html");
  CHECK(h.find("<h2>เปลี่ยนแปลงจากการตรวจครั้งก่อน</h2>") != std::string::npos);
  CHECK(h.find("ไม่มีข้อใดเปลี่ยนสถานะ") != std::string::npos);
  CHECK(h.find("ลิงก์เสียไม่เปลี่ยน") != std::string::npos);
  CHECK(h.find("<svg class=\"chart\"") != std::string::npos);
  // A previous report that is not one: unreadable input, exit 2 before any crawl.
  CHECK(run_check_command({.target = public_dir, .previous = html, .offline = true}) == 2);
  CHECK(run_check_command({.target = public_dir, .previous = (t.dir / "none.json").string(), .offline = true}) == 2);
  // A previous report of another website, or of another round, is refused before the crawl: exit 2,
  // no report written.
  auto edited = [&](const char* key, nlohmann::json value) {
    auto prev = nlohmann::json::parse(t.read("report.json"));
    prev[key] = value;
    std::string path = (t.dir / (std::string("prev-") + key + ".json")).string();
    t.write(std::string("prev-") + key + ".json", prev.dump(2));
    return path;
  };
  std::string never = (t.dir / "never.html").string();
  CHECK(run_check_command(html_against(edited("base_url", "https://www.b.go.th/"), never)) == 2);
  CHECK(run_check_command(html_against(edited("round", 2569), never)) == 2);
  CHECK_FALSE(fs::exists(never));
  // The same site by another address form, and a report that names no site (older oit), are compared.
  CHECK(run_check_command(html_against(edited("base_url", "http://a.go.th"), html)) == 1);
  CHECK(run_check_command(html_against(edited("base_url", nullptr), html)) == 1);
  CHECK(t.read("report.html").find("ไม่มีข้อใดเปลี่ยนสถานะ") != std::string::npos);
}

TEST_CASE("run_check_command exits 2 on unreadable input") {
  TempSite t;
  const std::string public_dir = (t.dir / "public").string();
  CHECK(run_check_command({.target = (t.dir / "nowhere").string()}) == 2);    // no folder
  CHECK(run_check_command({.target = public_dir, .offline = true}) == 2);   // no oit.json, no --itas
  t.write("public/oit.json", "{not json");
  CHECK(run_check_command({.target = public_dir, .offline = true}) == 2);
  t.write("public/oit.json", R"({"round":2401,"items":[]})");
  CHECK(run_check_command({.target = public_dir, .offline = true}) == 2);   // no criteria for that round
  t.write("itas.csv", "item;url\n");
  CHECK(run_check_command({.target = public_dir, .itas = (t.dir / "itas.csv").string(), .offline = true}) == 2);
}
