// site.toml → SiteConfig. Strict: every unknown key is an error with its line:col,
// because a misspelt key silently ignored is a page the assessors never see.
#pragma once
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace oit {

struct MenuEntry {
  std::string title, url;
  int weight = 0;
};

struct AgencyInfo {
  std::string name, name_en, ministry, address, phone, email, fax, map_url, hours;
};

// A default for one GD-Catalog dataset field, as written in [opendata] (values are checked by the opendata
// module, which knows each field's allowed values).
struct OpenDataDefault {
  std::vector<std::string> values;  // one entry for a string, each entry of a list of strings
  bool is_list = false;
  SourcePos pos;
};

// [opendata]: the open-data catalogue. With the table present, every CSV table of a published page is a
// dataset; without it, only tables with a sidecar `<name>.dataset.toml` are.
struct OpenDataConfig {
  bool present = false;
  std::string ocid_prefix;  // "ocds-213czf": an OCDS release package is emitted for the procurement table
  SourcePos ocid_prefix_pos;
  std::string license_url;  // the licence's web address in the DCAT catalogue, overriding the built-in one
  std::map<std::string, OpenDataDefault> defaults;  // GD-Catalog field name → default for every dataset
};

// [languages.en]: English as a second language. Pages with an English twin (`page.en.md`, `index.en.md`,
// `_index.en.md`) are published under /en/; every other page is also there, in Thai, with a notice.
struct EnglishConfig {
  std::string title;        // defaults to [site] title_en
  std::string description;
  std::vector<MenuEntry> menu_main, menu_footer;  // empty: the Thai menus, moved to /en/ where a page is there
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
  OpenDataConfig opendata;
  std::optional<EnglishConfig> english;
};

// Parses the text of site.toml; `file` is the path used in error positions.
Result<SiteConfig> parse_site_config(std::string_view toml_text, const std::string& file);

// Hint for an unknown key: "did you mean `title`?" when an allowed key is within edit
// distance 2 (closest first), else "allowed keys: `a`, `b`, …". Shared with the front-matter reader.
std::string unknown_key_hint(std::string_view key, std::span<const std::string_view> allowed);

// toml++ 3.3 reaches __builtin_unreachable() (undefined behaviour; found by fuzz/frontmatter_meta) when it asks
// "is this whitespace?" of some non-ASCII characters — U+00A1–U+0499 (é, ©, °, Cyrillic…), U+2FEE–U+33E7,
// U+FBC6–U+FEFE — which it does at token positions, after escapes and while scanning bare values. The guard
// hands it the text with each such character replaced by a private-use stand-in (one character for one, so
// line:col positions are unchanged) and puts the originals back into the strings read from it.
class TomlGuard {
 public:
  explicit TomlGuard(std::string_view text);
  const std::string& text() const { return text_; }    // what to give toml::parse
  std::string restore(std::string_view s) const;       // a string read from the parse, with its characters back
  // toml++'s parse error at (line, col) of the text as a message and hint for people: a non-ASCII character
  // there (unquoted Thai, mostly) is named, since "could not determine value type" does not say what to do.
  // (line and col count from 1 in the guarded text, as toml++ reports them.)
  std::pair<std::string, std::string> describe_error(int line, int col, std::string_view description,
                                                     std::string_view hint) const;

 private:
  std::string text_;
  std::vector<std::pair<std::string, std::string>> swaps_;  // stand-in → original (UTF-8)
};


}  // namespace oit
