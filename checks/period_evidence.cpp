#include "checks/period_evidence.h"

#include <algorithm>
#include <map>
#include <optional>

#include "checks/match_text.h"

namespace oit {
namespace {

// ---------------------------------------------------------------------------------------------
// The text as the scanners read it: Thai digits as ASCII, the Unicode spaces as ' ', zero-width
// characters and soft hyphens gone, ASCII lower-cased (English month names), with each byte's origin.

struct Prepared {
  std::string s;
  std::vector<uint32_t> origin;
};

// with_origin false: the map is not made (the date and month finders need no quotes).
Prepared prepare(std::string_view src, bool with_origin = true) {
  Prepared p;
  p.s.reserve(src.size());
  if (with_origin) p.origin.reserve(src.size());
  size_t run = 0;  // start of the bytes copied as they are
  auto flush = [&](size_t i) {
    p.s.append(src.substr(run, i - run));
    if (with_origin)
      for (size_t k = run; k < i; ++k) p.origin.push_back(static_cast<uint32_t>(k));
  };
  auto put = [&](char c, size_t at) {
    p.s += c;
    if (with_origin) p.origin.push_back(static_cast<uint32_t>(at));
  };
  for (size_t i = 0; i < src.size();) {
    unsigned char c = static_cast<unsigned char>(src[i]);
    if (!((c >= 'A' && c <= 'Z') || c == 0xE0 || c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF)) {
      ++i;
      continue;
    }
    std::string_view rest = src.substr(i);
    size_t skip = 0;  // bytes replaced or dropped
    char replacement = 0;
    if (c == 0xE0) {
      if (rest.size() >= 3 && static_cast<unsigned char>(rest[1]) == 0xB9 && static_cast<unsigned char>(rest[2]) >= 0x90 &&
          static_cast<unsigned char>(rest[2]) <= 0x99)
        skip = 3, replacement = static_cast<char>('0' + (static_cast<unsigned char>(rest[2]) - 0x90));  // Thai digit
    } else if (c >= 'A' && c <= 'Z') {
      skip = 1, replacement = static_cast<char>(c - 'A' + 'a');
    } else if (rest.starts_with("\xC2\xA0")) {  // NBSP
      skip = 2, replacement = ' ';
    } else if (rest.starts_with("\xE2\x80\xAF") || rest.starts_with("\xE3\x80\x80") ||
               (rest.size() >= 3 && c == 0xE2 && static_cast<unsigned char>(rest[1]) == 0x80 &&
                static_cast<unsigned char>(rest[2]) <= 0x8A)) {  // narrow NBSP, ideographic, U+2000–200A
      skip = 3, replacement = ' ';
    } else if (rest.starts_with("\xC2\xAD")) {  // soft hyphen
      skip = 2;
    } else if (rest.starts_with("\xE2\x80\x8B") || rest.starts_with("\xE2\x80\x8C") || rest.starts_with("\xE2\x80\x8D") ||
               rest.starts_with("\xE2\x81\xA0") || rest.starts_with("\xEF\xBB\xBF")) {  // zero-width
      skip = 3;
    }
    if (skip == 0) {
      ++i;
      continue;
    }
    flush(i);
    if (replacement) put(replacement, i);
    i += skip;
    run = i;
  }
  flush(src.size());
  return p;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct MonthName {
  const char* text;
  int month;
};
// Full names first so that a full name is never read as a shorter one.
const MonthName kMonths[] = {
    {"มกราคม", 1}, {"กุมภาพันธ์", 2}, {"มีนาคม", 3}, {"เมษายน", 4}, {"พฤษภาคม", 5}, {"มิถุนายน", 6},
    {"กรกฎาคม", 7}, {"สิงหาคม", 8}, {"กันยายน", 9}, {"ตุลาคม", 10}, {"พฤศจิกายน", 11}, {"ธันวาคม", 12},
    {"ม.ค.", 1}, {"ก.พ.", 2}, {"มี.ค.", 3}, {"เม.ย.", 4}, {"พ.ค.", 5}, {"มิ.ย.", 6},
    {"ก.ค.", 7}, {"ส.ค.", 8}, {"ก.ย.", 9}, {"ต.ค.", 10}, {"พ.ย.", 11}, {"ธ.ค.", 12},
};
// CMS widgets print English dates; the text is lower-cased. "may" is only read beside a number.
const MonthName kEnglishMonths[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
    {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}, {"jan", 1},
    {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sept", 9}, {"sep", 9},
    {"oct", 10}, {"nov", 11}, {"dec", 12},
};

struct MonthHit {
  size_t begin, end;  // byte range of the month name
  int month;
};

std::vector<MonthHit> month_hits(std::string_view s) {
  std::vector<MonthHit> hits;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE0) {  // every Thai name starts with a Thai letter
      for (const auto& m : kMonths) {
        std::string_view name = m.text;
        if (s.substr(i, name.size()) == name) {
          hits.push_back({i, i + name.size(), m.month});
          i += name.size() - 1;
          break;
        }
      }
    } else if (c >= 'a' && c <= 'z' && (i == 0 || !is_alpha(s[i - 1]))) {
      for (const auto& m : kEnglishMonths) {
        std::string_view name = m.text;
        if (s.substr(i, name.size()) != name) continue;
        size_t end = i + name.size();
        if (end < s.size() && is_alpha(s[end])) continue;
        if (end < s.size() && s[end] == '.' && name.size() <= 4) ++end;  // "Jan."
        hits.push_back({i, end, m.month});
        i = end - 1;
        break;
      }
    }
  }
  return hits;
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// "-", "–", "—", "−" or "ถึง" with spaces around: returns the position after it, or npos.
size_t skip_range_separator(std::string_view s, size_t i) {
  size_t k = skip_spaces(s, i);
  for (std::string_view sep : {"-", "–", "—", "−", "ถึง"})
    if (s.substr(k, sep.size()) == sep) return skip_spaces(s, k + sep.size());
  return std::string_view::npos;
}

// An era prefix that makes the number after it a year: returns the position after it (and its spaces),
// and whether the era is the Common Era. Other eras (ร.ศ., จ.ศ., ม.ศ.) are not years of either calendar.
size_t skip_era(std::string_view s, size_t j, bool* ce) {
  for (std::string_view prefix : {"พ.ศ.", "พ.ศ", "พุทธศักราช", "ค.ศ.", "ค.ศ"})
    if (s.substr(j, prefix.size()) == prefix) {
      if (ce) *ce = prefix.starts_with("ค");
      return skip_spaces(s, j + prefix.size());
    }
  return j;
}

// A year right after a month name: "2567", "พ.ศ. 2567", "67". Returns the CE year and moves `i`.
std::optional<int> read_year(std::string_view s, size_t& i) {
  size_t j = skip_era(s, skip_spaces(s, i), nullptr);
  size_t k = j;
  while (k < s.size() && is_digit(s[k])) ++k;
  size_t n = k - j;
  if (n != 2 && n != 4) return std::nullopt;
  int v = std::stoi(std::string(s.substr(j, n)));
  i = k;
  if (n == 2) return 2500 + v - 543;         // two-digit years in Thai documents are 25xx
  if (v >= 2400 && v <= 2700) return v - 543;  // BE
  if (v >= 1900 && v < 2400) return v;         // CE
  return std::nullopt;
}

bool after_update_label(std::string_view s, size_t pos) {
  size_t from = pos > 90 ? pos - 90 : 0;
  std::string_view before = s.substr(from, pos - from);
  for (std::string_view w : {"ปรับปรุง", "แก้ไขล่าสุด", "อัปเดต", "อัพเดท", "updated"})
    if (before.find(w) != std::string_view::npos) return true;
  return false;
}

struct DateHit {
  Date from, to;      // one day: from == to
  size_t begin, end;  // bytes of the prepared text
  bool update;        // follows a last-update label
};

struct MonthSpan {
  YearMonth from, to;
  size_t begin, end;
  bool update;
};

// ISO dates "2024-10-15" and months "2024-10" standing alone (not inside longer digit runs).
void scan_iso(std::string_view s, std::vector<DateHit>* dates, std::vector<MonthSpan>* months) {
  for (size_t i = 0; i + 7 <= s.size(); ++i) {
    if (!(is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) && s[i + 4] == '-' &&
          is_digit(s[i + 5]) && is_digit(s[i + 6])))
      continue;
    if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '-')) continue;
    int y = std::stoi(std::string(s.substr(i, 4))), m = std::stoi(std::string(s.substr(i + 5, 2)));
    if (y < 1900 || y > 2200 || m < 1 || m > 12) continue;
    size_t end = i + 7;
    bool has_day = end + 3 <= s.size() && s[end] == '-' && is_digit(s[end + 1]) && is_digit(s[end + 2]);
    if (has_day) end += 3;
    if (end < s.size() && is_digit(s[end])) continue;
    bool update = after_update_label(s, i);
    if (has_day) {
      int d = std::stoi(std::string(s.substr(i + 8, 2)));
      if (!is_valid_date(y, m, d)) continue;
      dates->push_back({{y, m, d}, {y, m, d}, i, end, update});
    } else {
      months->push_back({{y, m}, {y, m}, i, end, update});
    }
    i = end - 1;
  }
}

