#include "checks/html_charset.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>

#include "core/encoding.h"

namespace oit {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The value after "charset" at `at` ("charset = 'x'", "charset=x;"); "" when no '=' follows.
std::string value_after_charset(std::string_view s, size_t at) {
  size_t i = at + 7;
  while (i < s.size() && space(s[i])) ++i;
  if (i >= s.size() || s[i] != '=') return "";
  ++i;
  while (i < s.size() && space(s[i])) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  size_t start = i;
  while (i < s.size() && !space(s[i]) && s[i] != '"' && s[i] != '\'' && s[i] != ';' && s[i] != '>' && s[i] != '/' &&
         s[i] != ',')
    ++i;
  return ascii_lower(s.substr(start, std::min<size_t>(i - start, 64)));
}

}  // namespace

std::string charset_parameter(std::string_view content_type) {
  std::string ct = ascii_lower(content_type.substr(0, 1024));
  size_t semi = ct.find(';');
  for (size_t at = ct.find("charset", semi == std::string::npos ? ct.size() : semi); at != std::string::npos;
       at = ct.find("charset", at + 7))
    if (auto v = value_after_charset(ct, at); !v.empty()) return v;
  return "";
}

std::string meta_charset(std::string_view html) {
  std::string head = ascii_lower(html.substr(0, 8192));
  for (size_t m = head.find("<meta"); m != std::string::npos; m = head.find("<meta", m + 5)) {
    size_t end = head.find('>', m);
    std::string_view tag = std::string_view(head).substr(m, end == std::string::npos ? std::string::npos : end - m);
    for (size_t at = tag.find("charset"); at != std::string_view::npos; at = tag.find("charset", at + 7))
      if (auto v = value_after_charset(tag, at); !v.empty()) return v;
  }
  return "";
}

bool is_cp874_label(std::string_view label) {
  static const char* const kLabels[] = {"windows-874", "tis-620", "iso-8859-11", "iso8859-11", "iso885911",
                                        "dos-874", "x-windows-874", "cp874", "x-cp874", "tis620", "iso_8859-11",
                                        "tis-620-2533"};
  std::string l = ascii_lower(label);
  return std::any_of(std::begin(kLabels), std::end(kLabels), [&](const char* k) { return l == k; });
}

std::optional<std::string> html_as_utf8(std::string_view body, std::string_view header_charset) {
  if (body.starts_with("\xEF\xBB\xBF")) return std::nullopt;  // a BOM overrides every declaration
  std::string declared = !header_charset.empty() ? std::string(header_charset) : meta_charset(body);
  if (declared.empty()) {
    // Nothing declared: what the bytes are. Valid UTF-8 stays; legacy Thai is decoded as a browser guesses it.
    if (!first_invalid_utf8(body) || !looks_like_cp874(body)) return std::nullopt;
    return cp874_to_utf8(body);
  }
  if (!is_cp874_label(declared)) return std::nullopt;
  return cp874_to_utf8(body);
}

}  // namespace oit
