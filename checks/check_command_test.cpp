#include "checks/check_command.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <sstream>

using namespace oit;
namespace fs = std::filesystem;

TEST_CASE("parse_check_args reads every option and defaults the rest") {
  auto o = parse_check_args({"site/", "--round", "2569", "--as-of=2025-04-15", "--itas", "s.csv", "--format", "json",
                             "-o", "r.json", "--offline", "--concurrency", "4", "--timeout", "5", "--cache", "c.json",
                             "--cache-age", "60", "--depth", "2"});
  REQUIRE(o.ok());
  CHECK(o->target == "site/");
  CHECK(o->round == 2569);
  CHECK(o->as_of == Date{2025, 4, 15});
  CHECK(o->itas == "s.csv");
  CHECK(o->format == ReportFormat::Json);
  CHECK(o->output == "r.json");
  CHECK(o->offline);
  CHECK(o->concurrency == 4);
  CHECK(o->timeout_s == 5);
  CHECK(o->cache == "c.json");
  CHECK(o->cache_age_s == 60);
  CHECK(o->depth == 2);
  auto d = parse_check_args({});
  REQUIRE(d.ok());
  CHECK(d->target == "public/");
  CHECK(d->format == ReportFormat::Text);
  CHECK_FALSE(d->as_of.has_value());
  auto r = parse_check_args({"http://x.go.th:8080/", "--resolve", "x.go.th:8080:127.0.0.1"});
  REQUIRE(r.ok());
  CHECK(r->resolve == std::vector<std::string>{"x.go.th:8080:127.0.0.1"});
}

TEST_CASE("parse_check_args says what is wrong with bad usage") {
  auto msg = [](std::vector<std::string> a) {
    auto o = parse_check_args(a);
    REQUIRE_FALSE(o.ok());
    return o.error().message;
  };
  CHECK(msg({"--bogus"}) == "unknown option --bogus");
  CHECK(msg({"--round"}) == "--round needs a value");
  CHECK(msg({"--round", "68"}).find("from 2560 to 2700") != std::string::npos);
  CHECK(msg({"--as-of", "15/04/2025"}).starts_with("--as-of: "));
  CHECK(msg({"--format", "pdf"}) == "unknown --format \"pdf\"");
  CHECK(msg({"a/", "b/"}).find("more than one TARGET") != std::string::npos);
  CHECK(msg({"https://x.go.th/", "--offline"}).find("--offline") != std::string::npos);
  CHECK(msg({"--resolve", "x.go.th:127.0.0.1"}).find("HOST:PORT:ADDRESS") != std::string::npos);
  CHECK(msg({"--concurrency", "0"}).find("from 1 to 256") != std::string::npos);
}

TEST_CASE("parse_check_args: a mistyped option gets a suggestion; a flag takes no value") {
  auto err = [](std::vector<std::string> a) {
    auto o = parse_check_args(a);
    REQUIRE_FALSE(o.ok());
    return o.error();
  };
  CHECK(err({"--rond", "2568"}).message == "unknown option --rond");
  CHECK(err({"--rond", "2568"}).hint == "did you mean --round? run `oit check --help` for the options");
  CHECK(err({"--ofline"}).hint.starts_with("did you mean --offline?"));
  CHECK(err({"--bogus"}).hint == "run `oit check --help` for the options");
  // --offline=no used to be read as --offline: a value given to a flag is a usage error.
  CHECK(err({"--offline=no"}).message == "--offline takes no value, not \"--offline=no\"");
  CHECK(err({"--no-external=false"}).message.starts_with("--no-external takes no value"));
  CHECK(parse_check_args({"--round=2568", "--format=json"}).ok());
}

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
  std::string out = (t.dir / "report.json").string();
  int status = run_check_command({(t.dir / "public").string(), "--offline", "--as-of", "2025-04-15", "--format",
                                  "json", "-o", out});
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
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--as-of", "2025-04-15", "--format", "html",
                           "--previous", out, "-o", html}) == 1);
  std::string h = t.read("report.html");
  CHECK(h.find("<h2>เปลี่ยนแปลงจากการตรวจครั้งก่อน</h2>") != std::string::npos);
  CHECK(h.find("ไม่มีข้อใดเปลี่ยนสถานะ") != std::string::npos);
  CHECK(h.find("ลิงก์เสียไม่เปลี่ยน") != std::string::npos);
  CHECK(h.find("<svg class=\"chart\"") != std::string::npos);
  // A previous report that is not one: unreadable input, exit 2 before any crawl.
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--previous", html}) == 2);
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--previous", (t.dir / "none.json").string()}) == 2);
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
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--as-of", "2025-04-15", "--format", "html",
                           "--previous", edited("base_url", "https://www.b.go.th/"), "-o", never}) == 2);
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--as-of", "2025-04-15", "--format", "html",
                           "--previous", edited("round", 2569), "-o", never}) == 2);
  CHECK_FALSE(fs::exists(never));
  // The same site by another address form, and a report that names no site (older oit), are compared.
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--as-of", "2025-04-15", "--format", "html",
                           "--previous", edited("base_url", "http://a.go.th"), "-o", html}) == 1);
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--as-of", "2025-04-15", "--format", "html",
                           "--previous", edited("base_url", nullptr), "-o", html}) == 1);
  CHECK(t.read("report.html").find("ไม่มีข้อใดเปลี่ยนสถานะ") != std::string::npos);
  auto o = parse_check_args({"--previous", "old.json"});
  REQUIRE(o.ok());
  CHECK(o->previous == "old.json");
  CHECK(parse_check_args({"--previous"}).error().message == "--previous needs a value");
}

TEST_CASE("run_check_command exits 2 on bad usage and unreadable input") {
  TempSite t;
  CHECK(run_check_command({"--bogus"}) == 2);
  CHECK(run_check_command({(t.dir / "nowhere").string()}) == 2);                // no folder
  CHECK(run_check_command({(t.dir / "public").string(), "--offline"}) == 2);    // no oit.json, no --itas
  t.write("public/oit.json", "{not json");
  CHECK(run_check_command({(t.dir / "public").string(), "--offline"}) == 2);
  t.write("public/oit.json", R"({"round":2401,"items":[]})");
  CHECK(run_check_command({(t.dir / "public").string(), "--offline"}) == 2);    // no criteria for that round
  t.write("itas.csv", "item;url\n");
  CHECK(run_check_command({(t.dir / "public").string(), "--offline", "--itas", (t.dir / "itas.csv").string()}) == 2);
}
