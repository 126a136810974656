#include "generator/config.h"
#include "core/toml_node.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "core/control_chars.h"
#include "generator/url_policy.h"

namespace oit {

std::string unknown_key_hint(std::string_view key, std::span<const std::string_view> allowed) {
  std::string_view best;
  int best_d = 3;
  for (auto k : allowed) {
    int d = edit_distance(key, k);
    if (d < best_d) best_d = d, best = k;
  }
  if (!best.empty()) return "did you mean `" + std::string(best) + "`?";
  std::string s = "allowed keys: ";
  for (size_t i = 0; i < allowed.size(); ++i) s += (i ? ", `" : "`") + std::string(allowed[i]) + "`";
  return s;
}

namespace {

constexpr std::array<std::string_view, 7> kTables{"site", "agency", "oit", "menu", "feed", "opendata", "languages"};
constexpr std::array<std::string_view, 8> kSiteKeys{"title",    "title_en", "base_url",    "language",
                                                    "theme",    "description", "thai_digits", "unsafe_html"};
constexpr std::array<std::string_view, 9> kAgencyKeys{"name",  "name_en", "ministry", "address", "phone",
                                                      "email", "fax",     "map_url",  "hours"};
constexpr std::array<std::string_view, 1> kOitKeys{"round"};
constexpr std::array<std::string_view, 2> kMenuKeys{"main", "footer"};
constexpr std::array<std::string_view, 3> kMenuEntryKeys{"title", "url", "weight"};
constexpr std::array<std::string_view, 2> kFeedKeys{"section", "limit"};
constexpr std::array<std::string_view, 1> kLanguages{"en"};
constexpr std::array<std::string_view, 3> kEnglishKeys{"title", "description", "menu"};
// [opendata]: two settings of its own, then defaults for GD-Catalog dataset fields (checked by the opendata
// module). Per-dataset fields (title, notes, tag_string) have no site-wide default.
constexpr std::array<std::string_view, 15> kOpenDataKeys{
    "ocid_prefix", "license_url",  "data_type",   "owner_org",   "maintainer",  "maintainer_email",
    "telephone_number", "objective", "update_frequency_unit", "geo_coverage", "data_source", "data_format",
    "data_category", "license_id", "data_language"};

bool parses_as_int(std::string_view s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// Why `url` is not an absolute http(s) URL, or empty when it is one: the site's one URL policy
// (url_policy.h) for a web address. A base URL, to which page paths are appended, also cannot carry a query
// or fragment.
std::string bad_url_reason(std::string_view url, bool is_base) {
  UrlVerdict v = check_url(url, UrlUse::WebAddress);
  if (!v.ok()) return v.reason;
  if (is_base && url.find_first_of("?#") != std::string_view::npos) return "a base URL cannot have a query (?) or fragment (#)";
  return {};
}

// One TOML table being read, with the name users know it by ("[site]", "[[menu.main]]").
struct Table {
  const toml::table& t;
  std::string name;
  SourcePos pos;
};

class Reader {
 public:
  Reader(const std::string& file, const TomlGuard& guard) : file_(file), guard_(guard) {}
  std::string restore(std::string_view s) const { return guard_.restore(s); }

  SourcePos at(const toml::source_region& r) const { return toml_pos(file_, r); }

  // The unknown key written first in the file, if any.
  std::optional<Error> unknown_keys(const Table& tb, std::span<const std::string_view> allowed) const {
    const toml::key* first = nullptr;
    for (auto&& [k, v] : tb.t) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
      auto b = k.source().begin, fb = first ? first->source().begin : b;
      if (!first || b.line < fb.line || (b.line == fb.line && b.column < fb.column)) first = &k;
    }
    if (!first) return std::nullopt;
    std::string key(first->str());
    bool top = tb.name.empty();
    std::string msg = top && tb.t.get(key)->is_table() ? "unknown table `[" + restore(key) + "]`"
                                                        : "unknown key `" + restore(key) + "`" + (top ? "" : " in " + tb.name);
    std::string hint = unknown_key_hint(key, allowed);
    if (top && hint.rfind("did you mean", 0) != 0) {
      // A key written above every table header: say which table it belongs to.
      for (auto [owner, keys] : {std::pair{"site", std::span<const std::string_view>(kSiteKeys)},
                                 std::pair{"agency", std::span<const std::string_view>(kAgencyKeys)},
                                 std::pair{"oit", std::span<const std::string_view>(kOitKeys)},
                                 std::pair{"feed", std::span<const std::string_view>(kFeedKeys)},
                                 std::pair{"opendata", std::span<const std::string_view>(kOpenDataKeys)}})
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
          hint = "`" + key + "` belongs under [" + owner + "]; move it below that header";
          break;
        }
    }
    return make_error(at(first->source()), msg, hint);
  }

