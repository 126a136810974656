// site.toml → SiteConfig. Strict: every unknown key is an error with its line:col,
// because a misspelt key silently ignored is a page the assessors never see.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace oit {

struct MenuEntry {
  std::string title, url;
  int weight = 0;
};

struct AgencyInfo {
  std::string name, name_en, ministry, address, phone, email, fax, map_url, hours;
};

struct SiteConfig {
  std::string title, title_en;
  std::string base_url;  // absolute http(s) URL, normalised to end with '/'
  std::string language = "th", theme = "default", description;
  bool thai_digits = false;  // show Thai digits in dates/numbers shown to people
  bool unsafe_html = false;  // pass raw HTML in Markdown through (off by default)
  AgencyInfo agency;
  int round = 0;         // [oit] round, Buddhist Era (2560..2600)
  SourcePos round_pos;   // where `round` was written (for later errors, e.g. no criteria for it)
  std::vector<MenuEntry> menu_main, menu_footer;  // sorted by weight, stable
  std::string feed_section = "news";
  int feed_limit = 20;
};

// Parses the text of site.toml; `file` is the path used in error positions.
Result<SiteConfig> parse_site_config(std::string_view toml_text, const std::string& file);

// Hint for an unknown key: "did you mean `title`?" when an allowed key is within edit
// distance 2 (closest first), else "allowed keys: `a`, `b`, …". Shared with the front-matter reader.
std::string unknown_key_hint(std::string_view key, std::span<const std::string_view> allowed);

// Levenshtein distance over bytes.
int edit_distance(std::string_view a, std::string_view b);

}  // namespace oit
