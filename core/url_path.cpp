#include "core/url_path.h"

#include <algorithm>

namespace oit {

std::optional<std::string_view> path_below_base(std::string_view path, std::string_view base) {
  if (!path.starts_with(base)) return std::nullopt;
  return path.substr(base.size());
}

std::string file_for_url_path(std::string_view relative) {
  std::string file(relative);
  if (file.empty() || file.back() == '/') file += "index.html";
  return file;
}

std::string url_path_for_file(std::string_view relative_file) {
  std::string path(relative_file);
  if (path == "index.html") path.clear();
  else if (path.ends_with("/index.html")) path.erase(path.size() - 10);
  return path;
}

bool has_parent_segment(std::string_view relative) {
  for (size_t start = 0; start <= relative.size();) {
    size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    if (relative.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool path_inside(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

}  // namespace oit
