#include "checks/content_sniff.h"

#include <string>

#include "core/text.h"

namespace oit {

bool looks_like_html(std::string_view body) {
  size_t i = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos) return false;
  std::string head = ascii_lower(body.substr(i, 20));
  return head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head") ||
         head.starts_with("<body");
}

}  // namespace oit