// Numeric dates, day first as Thai documents write them: "15/11/2567", "1-10-2024", "๓๐.๙.๒๕๖๗".
void scan_numeric(std::string_view s, std::vector<DateHit>* dates) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == '-')))
      continue;
    size_t j = i;
    int parts[3] = {0, 0, 0};
    size_t lens[3] = {0, 0, 0};
    char sep = 0;
    int k = 0;
    for (; k < 3; ++k) {
      size_t start = j;
      while (j < s.size() && is_digit(s[j]) && j - start < 5) parts[k] = parts[k] * 10 + (s[j++] - '0');
      lens[k] = j - start;
      if (k == 2 || j >= s.size()) break;
      char c = s[j];
      if (!(c == '/' || c == '-' || c == '.') || (sep && c != sep)) break;
      sep = c;
      ++j;
    }
    if (k != 2 || lens[0] < 1 || lens[0] > 2 || lens[1] < 1 || lens[1] > 2 || lens[2] != 4) continue;
    if (j < s.size() && is_digit(s[j])) continue;
    int y = parts[2] >= 2400 && parts[2] <= 2700 ? parts[2] - 543 : parts[2];
    if (y < 1900 || y > 2200 || !is_valid_date(y, parts[1], parts[0])) continue;
    Date d{y, parts[1], parts[0]};
    dates->push_back({d, d, i, j, after_update_label(s, i)});
    i = j - 1;
  }
}

