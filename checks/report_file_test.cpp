#include "checks/report_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace oit;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("every report format is recognised as a report; sources are not") {
  CHECK(looks_like_report("oit check: round 2568, as of 2026-12-08"));
  CHECK(looks_like_report("{\n  \"round\": 2568,\n  \"as_of\": \"2026-12-08\","));
  CHECK(looks_like_report("<?xml version=\"1.0\"?>\n<testsuites name=\"oit check\" tests=\"3\">"));
  CHECK(looks_like_report("<!DOCTYPE html><title>ผลตรวจ OIT รอบ 2568</title>"));
  CHECK(looks_like_report("## ผลตรวจ OIT รอบ 2568 ณ วันที่"));
  CHECK_FALSE(looks_like_report("[site]\ntitle = \"สำนักงาน\"\n"));
  CHECK_FALSE(looks_like_report("+++\ntitle = \"หน้าแรก\"\n+++\n"));
  CHECK_FALSE(looks_like_report("{\"name\": \"package\"}"));
  CHECK_FALSE(looks_like_report(""));
}

TEST_CASE("write_report_file replaces an earlier report, refuses anything else and leaves no temporary file") {
  fs::path dir = fs::temp_directory_path() / ("oit-report-file-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto p = (dir / "report.txt").string();
  REQUIRE(write_report_file(p, "oit check: first\n"));
  REQUIRE(write_report_file(p, "oit check: second\n"));
  CHECK(slurp(p) == "oit check: second\n");

  auto toml = (dir / "site.toml").string();
  std::ofstream(toml) << "[site]\ntitle = \"x\"\n";
  auto r = write_report_file(toml, "oit check: report\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("not an oit check report") != std::string::npos);
  CHECK(slurp(toml) == "[site]\ntitle = \"x\"\n");

  auto folder = write_report_file(dir.string(), "oit check: report\n");
  REQUIRE_FALSE(folder);
  CHECK(folder.error().message.find("not a file") != std::string::npos);
  CHECK(write_report_file("/dev/null", "oit check: x\n"));  // a stream is written, not replaced

  CHECK_FALSE(write_report_file((dir / "missing" / "r.txt").string(), "oit check: x\n"));
  size_t files = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 2);  // report.txt and site.toml: no temporary file left behind
  fs::remove_all(dir);
}