  Error missing(const Table& tb, std::string_view key, std::string_view example) const {
    return make_error(tb.pos, tb.name + " is missing `" + std::string(key) + "`",
                      "add `" + std::string(key) + " = " + std::string(example) + "` to " + tb.name);
  }

  std::optional<Error> string(const Table& tb, std::string_view key, std::string& out, bool required) const {
    const toml::node* n = tb.t.get(key);
    if (!n) return required ? std::optional(missing(tb, key, "\"…\"")) : std::nullopt;
    if (!n->is_string())
      return make_error(at(n->source()), "`" + std::string(key) + "` must be a string, not " + std::string(toml_type_name(*n)),
                        "put the text in quotes: " + std::string(key) + " = \"…\"");
    out = guard_.restore(*n->value<std::string>());
    // Written as a TOML escape ("\u000B"), a control character would reach every page and feed.xml.
    if (auto bad = first_forbidden_char(out))
      return make_error(at(n->source()), forbidden_char_message(*bad, key), kForbiddenCharHint);
    if (required && out.find_first_not_of(" \t") == std::string::npos)
      return make_error(at(n->source()), "`" + std::string(key) + "` in " + tb.name + " is empty");
    return std::nullopt;
  }

  std::optional<Error> boolean(const Table& tb, std::string_view key, bool& out) const {
    const toml::node* n = tb.t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
      std::string hint = "write " + std::string(key) + " = true or " + std::string(key) + " = false";
      if (n->is_string()) hint += ", without quotes";
      return make_error(at(n->source()),
                        "`" + std::string(key) + "` must be true or false, not " + std::string(toml_type_name(*n)), hint);
    }
    out = *n->value<bool>();
    return std::nullopt;
  }

  // `example` is shown in messages ("an integer like 2568"); `be_year` adds the CE→BE hint on range errors.
  std::optional<Error> integer(const Table& tb, std::string_view key, int& out, bool required, long long lo,
                               long long hi, std::string_view example, bool be_year = false) const {
    const toml::node* n = tb.t.get(key);
    std::string k(key);
    if (!n) return required ? std::optional(missing(tb, key, example)) : std::nullopt;
    if (!n->is_integer()) {
      std::string what = example.empty() ? "an integer" : "an integer like " + std::string(example);
      std::string hint;
      if (n->is_string() && parses_as_int(*n->value<std::string>()))
        hint = "remove the quotes: " + k + " = " + *n->value<std::string>();
      return make_error(at(n->source()), "`" + k + "` must be " + what + ", not " + std::string(toml_type_name(*n)), hint);
    }
    long long v = *n->value<long long>();
    if (v < lo || v > hi) {
      std::string hint;
      if (be_year && v >= 1900 && v < lo)
        hint = "rounds are Buddhist Era years: " + std::to_string(v) + " CE is " + std::to_string(v + 543);
      return make_error(at(n->source()),
                        "`" + k + "` must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", not " +
                            std::to_string(v),
                        hint);
    }
    out = int(v);
    return std::nullopt;
  }

