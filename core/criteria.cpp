#include "core/criteria.h"
#include "core/toml_node.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <iterator>
#include <span>

#include "core/embedded.h"
#include "core/source_file.h"

namespace oit {
namespace {

constexpr std::string_view kEmbeddedPrefix = "core/criteria/ita-";

template <class E>
struct Named {
  std::string_view name;
  E value;
};

constexpr Named<Grade> kGrades[] = {{"A", Grade::A}, {"B", Grade::B}, {"C", Grade::C}};
constexpr Named<PeriodRule> kPeriods[] = {
    {"current", PeriodRule::Current},         {"in-force", PeriodRule::InForce},
    {"working", PeriodRule::Working},         {"round-fy", PeriodRule::RoundFY},
    {"previous-fy", PeriodRule::PreviousFY},  {"spans-round-fy", PeriodRule::SpansRoundFY},
    {"unknown", PeriodRule::Unknown},
};
constexpr Named<Coverage> kCoverages[] = {
    {"none", Coverage::None}, {"any-in-fy", Coverage::AnyInFY}, {"first-half", Coverage::FirstHalf}};
constexpr Named<ElementCheck> kChecks[] = {
    {"any-term", ElementCheck::AnyTerm},
    {"all-terms", ElementCheck::AllTerms},
    {"all-columns", ElementCheck::AllColumns},
    {"image", ElementCheck::Image},
    {"phone-or-email", ElementCheck::PhoneOrEmail},
    {"attachment", ElementCheck::Attachment},
    {"image-or-attachment", ElementCheck::ImageOrAttachment},
    {"steps", ElementCheck::Steps},
    {"signature", ElementCheck::Signature},
    {"monthly-table", ElementCheck::MonthlyTable},
    {"manual", ElementCheck::Manual},
};

template <class E, size_t N>
std::string_view name_of(const Named<E> (&table)[N], E value) {
  for (const auto& n : table)
    if (n.value == value) return n.name;
  return "?";
}

template <class E, size_t N>
std::string names_of(const Named<E> (&table)[N]) {
  std::string out;
  for (const auto& n : table) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "O12": the letter O and a number without leading zero.
bool is_item_id(std::string_view s) {
  return s.size() >= 2 && s[0] == 'O' && s[1] != '0' && is_digits(s.substr(1));
}

// Stable keys (topics, element keys) are lower-case kebab-case: "procurement-monthly".
bool is_kebab(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s[i + 1] != '-');
    if (!ok) return false;
  }
  return true;
}

bool uses_terms(ElementCheck c) {
  return c == ElementCheck::AnyTerm || c == ElementCheck::AllTerms || c == ElementCheck::AllColumns ||
         c == ElementCheck::Steps || c == ElementCheck::Signature;
}

// Validation stops at the first problem, which is all an author needs to fix the file.
// Thrown only inside this file and caught in parse(); never escapes the module.
struct Invalid {
  Error error;
};

class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  SourcePos pos(const toml::source_region& r) const { return toml_pos(file_, r); }
  [[noreturn]] void fail(const toml::source_region& where, std::string message, std::string hint = {}) const {
    throw Invalid{make_error(pos(where), std::move(message), std::move(hint))};
  }

 private:
  const std::string& file_;
};

// One TOML table being read: rejects keys it does not know, reads typed values with positions.
class Fields {
 public:
  Fields(const Reader& r, const toml::table& t, std::string what, std::span<const std::string_view> allowed)
      : r_(r), t_(t), what_(std::move(what)) {
    for (auto&& [key, value] : t) {
      (void)value;
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
        r_.fail(key.source(), "unknown key '" + std::string(key.str()) + "' in " + what_,
                "allowed keys here: " + join(allowed));
    }
  }

  const toml::node* get(std::string_view key) const { return t_.get(key); }

  const toml::node& required(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (!n) r_.fail(t_.source(), "missing key '" + std::string(key) + "' in " + what_, "add " + std::string(key) + " = …");
    return *n;
  }

  std::string string(std::string_view key) const { return as_string(required(key), key); }
  std::optional<std::string> optional_string(std::string_view key) const {
    const toml::node* n = get(key);
    return n ? std::optional(as_string(*n, key, /*allow_empty=*/true)) : std::nullopt;
  }

