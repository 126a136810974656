#include "checks/item_scope.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

#include "core/text.h"
#include "core/thai_date.h"

namespace oit {
namespace {

// A title line longer than its title by more than this (bytes, spaces removed) is a sentence that
// starts with the title's words, not a header naming the item.
constexpr size_t kTitleLineSlack = 150;
// Blocks of one item compared to find its section (a table of contents names it once more; a hostile
// page may name it 100,000 times, each block costing a walk over the page's item tables).
constexpr size_t kMaxBlocksCompared = 256;

// For comparing titles: Thai digits as ASCII, no whitespace (also NBSP and zero-width), ASCII lower
// case, and SARA AM as SARA AA with NIKHAHIT dropped, because text copied out of PDFs loses the
// NIKHAHIT ("ประจาปี" for ประจำปี).
std::string normalise(std::string_view in, size_t max_bytes) {
  std::string s = to_arabic_digits(in.substr(0, max_bytes));
  std::string r;
  r.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x8B || static_cast<unsigned char>(s[i + 2]) == 0x8C)) {
      i += 2;  // zero-width space / non-joiner
      continue;
    }
    if (c == 0xE0 && i + 2 < s.size()) {
      unsigned char b = static_cast<unsigned char>(s[i + 1]), d = static_cast<unsigned char>(s[i + 2]);
      if (b == 0xB8 && d == 0xB3) {  // ำ → า
        r += "\xE0\xB8\xB2";
        i += 2;
        continue;
      }
      if (b == 0xB9 && d == 0x8D) {  // ํ dropped
        i += 2;
        continue;
      }
    }
    r += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return r;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// An O-code at the start of a line, in the forms agencies write ("O1", "o 1", "O.1", "O01", "O๑",
// "ข้อ O1", "(O1)", "• O1"): its number, and where the rest of the line starts.
std::optional<int> leading_code(std::string_view s, size_t* rest) {
  size_t i = 0;
  auto skip = [&](std::string_view chars) {
    while (i < s.size() && chars.find(s[i]) != std::string_view::npos) ++i;
  };
  // A digit, ASCII or Thai (๐-๙ are E0 B9 90..99): its value, and its length in bytes.
  auto digit = [&](size_t k, int* len) -> int {
    if (k < s.size() && is_ascii_digit(s[k])) return *len = 1, s[k] - '0';
    if (k + 2 < s.size() && static_cast<unsigned char>(s[k]) == 0xE0 && static_cast<unsigned char>(s[k + 1]) == 0xB9 &&
        static_cast<unsigned char>(s[k + 2]) >= 0x90 && static_cast<unsigned char>(s[k + 2]) <= 0x99)
      return *len = 3, static_cast<unsigned char>(s[k + 2]) - 0x90;
    return *len = 0, -1;
  };
  skip(" \t([*-");
  for (std::string_view p : {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x96\xBA", "ข้อ"})  // • · ▪ ► ข้อ
    if (s.compare(i, p.size(), p) == 0) {
      i += p.size();
      skip(" \t");
    }
  if (i >= s.size() || (s[i] != 'O' && s[i] != 'o')) return std::nullopt;
  ++i;
  size_t sep = i;
  skip(" .-_:");
  if (i - sep > 2) return std::nullopt;
  int n = 0, digits = 0, len = 0;
  for (int v; digits < 3 && (v = digit(i, &len)) >= 0; ++digits, i += len) n = n * 10 + v;
  if (digits == 0 || digits == 3 || (i < s.size() && is_ascii_alnum(s[i])) || digit(i, &len) >= 0) return std::nullopt;
  if (n < 1 || n > 99) return std::nullopt;
  skip(" \t.:)]-");
  *rest = i;
  return n;
}

// At most `max` bytes of s, not cutting a UTF-8 sequence (the marker line is quoted in reports).
std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return s.substr(0, max);
}

struct TitleEntry {
  std::string normalised;
  std::string identity;  // the id of the round judged it stands for, or "<round>:<id>" when none
  bool this_round = false;
};

std::string identity_of(const Criteria& round, const Criteria& other, const Item& it) {
  if (other.round == round.round) return it.id;
  if (!it.topics.empty())
    for (const auto& mine : round.items)
      if (std::find(mine.topics.begin(), mine.topics.end(), it.topics.front()) != mine.topics.end()) return mine.id;
  return std::to_string(other.round) + ":" + it.id;
}

std::vector<TitleEntry> title_table(const Criteria& round, const std::vector<const Criteria*>& all_rounds) {
  std::vector<TitleEntry> t;
  auto add = [&](const Criteria& c) {
    for (const auto& it : c.items) {
      std::string n = normalise(it.title, it.title.size());
      if (n.size() >= 6) t.push_back({n, identity_of(round, c, it), c.round == round.round});
    }
  };
  add(round);
  for (const Criteria* c : all_rounds)
    if (c && c->round != round.round) add(*c);
  // Longest first, so "รายงานผลการดำเนินงานประจำปี" never claims a line that names a longer title.
  std::stable_sort(t.begin(), t.end(), [](const TitleEntry& a, const TitleEntry& b) {
    return a.normalised.size() > b.normalised.size();
  });
  return t;
}

struct Marker {
  size_t offset;
  std::string identity;
  std::string line;
  bool coded = false;  // the line starts with an O-code
  bool link = false;   // the line starts with a link somewhere (a menu's or a table of contents' entry)
};

// A link that leads to content (a document, another page), not to a place on the page or a script.
bool content_link(const PageLink& l) {
  if (l.in_chrome || l.kind != "a") return false;
  std::string_view h = trim(l.href);
  return !h.empty() && h.front() != '#' && !ascii_lower(h.substr(0, 11)).starts_with("javascript:");
}

std::vector<Marker> find_markers(const Page& page, const Criteria& round, const std::vector<TitleEntry>& titles) {
  // Where content links start (ascending: links are in document order): a line that starts with one is
  // evidence of the block it sits in, not a header, even when its text starts with an item's title.
  std::vector<size_t> link_starts;
  for (const auto& l : page.links)
    if (content_link(l)) link_starts.push_back(l.offset);
  auto content_link_at = [&](size_t offset) { return std::binary_search(link_starts.begin(), link_starts.end(), offset); };
  std::vector<size_t> anchor_starts;  // links to a place on this page
  for (const auto& l : page.links)
    if (!l.in_chrome && l.kind == "a" && trim(l.href).starts_with("#")) anchor_starts.push_back(l.offset);
  std::vector<Marker> out;
  const std::string& t = page.main_text;
  size_t max_title = 0;
  for (const auto& e : titles) max_title = std::max(max_title, e.normalised.size());
  for (size_t start = 0; start < t.size();) {
    size_t nl = t.find('\n', start);
    if (nl == std::string::npos) nl = t.size();
    std::string_view line(t.data() + start, nl - start);
    size_t rest = 0;
    std::optional<int> code = leading_code(line, &rest);
    std::string identity;
    std::string head = normalise(line.substr(code ? rest : 0), 3 * (max_title + kTitleLineSlack));
    for (const auto& e : titles) {
      if (!head.starts_with(e.normalised)) continue;
      // A title alone must look like a header: short, and not a link to a document or page.
      if (!code && (head.size() > e.normalised.size() + kTitleLineSlack || content_link_at(start))) break;
      identity = e.identity;
      break;
    }
    if (identity.empty() && code) {
      std::string id = "O" + std::to_string(*code);
      const Item* it = round.find(id);
      identity = it ? it->id : id;
    }
    if (!identity.empty())
      out.push_back({start, identity, std::string(utf8_prefix(line, 300)), code.has_value(),
                     content_link_at(start) || std::binary_search(anchor_starts.begin(), anchor_starts.end(), start)});
    start = nl + 1;
  }
  return out;
}

}  // namespace

ItemScope find_item_scope(const Page& page, const Criteria& round, const std::vector<const Criteria*>& all_rounds,
                          const Item& item, std::string_view fragment) {
  ItemScope scope;
  scope.end = page.main_text.size();
  const std::vector<TitleEntry> titles = title_table(round, all_rounds);
  const std::vector<Marker> markers = find_markers(page, round, titles);
  std::set<std::string> identities;
  for (const auto& m : markers) {
    identities.insert(m.identity);
    scope.markers.push_back(m.offset);
  }
  for (const auto& it : round.items)
    if (identities.count(it.id)) scope.named.push_back(it.id);
  if (identities.size() <= 1) return scope;
  scope.whole_page = false;

  auto markers_from = [&](size_t offset) {
    return static_cast<size_t>(std::lower_bound(markers.begin(), markers.end(), offset,
                                                [](const Marker& m, size_t o) { return m.offset < o; }) -
                               markers.begin());
  };
  // A table whose rows name two items or more bounds its items' blocks: what follows the table is not
  // the last row's item.
  std::vector<const PageTable*> item_tables;
  for (const auto& tb : page.tables)
    if (!tb.in_chrome && markers_from(tb.end) >= markers_from(tb.offset) + 2) item_tables.push_back(&tb);
  auto table_end = [&](size_t offset) {
    for (const PageTable* tb : item_tables)
      if (offset >= tb->offset && offset < tb->end) return tb->end;
    return page.main_text.size();
  };
  auto block_end = [&](size_t from, size_t first_marker) {
    size_t end = page.main_text.size();
    for (size_t j = first_marker; j < markers.size(); ++j)
      if (markers[j].offset > from && markers[j].identity != item.id) {
        end = markers[j].offset;
        break;
      }
    return std::min(end, table_end(from));
  };

  // The submitted URL's #fragment: the item's block starts there, unless another item's marker does.
  if (!fragment.empty())
    if (auto f = page.id_offsets.find(std::string(fragment)); f != page.id_offsets.end()) {
      size_t first = markers_from(f->second);
      bool other_here = first < markers.size() && markers[first].offset == f->second &&
                        markers[first].identity != item.id;
      if (!other_here) {
        scope.begin = f->second;
        scope.end = block_end(f->second, first);
        scope.heading = first < markers.size() && markers[first].offset == f->second ? markers[first].line : "";
        return scope;
      }
    }

  if (!identities.count(item.id)) {
    // A page about one item may start lines with two other items' titles in passing; a list of items
    // is coded, or names three or more. Otherwise nothing says which part is this item's: all of it.
    bool coded = std::any_of(markers.begin(), markers.end(), [](const Marker& m) { return m.coded; });
    if (!coded && identities.size() < 3) {
      scope = ItemScope{};
      scope.end = page.main_text.size();
      for (const auto& it : round.items)
        if (identities.count(it.id)) scope.named.push_back(it.id);
      for (const auto& m : markers) scope.markers.push_back(m.offset);
      return scope;
    }
    scope.not_listed = true;
    scope.begin = scope.end = 0;
    return scope;
  }
  // Each block naming the item; its section is the one whose header is not itself a link (the others
  // are entries of a menu or a table of contents), then the largest: by links to content, then by text.
  std::vector<size_t> link_starts;  // of content links, ascending
  for (const auto& l : page.links)
    if (content_link(l)) link_starts.push_back(l.offset);
  std::tuple<bool, size_t, size_t> best_size{false, 0, 0};
  bool have = false;
  size_t blocks = 0;
  for (size_t i = 0; i < markers.size() && blocks < kMaxBlocksCompared; ++i) {
    if (markers[i].identity != item.id) continue;
    if (i > 0 && markers[i - 1].identity == item.id) continue;  // the same block, named again
    ++blocks;
    size_t b = markers[i].offset, e = block_end(b, i);
    size_t links = std::lower_bound(link_starts.begin(), link_starts.end(), e) -
                   std::lower_bound(link_starts.begin(), link_starts.end(), b);
    std::tuple<bool, size_t, size_t> size{!markers[i].link, links, e - b};
    if (!have || size > best_size) {
      have = true;
      best_size = size;
      scope.begin = b;
      scope.end = e;
      scope.heading = markers[i].line;
    }
  }
  return scope;
}

Page scoped_page(const Page& page, const ItemScope& scope) {
  if (scope.whole_page) return page;
  Page p;
  p.lang = page.lang;
  p.base_href = page.base_href;
  p.limits = page.limits;
  p.parsed = page.parsed;
  p.ids = page.ids;
  p.ids_complete = page.ids_complete;
  p.id_offsets = page.id_offsets;  // where the full page's ids are: not rebased, for fragment checks only
  const size_t b = std::min(scope.begin, page.main_text.size());
  const size_t e = std::clamp(scope.end, b, page.main_text.size());
  p.main_text = page.main_text.substr(b, e - b);
  p.text = p.main_text;
  auto inside = [&](size_t o) { return o >= b && o < e; };
  for (const auto& h : page.headings)
    if (!h.in_chrome && inside(h.offset)) p.headings.push_back({h.level, h.text, false, h.offset - b});
  for (const auto& l : page.labels)
    if (!l.in_chrome && inside(l.offset)) p.labels.push_back({l.tag, l.text, false, l.offset - b});
  for (const auto& l : page.links)
    if (!l.in_chrome && inside(l.offset)) p.links.push_back({l.href, l.kind, l.text, false, l.offset - b});
  for (const auto& i : page.images)
    if (!i.in_chrome && inside(i.offset)) p.images.push_back({i.src, i.alt, false, i.offset - b});
  for (const auto& l : page.lists) {
    if (l.in_chrome) continue;
    PageList kept{l.ordered, {}, std::max(l.offset, b) - b, false, {}};
    for (size_t k = 0; k < l.items.size() && k < l.item_offsets.size(); ++k)
      if (inside(l.item_offsets[k])) {
        kept.items.push_back(l.items[k]);
        kept.item_offsets.push_back(l.item_offsets[k] - b);
      }
    if (!kept.items.empty()) p.lists.push_back(std::move(kept));
  }
  for (const auto& t : page.tables) {
    if (t.in_chrome || t.end <= b || t.offset >= e) continue;
    PageTable kept;
    if (inside(t.offset)) kept.caption = t.caption;
    // A row cut out of a table is still read under its header, unless that "header" is the first
    // item's row of a table without <th>.
    size_t first_row = t.row_offsets.empty() ? t.end : t.row_offsets.front();
    bool header_names_item = std::any_of(scope.markers.begin(), scope.markers.end(),
                                         [&](size_t m) { return m >= t.header_offset && m < first_row; });
    if (inside(t.header_offset) || !header_names_item) kept.headers = t.headers;
    kept.offset = std::max(t.offset, b) - b;
    kept.end = std::min(t.end, e) - b;
    kept.header_offset = std::max(t.header_offset, b) - b;
    for (size_t k = 0; k < t.rows.size() && k < t.row_offsets.size(); ++k)
      if (inside(t.row_offsets[k])) {
        kept.rows.push_back(t.rows[k]);
        kept.row_offsets.push_back(t.row_offsets[k] - b);
      }
    if (!kept.rows.empty() || inside(t.offset)) p.tables.push_back(std::move(kept));
  }
  return p;
}

std::string not_listed_message(const ItemScope& scope, const Item& item) {
  // named holds ids of one round: a few dozen at most, all listed.
  std::string listed = scope.named.empty() ? "หลายข้อ" : "ข้อ " + join(scope.named, ", ");
  return "หน้านี้แสดงรายการ" + listed + " แต่ไม่มีข้อ " + item.id + " (" + item.title +
         "): ส่ง URL ของหน้าหรือหัวข้อของข้อนี้";
}

const std::vector<const Criteria*>& embedded_criteria() {
  static const std::vector<Criteria> loaded = [] {
    std::vector<Criteria> v;
    for (int r : embedded_rounds())
      if (auto c = load_criteria(r)) v.push_back(std::move(c).value());
    return v;
  }();
  static const std::vector<const Criteria*> pointers = [] {
    std::vector<const Criteria*> v;
    for (const auto& c : loaded) v.push_back(&c);
    return v;
  }();
  return pointers;
}

}  // namespace oit
