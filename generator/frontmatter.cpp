#include "generator/frontmatter.h"

#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "generator/config.h"  // unknown_key_hint

namespace oit {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::array<std::string_view, 10> kKeys{"title",   "oit",     "fiscal_year", "date",   "updated",
                                                 "draft",   "summary", "weight",      "layout", "slug"};

// The line starting at `at`: its text without the line end, and where the next line starts.
struct Line {
  std::string_view text;
  size_t next;
};
Line line_at(std::string_view s, size_t at) {
  size_t end = s.find('\n', at);
  if (end == std::string_view::npos) return {s.substr(at), s.size()};
  return {s.substr(at, end - at), end + 1};
}

// "+++" or "---" when the line is a fence (trailing spaces and CR allowed), else empty.
std::string_view fence_of(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "+++" || line == "---" ? line : std::string_view{};
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// Line and column (in characters) of byte `at`.
SourcePos position_of(std::string_view text, size_t at, const std::string& file) {
  size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  line_start = line_start == std::string_view::npos || at == 0 ? 0 : line_start + 1;
  int col = 1;
  for (size_t i = line_start; i < at; ++i) col += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return {file, int(1 + std::count(text.begin(), text.begin() + at, '\n')), col};
}

}  // namespace

Result<FrontMatterSplit> split_front_matter(std::string_view text, const std::string& file) {
  if (size_t nul = text.find('\0'); nul != std::string_view::npos)
    return make_error(position_of(text, nul, file), "file looks binary: NUL byte at offset " + std::to_string(nul),
                      "pages must be UTF-8 Markdown text; give other files a different extension than .md");
  const size_t start = text.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  Line first = line_at(text, start);
  std::string_view fence = fence_of(first.text);
  if (fence.empty()) {
    // Blank lines before the fence are the usual way to lose the front matter; say so.
    int n = 1;
    for (Line l = first; is_blank(l.text) && l.next < text.size(); ++n) {
      l = line_at(text, l.next);
      if (!fence_of(l.text).empty())
        return make_error({file, n + 1, 1}, "page has no front matter",
                          "the `" + std::string(fence_of(l.text)) +
                              "` block must start on the very first line; remove the blank lines above it");
    }
    return make_error({file, 1, 1}, "page has no front matter",
                      "start the file with a title between +++ lines:\n+++\ntitle = \"…\"\n+++");
  }

  int line_no = 2;
  int other_fence_line = 0;  // a line with the other kind of fence, for the hint
  for (size_t at = first.next; at < text.size(); ++line_no) {
    Line l = line_at(text, at);
    std::string_view f = fence_of(l.text);
    if (f == fence) {
      FrontMatterSplit s;
      s.format = fence == "+++" ? FrontMatterFormat::Toml : FrontMatterFormat::Yaml;
      s.front = text.substr(first.next, at - first.next);
      s.body = text.substr(l.next);
      s.front_line = 2;
      s.body_line = line_no + 1;
      return s;
    }
    if (!f.empty() && !other_fence_line) other_fence_line = line_no;
    at = l.next;
  }
  std::string hint = "add a line with only `" + std::string(fence) + "` after the last front-matter line";
  if (other_fence_line)
    hint = "line " + std::to_string(other_fence_line) + " closes with a different fence; open and close with `" +
           std::string(fence) + "`";
  return make_error({file, 1, 1}, "front matter opened with `" + std::string(fence) + "` on line 1 is never closed",
                    hint);
}

namespace {

// A front-matter value in the form both TOML and YAML map onto, so one set of checks serves both.
struct Value {
  enum class Kind { Null, String, Integer, Float, Bool, Date, Time, Table, List } kind = Kind::Null;
  std::string text;  // String: the text; Date: ISO date or date-time
  long long integer = 0;
  bool boolean = false;
  std::vector<Value> items;  // List (one level deep: nothing reads deeper)
  SourcePos pos;
};

struct Entry {
  std::string key;
  SourcePos key_pos;
  Value value;
};

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

std::string toml_date_iso(const toml::date& d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", int(d.year), int(d.month), int(d.day));
  return b;
}

Value from_toml(const toml::node& n, const std::string& file, int line_offset, bool with_items) {
  Value v;
  v.pos = {file, int(n.source().begin.line) + line_offset, int(n.source().begin.column)};
  using K = Value::Kind;
  switch (n.type()) {
    case toml::node_type::string: v.kind = K::String, v.text = *n.value<std::string>(); break;
    case toml::node_type::integer: v.kind = K::Integer, v.integer = *n.value<long long>(); break;
    case toml::node_type::floating_point: v.kind = K::Float; break;
    case toml::node_type::boolean: v.kind = K::Bool, v.boolean = *n.value<bool>(); break;
    case toml::node_type::date: v.kind = K::Date, v.text = toml_date_iso(*n.value<toml::date>()); break;
    case toml::node_type::date_time: {
      auto dt = *n.value<toml::date_time>();
      v.kind = K::Date;
      v.text = toml_date_iso(dt.date) + "T" + two(dt.time.hour) + ":" + two(dt.time.minute) + ":" + two(dt.time.second);
      if (dt.offset) {
        int m = dt.offset->minutes;
        v.text += (m < 0 ? "-" : "+") + two(std::abs(m) / 60) + ":" + two(std::abs(m) % 60);
      }
      break;
    }
    case toml::node_type::time: v.kind = K::Time; break;
    case toml::node_type::table: v.kind = K::Table; break;
    case toml::node_type::array:
      v.kind = K::List;
      if (with_items)
        for (const toml::node& item : *n.as_array()) v.items.push_back(from_toml(item, file, line_offset, false));
      break;
    default: break;
  }
  return v;
}

// A plain (unquoted) YAML scalar resolved by the YAML 1.2 core schema; dates stay strings.
Value resolve_plain(const std::string& s) {
  using K = Value::Kind;
  Value v;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return v;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    v.kind = K::Bool, v.boolean = s[0] == 't' || s[0] == 'T';
    return v;
  }
  std::string_view digits = s;
  if (digits[0] == '+') digits.remove_prefix(1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v.integer);
  if (end == digits.data() + digits.size() && !digits.empty() && (ec == std::errc() || ec == std::errc::result_out_of_range)) {
    v.kind = ec == std::errc() ? K::Integer : K::Float;
    return v;
  }
  static const std::regex core_float(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
  if (std::regex_match(s, core_float)) {
    v.kind = K::Float;
    return v;
  }
  v.kind = K::String, v.text = s;
  return v;
}

// Maps yaml-cpp marks (0-based, columns in bytes) to whole-file positions (columns in characters, as toml++).
class YamlPositions {
 public:
  YamlPositions(std::string_view front, const std::string& file, int front_line)
      : front_(front), file_(file), front_line_(front_line) {}
  SourcePos at(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0) return {file_, front_line_, 1};
    size_t start = 0;
    for (int l = 0; l < m.line && start < front_.size(); ++l) start = line_at(front_, start).next;
    int col = 1;
    for (size_t i = start; i < start + size_t(std::max(m.column, 0)) && i < front_.size(); ++i)
      if ((static_cast<unsigned char>(front_[i]) & 0xC0) != 0x80) ++col;
    return {file_, m.line + front_line_, col};
  }