  // A sub-table of the root; nullopt table when absent and not required.
  Result<const toml::table*> table(const toml::table& root, std::string_view key, bool required) const {
    const toml::node* n = root.get(key);
    std::string k(key);
    if (!n) {
      if (!required) return static_cast<const toml::table*>(nullptr);
      return make_error({file_, 0, 0}, "site.toml has no [" + k + "] table",
                        k == "site"     ? "add [site] with at least title = \"…\" and base_url = \"https://…/\""
                        : k == "agency" ? "add [agency] with at least name = \"…\""
                                        : "add [oit] with round = 2568 (the ITA round, Buddhist Era)");
    }
    if (!n->is_table())
      return make_error(at(n->source()), "`" + k + "` must be a table ([" + k + "]), not " + std::string(toml_type_name(*n)),
                        "write [" + k + "] on its own line and the keys below it");
    return n->as_table();
  }

  // `prefix` is where the menu table sits: "" for [[menu.main]], "languages.en." for [[languages.en.menu.main]].
  Result<std::vector<MenuEntry>> menu(const toml::table& menu, std::string_view key, std::string_view prefix = "") const {
    std::vector<MenuEntry> out;
    const toml::node* n = menu.get(key);
    if (!n) return out;
    std::string dotted = std::string(prefix) + "menu." + std::string(key);
    std::string name = "[[" + dotted + "]]";
    if (!n->is_array_of_tables() && !(n->is_array() && n->as_array()->empty()))
      return make_error(at(n->source()),
                        "`" + dotted + "` must be a list of " + name + " tables, not " +
                            std::string(toml_type_name(*n)),
                        "write one " + name + " header (double brackets) per menu entry, with title and url below it");
    for (const toml::node& item : *n->as_array()) {
      Table tb{*item.as_table(), name, at(item.source())};
      MenuEntry m;
      if (auto e = string(tb, "title", m.title, true)) return *e;
      if (auto e = string(tb, "url", m.url, true)) return *e;
      // The same policy as every link of the site (url_policy.h): a menu entry is an href like a Markdown link.
      if (UrlVerdict v = check_url(m.url, UrlUse::Link); !v.ok())
        return make_error(at(tb.t.get("url")->source()), url_refusal_message("menu `url` \"" + m.url + "\"", v),
                          "link a page of the site (url = \"/news/\") or a web address (url = \"https://…\")");
      if (auto e = integer(tb, "weight", m.weight, false, INT32_MIN, INT32_MAX, "")) return *e;
      out.push_back(std::move(m));
    }
    std::stable_sort(out.begin(), out.end(), [](const MenuEntry& a, const MenuEntry& b) { return a.weight < b.weight; });
    return out;
  }

  // The optional `menu` table under `parent` (the root, or [languages.en]): its main and footer menus.
  std::optional<Error> menus(const toml::table& parent, std::string_view prefix, std::vector<MenuEntry>& main,
                             std::vector<MenuEntry>& footer) const {
    auto menu = table(parent, "menu", false);
    if (!menu) return menu.error();
    if (!*menu) return std::nullopt;
    auto m = this->menu(**menu, "main", prefix);
    if (!m) return m.error();
    main = std::move(*m);
    auto f = this->menu(**menu, "footer", prefix);
    if (!f) return f.error();
    footer = std::move(*f);
    return std::nullopt;
  }

 private:
  const std::string& file_;
  const TomlGuard& guard_;  // strings read back get their original characters
};

// Unknown keys are checked across the whole file before any value, so the first one in the file is reported.
std::optional<Error> first_unknown_key(const toml::table& root, const Reader& r) {
  std::vector<Error> found;
  auto check = [&](const toml::node* n, const std::string& name, std::span<const std::string_view> allowed) {
    if (n && n->is_table())
      if (auto e = r.unknown_keys(Table{*n->as_table(), name, {}}, allowed)) found.push_back(*e);
  };
  check(&root, "", kTables);
  check(root.get("site"), "[site]", kSiteKeys);
  check(root.get("agency"), "[agency]", kAgencyKeys);
  check(root.get("oit"), "[oit]", kOitKeys);
  check(root.get("feed"), "[feed]", kFeedKeys);
  check(root.get("opendata"), "[opendata]", kOpenDataKeys);
  auto check_menus = [&](const toml::node* menu, const std::string& prefix) {
    check(menu, "[" + prefix + "menu]", kMenuKeys);
    if (menu && menu->is_table())
      for (std::string key : {"main", "footer"})
        if (const toml::array* entries = (*menu->as_table())[key].as_array())
          for (const toml::node& entry : *entries) check(&entry, "[[" + prefix + "menu." + key + "]]", kMenuEntryKeys);
  };
  check_menus(root.get("menu"), "");
  check(root.get("languages"), "[languages]", kLanguages);
  if (const toml::table* langs = root["languages"].as_table()) {
    check(langs->get("en"), "[languages.en]", kEnglishKeys);
    if (const toml::table* en = (*langs)["en"].as_table()) check_menus(en->get("menu"), "languages.en.");
  }
  if (found.empty()) return std::nullopt;
  return *std::min_element(found.begin(), found.end(), [](const Error& a, const Error& b) {
    return std::pair(a.pos.line, a.pos.col) < std::pair(b.pos.line, b.pos.col);
  });
}