  int64_t integer(std::string_view key) const {
    const toml::node& n = required(key);
    if (!n.is_integer()) r_.fail(n.source(), "'" + std::string(key) + "' must be an integer");
    return *n.value<int64_t>();
  }

  // A non-empty array of non-empty strings; returns each with its node for positions.
  std::vector<std::pair<std::string, const toml::node*>> strings(std::string_view key) const {
    const toml::node& n = required(key);
    const toml::array* arr = n.as_array();
    if (!arr) r_.fail(n.source(), "'" + std::string(key) + "' must be a list of strings", "write " + std::string(key) + " = [\"…\"]");
    if (arr->empty()) r_.fail(n.source(), "'" + std::string(key) + "' must not be empty");
    std::vector<std::pair<std::string, const toml::node*>> out;
    for (const toml::node& e : *arr) out.emplace_back(as_string(e, key), &e);
    return out;
  }

  // A non-empty array of tables ([[key]] blocks).
  const toml::array& tables(std::string_view key) const {
    const toml::node& n = required(key);
    const toml::array* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables() || arr->empty())
      r_.fail(n.source(), "'" + std::string(key) + "' must be one or more [[" + std::string(key) + "]] tables");
    return *arr;
  }

  template <class E, size_t N>
  E enumeration(std::string_view key, const Named<E> (&table)[N]) const {
    const toml::node& n = required(key);
    std::string s = as_string(n, key);
    for (const auto& e : table)
      if (e.name == s) return e.value;
    r_.fail(n.source(), "unknown " + std::string(key) + " '" + s + "' in " + what_,
            "use one of: " + names_of(table));
  }

 private:
  std::string as_string(const toml::node& n, std::string_view key, bool allow_empty = false) const {
    if (!n.is_string()) r_.fail(n.source(), "'" + std::string(key) + "' must be a string", "put the value in double quotes");
    std::string s = *n.value<std::string>();
    if (s.empty() && !allow_empty) r_.fail(n.source(), "'" + std::string(key) + "' must not be empty");
    return s;
  }

  const Reader& r_;
  const toml::table& t_;
  std::string what_;
};

constexpr std::string_view kRootKeys[] = {"round", "title", "source_note", "provisional", "data_date", "indicators", "items", "restated"};
constexpr std::string_view kIndicatorKeys[] = {"id", "title", "subs"};
constexpr std::string_view kSubKeys[] = {"id", "title"};
constexpr std::string_view kItemKeys[] = {"id",       "topics",         "sub_indicator", "title",
                                          "period",   "period_grade",   "coverage",      "coverage_grade",
                                          "guidance", "elements"};
constexpr std::string_view kElementKeys[] = {"key", "text", "grade", "check", "terms"};

std::string line_of(const toml::node& n) { return std::to_string(n.source().begin.line); }

std::vector<Indicator> read_indicators(const Reader& r, const Fields& root) {
  std::vector<Indicator> out;
  std::map<std::string, const toml::node*> seen;  // indicator and sub ids
  auto unique = [&](const std::string& id, const toml::node& at, std::string_view kind) {
    auto [it, fresh] = seen.emplace(id, &at);
    if (!fresh) r.fail(at.source(), "duplicate " + std::string(kind) + " id '" + id + "' (first on line " + line_of(*it->second) + ")");
  };
  for (const toml::node& node : root.tables("indicators")) {
    Fields f(r, *node.as_table(), "[[indicators]]", kIndicatorKeys);
    Indicator ind;
    ind.id = f.string("id");
    if (!is_digits(ind.id)) r.fail(f.required("id").source(), "indicator id '" + ind.id + "' must be a number like \"9\"");
    unique(ind.id, f.required("id"), "indicator");
    ind.title = f.string("title");
    for (const toml::node& sub_node : f.tables("subs")) {
      Fields s(r, *sub_node.as_table(), "sub-indicators of indicator " + ind.id, kSubKeys);
      SubIndicator sub{s.string("id"), s.string("title")};
      const std::string prefix = ind.id + ".";
      if (sub.id.rfind(prefix, 0) != 0 || !is_digits(sub.id.substr(prefix.size())))
        r.fail(s.required("id").source(), "sub-indicator id '" + sub.id + "' must be " + prefix + "<number>",
               "sub-indicators of indicator " + ind.id + " are numbered " + prefix + "1, " + prefix + "2, …");
      unique(sub.id, s.required("id"), "sub-indicator");
      ind.subs.push_back(std::move(sub));
    }
    out.push_back(std::move(ind));
  }
  return out;
}

