// Paths of content/ files as the build names them: '/'-separated, relative to content/.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oit {

std::string dir_of(std::string_view rel);   // "news/a.md" → "news"; "a.md" → ""
std::string ext_of(std::string_view name);  // lower-cased extension without the dot; "" when none

// Joins a content folder and a relative link, resolving "." and ".."; nullopt when it climbs out of content/.
std::optional<std::string> join_rel(const std::string& dir, std::string_view link);

// An attachment's size as a page shows it: "512 B", "12 KB", "1.5 MB".
std::string human_size(uintmax_t bytes);

}  // namespace oit