 private:
  std::string_view front_;
  const std::string& file_;
  int front_line_;
};

Value from_yaml(const YAML::Node& n, const YamlPositions& pos, bool with_items) {
  Value v;
  v.pos = pos.at(n.Mark());
  if (n.IsSequence()) {
    v.kind = Value::Kind::List;
    if (with_items)
      for (const YAML::Node& item : n) v.items.push_back(from_yaml(item, pos, false));
  } else if (n.IsMap()) {
    v.kind = Value::Kind::Table;
  } else if (n.IsScalar()) {
    const std::string& tag = n.Tag();
    bool quoted = tag == "!" || (tag.size() > 4 && tag.substr(tag.size() - 4) == ":str");
    SourcePos p = v.pos;
    if (quoted)
      v.kind = Value::Kind::String, v.text = n.Scalar();
    else
      v = resolve_plain(n.Scalar());
    v.pos = p;
  }
  return v;
}

Result<std::vector<Entry>> toml_entries(const FrontMatterSplit& split, const std::string& file) {
  const int offset = split.front_line - 1;
  const TomlGuard guard(split.front);
  try {
    toml::table root = toml::parse(guard.text(), std::string_view(file));
    std::vector<Entry> out;
    for (auto&& [k, v] : root) {
      out.push_back({guard.restore(k.str()),
                     {file, int(k.source().begin.line) + offset, int(k.source().begin.column)},
                     from_toml(v, file, offset, true)});
      Value& value = out.back().value;
      value.text = guard.restore(value.text);
      for (Value& item : value.items) item.text = guard.restore(item.text);
    }
    // toml++ keeps keys sorted by name; checks run in file order so the first mistake is reported first.
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
      return std::pair(a.key_pos.line, a.key_pos.col) < std::pair(b.key_pos.line, b.key_pos.col);
    });
    return out;
  } catch (const toml::parse_error& e) {
    auto [message, hint] = guard.describe_error(int(e.source().begin.line), int(e.source().begin.column), e.description(),
                                                "between +++ lines write `key = value`, strings in \"double quotes\" "
                                                "(YAML `key: value` goes between --- lines)");
    return make_error({file, int(e.source().begin.line) + offset, int(e.source().begin.column)},
                      "TOML syntax error in front matter: " + message, hint);
  }
}