Result<SiteConfig> read_config(const toml::table& root, const Reader& r) {
  SiteConfig c;
  if (auto e = first_unknown_key(root, r)) return *e;

  auto site = r.table(root, "site", true);
  if (!site) return site.error();
  Table st{**site, "[site]", r.at((*site)->source())};
  if (auto e = r.string(st, "title", c.title, true)) return *e;
  if (auto e = r.string(st, "title_en", c.title_en, false)) return *e;
  if (auto e = r.string(st, "base_url", c.base_url, true)) return *e;
  if (std::string why = bad_url_reason(c.base_url, true); !why.empty())
    return make_error(r.at(st.t.get("base_url")->source()), "`base_url` \"" + c.base_url + "\" is not usable: " + why,
                      "write the site's public address, e.g. base_url = \"https://www.example.go.th/\"");
  if (c.base_url.back() != '/') c.base_url += '/';
  if (auto e = r.string(st, "language", c.language, false)) return *e;
  if (auto e = r.string(st, "theme", c.theme, false)) return *e;
  if (c.theme.empty() || c.theme[0] == '.' ||
      c.theme.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos)
    return make_error(r.at(st.t.get("theme")->source()), "`theme` \"" + c.theme + "\" is not a folder name",
                      "name a folder under themes/ using letters, digits, '-' or '_', e.g. theme = \"default\"");
  if (auto e = r.string(st, "description", c.description, false)) return *e;
  if (auto e = r.boolean(st, "thai_digits", c.thai_digits)) return *e;
  if (auto e = r.boolean(st, "unsafe_html", c.unsafe_html)) return *e;

  auto agency = r.table(root, "agency", true);
  if (!agency) return agency.error();
  Table ag{**agency, "[agency]", r.at((*agency)->source())};
  AgencyInfo& a = c.agency;
  for (auto [key, field, req] : {std::tuple{"name", &a.name, true}, std::tuple{"name_en", &a.name_en, false},
                                 std::tuple{"ministry", &a.ministry, false}, std::tuple{"address", &a.address, false},
                                 std::tuple{"phone", &a.phone, false}, std::tuple{"email", &a.email, false},
                                 std::tuple{"fax", &a.fax, false}, std::tuple{"map_url", &a.map_url, false},
                                 std::tuple{"hours", &a.hours, false}})
    if (auto e = r.string(ag, key, *field, req)) return *e;
  if (!a.map_url.empty())
    if (std::string why = bad_url_reason(a.map_url, false); !why.empty())
      return make_error(r.at(ag.t.get("map_url")->source()), "`map_url` \"" + a.map_url + "\" is not usable: " + why,
                        "paste the full map link, starting with https://");

  auto oit = r.table(root, "oit", true);
  if (!oit) return oit.error();
  Table ot{**oit, "[oit]", r.at((*oit)->source())};
  if (auto e = r.integer(ot, "round", c.round, true, 2560, 2600, "2568", true)) return *e;
  c.round_pos = r.at(ot.t.get("round")->source());

  if (auto e = r.menus(root, "", c.menu_main, c.menu_footer)) return *e;

  auto feed = r.table(root, "feed", false);
  if (!feed) return feed.error();
  if (*feed) {
    Table fd{**feed, "[feed]", r.at((*feed)->source())};
    if (auto e = r.string(fd, "section", c.feed_section, false)) return *e;
    if (c.feed_section.empty() || c.feed_section.find('/') != std::string::npos || c.feed_section.find("..") != std::string::npos)
      return make_error(r.at(fd.t.get("section")->source()), "`section` must name one folder under content/, like \"news\"");
    if (auto e = r.integer(fd, "limit", c.feed_limit, false, 1, 1000, "20")) return *e;
  }

  auto languages = r.table(root, "languages", false);
  if (!languages) return languages.error();
  if (*languages) {
    auto en = r.table(**languages, "en", false);
    if (!en) return en.error();
    if (!*en)
      return make_error(r.at((*languages)->source()), "[languages] declares no language",
                        "write [languages.en] (English is the second language oit supports), or remove [languages]");
    EnglishConfig ec;
    Table et{**en, "[languages.en]", r.at((*en)->source())};
    if (auto e = r.string(et, "title", ec.title, false)) return *e;
    if (ec.title.empty()) ec.title = c.title_en;
    if (ec.title.empty())
      return make_error(et.pos, "[languages.en] has no English title",
                        "add title = \"…\" under [languages.en], or title_en = \"…\" under [site]");
    if (auto e = r.string(et, "description", ec.description, false)) return *e;
    if (auto e = r.menus(**en, "languages.en.", ec.menu_main, ec.menu_footer)) return *e;
    c.english = std::move(ec);
  }

  auto opendata = r.table(root, "opendata", false);
  if (!opendata) return opendata.error();
  if (*opendata) {
    OpenDataConfig& od = c.opendata;
    od.present = true;
    Table ot{**opendata, "[opendata]", r.at((*opendata)->source())};
    if (auto e = r.string(ot, "ocid_prefix", od.ocid_prefix, false)) return *e;
    if (const toml::node* n = ot.t.get("ocid_prefix")) {
      od.ocid_prefix_pos = r.at(n->source());
      // Prefixes the Open Contracting Partnership registers are "ocds-" and six lowercase letters or digits.
      bool ok = od.ocid_prefix.size() == 11 && od.ocid_prefix.rfind("ocds-", 0) == 0 &&
                od.ocid_prefix.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", 5) == std::string::npos;
      if (!ok)
        return make_error(od.ocid_prefix_pos, "`ocid_prefix` \"" + od.ocid_prefix + "\" is not an OCDS prefix",
                          "write the prefix the Open Contracting Partnership registered for the agency, like "
                          "ocid_prefix = \"ocds-213czf\" (\"ocds-\" and six lowercase letters or digits), or remove it");
    }
    if (auto e = r.string(ot, "license_url", od.license_url, false)) return *e;
    if (!od.license_url.empty())
      if (std::string why = bad_url_reason(od.license_url, false); !why.empty())
        return make_error(r.at(ot.t.get("license_url")->source()),
                          "`license_url` \"" + od.license_url + "\" is not usable: " + why,
                          "write the licence's full web address, starting with https://");
    for (auto&& [k, v] : ot.t) {
      std::string key = r.restore(k.str());
      if (key == "ocid_prefix" || key == "license_url") continue;
      OpenDataDefault d;
      d.pos = r.at(v.source());
      auto wrong = [&](const toml::node& n) {
        return make_error(r.at(n.source()),
                          "`" + key + "` in [opendata] must be a string or a list of strings, not " + std::string(toml_type_name(n)),
                          "write " + key + " = \"…\" or " + key + " = [\"…\", \"…\"]");
      };
      if (v.is_string()) {
        d.values.push_back(r.restore(*v.value<std::string>()));
      } else if (const toml::array* a = v.as_array()) {
        d.is_list = true;
        for (const toml::node& item : *a) {
          if (!item.is_string()) return wrong(item);
          d.values.push_back(r.restore(*item.value<std::string>()));
        }
      } else {
        return wrong(v);
      }
      od.defaults[key] = std::move(d);
    }
  }
  return c;
}

}  // namespace