// A day number ending at `end` (spaces before `end` skipped): 1–2 digits not part of a longer run.
std::optional<std::pair<int, size_t>> day_before(std::string_view s, size_t end) {
  size_t j = end;
  while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t')) --j;
  size_t day_end = j;
  while (j > 0 && is_digit(s[j - 1]) && day_end - j < 3) --j;
  if (day_end - j == 0 || day_end - j > 2 || (j > 0 && is_digit(s[j - 1]))) return std::nullopt;
  return std::pair{std::stoi(std::string(s.substr(j, day_end - j))), j};
}

// Dates written with a month name: "15 พ.ย. 2567", "วันจันทร์ที่ 1 ตุลาคม พ.ศ. 2567", "19–21 กันยายน 2568",
// "มิถุนายน 9, 2026", "June 9, 2026", and ranges "30 ธันวาคม 2568 – 5 มกราคม 2569", "30 ธ.ค. – 5 ม.ค. 2569".
std::vector<DateHit> scan_named_dates(std::string_view s, const std::vector<MonthHit>& hits) {
  struct Partial {
    int day_from, day_to, month;
    std::optional<int> year;
    size_t begin, end;
  };
  std::vector<Partial> parts;
  for (const auto& h : hits) {
    Partial p{0, 0, h.month, std::nullopt, 0, 0};
    if (auto d = day_before(s, h.begin)) {
      p.day_from = p.day_to = d->first;
      p.begin = d->second;
      // "19–21 กันยายน": a day range before the month.
      size_t k = p.begin;
      while (k > 0 && s[k - 1] == ' ') --k;
      for (std::string_view sep : {"-", "–", "—"}) {
        if (k < sep.size() || s.substr(k - sep.size(), sep.size()) != sep) continue;
        if (auto d0 = day_before(s, k - sep.size()); d0 && d0->first < p.day_to) {
          p.day_from = d0->first;
          p.begin = d0->second;
        }
        break;
      }
      size_t k2 = h.end;
      p.year = read_year(s, k2);
      if (p.year && k2 < s.size() && is_digit(s[k2])) p.year.reset();
      p.end = p.year ? k2 : h.end;
    } else {
      // Month first, as CMS widgets print: "มิถุนายน 9, 2026".
      size_t k = skip_spaces(s, h.end), d0 = k;
      while (k < s.size() && is_digit(s[k]) && k - d0 < 3) ++k;
      if (k - d0 == 0 || k - d0 > 2 || (k < s.size() && is_digit(s[k]))) continue;
      int day = std::stoi(std::string(s.substr(d0, k - d0)));
      if (k < s.size() && s[k] == ',') ++k;
      size_t y0 = skip_spaces(s, k), y1 = y0;
      while (y1 < s.size() && is_digit(s[y1])) ++y1;
      if (y1 - y0 != 4) continue;
      size_t kk = y0;
      p.year = read_year(s, kk);
      if (!p.year) continue;
      p.day_from = p.day_to = day;
      p.begin = h.begin;
      p.end = y1;
    }
    parts.push_back(p);
  }
  std::vector<DateHit> out;
  for (size_t i = 0; i < parts.size(); ++i) {
    Partial a = parts[i];
    // A range to the next date: "30 ธันวาคม 2568 – 5 มกราคม 2569"; the first may lack its year.
    if (i + 1 < parts.size() && parts[i + 1].year) {
      size_t k = skip_range_separator(s, a.end);
      if (k == parts[i + 1].begin) {
        const Partial& b = parts[i + 1];
        int year_a = a.year ? *a.year : (a.month > b.month ? *b.year - 1 : *b.year);
        Date from{year_a, a.month, a.day_from}, to{*b.year, b.month, b.day_to};
        if (is_valid_date(from.year, from.month, from.day) && is_valid_date(to.year, to.month, to.day) && from <= to) {
          out.push_back({from, to, a.begin, b.end, after_update_label(s, a.begin)});
          ++i;
          continue;
        }
      }
    }
    if (!a.year) continue;
    Date from{*a.year, a.month, a.day_from}, to{*a.year, a.month, a.day_to};
    if (!is_valid_date(from.year, from.month, from.day) || !is_valid_date(to.year, to.month, to.day)) continue;
    out.push_back({from, to, a.begin, a.end, after_update_label(s, a.begin)});
  }
  return out;
}

