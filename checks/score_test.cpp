#include "checks/score.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "checks/audit_test_util.h"

using namespace oit;

namespace {

// A criteria set shaped like OPDC 2564's (oit-criteria.md §1): indicator 9 with five sub-indicators,
// 9.5 holding five items; indicator 10 with two sub-indicators. `failed` names the items that fail.
std::vector<ScoredItem> opdc_shaped(const std::vector<std::string>& failed) {
  std::vector<ScoredItem> items;
  int n = 0;
  auto add = [&](const std::string& ind, const std::string& sub, int count) {
    for (int i = 0; i < count; ++i) {
      std::string id = "O" + std::to_string(++n);
      bool fails = std::find(failed.begin(), failed.end(), id) != failed.end();
      items.push_back({id, "item " + id, ind, sub, !fails});
    }
  };
  add("9", "9.1", 4);   // O1–O4
  add("9", "9.2", 8);   // O5–O12
  add("9", "9.3", 3);   // O13–O15
  add("9", "9.4", 4);   // O16–O19
  add("9", "9.5", 5);   // O20–O24
  add("10", "10.1", 5); // O25–O29
  add("10", "10.2", 4); // O30–O33
  return items;
}

}  // namespace

TEST_CASE("aggregate_oit: OPDC 2564 — one failed item of five in 9.5 gives indicator 9 = 96.00, OIT = 98.00") {
  auto items = opdc_shaped({"O22"});
  // Indicator 9 alone: (4·100 + 80) / 5 = 96.
  std::vector<ScoredItem> ind9;
  for (const auto& it : items)
    if (it.indicator == "9") ind9.push_back(it);
  CHECK(round2(aggregate_oit(ind9)) == doctest::Approx(96.00));
  // A flat mean over indicator 9's items would give 23/24 = 95.83: the aggregation is not that.
  CHECK(round2(aggregate_oit(ind9)) != doctest::Approx(95.83));
  CHECK(round2(aggregate_oit(items)) == doctest::Approx(98.00));
}

TEST_CASE("aggregate_oit: all pass is 100, all fail is 0, no item is 0") {
  CHECK(aggregate_oit(opdc_shaped({})) == doctest::Approx(100));
  std::vector<ScoredItem> none_pass = opdc_shaped({});
  for (auto& it : none_pass) it.passed = false;
  CHECK(aggregate_oit(none_pass) == doctest::Approx(0));
  CHECK(aggregate_oit({}) == 0);
}

TEST_CASE("costliest_failed: an item of a small sub-indicator costs more, the costliest first") {
  // O14 fails in 9.3 (3 items): 9.3 loses 33.33 → indicator 9 loses 6.67 → OIT loses 3.33.
  // O6 fails in 9.2 (8 items): 9.2 loses 12.5 → indicator 9 loses 2.5 → OIT loses 1.25.
  // O30 fails in 10.2 (4 items): 10.2 loses 25 → indicator 10 loses 12.5 → OIT loses 6.25.
  auto costs = costliest_failed(opdc_shaped({"O6", "O14", "O30"}));
  REQUIRE(costs.size() == 3);
  CHECK(costs[0].id == "O30");
  CHECK(costs[0].gain == doctest::Approx(6.25));
  CHECK(costs[1].id == "O14");
  CHECK(costs[1].gain == doctest::Approx(3.33));
  CHECK(costs[2].id == "O6");
  CHECK(costs[2].gain == doctest::Approx(1.25));
  CHECK(costs[2].title == "item O6");
  CHECK(costliest_failed(opdc_shaped({})).empty());
}

TEST_CASE("costliest_failed: equal gains keep the items' order") {
  auto costs = costliest_failed(opdc_shaped({"O21", "O20"}));
  REQUIRE(costs.size() == 2);
  CHECK(costs[0].id == "O20");
  CHECK(costs[1].id == "O21");
  CHECK(costs[0].gain == doctest::Approx(costs[1].gain));
}

