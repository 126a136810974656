#include "checks/json_limits.h"

namespace oit {

std::optional<std::string> json_too_big(std::string_view text, int max_depth, size_t max_values) {
  int depth = 0;
  size_t values = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; ++values; break;
      case '[': case '{':
        if (++depth > max_depth) return "nested deeper than " + std::to_string(max_depth) + " levels";
        ++values;
        break;
      case ']': case '}': --depth; break;
      case ',': ++values; break;
      default: break;
    }
    if (values > max_values) return "more than " + std::to_string(max_values) + " values";
  }
  return std::nullopt;
}

}  // namespace oit
