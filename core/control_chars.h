// Characters that must not reach an XML file or an HTML page: C0 controls other than tab, line feed and
// carriage return, DEL, the C1 controls and the noncharacters U+FFFE/U+FFFF. XML 1.0 forbids the C0 ones and
// U+FFFE/U+FFFF outright (one makes a feed.xml that no reader opens); HTML's parser reports every one as an
// error. They arrive through escapes ("\u000B" in TOML), YAML, copy-paste from old documents and
// spreadsheet exports, never on purpose.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace oit {

// Decodes the UTF-8 code point at s[i] and moves i past it; an invalid sequence reads as U+FFFD, one byte.
char32_t next_code_point(std::string_view s, size_t& i);

// "U+000B"
std::string code_point_name(char32_t c);

bool is_forbidden_char(char32_t c);

struct ForbiddenChar {
  size_t byte = 0;   // offset of its first byte
  size_t index = 0;  // 0-based count of characters before it
  char32_t code_point = 0;
};

// The first forbidden character of `s`, if any.
std::optional<ForbiddenChar> first_forbidden_char(std::string_view s);

// The error for one in a value the author wrote under `key`: "control character U+000B in `title`
// (character 7): feeds and web pages cannot hold it", and the hint that goes with it.
std::string forbidden_char_message(const ForbiddenChar& c, std::string_view key);
extern const char* const kForbiddenCharHint;

// `text` with its control characters (C0 but tab, DEL, C1) written as \x1b / \u009b: a file name or URL
// from a hostile site must not start a new line or drive the terminal when an error is printed
// (Error::str() and Warning::str() pass every part through it).
std::string printable(std::string_view text);

// `s` without its forbidden characters (for text whose source position is unknown).
std::string strip_forbidden_chars(std::string_view s);

// Text for an XML file (sitemap, feed, JUnit report, SVG): its forbidden characters removed, then escaped as
// core/text.h's html_escape does (& < > " ').
std::string xml_escape(std::string_view s);

}  // namespace oit