Element read_element(const Reader& r, const toml::table& t, const std::string& item_id) {
  Fields f(r, t, "an element of item " + item_id, kElementKeys);
  Element e;
  e.key = f.string("key");
  if (!is_kebab(e.key)) r.fail(f.required("key").source(), "element key '" + e.key + "' must be lower-case kebab-case", "e.g. \"columns\", \"no-procurement-stated\"");
  e.text = f.string("text");
  e.grade = f.enumeration("grade", kGrades);
  e.check = f.enumeration("check", kChecks);
  if (uses_terms(e.check)) {
    for (auto& [term, node] : f.strings("terms")) e.terms.push_back(std::move(term));
  } else if (const toml::node* terms = f.get("terms")) {
    r.fail(terms->source(), "check '" + std::string(to_string(e.check)) + "' does not use terms",
           "remove terms, or use check = \"any-term\", \"all-terms\", \"all-columns\", \"steps\" or \"signature\"");
  }
  return e;
}

Item read_item(const Reader& r, const toml::table& t, const Criteria& c) {
  auto id_value = t["id"].value<std::string>();
  Fields f(r, t, id_value ? "item " + *id_value : "[[items]]", kItemKeys);
  Item item;
  item.id = f.string("id");
  if (!is_item_id(item.id)) r.fail(f.required("id").source(), "item id '" + item.id + "' must be O<number>", "e.g. id = \"O12\"");
  for (auto& [topic, node] : f.strings("topics")) {
    if (!is_kebab(topic)) r.fail(node->source(), "topic key '" + topic + "' must be lower-case kebab-case", "e.g. \"procurement-monthly\"");
    if (topic[0] == 'o' && is_digits(std::string_view(topic).substr(1)))
      r.fail(node->source(), "topic key '" + topic + "' looks like an item code", "topic keys name a subject, e.g. \"news\"");
    item.topics.push_back(std::move(topic));
  }
  item.sub_indicator = f.string("sub_indicator");
  for (const auto& ind : c.indicators)
    for (const auto& sub : ind.subs)
      if (sub.id == item.sub_indicator) item.indicator = ind.id;
  if (item.indicator.empty()) {
    std::string known;
    for (const auto& ind : c.indicators)
      for (const auto& sub : ind.subs) known += (known.empty() ? "" : ", ") + sub.id;
    r.fail(f.required("sub_indicator").source(), "item " + item.id + " names unknown sub-indicator '" + item.sub_indicator + "'",
           "sub-indicators declared in [[indicators.subs]]: " + known);
  }
  item.title = f.string("title");
  item.period = f.enumeration("period", kPeriods);
  item.period_grade = f.enumeration("period_grade", kGrades);
  if (f.get("coverage")) item.coverage = f.enumeration("coverage", kCoverages);
  if (item.coverage != Coverage::None) {
    if (item.period != PeriodRule::RoundFY && item.period != PeriodRule::PreviousFY)
      r.fail(f.required("coverage").source(), "coverage needs a fiscal year, but item " + item.id + " has period '" + std::string(to_string(item.period)) + "'",
             "use period = \"round-fy\" or \"previous-fy\", or remove coverage");
    item.coverage_grade = f.enumeration("coverage_grade", kGrades);
  } else if (const toml::node* g = f.get("coverage_grade")) {
    r.fail(g->source(), "coverage_grade without a coverage in item " + item.id, "add coverage = \"any-in-fy\" or \"first-half\", or remove coverage_grade");
  }
  item.guidance = f.optional_string("guidance").value_or("");
  if (f.get("elements")) {
    std::map<std::string, const toml::node*> keys;
    for (const toml::node& e : f.tables("elements")) {
      item.elements.push_back(read_element(r, *e.as_table(), item.id));
      const toml::node& key_node = *e.as_table()->get("key");
      auto [it, fresh] = keys.emplace(item.elements.back().key, &key_node);
      if (!fresh) r.fail(key_node.source(), "duplicate element key '" + it->first + "' in item " + item.id + " (first on line " + line_of(*it->second) + ")");
    }
  }
  return item;
}

