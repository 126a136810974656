// The OIT score as the NACC aggregates it, and the projected ITA total and tier
// (shared/domain/oit-criteria.md §1). Pure arithmetic over item verdicts: no I/O.
//
// OIT (derived from 2564 figures only, grade C+): item scores (100 pass or warn, 0 fail) → mean per
// sub-indicator → mean per indicator → OIT = mean of the indicators. So one failed item in a small
// sub-indicator costs more than one in a large one (§8.6).
// ITA total (derived, reproduces published totals to the cent): 0.30·IIT + 0.30·EIT + 0.40·OIT with
// EIT = mean(EIT part 1, EIT part 2); the tier by the four-score rule (§1, grade A).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace oit {

// One item as the aggregation sees it.
struct ScoredItem {
  std::string id;             // "O12"
  std::string title;
  std::string indicator;      // "9"
  std::string sub_indicator;  // "9.3"; "" puts the item in a sub-indicator of its own indicator
  bool passed = false;        // pass or warn: 100; fail: 0
};

// What a failed item costs: the OIT points gained if it passed, all else equal.
struct ItemCost {
  std::string id, title;
  double gain = 0;  // rounded to 2 decimals
};

// The OIT score of `items` under the aggregation above, unrounded; 0 when there is no item.
double aggregate_oit(const std::vector<ScoredItem>& items);

// Every failed item with its gain, the costliest first (ties in the items' order).
std::vector<ItemCost> costliest_failed(const std::vector<ScoredItem>& items);

// The scores the OIT checker cannot see, given by the user (each 0–100).
struct ItaScores {
  double iit = 0, eit1 = 0, eit2 = 0;
};

struct ItaProjection {
  double total = 0;  // rounded to 2 decimals, as the NACC publishes it
  double eit = 0;    // mean of the EIT parts, 2 decimals
  std::string tier;  // Thai tier name
};

// The projected ITA total and tier from the three scores and an OIT score (the four-score rule).
ItaProjection project_ita(const ItaScores& scores, double oit);

// The tier by the four-score rule: ผ่านดีเยี่ยม total ≥ 95 and each of IIT, EIT1, EIT2, OIT ≥ 95;
// ผ่านดี total ≥ 85 and each ≥ 85; ผ่าน total ≥ 85; ต้องปรับปรุง ≥ 70; else ต้องปรับปรุงโดยด่วน.
std::string ita_tier(double total, const ItaScores& scores, double oit);

// The note every report carries beside the derived OIT score.
inline constexpr const char* kOitScoreNote =
    "derived (grade C+, from 2564 figures): item scores -> mean per sub-indicator -> mean per indicator -> "
    "OIT = mean of the indicators";

// Rounds to 2 decimals (the precision the NACC publishes).
double round2(double x);

}  // namespace oit