Result<std::vector<Entry>> yaml_entries(const FrontMatterSplit& split, const std::string& file) {
  YamlPositions pos(split.front, file, split.front_line);
  try {
    YAML::Node root = YAML::Load(std::string(split.front));
    std::vector<Entry> out;
    if (root.IsNull()) return out;
    if (!root.IsMap())
      return make_error(pos.at(root.Mark()), "front matter must be `key: value` lines",
                        "write one key per line, e.g. title: …");
    for (const auto& kv : root) {
      if (!kv.first.IsScalar())
        return make_error(pos.at(kv.first.Mark()), "front-matter keys must be plain names like `title`");
      Entry e{kv.first.Scalar(), pos.at(kv.first.Mark()), from_yaml(kv.second, pos, true)};
      // yaml-cpp places an empty value at the next token; the key is where the author looks.
      if (e.value.kind == Value::Kind::Null) e.value.pos = e.key_pos;
      out.push_back(std::move(e));
    }
    return out;
  } catch (const YAML::Exception& e) {
    return make_error(pos.at(e.mark), "YAML syntax error in front matter: " + e.msg,
                      "between --- lines write `key: value`; put values containing `: ` or `#` in \"double quotes\"");
  }
}

std::string_view kind_name(Value::Kind k, FrontMatterFormat f) {
  using K = Value::Kind;
  switch (k) {
    case K::Null: return "an empty value";
    case K::String: return "a string";
    case K::Integer: return "an integer";
    case K::Float: return "a decimal number";
    case K::Bool: return "a boolean";
    case K::Date: return "a date";
    case K::Time: return "a time";
    case K::Table: return f == FrontMatterFormat::Toml ? "a table" : "a mapping";
    case K::List: return "a list";
  }
  return "a value";
}

bool parses_as_int(std::string_view s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

// The first character not allowed in a slug ([a-z0-9-] and the Thai block), or empty when all are fine.
std::string bad_slug_char(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      ++i;
      continue;
    }
    // Thai U+0E01..U+0E5B is E0 B8 81 .. E0 B9 9B in UTF-8.
    if (c == 0xE0 && i + 2 < s.size()) {
      unsigned char c1 = s[i + 1], c2 = s[i + 2];
      bool thai = (c1 == 0xB8 && c2 >= 0x81 && c2 <= 0xBF) || (c1 == 0xB9 && c2 >= 0x80 && c2 <= 0x9B);
      if (thai) {
        i += 3;
        continue;
      }
    }
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    return std::string(s.substr(i, len));
  }
  return {};
}

class MetaReader {
 public:
  explicit MetaReader(FrontMatterFormat f) : fmt_(f) {}

  Result<PageMeta> read(const std::vector<Entry>& entries, SourcePos fence) const {
    PageMeta m;
    for (const Entry& e : entries) {
      if (auto dup = m.key_pos.find(e.key); dup != m.key_pos.end())
        return make_error(e.key_pos, "`" + e.key + "` is given twice (first on line " + std::to_string(dup->second.line) + ")",
                          "keep one of them");
      if (auto err = read_one(e, m)) return *err;
      m.key_pos[e.key] = e.key_pos;
    }
    if (!m.key_pos.count("title"))
      return make_error(fence, "page has no `title`",
                        "add " + assign("title", "\"…\"") + " between the " + fence_text() + " lines");
    return m;
  }

 private:
  std::string fence_text() const { return fmt_ == FrontMatterFormat::Toml ? "+++" : "---"; }
  std::string assign(std::string_view key, std::string_view value) const {
    return std::string(key) + (fmt_ == FrontMatterFormat::Toml ? " = " : ": ") + std::string(value);
  }
  Error type_error(const Entry& e, const Value& v, std::string_view expected, std::string hint = {}) const {
    return make_error(v.pos, "`" + e.key + "` must be " + std::string(expected) + ", not " +
                                 std::string(kind_name(v.kind, fmt_)), std::move(hint));
  }

  std::optional<Error> string(const Entry& e, std::string& out) const {
    if (e.value.kind != Value::Kind::String)
      return type_error(e, e.value, "a string", "put the text in quotes: " + assign(e.key, "\"…\""));
    out = e.value.text;
    return std::nullopt;
  }