// `provisional = true` marks a round whose official criteria are not out yet (the tool says so whenever it
// uses them); `data_date` is when the data was written, required with provisional so that notice can date it.
void read_provenance(const Reader& r, const Fields& root, Criteria& c) {
  if (const toml::node* n = root.get("provisional")) {
    if (!n->is_boolean()) r.fail(n->source(), "'provisional' must be true or false", "write provisional = true");
    c.provisional = *n->value<bool>();
  }
  if (const toml::node* n = root.get("data_date")) {
    const toml::date* d = n->is_date() ? &n->as_date()->get() : nullptr;
    if (!d) r.fail(n->source(), "'data_date' must be a date", "write data_date = 2026-12-07 (no quotes)");
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d->year), static_cast<int>(d->month), static_cast<int>(d->day));
    c.data_date = buf;
  }
  if (c.provisional && c.data_date.empty())
    r.fail(root.required("provisional").source(), "a provisional criteria file needs data_date",
           "add data_date = YYYY-MM-DD, the date the data was written");
}

Criteria read_criteria(const Reader& r, const toml::table& doc, std::optional<int> expected_round) {
  Fields root(r, doc, "the criteria file", kRootKeys);
  Criteria c;
  int64_t round = root.integer("round");
  if (round < 2500 || round > 2700) r.fail(root.required("round").source(), "round " + std::to_string(round) + " is not a Buddhist-Era year", "e.g. round = 2568");
  if (expected_round && round != *expected_round)
    r.fail(root.required("round").source(), "file says round = " + std::to_string(round) + " but is named for round " + std::to_string(*expected_round),
           "fix round or rename the file to ita-" + std::to_string(round) + ".toml");
  c.round = static_cast<int>(round);
  c.title = root.string("title");
  c.source_note = root.string("source_note");
  read_provenance(r, root, c);
  c.indicators = read_indicators(r, root);
  if (root.get("restated"))
    for (auto& [phrase, node] : root.strings("restated")) c.restated.push_back(std::move(phrase));

  std::map<std::string, const toml::node*> ids, topics;
  for (const toml::node& node : root.tables("items")) {
    const toml::table& t = *node.as_table();
    c.items.push_back(read_item(r, t, c));
    const Item& item = c.items.back();
    const toml::node& id_node = *t.get("id");
    if (auto [it, fresh] = ids.emplace(item.id, &id_node); !fresh)
      r.fail(id_node.source(), "duplicate item id '" + item.id + "' (first on line " + line_of(*it->second) + ")");
    const toml::array& topic_nodes = *t.get("topics")->as_array();
    for (size_t i = 0; i < item.topics.size(); ++i)
      if (auto [it, fresh] = topics.emplace(item.topics[i], &topic_nodes[i]); !fresh)
        r.fail(topic_nodes[i].source(), "topic key '" + item.topics[i] + "' is used twice (first on line " + line_of(*it->second) + ")",
               "a topic key maps to exactly one item of a round");
  }
  return c;
}

Result<Criteria> parse(std::string_view text, const std::string& file, std::optional<int> expected_round) {
  Reader r(file);
  try {
    toml::table doc = toml::parse(text, file);
    return read_criteria(r, doc, expected_round);
  } catch (const toml::parse_error& e) {
    return make_error(r.pos(e.source()), "invalid TOML: " + std::string(e.description()));
  } catch (const Invalid& e) {
    return e.error;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Round of a file named "ita-<round>.toml", or nullopt.
std::optional<int> round_of_filename(std::string_view name) {
  constexpr std::string_view head = "ita-", tail = ".toml";
  if (name.size() <= head.size() + tail.size() || name.substr(0, head.size()) != head ||
      name.substr(name.size() - tail.size()) != tail)
    return std::nullopt;
  std::string_view digits = name.substr(head.size(), name.size() - head.size() - tail.size());
  int round = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), round);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return round;
}

}  // namespace