YearMonth next_month(YearMonth ym) { return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1}; }

// Months with a year ("ตุลาคM 2567", "ต.ค. 67"), each on its own, and ranges "M1 [Y1] – M2 Y2" (dash,
// en/em dash or "ถึง", "ถึงเดือน" between) as one span after the months they join.
std::vector<MonthSpan> scan_months(std::string_view s, const std::vector<MonthHit>& hits) {
  std::vector<MonthSpan> out;
  std::vector<std::optional<int>> years(hits.size());
  std::vector<size_t> after(hits.size());
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t k = hits[i].end;
    years[i] = read_year(s, k);
    if (years[i] && k < s.size() && is_digit(s[k])) years[i].reset();
    after[i] = years[i] ? k : hits[i].end;
    if (years[i]) {
      YearMonth m{*years[i], hits[i].month};
      out.push_back({m, m, hits[i].begin, after[i], after_update_label(s, hits[i].begin)});
    }
  }
  for (size_t i = 0; i + 1 < hits.size(); ++i) {
    if (!years[i + 1]) continue;
    size_t k = skip_spaces(s, after[i]);
    bool joined = false;
    for (std::string_view sep : {"-", "–", "—", "ถึง", "ถึงเดือน"})
      if (s.substr(k, sep.size()) == sep) {
        k = skip_spaces(s, k + sep.size());
        if (s.substr(k).starts_with("เดือน")) k = skip_spaces(s, k + std::string_view("เดือน").size());
        joined = k == hits[i + 1].begin;
        if (joined) break;
      }
    if (!joined) continue;
    YearMonth to{*years[i + 1], hits[i + 1].month};
    YearMonth from{years[i] ? *years[i] : (hits[i].month > to.month ? to.year - 1 : to.year), hits[i].month};
    if (from > to) continue;
    out.push_back({from, to, hits[i].begin, after[i + 1], after_update_label(s, hits[i].begin)});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Year mentions

constexpr int kMinBe = 2540, kMaxBe = 2600;  // years a period can plausibly be about
bool plausible(int be) { return be >= kMinBe && be <= kMaxBe; }

// A run of exactly `n` digits at j, not part of a longer run, not a decimal or thousands group.
std::optional<int> number_at(std::string_view s, size_t j, size_t n) {
  size_t k = j;
  while (k < s.size() && is_digit(s[k])) ++k;
  if (k - j != n || (j > 0 && is_digit(s[j - 1]))) return std::nullopt;
  if (k + 1 < s.size() && (s[k] == ',' || s[k] == '.') && is_digit(s[k + 1])) return std::nullopt;
  if (j >= 2 && s[j - 1] == ',' && is_digit(s[j - 2])) return std::nullopt;
  return std::stoi(std::string(s.substr(j, n)));
}

class MentionScanner {
 public:
  MentionScanner(std::string_view source) : source_(source), p_(prepare(source)), claimed_(p_.s.size(), false) {}

  std::vector<YearMention> run() {
    std::string_view s = p_.s;
    auto hits = month_hits(s);
    std::vector<DateHit> dates = scan_named_dates(s, hits);
    std::vector<MonthSpan> months;
    scan_iso(s, &dates, &months);
    scan_numeric(s, &dates);
    for (const auto& d : dates)
      if (!d.update) add(fiscal_year_be(d.from), fiscal_year_be(d.to), YearMention::Kind::Date, d.begin, d.end);
    for (const auto& d : dates) claim(d.begin, d.end);  // a last-update date is not a bare year either
    auto spans = scan_months(s, hits);
    std::stable_sort(spans.begin(), spans.end(), [](const MonthSpan& a, const MonthSpan& b) { return a.from != a.to && b.from == b.to; });
    for (const auto& m : spans) {
      if (m.update || overlaps(m.begin, m.end)) continue;
      add(fiscal_year_be({m.from.year, m.from.month, 1}), fiscal_year_be({m.to.year, m.to.month, 1}),
          YearMention::Kind::Month, m.begin, m.end);
    }
    for (const auto& m : months)
      if (!m.update && !overlaps(m.begin, m.end))
        add(fiscal_year_be({m.from.year, m.from.month, 1}), fiscal_year_be({m.from.year, m.from.month, 1}),
            YearMention::Kind::Month, m.begin, m.end);
    for (const auto& m : spans) claim(m.begin, m.end);
    scan_labels();
    scan_spans_and_bare_years();
    std::sort(out_.begin(), out_.end(), [](const YearMention& a, const YearMention& b) { return a.offset < b.offset; });
    return std::move(out_);
  }

 private:
  bool overlaps(size_t b, size_t e) const {
    for (size_t i = b; i < e && i < claimed_.size(); ++i)
      if (claimed_[i]) return true;
    return false;
  }
  void claim(size_t b, size_t e) {
    for (size_t i = b; i < e && i < claimed_.size(); ++i) claimed_[i] = true;
  }
  // b, e: bytes of the prepared text.
  void add(int fy_from, int fy_to, YearMention::Kind kind, size_t b, size_t e) {
    claim(b, e);
    if (!plausible(fy_from) || !plausible(fy_to) || e <= b) return;
    size_t from = p_.origin[b], to = p_.origin[e - 1] + 1;
    while (to < source_.size() && (static_cast<unsigned char>(source_[to]) & 0xC0) == 0x80) ++to;
    YearMention m;
    m.fy_from = fy_from;
    m.fy_to = fy_to;
    m.kind = kind;
    m.offset = from;
    m.length = to - from;
    out_.push_back(m);
  }

  // A year at j (after spaces and an era): 4 digits, or 2 when `two_digits` (25xx). BE unless the era or
  // `ce` says Common Era. Returns the BE year and moves j past it.
  std::optional<int> year_at(size_t& j, bool two_digits, bool ce) {
    std::string_view s = p_.s;
    size_t k = skip_era(s, skip_spaces(s, j), &ce);
    if (auto v = number_at(s, k, 4)) {
      j = k + 4;
      if (ce) return *v >= 1900 && *v < 2400 ? std::optional<int>(*v + 543) : std::nullopt;
      return *v >= 2400 && *v <= 2700 ? std::optional<int>(*v) : std::nullopt;  // a CE year needs its era
    }
    if (two_digits)
      if (auto v = number_at(s, k, 2)) {
        j = k + 2;
        return 2500 + *v;
      }
    return std::nullopt;
  }

  // "ปีงบประมาณ พ.ศ. 2568", "ประจำปีงบประมาณ 68", "ปีงบ 2566-2570", "งบประมาณ 2568", "fiscal year 2025".
  void scan_labels() {
    std::string_view s = p_.s;
    struct Label {
      std::string_view text;
      bool two_digits, ce;
    };
    for (Label l : {Label{"ปีงบประมาณ", true, false}, Label{"ปีงบฯ", true, false}, Label{"ปีงบ", true, false},
                    Label{"งบประมาณ", false, false}, Label{"fiscal year", false, true}, Label{"fy", false, true}}) {
      for (size_t at = s.find(l.text); at != std::string_view::npos; at = s.find(l.text, at + 1)) {
        if (overlaps(at, at + l.text.size())) continue;
        if (l.ce && at > 0 && is_alpha(s[at - 1])) continue;
        size_t j = at + l.text.size();
        auto y1 = year_at(j, l.two_digits, l.ce);
        if (!y1) continue;
        int y2 = *y1;
        size_t end = j;
        size_t k = skip_range_separator(s, j);
        if (k != std::string_view::npos) {
          size_t k2 = k;
          bool two = l.two_digits || number_at(s, skip_era(s, k, nullptr), 2).has_value();
          if (auto y = year_at(k2, two, l.ce); y && *y > *y1 && *y <= *y1 + 20) y2 = *y, end = k2;
        }
        add(*y1, y2, y2 == *y1 ? YearMention::Kind::FiscalYearLabel : YearMention::Kind::Span, at, end);
      }
    }
  }

  // Spans "2561–2564", "พ.ศ. 2566 - 2570", "ค.ศ. 2019–2022", and bare years "พ.ศ. 2568", "รายงาน 2568".
  void scan_spans_and_bare_years() {
    std::string_view s = p_.s;
    for (size_t i = 0; i + 4 <= s.size(); ++i) {
      if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])) || claimed_[i]) continue;
      // The era written before the year, and where the mention starts.
      size_t begin = i;
      bool ce = false;
      size_t back = i;
      while (back > 0 && s[back - 1] == ' ') --back;
      for (std::string_view era : {"พ.ศ.", "พ.ศ", "พุทธศักราช", "ค.ศ.", "ค.ศ", "ร.ศ.", "รศ.", "จ.ศ.", "ม.ศ."})
        if (back >= era.size() && s.substr(back - era.size(), era.size()) == era) {
          begin = back - era.size();
          ce = era.starts_with("ค");
          if (!era.starts_with("พ") && !ce) begin = std::string_view::npos;  // another era: not a year
          break;
        }
      if (begin == std::string_view::npos) continue;
      // Phone numbers and codes: "02-2568-1234".
      if (i >= 2 && (s[i - 1] == '-' || s[i - 1] == '.') && is_digit(s[i - 2])) continue;
      size_t j = i;
      auto y1 = year_at(j, false, ce);
      if (!y1) continue;
      if (j < s.size() && s[j] == '-' && j + 1 < s.size() && is_digit(s[j + 1]) && !number_at(s, j + 1, 4)) continue;
      size_t end = j;
      int y2 = *y1;
      size_t k = skip_range_separator(s, j);
      if (k != std::string_view::npos && !overlaps(j, k)) {
        size_t k2 = k;
        if (auto y = year_at(k2, false, ce); y && *y > *y1 && *y <= *y1 + 20 && !(k2 < s.size() && s[k2] == '-'))
          y2 = *y, end = k2;
      }
      add(*y1, y2, y2 == *y1 ? YearMention::Kind::BareYear : YearMention::Kind::Span, begin, end);
      i = end - 1;
    }
  }

  std::string_view source_;
  Prepared p_;
  std::vector<bool> claimed_;
  std::vector<YearMention> out_;
};

}  // namespace

