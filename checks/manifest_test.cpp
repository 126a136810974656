#include "checks/manifest.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("parse_manifest reads round, base_url and item URLs (null = missing)") {
  auto m = parse_manifest(R"({"round":2568,"base_url":"https://www.a.go.th/","generated":"x",
    "items":[{"id":"O1","url":"https://www.a.go.th/o1/"},{"id":"O2","url":null}]})", "oit.json");
  REQUIRE(m.ok());
  CHECK(m->round == 2568);
  CHECK(m->base_url == "https://www.a.go.th/");
  CHECK(m->site_title.empty());  // older manifests have none
  REQUIRE(m->items.size() == 2);
  CHECK(m->items[0].id == "O1");
  CHECK(m->items[0].url == "https://www.a.go.th/o1/");
  CHECK(m->items[1].url.empty());
  CHECK_FALSE(parse_manifest("[]", "oit.json").ok());
  CHECK_FALSE(parse_manifest("{\"round\":2568}", "oit.json").ok());
}

TEST_CASE("manifest items are matched to another round's items by topic key") {
  auto item = [](const char* id, std::vector<std::string> topics) {
    Item it;
    it.id = id;
    it.topics = std::move(topics);
    return it;
  };
  Criteria r2568, r2569;
  r2568.round = 2568;
  r2568.items = {item("O10", {"e-service"}), item("O11", {"service-statistics"}), item("O12", {"procurement-monthly"})};
  r2569.round = 2569;
  r2569.items = {item("O10", {"e-service", "service-statistics"}), item("O11", {"procurement-monthly"}),
                 item("O12", {"procurement-annual-report"})};
  Manifest m;
  m.round = 2568;
  m.items = {{"O10", "https://a/eservice/", {"e-service"}},
             {"O11", "https://a/stats/", {}},  // no topics written: read from the 2568 criteria
             {"O12", "https://a/procurement/", {"procurement-monthly"}}};
  auto urls = manifest_item_urls(m, r2569, &r2568);
  CHECK(urls.at("O10") == "https://a/eservice/");  // the primary topic wins
  CHECK(urls.at("O11") == "https://a/procurement/");
  CHECK(urls.count("O12") == 0);
  auto same = manifest_item_urls(m, r2568, nullptr);
  CHECK(same.at("O11") == "https://a/stats/");
  CHECK(same.at("O12") == "https://a/procurement/");
}