namespace {
// toml++ 3.3 asks "is this whitespace?" of the character after an escape backslash, after a line-ending
// backslash and at every token position; for these code points it reaches __builtin_unreachable().
bool trips_toml_whitespace_check(char32_t c) {
  if (c < 0xA0 || c > 0xFEFF || c == 0xA0 || c == 0x3000 || c == 0xFEFF) return false;
  auto chunk = (c - 0xA0) / 0x3FA;
  return chunk == 0 || chunk == 11 || chunk == 63;
}

// Decodes the UTF-8 sequence at s[i] (the caller has checked the text is UTF-8 or does not care).
char32_t code_point_at(std::string_view s, size_t i, size_t& len) {
  unsigned char c = s[i];
  len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) return c;
  char32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

}  // namespace

TomlGuard::TomlGuard(std::string_view text) {
  // Code points of the text, to pick stand-ins that cannot be confused with it.
  std::vector<std::pair<char32_t, std::string_view>> bad;  // original code point → its bytes
  std::vector<char32_t> present;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    char32_t cp = code_point_at(text, i, len);
    if (cp >= 0xF0000) present.push_back(cp);
    if (trips_toml_whitespace_check(cp)) bad.emplace_back(cp, text.substr(i, len));
    i += len;
  }
  if (bad.empty()) {
    text_ = std::string(text);
    return;
  }
  std::sort(present.begin(), present.end());
  char32_t next = 0xF0000;  // Supplementary Private Use Area-A: toml++ rules these out before the buggy table
  auto utf8 = [](char32_t cp) {
    return std::string{char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)), char(0x80 | ((cp >> 6) & 0x3F)),
                       char(0x80 | (cp & 0x3F))};
  };
  std::map<char32_t, std::string> stand_in;
  for (auto& [cp, bytes] : bad) {
    if (stand_in.count(cp)) continue;
    while (std::binary_search(present.begin(), present.end(), next)) ++next;
    stand_in[cp] = utf8(next);
    swaps_.emplace_back(utf8(next), std::string(bytes));
    ++next;
  }
  text_.reserve(text.size() + 2 * bad.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    char32_t cp = code_point_at(text, i, len);
    if (auto it = stand_in.find(cp); it != stand_in.end() && trips_toml_whitespace_check(cp)) text_ += it->second;
    else text_.append(text.substr(i, len));
    i += len;
  }
}