std::vector<Date> find_dates_in_text(std::string_view text) {
  Prepared p = prepare(text, false);
  std::string_view s = p.s;
  std::vector<DateHit> hits = scan_named_dates(s, month_hits(s));
  std::vector<MonthSpan> months;
  scan_iso(s, &hits, &months);
  scan_numeric(s, &hits);
  std::vector<Date> out;
  for (const auto& h : hits) {
    if (h.update) continue;
    out.push_back(h.from);
    if (h.to != h.from) out.push_back(h.to);
  }
  return out;
}

std::set<YearMonth> find_months_in_text(std::string_view text) {
  Prepared p = prepare(text, false);
  std::string_view s = p.s;
  std::set<YearMonth> out;
  auto add = [&](YearMonth from, YearMonth to) {
    for (YearMonth m = from; m <= to && out.size() < 400; m = next_month(m)) out.insert(m);
  };
  auto hits = month_hits(s);
  for (const auto& m : scan_months(s, hits))
    if (!m.update) add(m.from, m.to);
  std::vector<DateHit> dates = scan_named_dates(s, hits);
  std::vector<MonthSpan> iso_months;
  scan_iso(s, &dates, &iso_months);
  scan_numeric(s, &dates);
  for (const auto& d : dates)
    if (!d.update) add({d.from.year, d.from.month}, {d.to.year, d.to.month});
  for (const auto& m : iso_months)
    if (!m.update) add(m.from, m.to);
  return out;
}

