#include "core/suggest.h"

#include "core/text.h"

namespace oit {

std::optional<std::string> did_you_mean(std::string_view typed, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  int best_distance = 3;  // a typo is one or two edits away
  const std::string lowered = ascii_lower(typed);
  for (const auto& name : known) {
    int d = edit_distance(lowered, name);
    if (d < best_distance && 2 * d < static_cast<int>(typed.size())) best_distance = d, best = name;
  }
  return best;
}

}  // namespace oit
