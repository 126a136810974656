#include "generator/content_path.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace oit {

std::string dir_of(std::string_view rel) {
  size_t s = rel.rfind('/');
  return s == std::string_view::npos ? std::string() : std::string(rel.substr(0, s));
}

std::string ext_of(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || name.find('/', dot) != std::string_view::npos) return {};
  std::string e(name.substr(dot + 1));
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

std::optional<std::string> join_rel(const std::string& dir, std::string_view link) {
  std::vector<std::string> parts;
  auto push_all = [&](std::string_view s) -> bool {
    size_t start = 0;
    while (start <= s.size()) {
      size_t slash = s.find('/', start);
      std::string_view seg = s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.emplace_back(seg);
      }
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return true;
  };
  if (!push_all(dir) || !push_all(link)) return std::nullopt;
  std::string out;
  for (auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string human_size(uintmax_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024)
    std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0);
  else
    std::snprintf(buf, sizeof buf, "%ju B", bytes);
  return buf;
}

}  // namespace oit