TEST_CASE("project_ita: Labour 2568 — 96.20, ผ่าน because EIT part 2 is 84.93") {
  auto p = project_ita({98.85, 92.04, 84.93}, 100);
  CHECK(p.total == doctest::Approx(96.20).epsilon(1e-12));
  CHECK(p.tier == "ผ่าน");
  CHECK(p.eit == doctest::Approx(88.49).epsilon(1e-12));  // 88.485 rounds up
}

TEST_CASE("project_ita: OPDC 2564 — 91.85") {
  // EIT given as one figure (88.46) in the source: both parts the same reproduce it.
  auto p = project_ita({87.05, 88.46, 88.46}, 98);
  CHECK(p.total == doctest::Approx(91.85).epsilon(1e-12));
  CHECK(p.tier == "ผ่านดี");
}

TEST_CASE("ita_tier: the four-score rule at its edges") {
  CHECK(ita_tier(95, {95, 95, 95}, 95) == "ผ่านดีเยี่ยม");
  CHECK(ita_tier(97, {99, 99, 94.99}, 100) == "ผ่านดี");   // one part under 95
  CHECK(ita_tier(96, {99, 99, 99}, 94) == "ผ่านดี");       // OIT under 95 blocks the top tier
  CHECK(ita_tier(85, {85, 85, 85}, 85) == "ผ่านดี");
  CHECK(ita_tier(90, {100, 100, 84.99}, 100) == "ผ่าน");
  CHECK(ita_tier(84.99, {100, 100, 100}, 50) == "ต้องปรับปรุง");
  CHECK(ita_tier(70, {70, 70, 70}, 70) == "ต้องปรับปรุง");
  CHECK(ita_tier(69.99, {70, 70, 70}, 69) == "ต้องปรับปรุงโดยด่วน");
}

TEST_CASE("audit: the derived OIT score aggregates by sub-indicator and indicator; failed items priced") {
  // Four items: A and B in 9.1, C in 9.2, D in 10.1. Only A's page is there.
  Criteria c;
  c.round = 2568;
  auto item = [](std::string id, std::string ind, std::string sub) {
    Item it;
    it.id = std::move(id);
    it.title = "title " + it.id;
    it.indicator = std::move(ind);
    it.sub_indicator = std::move(sub);
    return it;
  };
  c.items = {item("A", "9", "9.1"), item("B", "9", "9.1"), item("C", "9", "9.2"), item("D", "10", "10.1")};
  test::OnePageSite s;
  s.page("https://www.agency.go.th/a/", "<h1>title A</h1><p>ข้อมูล</p>");
  AuditInput in;
  in.criteria = &c;
  in.site = &s.site;
  in.as_of = {2025, 4, 15};
  in.item_urls["A"] = "https://www.agency.go.th/a/";
  AuditReport rep = audit(in);
  REQUIRE(rep.items.size() == 4);
  REQUIRE(rep.items[0].status != ItemStatus::Fail);
  CHECK(rep.summary.score == 25.0);  // the percent of items passing, kept as it was
  REQUIRE(rep.summary.oit_score);
  CHECK(*rep.summary.oit_score == 12.5);  // 9.1 = 50, 9.2 = 0 → 9 = 25; 10 = 0 → OIT 12.5
  CHECK(rep.summary.oit_score_note == kOitScoreNote);
  CHECK_FALSE(rep.summary.ita_total);
  REQUIRE(rep.summary.costliest_failed.size() == 3);
  CHECK(rep.summary.costliest_failed[0].id == "D");   // alone in 10.1 and in indicator 10: +50
  CHECK(rep.summary.costliest_failed[0].gain == 50);
  CHECK(rep.summary.costliest_failed[1].id == "C");   // alone in 9.2: +25
  CHECK(rep.summary.costliest_failed[2].id == "B");   // one of two in 9.1: +12.5
  CHECK(rep.summary.costliest_failed[2].gain == 12.5);

  apply_ita_scores(rep.summary, {98.85, 92.04, 84.93});
  REQUIRE(rep.summary.ita_total);
  CHECK(*rep.summary.ita_total == doctest::Approx(61.2).epsilon(1e-9));  // 29.655 + 26.5455 + 5 = 61.2005
  CHECK(rep.summary.ita_tier == "ต้องปรับปรุงโดยด่วน");
}
