#include "core/thai_date.h"

#include <array>
#include <chrono>
#include <cstdint>

namespace oit {
namespace {

constexpr int kBeOffset = 543;
constexpr int kMinBeYear = 2400, kMaxBeYear = 2700;  // the range a BE year in ITA documents can take
constexpr int kBangkokOffsetMinutes = 7 * 60;

constexpr std::array<std::string_view, 12> kThaiMonths = {
    "มกราคม", "กุมภาพันธ์", "มีนาคม",  "เมษายน",  "พฤษภาคม",    "มิถุนายน",
    "กรกฎาคม", "สิงหาคม",   "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<std::string_view, 12> kThaiMonthsShort = {
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
// "พฤหัสบดี" before its short form "พฤหัส" so the longer name wins.
constexpr std::array<std::string_view, 8> kThaiWeekdays = {
    "อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "พฤหัส", "ศุกร์", "เสาร์"};
constexpr std::array<std::string_view, 12> kEnglishMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// Thai digits ๐..๙ are U+0E50..U+0E59, UTF-8 E0 B9 90..99.
bool is_thai_digit_at(std::string_view s, size_t i) {
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE0 &&
         static_cast<unsigned char>(s[i + 1]) == 0xB9 && static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
         static_cast<unsigned char>(s[i + 2]) <= 0x99;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Parses exactly n ASCII digits at s[i..i+n).
bool digits_at(std::string_view s, size_t i, size_t n, int& out) {
  if (i + n > s.size()) return false;
  int v = 0;
  for (size_t k = i; k < i + n; ++k) {
    if (!is_digit(s[k])) return false;
    v = v * 10 + (s[k] - '0');
  }
  out = v;
  return true;
}

size_t digit_run_end(std::string_view s, size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

int run_value(std::string_view s, size_t b, size_t e) {
  int v = 0;
  for (size_t k = b; k < e && k < b + 9; ++k) v = v * 10 + (s[k] - '0');
  return v;
}

bool is_be_year(int v) { return v >= kMinBeYear && v <= kMaxBeYear; }

// ---- a small cursor for Thai text ----
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool at_end() const { return i >= s.size(); }
  bool starts_with(std::string_view w) const { return s.substr(i).starts_with(w); }
  bool eat(std::string_view w) {
    if (!starts_with(w)) return false;
    i += w.size();
    return true;
  }
  // Spaces, tabs, no-break spaces and zero-width spaces (Thai text often carries the latter).
  void skip_space() {
    for (;;) {
      if (eat(" ") || eat("\t") || eat("\n") || eat("\r") || eat("\xC2\xA0") || eat("\xE2\x80\x8B")) continue;
      return;
    }
  }
  // Matches an abbreviation such as "มี.ค." where every '.' is optional and may be followed by spaces.
  bool eat_abbreviation(std::string_view pattern) {
    size_t j = i;
    for (size_t p = 0; p < pattern.size();) {
      if (pattern[p] == '.') {
        if (j < s.size() && s[j] == '.') ++j;
        while (j < s.size() && s[j] == ' ') ++j;
        ++p;
        continue;
      }
      size_t n = 1;
      while (p + n < pattern.size() && pattern[p + n] != '.') ++n;
      if (s.substr(j, n) != pattern.substr(p, n)) return false;
      j += n;
      p += n;
    }
    i = j;
    return true;
  }
  // A maximal run of ASCII digits; returns its length (0 when none) and value.
  size_t eat_number(int& value) {
    size_t e = digit_run_end(s, i);
    size_t n = e - i;
    value = run_value(s, i, e);
    i = e;
    return n;
  }
};

int eat_month(Cursor& c) {
  for (int m = 0; m < 12; ++m)
    if (c.eat(kThaiMonths[m])) return m + 1;
  for (int m = 0; m < 12; ++m)
    if (c.eat_abbreviation(kThaiMonthsShort[m])) return m + 1;
  return 0;
}

std::string pad(int v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

Error date_error(std::string message) {
  return make_error({}, std::move(message),
                    "write the date as YYYY-MM-DD with the Gregorian year, e.g. 2025-03-31 "
                    "(a time may follow: 2025-03-31T10:00:00+07:00)");
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

Result<Date> parse_iso_date(std::string_view text) {
  const std::string s = to_arabic_digits(trim(text));
  Date d;
  if (!(digits_at(s, 0, 4, d.year) && s.size() >= 10 && s[4] == '-' && digits_at(s, 5, 2, d.month) &&
        s[7] == '-' && digits_at(s, 8, 2, d.day)))
    return date_error("expected YYYY-MM-DD, got \"" + s + "\"");
  if (d.year >= kMinBeYear)
    return make_error({}, "year " + std::to_string(d.year) + " looks like a Buddhist-Era year",
                      "dates in data use the Gregorian year: " + std::to_string(d.year) + " BE is " +
                          std::to_string(ce_year(d.year)) + " (subtract 543)");
  if (d.month < 1 || d.month > 12) return date_error("month " + std::to_string(d.month) + " does not exist");
  if (d.year < 1) return date_error("year 0 does not exist");
  if (d.day < 1) return date_error("day 0 does not exist");
  if (d.day > days_in_month(d.year, d.month)) {
    std::string what = std::to_string(d.day) + " " + std::string(kEnglishMonths[d.month - 1]) + " " +
                       std::to_string(d.year) + " does not exist: ";
    if (d.month == 2 && d.day == 29) return date_error(what + std::to_string(d.year) + " is not a leap year");
    return date_error(what + std::string(kEnglishMonths[d.month - 1]) + " has " +
                      std::to_string(days_in_month(d.year, d.month)) + " days");
  }
  if (s.size() == 10) return d;

  // A time of day follows: HH:MM[:SS[.fraction]][Z|±HH[:MM]]
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
    return date_error("expected YYYY-MM-DD, got \"" + s + "\"");
  int hour = 0, minute = 0, second = 0;
  size_t i = 11;
  if (!(digits_at(s, i, 2, hour) && i + 2 < s.size() && s[i + 2] == ':' && digits_at(s, i + 3, 2, minute)))
    return date_error("expected a time HH:MM after the date in \"" + s + "\"");
  i += 5;
  if (i < s.size() && s[i] == ':') {
    if (!digits_at(s, i + 1, 2, second)) return date_error("expected seconds as two digits in \"" + s + "\"");
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      size_t e = digit_run_end(s, i + 1);
      if (e == i + 1) return date_error("expected digits after the decimal point in \"" + s + "\"");
      i = e;
    }
  }
  if (hour > 23) return date_error("hour " + std::to_string(hour) + " does not exist");
  if (minute > 59) return date_error("minute " + std::to_string(minute) + " does not exist");
  if (second > 60) return date_error("second " + std::to_string(second) + " does not exist");

  int offset_minutes = kBangkokOffsetMinutes;  // no offset: the time is Bangkok local time
  if (i < s.size()) {
    if (s[i] == 'Z' || s[i] == 'z') {
      offset_minutes = 0;
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      const int sign = s[i] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!digits_at(s, i + 1, 2, oh)) return date_error("expected a UTC offset like +07:00 in \"" + s + "\"");
      i += 3;
      if (i < s.size() && s[i] == ':') ++i;
      if (i < s.size()) {
        if (!digits_at(s, i, 2, om)) return date_error("expected a UTC offset like +07:00 in \"" + s + "\"");
        i += 2;
      }
      if (oh > 14 || om > 59) return date_error("UTC offset in \"" + s + "\" does not exist");
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (i != s.size()) return date_error("unexpected text after the time in \"" + s + "\"");

  const int64_t bangkok_minutes = hour * 60 + minute - offset_minutes + kBangkokOffsetMinutes;
  return add_days(d, static_cast<int>(floor_div(bangkok_minutes, 24 * 60)));
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
  const std::string s = to_arabic_digits(trim(text));
  YearMonth ym;
  if (s.size() != 7 || !digits_at(s, 0, 4, ym.year) || s[4] != '-' || !digits_at(s, 5, 2, ym.month))
    return std::nullopt;
  if (ym.year < 1 || ym.year >= kMinBeYear || ym.month < 1 || ym.month > 12) return std::nullopt;
  return ym;
}

std::string to_iso(const Date& d) { return pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2); }

int be_year(int ce) { return ce + kBeOffset; }
int ce_year(int be) { return be - kBeOffset; }

int fiscal_year_be(const Date& d) { return be_year(d.month >= 10 ? d.year + 1 : d.year); }

int fiscal_quarter(const Date& d) { return d.month >= 10 ? 1 : (d.month - 1) / 3 + 2; }

Date fiscal_year_start(int fy_be) { return Date{ce_year(fy_be) - 1, 10, 1}; }
Date fiscal_year_end(int fy_be) { return Date{ce_year(fy_be), 9, 30}; }

std::vector<YearMonth> fiscal_first_half_months(int fy_be) {
  const int y = ce_year(fy_be);
  return {{y - 1, 10}, {y - 1, 11}, {y - 1, 12}, {y, 1}, {y, 2}, {y, 3}};
}

std::string thai_month_name(int month, bool abbreviated) {
  if (month < 1 || month > 12) return {};
  return std::string(abbreviated ? kThaiMonthsShort[month - 1] : kThaiMonths[month - 1]);
}

static std::string thai_date(const Date& d, bool abbreviated, bool thai_digits) {
  std::string s =
      std::to_string(d.day) + " " + thai_month_name(d.month, abbreviated) + " " + std::to_string(be_year(d.year));
  return thai_digits ? to_thai_digits(s) : s;
}

std::string thai_date_long(const Date& d, bool thai_digits) { return thai_date(d, false, thai_digits); }
std::string thai_date_short(const Date& d, bool thai_digits) { return thai_date(d, true, thai_digits); }

std::string thai_year_month(const YearMonth& ym, bool thai_digits) {
  std::string s = thai_month_name(ym.month, false) + " " + std::to_string(be_year(ym.year));
  return thai_digits ? to_thai_digits(s) : s;
}

std::string english_date_long(const Date& d) {
  static const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  if (d.month < 1 || d.month > 12) return {};
  return std::to_string(d.day) + " " + months[d.month - 1] + " " + std::to_string(d.year);
}

std::string english_fiscal_year(int fy_be) {
  return std::to_string(fy_be - 543) + " (B.E. " + std::to_string(fy_be) + ")";
}

std::string to_thai_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    if (is_digit(c)) {
      out += "\xE0\xB9";
      out += static_cast<char>(0x90 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string to_arabic_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (is_thai_digit_at(text, i)) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(text[i + 2]) - 0x90));
      i += 3;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::optional<Date> parse_thai_date(std::string_view text) {
  const std::string s = to_arabic_digits(text);
  Cursor c{s};
  c.skip_space();
  if (c.eat("ณ")) c.skip_space();
  // "วันจันทร์ที่", "วันที่", "วันจันทร์", "จันทร์ที่": every part optional, in this order.
  if (c.eat("วัน")) c.skip_space();
  for (std::string_view w : kThaiWeekdays)
    if (c.eat(w)) {
      c.skip_space();
      if (c.eat(",")) c.skip_space();
      break;
    }
  if (c.eat("ที่")) c.skip_space();

  int day = 0;
  const size_t day_digits = c.eat_number(day);
  if (day_digits < 1 || day_digits > 2) return std::nullopt;
  c.skip_space();
  const int month = eat_month(c);
  if (month == 0) return std::nullopt;
  c.skip_space();

  enum class Era { unstated, be, ce } era = Era::unstated;
  if (c.eat_abbreviation("พ.ศ.")) era = Era::be;
  else if (c.eat_abbreviation("ค.ศ.")) era = Era::ce;
  c.skip_space();

  int year = 0;
  const size_t year_digits = c.eat_number(year);
  c.skip_space();
  if (!c.at_end()) return std::nullopt;

  int ce = 0;
  if (year_digits == 2 && era != Era::ce) {
    ce = ce_year(2500 + year);  // two-digit years in Thai documents mean 25xx BE
  } else if (year_digits == 4) {
    if (era == Era::ce || (era == Era::unstated && year < kMinBeYear)) ce = year;
    else if (year >= kMinBeYear) ce = ce_year(year);
    else return std::nullopt;  // "พ.ศ. 2025" is a mistake we cannot resolve
  } else {
    return std::nullopt;
  }
  if (!is_valid_date(ce, month, day)) return std::nullopt;
  return Date{ce, month, day};
}

std::vector<int> find_be_years(std::string_view text) {
  const std::string s = to_arabic_digits(text);
  struct Run {
    size_t b, e;
    size_t len() const { return e - b; }
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < s.size();) {
    if (is_digit(s[i])) {
      size_t e = digit_run_end(s, i);
      runs.push_back({i, e});
      i = e;
    } else {
      ++i;
    }
  }

  std::vector<int> years;
  // The separator joining run k to run k+1 when only one character stands between them, else 0.
  auto joint_after = [&](size_t k) -> char {
    if (k + 1 >= runs.size() || runs[k + 1].b != runs[k].e + 1) return 0;
    const char c = s[runs[k].e];
    return c == '-' || c == '/' || c == '.' || c == ',' || c == ' ' ? c : 0;
  };
  auto joint_before = [&](size_t k) -> char { return k == 0 ? 0 : joint_after(k - 1); };
  auto year_run = [&](size_t k) { return runs[k].len() == 4 && is_be_year(run_value(s, runs[k].b, runs[k].e)); };
  auto spaced = [](char c) { return c == '-' || c == ' '; };

  for (size_t k = 0; k < runs.size(); ++k) {
    if (!year_run(k)) continue;
    const char left = joint_before(k), right = joint_after(k);
    // Amounts: "2567.50", "1.2567", "2567,000", "12,2567"; but "1.10.2567" is a date, "2566,2567" a list.
    if (right == '.') continue;
    if (left == '.' && !(runs[k - 1].len() <= 2 && joint_before(k - 1) == '.' && runs[k - 2].len() <= 2 &&
                         joint_before(k - 2) == 0))
      continue;
    if (left == ',' && runs[k - 1].len() != 4) continue;
    if (right == ',' && runs[k + 1].len() != 4) continue;
    // Phone numbers: groups joined by '-' or a space ("02-567-2567", "0 2567 8900", "+66 2567 8900").
    size_t lo = k, hi = k;
    while (spaced(joint_before(lo))) --lo;
    while (spaced(joint_after(hi))) ++hi;
    if (hi > lo) {
      const size_t n = hi - lo + 1;
      const bool iso_like_date = n == 3 && joint_after(lo) == '-' && joint_after(lo + 1) == '-' &&
                                 ((runs[lo].len() == 4 && runs[lo + 1].len() <= 2 && runs[hi].len() <= 2) ||
                                  (runs[lo].len() <= 2 && runs[lo + 1].len() <= 2 && runs[hi].len() == 4));
      bool leading_zero = false, all_years = true;
      for (size_t j = lo; j <= hi; ++j) {
        leading_zero |= s[runs[j].b] == '0';
        all_years &= year_run(j);
      }
      const bool plus = runs[lo].b > 0 && s[runs[lo].b - 1] == '+';
      if (!iso_like_date && (leading_zero || plus || (n >= 3 && !all_years))) continue;
    }
    const int v = run_value(s, runs[k].b, runs[k].e);
    bool seen = false;
    for (int y : years) seen |= y == v;
    if (!seen) years.push_back(v);
  }
  return years;
}

std::vector<int> find_fiscal_years(std::string_view text) {
  const std::string s = to_arabic_digits(text);
  std::vector<int> years;
  auto add = [&](int v) {
    for (int y : years)
      if (y == v) return;
    years.push_back(v);
  };
  // A year read at the cursor: 4 digits 2400..2700, or 2 digits (25xx) when the context makes it a year.
  // A number that continues as an amount ("2500 บาท", "2567.50", "2,567") is not a year.
  auto read_year = [&](Cursor& c, bool allow_two_digits) -> int {
    if (c.i > 0 && is_digit(s[c.i - 1])) return 0;
    int v = 0;
    Cursor probe = c;
    const size_t n = probe.eat_number(v);
    if (probe.i < s.size() && (s[probe.i] == '.' || s[probe.i] == ',') && probe.i + 1 < s.size() &&
        is_digit(s[probe.i + 1]))
      return 0;
    Cursor after = probe;
    after.skip_space();
    for (std::string_view unit : {"บาท", "ล้าน", "แสน", "หมื่น", "พัน", "%"})
      if (after.starts_with(unit)) return 0;
    if (n == 4 && is_be_year(v)) {
      c = probe;
      return v;
    }
    if (n == 2 && allow_two_digits) {
      c = probe;
      return 2500 + v;
    }
    return 0;
  };

  constexpr std::string_view kKeywords[] = {"ปีงบประมาณ", "ปีงบ", "งบประมาณ"};
  for (size_t i = 0; i < s.size();) {
    Cursor c{s, i};
    std::string_view keyword;
    for (std::string_view k : kKeywords)
      if (c.eat(k)) {
        keyword = k;
        break;
      }
    if (keyword.empty()) {
      ++i;
      continue;
    }
    c.skip_space();
    bool be_marker = false;
    if (c.eat_abbreviation("พ.ศ.")) {
      be_marker = true;
      c.skip_space();
    }
    const bool two_digits_ok = be_marker || keyword.starts_with("ปีงบ");
    const int start = read_year(c, two_digits_ok);
    if (start != 0) {
      int end = 0;
      Cursor r = c;
      r.skip_space();
      if (r.eat("-") || r.eat("\xE2\x80\x93") || r.eat("\xE2\x80\x94") || r.eat("ถึง")) {
        r.skip_space();
        if (r.eat("ปีงบประมาณ")) r.skip_space();
        if (r.eat_abbreviation("พ.ศ.")) r.skip_space();
        end = read_year(r, true);
      }
      if (end > start && end - start <= 30) {
        for (int y = start; y <= end; ++y) add(y);
        c = r;
      } else {
        add(start);
      }
    }
    i = c.i;
  }
  return years;
}

std::optional<std::string> format_number(std::string_view text, int decimals) {
  const std::string s = to_arabic_digits(trim(text));
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) ++i;

  // Integer part: plain digits, or digits grouped by commas in threes ("1,234,567").
  std::string int_digits;
  const size_t first_end = digit_run_end(s, i);
  if (first_end == i) return std::nullopt;
  int_digits.assign(s, i, first_end - i);
  i = first_end;
  if (i < s.size() && s[i] == ',') {
    if (int_digits.size() > 3) return std::nullopt;
    while (i < s.size() && s[i] == ',') {
      const size_t e = digit_run_end(s, i + 1);
      if (e - (i + 1) != 3) return std::nullopt;
      int_digits.append(s, i + 1, 3);
      i = e;
    }
  }
  std::string frac;
  if (i < s.size() && s[i] == '.') {
    const size_t e = digit_run_end(s, i + 1);
    if (e == i + 1) return std::nullopt;
    frac.assign(s, i + 1, e - i - 1);
    i = e;
  }
  if (i != s.size()) return std::nullopt;

  if (decimals >= 0) {
    const size_t keep = static_cast<size_t>(decimals);
    if (frac.size() > keep) {
      const bool round_up = frac[keep] >= '5';
      frac.resize(keep);
      if (round_up) {  // add one unit in the last kept place, carrying into the integer part
        std::string all = int_digits + frac;
        size_t k = all.size();
        while (k > 0 && all[k - 1] == '9') all[--k] = '0';
        if (k == 0) all.insert(all.begin(), '1');
        else ++all[k - 1];
        int_digits = all.substr(0, all.size() - keep);
        frac = all.substr(all.size() - keep);
      }
    } else {
      frac.append(keep - frac.size(), '0');
    }
  }

  const size_t nz = int_digits.find_first_not_of('0');
  int_digits = nz == std::string::npos ? "0" : int_digits.substr(nz);
  const bool is_zero = int_digits == "0" && frac.find_first_not_of('0') == std::string::npos;

  std::string out = negative && !is_zero ? "-" : "";
  for (size_t k = 0; k < int_digits.size(); ++k) {
    if (k > 0 && (int_digits.size() - k) % 3 == 0) out += ',';
    out += int_digits[k];
  }
  if (!frac.empty()) out += "." + frac;
  return out;
}

Date today_bangkok() {
  using namespace std::chrono;
  const int64_t seconds = duration_cast<std::chrono::seconds>(system_clock::now().time_since_epoch()).count();
  return civil_from_days(floor_div(seconds + kBangkokOffsetMinutes * 60, 86400));
}

Date add_days(const Date& d, int days) { return civil_from_days(days_from_civil(d.year, d.month, d.day) + days); }

int days_between(const Date& from, const Date& to) {
  return static_cast<int>(days_from_civil(to.year, to.month, to.day) -
                          days_from_civil(from.year, from.month, from.day));
}

}  // namespace oit