std::vector<YearMention> find_year_mentions(std::string_view text) { return MentionScanner(text).run(); }

// ---------------------------------------------------------------------------------------------
// The judgement

namespace {

using Kind = YearMention::Kind;

int tier_of(Kind k) {
  switch (k) {
    case Kind::FiscalYearLabel:
    case Kind::Span: return 0;
    case Kind::Date:
    case Kind::Month: return 1;
    case Kind::BareYear: return 2;
  }
  return 2;
}

struct Statement {
  YearMention m;
  size_t source;
  bool naming;
  bool support;  // states the expected fiscal year
  int tier;
  std::string key;  // kind, years and text: the same statement read twice (a heading is also body text)
};

PeriodFinding finding(const std::vector<PeriodSource>& sources, const Statement& st) {
  const PeriodSource& src = sources[st.source];
  return {st.m, src.where, quote_source(src.text, st.m.offset, st.m.offset + st.m.length, 120)};
}

}  // namespace

PeriodJudgement judge_period(const std::vector<PeriodSource>& sources, PeriodRule rule, int expected_fy, int round) {
  if (rule == PeriodRule::SpansRoundFY) expected_fy = round;
  std::vector<Statement> all;
  for (size_t i = 0; i < sources.size(); ++i) {
    for (const YearMention& m : find_year_mentions(sources[i].text)) {
      bool dated = m.kind == Kind::Date || m.kind == Kind::Month;
      if (dated && rule == PeriodRule::SpansRoundFY) continue;  // dates say nothing of a plan's span
      if (dated && rule == PeriodRule::PreviousFY && m.fy_from > expected_fy) continue;  // published after its year
      // A span around the year on a one-year item names something else (the plan an activity serves: "แผนพัฒนา
      // ท้องถิ่น 2566-2570" on a 2564 forum's page); a span wholly before or after the year still tells.
      if (m.kind == Kind::Span && rule != PeriodRule::SpansRoundFY && m.fy_from <= expected_fy && expected_fy <= m.fy_to) continue;
      Statement st{m, i, sources[i].naming, m.fy_from <= expected_fy && expected_fy <= m.fy_to, tier_of(m.kind), ""};
      st.key = std::string(to_string(m.kind)) + ":" + std::to_string(m.fy_from) + "-" + std::to_string(m.fy_to) + ":" +
               std::string(sources[i].text.substr(m.offset, m.length));
      all.push_back(std::move(st));
    }
  }
  // A naming text is usually also part of the body text (a heading in the page's text): count it once.
  std::map<std::string, int> named;
  for (const auto& st : all)
    if (st.naming) ++named[st.key];
  std::vector<Statement> sts;
  for (auto& st : all) {
    if (!st.naming)
      if (auto it = named.find(st.key); it != named.end() && it->second > 0) {
        --it->second;
        continue;
      }
    sts.push_back(std::move(st));
  }

  PeriodJudgement j;
  int best_tier = 3;
  for (const auto& st : sts) best_tier = std::min(best_tier, st.tier);
  std::set<int> years;
  for (const auto& st : sts)
    if (st.tier == best_tier)
      for (int y = st.m.fy_from; y <= st.m.fy_to && y < st.m.fy_from + 20; ++y) years.insert(y);
  j.years.assign(years.begin(), years.end());
  if (sts.empty()) return j;  // nothing stated: a person must look

  auto strongest_first = [](const Statement& a, const Statement& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    return a.naming > b.naming;
  };
  std::stable_sort(sts.begin(), sts.end(), strongest_first);
  auto evidence_of = [&](bool support_side, bool both) {
    for (const auto& st : sts)
      if ((both || st.support == support_side) && j.evidence.size() < 6) j.evidence.push_back(finding(sources, st));
  };

  // Counts over the labels, spans, dates and months (tiers 0 and 1): what certainty is about.
  int dated_support = 0, dated_against = 0;
  bool named_label_against = false, span_ended_before = false;
  for (const auto& st : sts) {
    if (st.tier > 1) continue;
    (st.support ? dated_support : dated_against)++;
    if (!st.support && st.tier == 0 && st.naming) named_label_against = true;
    if (!st.support && st.m.kind == Kind::Span && st.m.fy_to < expected_fy) span_ended_before = true;
  }
  auto decide = [&](PeriodJudgement::Verdict v) {
    j.verdict = v;
    if (v == PeriodJudgement::Verdict::Right) {
      j.certain = dated_against == 0 && dated_support > 0;
      evidence_of(true, false);
    } else if (v == PeriodJudgement::Verdict::Wrong) {
      j.certain = dated_support == 0 && (named_label_against || dated_against >= 2 || span_ended_before);
      evidence_of(false, false);
    } else {
      evidence_of(false, true);
    }
    return j;
  };

  // A plan whose span includes the round is the plan asked for, whatever other years the page lists.
  if (rule == PeriodRule::SpansRoundFY)
    for (const auto& st : sts)
      if (st.support && st.m.kind == Kind::Span) return decide(PeriodJudgement::Verdict::Right);

  // The strongest tier that has naming statements or a clear majority decides; within a tier the naming texts
  // decide first. A single body statement is never a majority on its own: it is a stray mention unless nothing
  // else is said.
  for (int tier = 0; tier <= 2; ++tier) {
    int sup_n = 0, ag_n = 0, sup = 0, ag = 0;
    for (const auto& st : sts) {
      if (st.tier != tier) continue;
      (st.support ? sup : ag)++;
      if (st.naming) (st.support ? sup_n : ag_n)++;
    }
    if (sup + ag == 0) continue;
    // A naming text that states the expected year is the disclosure asked for: pages keep earlier
    // years' documents listed beside it (an archive), and that is no fault.
    if (sup_n > 0) return decide(PeriodJudgement::Verdict::Right);
    if (ag_n > 0) return decide(PeriodJudgement::Verdict::Wrong);
    if (std::max(sup, ag) >= 2 && sup != ag)
      return decide(sup > ag ? PeriodJudgement::Verdict::Right : PeriodJudgement::Verdict::Wrong);
  }
  // No clear majority anywhere: one side only (however few) decides; both sides is a conflict.
  int sup = 0, ag = 0;
  for (const auto& st : sts)
    if (st.tier <= 1 || best_tier == 2) (st.support ? sup : ag)++;
  if (sup > 0 && ag == 0) return decide(PeriodJudgement::Verdict::Right);
  // Bare years in the body alone never fail an item: "พระราชบัญญัติ… พ.ศ. ๒๕๕๘" names a law, not the period.
  if (ag > 0 && sup == 0 && best_tier < 2) return decide(PeriodJudgement::Verdict::Wrong);
  return decide(PeriodJudgement::Verdict::Unknown);
}

std::string_view to_string(YearMention::Kind k) {
  switch (k) {
    case YearMention::Kind::FiscalYearLabel: return "fiscal-year-label";
    case YearMention::Kind::Span: return "span";
    case YearMention::Kind::Date: return "date";
    case YearMention::Kind::Month: return "month";
    case YearMention::Kind::BareYear: return "bare-year";
  }
  return "bare-year";
}

}  // namespace oit
