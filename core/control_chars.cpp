#include "core/control_chars.h"
#include "core/text.h"

#include <cstdio>

namespace oit {

char32_t next_code_point(std::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool is_forbidden_char(char32_t c) {
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
  return (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

std::optional<ForbiddenChar> first_forbidden_char(std::string_view s) {
  size_t index = 0;
  for (size_t i = 0; i < s.size(); ++index) {
    // Fast path: printable ASCII and every lead byte that cannot start a forbidden character.
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x7F) {
      ++i;
      continue;
    }
    const size_t at = i;
    const char32_t c = next_code_point(s, i);
    if (is_forbidden_char(c)) return ForbiddenChar{at, index, c};
  }
  return std::nullopt;
}

std::string strip_forbidden_chars(std::string_view s) {
  if (!first_forbidden_char(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const char32_t c = next_code_point(s, i);
    if (!is_forbidden_char(c)) out.append(s, at, i - at);
  }
  return out;
}

std::string xml_escape(std::string_view s) { return html_escape(strip_forbidden_chars(s)); }

std::string forbidden_char_message(const ForbiddenChar& c, std::string_view key) {
  return "control character " + code_point_name(c.code_point) + " in `" + std::string(key) + "` (character " +
         std::to_string(c.index + 1) + "): feeds and web pages cannot hold it";
}

const char* const kForbiddenCharHint =
    "delete the character (it often comes with text pasted from a PDF or a word processor); write the text without "
    "escapes like \\u000B";

std::string printable(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // U+0080..U+009F: in UTF-8, C2 80..C2 9F (0x9B is a terminal's CSI, like ESC [).
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c1) c = static_cast<unsigned char>(text[++i]);
    if (c1 || (c < 0x20 && c != '\t') || c == 0x7F) {
      out += c1 ? "\\u00" : "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace oit
