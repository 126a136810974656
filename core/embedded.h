// Files compiled into the binary at build time (criteria files, the default theme),
// so that `oit` works from any folder. Paths are relative to the repository root,
// e.g. "core/criteria/ita-2568.toml", "themes/default/templates/baseof.html".
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace oit {

std::optional<std::string_view> embedded_file(std::string_view path);
// Every embedded path that starts with `prefix`, sorted.
std::vector<std::string_view> embedded_paths(std::string_view prefix);

}  // namespace oit
