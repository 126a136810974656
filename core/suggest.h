// "Did you mean …?": the known name nearest to a mistyped one (a command, an option), shared by the
// command line (cli/) and `oit check`'s own argument reading so every command suggests alike.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oit {

// The known name nearest to `typed` when it is near enough to be a typo: at most 2 edits, and fewer
// edits than half the typed length (so `-x` suggests nothing). Ties go to the first in `known`.
std::optional<std::string> did_you_mean(std::string_view typed, const std::vector<std::string>& known);

}  // namespace oit