const Item* Criteria::find(std::string_view code_or_topic) const {
  std::string_view s = code_or_topic;
  if (s.size() >= 2 && (s[0] == 'O' || s[0] == 'o') && is_digits(s.substr(1))) {
    for (const auto& item : items)
      if (iequals(item.id, s)) return &item;
    return nullptr;
  }
  return find_by_topic(s);
}

const Item* Criteria::find_by_topic(std::string_view topic) const {
  for (const auto& item : items)
    if (std::find(item.topics.begin(), item.topics.end(), topic) != item.topics.end()) return &item;
  return nullptr;
}

const SubIndicator* Criteria::sub_indicator(std::string_view id) const {
  for (const auto& ind : indicators)
    for (const auto& sub : ind.subs)
      if (sub.id == id) return &sub;
  return nullptr;
}

int Criteria::expected_fiscal_year(const Item& item) const {
  switch (item.period) {
    case PeriodRule::RoundFY: return round;
    case PeriodRule::PreviousFY: return round - 1;
    default: return 0;
  }
}

Result<Criteria> parse_criteria(std::string_view toml_text, const std::string& file) {
  return parse(toml_text, file, std::nullopt);
}

std::vector<std::string> round_notices(const Criteria& c, std::string_view why, const Date& as_of) {
  std::string first = "round " + std::to_string(c.round);
  if (c.provisional)
    first += " (provisional: criteria data of " + c.data_date + ", written before the NACC published the round's list)";
  if (!why.empty()) first += ": " + std::string(why);
  std::vector<std::string> out{first};
  if (as_of > Date{ce_year(c.round), 6, 30})
    out.push_back("round " + std::to_string(c.round) + " was assessed in " + std::to_string(c.round) +
                  "; you are checking as of " + to_iso(as_of));
  return out;
}

std::vector<int> embedded_rounds() {
  std::vector<int> out;
  for (std::string_view path : embedded_paths(kEmbeddedPrefix))
    if (auto r = round_of_filename(path.substr(path.rfind('/') + 1))) out.push_back(*r);
  std::sort(out.begin(), out.end());
  return out;
}

Result<Criteria> load_criteria(int round, const std::filesystem::path& dir) {
  const std::string name = "ita-" + std::to_string(round) + ".toml";
  std::vector<int> available = embedded_rounds();
  if (!dir.empty()) {
    std::error_code ec;
    const std::filesystem::path file = dir / name;
    if (std::filesystem::exists(std::filesystem::symlink_status(file, ec))) {
      // criteria/ is part of the site's source: read like every source file (source_file.h).
      auto text = read_source_file(file, file.string(), SourceKind::Criteria, dir.parent_path());
      if (!text) return text.error();
      return parse(*text, file.string(), round);
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
      if (auto r = round_of_filename(entry.path().filename().string())) available.push_back(*r);
  }
  const std::string embedded = std::string(kEmbeddedPrefix) + std::to_string(round) + ".toml";
  if (auto text = embedded_file(embedded)) return parse(*text, embedded, round);

  std::sort(available.begin(), available.end());
  available.erase(std::unique(available.begin(), available.end()), available.end());
  std::string list;
  for (int r : available) list += (list.empty() ? "" : ", ") + std::to_string(r);
  std::string hint = "rounds available: " + (list.empty() ? std::string("none") : list);
  if (!dir.empty()) hint += "; or add " + (dir / name).string();
  return make_error(SourcePos{}, "no OIT criteria for round " + std::to_string(round), hint);
}

std::string_view to_string(Grade g) { return name_of(kGrades, g); }
std::string_view to_string(PeriodRule p) { return name_of(kPeriods, p); }
std::string_view to_string(Coverage c) { return name_of(kCoverages, c); }
std::string_view to_string(ElementCheck c) { return name_of(kChecks, c); }

}  // namespace oit
