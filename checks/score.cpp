#include "checks/score.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace oit {

double round2(double x) {
  // The tiny nudge keeps a value that is exactly half a cent in decimal (96.2005 held as 96.20049999…)
  // from falling the wrong side; published figures are 2 decimals.
  return std::round(x * 100.0 + (x >= 0 ? 1e-9 : -1e-9)) / 100.0;
}

double aggregate_oit(const std::vector<ScoredItem>& items) {
  // indicator → sub-indicator → (items passed, items), indicators in first-seen order.
  std::vector<std::string> indicator_order;
  std::map<std::string, std::vector<std::string>> sub_order;
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> counts;
  for (const auto& it : items) {
    if (std::find(indicator_order.begin(), indicator_order.end(), it.indicator) == indicator_order.end())
      indicator_order.push_back(it.indicator);
    auto& subs = sub_order[it.indicator];
    if (std::find(subs.begin(), subs.end(), it.sub_indicator) == subs.end()) subs.push_back(it.sub_indicator);
    auto& c = counts[{it.indicator, it.sub_indicator}];
    c.first += it.passed ? 1 : 0;
    c.second += 1;
  }
  if (indicator_order.empty()) return 0;
  double sum_indicators = 0;
  for (const auto& ind : indicator_order) {
    double sum_subs = 0;
    const auto& subs = sub_order[ind];
    for (const auto& sub : subs) {
      auto [passed, total] = counts[{ind, sub}];
      sum_subs += 100.0 * passed / total;
    }
    sum_indicators += sum_subs / static_cast<double>(subs.size());
  }
  return sum_indicators / static_cast<double>(indicator_order.size());
}

std::vector<ItemCost> costliest_failed(const std::vector<ScoredItem>& items) {
  const double now = aggregate_oit(items);
  std::vector<ItemCost> out;
  std::vector<ScoredItem> what_if = items;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].passed) continue;
    what_if[i].passed = true;
    out.push_back({items[i].id, items[i].title, round2(aggregate_oit(what_if) - now)});
    what_if[i].passed = false;
  }
  std::stable_sort(out.begin(), out.end(), [](const ItemCost& a, const ItemCost& b) { return a.gain > b.gain; });
  return out;
}

std::string ita_tier(double total, const ItaScores& s, double oit) {
  const double least = std::min({s.iit, s.eit1, s.eit2, oit});
  if (total >= 95 && least >= 95) return "ผ่านดีเยี่ยม";
  if (total >= 85 && least >= 85) return "ผ่านดี";
  if (total >= 85) return "ผ่าน";
  if (total >= 70) return "ต้องปรับปรุง";
  return "ต้องปรับปรุงโดยด่วน";
}

ItaProjection project_ita(const ItaScores& s, double oit) {
  ItaProjection p;
  const double eit = (s.eit1 + s.eit2) / 2.0;
  p.total = round2(0.30 * s.iit + 0.30 * eit + 0.40 * oit);
  p.eit = round2(eit);
  p.tier = ita_tier(p.total, s, oit);
  return p;
}

}  // namespace oit