  // Integer between lo and hi; `example` shows up in the message ("an integer like 2568").
  std::optional<Error> integer(const Entry& e, long long& out, long long lo, long long hi, std::string_view example) const {
    const Value& v = e.value;
    if (v.kind != Value::Kind::Integer) {
      std::string hint;
      if (v.kind == Value::Kind::String && parses_as_int(v.text)) hint = "remove the quotes: " + assign(e.key, v.text);
      return type_error(e, v, example.empty() ? "an integer" : "an integer like " + std::string(example), hint);
    }
    if (v.integer < lo || v.integer > hi) {
      std::string hint;
      if (e.key == "fiscal_year" && v.integer >= 1900 && v.integer < lo)
        hint = "fiscal years are Buddhist Era: " + std::to_string(v.integer) + " CE is FY " + std::to_string(v.integer + 543);
      return make_error(v.pos, "`" + e.key + "` must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                                   ", not " + std::to_string(v.integer),
                        hint);
    }
    out = v.integer;
    return std::nullopt;
  }

  std::optional<Error> date(const Entry& e, std::optional<Date>& out) const {
    const Value& v = e.value;
    if (v.kind != Value::Kind::Date && v.kind != Value::Kind::String)
      return type_error(e, v, "a date like 2025-03-31", "write " + assign(e.key, "2025-03-31"));
    auto d = parse_iso_date(v.text);
    if (!d) return make_error(v.pos, "invalid `" + e.key + "`: " + d.error().message, d.error().hint);
    out = *d;
    return std::nullopt;
  }

  std::optional<Error> read_one(const Entry& e, PageMeta& m) const {
    const Value& v = e.value;
    const std::string& k = e.key;
    long long n = 0;
    if (k == "title") {
      if (auto err = string(e, m.title)) return err;
      if (m.title.find_first_not_of(" \t") == std::string::npos)
        return make_error(v.pos, "`title` is empty", "every page needs a title people can read");
    } else if (k == "oit") {
      if (v.kind == Value::Kind::String) {
        if (v.text.empty()) return make_error(v.pos, "`oit` is empty", "write the item code, e.g. " + assign("oit", "\"O12\""));
        m.oit.push_back(v.text);
      } else if (v.kind == Value::Kind::List) {
        for (const Value& item : v.items) {
          if (item.kind != Value::Kind::String)
            return type_error(e, item, "a list of strings like \"O12\"", "write " + assign("oit", "[\"O12\", \"O13\"]"));
          if (item.text.empty()) return make_error(item.pos, "`oit` has an empty entry");
          m.oit.push_back(item.text);
        }
      } else {
        return type_error(e, v, "an item code like \"O12\" or a list of them", "write " + assign("oit", "\"O12\""));
      }
    } else if (k == "fiscal_year") {
      if (auto err = integer(e, n, 2400, 2700, "2568")) return err;
      m.fiscal_year = int(n);
    } else if (k == "date") {
      return date(e, m.date);
    } else if (k == "updated") {
      return date(e, m.updated);
    } else if (k == "draft") {
      if (v.kind != Value::Kind::Bool)
        return type_error(e, v, "true or false", "write " + assign("draft", "true") + " without quotes");
      m.draft = v.boolean;
    } else if (k == "summary") {
      return string(e, m.summary);
    } else if (k == "weight") {
      if (auto err = integer(e, n, INT_MIN, INT_MAX, "")) return err;
      m.weight = int(n);
    } else if (k == "layout") {
      if (auto err = string(e, m.layout)) return err;
      if (m.layout.empty() ||
          m.layout.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos) {
        bool html = m.layout.size() > 5 && m.layout.substr(m.layout.size() - 5) == ".html";
        return make_error(v.pos, "`layout` \"" + m.layout + "\" is not a template name",
                          html ? "leave out .html: " + assign("layout", "\"" + m.layout.substr(0, m.layout.size() - 5) + "\"")
                               : "name a template of the theme without .html, e.g. " + assign("layout", "\"page\""));
      }
    } else if (k == "slug") {
      if (auto err = string(e, m.slug)) return err;
      if (m.slug.empty()) return make_error(v.pos, "`slug` is empty", "remove the line to use the file name");
      if (std::string bad = bad_slug_char(m.slug); !bad.empty())
        return make_error(v.pos, "`slug` \"" + m.slug + "\" contains `" + bad + "`",
                          bad.size() == 1 && bad[0] >= 'A' && bad[0] <= 'Z'
                              ? "use lowercase letters in slugs"
                              : "a slug is one URL segment: a-z, 0-9, '-' and Thai letters only");
    } else {
      return make_error(e.key_pos, "unknown key `" + k + "` in front matter", unknown_key_hint(k, kKeys));
    }
    return std::nullopt;
  }

  FrontMatterFormat fmt_;
};

}  // namespace

Result<PageMeta> parse_front_matter(const FrontMatterSplit& split, const std::string& file) {
  auto entries = split.format == FrontMatterFormat::Toml ? toml_entries(split, file) : yaml_entries(split, file);
  if (!entries) return entries.error();
  return MetaReader(split.format).read(*entries, {file, std::max(split.front_line - 1, 1), 1});
}

}  // namespace oit
