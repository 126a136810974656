#include "generator/oit_manifest.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/csv.h"

using namespace oit;

namespace {
std::vector<Item> two_items() {
  Item a;
  a.id = "O1";
  a.topics = {"structure"};
  a.title = "โครงสร้าง";
  a.indicator = "9";
  a.sub_indicator = "9.1";
  Item b;
  b.id = "O2";
  b.title = "ข้อมูลผู้บริหาร, \"ทุกคน\"";  // a comma and quotes: the ITAS sheet must quote it
  return {a, b};
}
}  // namespace

TEST_CASE("oit manifest: an item with a page names it; one without has nulls") {
  std::map<std::string, ItemPage> pages;
  pages["O1"] = {"https://a.go.th/o1/", "o1/index.html", "โครงสร้างองค์กร", 2568, Date{2025, 3, 31}, {"https://a.go.th/o1/chart.pdf"}};
  auto j = nlohmann::json::parse(
      oit_manifest_json({2568, "2026-01-05T03:04:05Z", "https://a.go.th/", "หน่วยงาน"}, two_items(), pages));
  CHECK(j["generator"] == "oit");
  CHECK(j["round"] == 2568);
  CHECK(j["generated"] == "2026-01-05T03:04:05Z");
  REQUIRE(j["items"].size() == 2);
  CHECK(j["items"][0]["url"] == "https://a.go.th/o1/");
  CHECK(j["items"][0]["path"] == "o1/index.html");
  CHECK(j["items"][0]["fiscal_year"] == 2568);
  CHECK(j["items"][0]["updated"] == "2025-03-31");
  CHECK(j["items"][0]["attachments"][0] == "https://a.go.th/o1/chart.pdf");
  CHECK(j["items"][1]["url"].is_null());
  CHECK(j["items"][1]["page_title"].is_null());
  CHECK(j["items"][1]["updated"].is_null());
  CHECK(j["items"][1]["attachments"].empty());
}

TEST_CASE("oit manifest: the ITAS sheet quotes what RFC 4180 needs and reads back as written") {
  std::map<std::string, ItemPage> pages;
  pages["O1"].url = "https://a.go.th/o1/?a=1,2";
  const std::string sheet = itas_csv(two_items(), pages);
  CHECK(sheet == "item,url,title\r\nO1,\"https://a.go.th/o1/?a=1,2\",โครงสร้าง\r\n"
                 "O2,,\"ข้อมูลผู้บริหาร, \"\"ทุกคน\"\"\"\r\n");
  auto back = parse_csv(sheet, "itas.csv");
  REQUIRE(back);
  REQUIRE(back->rows.size() == 2);
  CHECK(back->rows[1][2] == "ข้อมูลผู้บริหาร, \"ทุกคน\"");
}