std::pair<std::string, std::string> TomlGuard::describe_error(int line, int col, std::string_view description,
                                                              std::string_view hint) const {
  size_t i = 0;
  for (int l = 1; l < line && i < text_.size(); ++l) {
    size_t nl = text_.find('\n', i);
    i = nl == std::string::npos ? text_.size() : nl + 1;
  }
  size_t len = 1;
  for (int c = 1; c < col && i < text_.size(); ++c) {
    code_point_at(text_, i, len);
    i += len;
  }
  if (i < text_.size() && text_[i] != '\n') {
    std::string ch = restore(text_.substr(i, (code_point_at(text_, i, len), len)));
    char32_t cp = code_point_at(ch, 0, len);
    if (cp >= 0x80 && cp != 0xFEFF) {
      char name[16];
      std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
      return {"`" + ch + "` (" + name + ") cannot stand outside a string", "put text in \"double quotes\", e.g. title = \"…\""};
    }
  }
  return {restore(description), std::string(hint)};
}

std::string TomlGuard::restore(std::string_view s) const {
  std::string out(s);
  for (const auto& [stand_in, original] : swaps_)
    for (size_t at = out.find(stand_in); at != std::string::npos; at = out.find(stand_in, at + original.size()))
      out.replace(at, stand_in.size(), original);
  return out;
}

Result<SiteConfig> parse_site_config(std::string_view toml_text, const std::string& file) {
  const TomlGuard guard(toml_text);
  Reader r(file, guard);
  try {
    toml::table root = toml::parse(guard.text(), std::string_view(file));
    return read_config(root, r);
  } catch (const toml::parse_error& e) {
    auto [message, hint] = guard.describe_error(int(e.source().begin.line), int(e.source().begin.column), e.description(),
                                                "check quotes and brackets on this line; strings need \"double quotes\"");
    return make_error(r.at(e.source()), "TOML syntax error: " + message, hint);
  }
}

}  // namespace oit
