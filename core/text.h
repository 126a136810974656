// Small text helpers that every part of oit needs, in one place (copies of them drifted apart before).
// ASCII-only case mapping on purpose: HTML tag names, URL schemes, header names and item codes are ASCII,
// and Thai has no case.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oit {

std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);
bool iequals_ascii(std::string_view a, std::string_view b);

// Without leading and trailing ASCII whitespace (space, tab, LF, CR, FF, VT).
std::string_view trim(std::string_view s);

std::string join(std::span<const std::string> parts, std::string_view sep);
std::string join(std::span<const std::string_view> parts, std::string_view sep);

// Levenshtein distance over bytes, for "did you mean" hints.
int edit_distance(std::string_view a, std::string_view b);

// & < > " ' escaped: safe in element text and in quoted attribute values.
std::string html_escape(std::string_view text);
// The inverse of html_escape, in one pass (so "&amp;lt;" becomes "&lt;", never "<"); other entities stay.
std::string html_unescape(std::string_view text);

}  // namespace oit
