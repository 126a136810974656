// Bounds on JSON read from outside (a site's oit.json, a --cache file) before it is parsed: nlohmann
// builds a tree of ~50 bytes a value, so 4 MB of "[" is 4 million nested arrays (and gigabytes).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace oit {

// Why `text` is too deeply nested or has too many values to be parsed safely, or nullopt when it is
// within `max_depth` levels and `max_values` values (strings are skipped, escapes honoured).
std::optional<std::string> json_too_big(std::string_view text, int max_depth = 64, size_t max_values = 2000000);

}  // namespace oit
