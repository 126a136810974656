// Every piece of date, Buddhist-Era, fiscal-year and Thai-digit logic of the project lives here.
// Data carries ISO 8601 Gregorian dates; people see Buddhist-Era years (BE = CE + 543) and Thai month names.
// The time zone is always Asia/Bangkok (UTC+7, no DST).
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace oit {

struct Date {  // Gregorian calendar date (CE); a date-only value means that day in Asia/Bangkok
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
};
struct YearMonth {
  int year = 0, month = 0;
  auto operator<=>(const YearMonth&) const = default;
};

bool is_valid_date(int year, int month, int day);  // leap years, month lengths

// "2025-03-31" or a date-time "2025-03-31T23:30:00Z" / "...+07:00" / "2025-03-31 10:00" → the calendar day in
// Asia/Bangkok (UTC+7, no DST; a UTC time of 20:00 is the next day in Bangkok). A date-time without an offset
// is Bangkok local time. Thai digits are accepted. A year of 2400 or more is refused as a likely BE year.
// Error.pos is left empty: the caller knows where the text came from.
Result<Date> parse_iso_date(std::string_view text);
std::optional<YearMonth> parse_year_month(std::string_view text);  // "2024-12"
std::string to_iso(const Date&);                                   // "2025-03-31"

int be_year(int ce_year);  // +543
int ce_year(int be_year);
int fiscal_year_be(const Date&);                             // FY (BE) containing the date: 2024-10-01 → 2568
int fiscal_quarter(const Date&);                             // 1: Oct–Dec, 2: Jan–Mar, 3: Apr–Jun, 4: Jul–Sep
Date fiscal_year_start(int fy_be);                           // 2568 → 2024-10-01
Date fiscal_year_end(int fy_be);                             // 2568 → 2025-09-30
std::vector<YearMonth> fiscal_first_half_months(int fy_be);  // Oct (N-1) … Mar N, 6 entries

std::string thai_month_name(int month, bool abbreviated);  // 3 → "มีนาคม" / "มี.ค."; "" outside 1..12
std::string thai_date_long(const Date&, bool thai_digits = false);        // "31 มีนาคม 2568" / "๓๑ มีนาคม ๒๕๖๘"
std::string thai_date_short(const Date&, bool thai_digits = false);       // "31 มี.ค. 2568"
std::string thai_year_month(const YearMonth&, bool thai_digits = false);  // "ธันวาคม 2567"
// For the English pages of a bilingual site: Common Era, as English readers expect.
std::string english_date_long(const Date&);                  // "31 March 2025"
std::string english_fiscal_year(int fy_be);                  // 2568 → "2025 (B.E. 2568)": FY 2025 ends 30 Sep 2025
std::string to_thai_digits(std::string_view text);    // ASCII 0-9 → ๐-๙, everything else untouched
std::string to_arabic_digits(std::string_view text);  // ๐-๙ → 0-9

// Thai date text, Thai or Arabic digits, full or abbreviated month (dots optional), optional "วันที่",
// "พ.ศ.", weekday (not checked against the date), 2-digit BE years (๖๘ → 2568): "31 มีนาคม 2568",
// "๓๐ ก.ย. ๖๘", "วันจันทร์ที่ 1 ตุลาคม พ.ศ. 2567". "ค.ศ. 2025" and a bare 4-digit year below 2400 are CE.
// The whole text must be the date (surrounding spaces allowed).
std::optional<Date> parse_thai_date(std::string_view text);

// Every BE year 2400..2700 named in free text (Thai or Arabic digits, e.g. "พ.ศ. ๒๕๖๗", "ปีงบประมาณ 2567",
// "พ.ศ.2566-2570" gives both ends), in order of appearance, without duplicates. Numbers that are part of a
// longer digit run (phone numbers, 11-digit e-GP numbers, "12,567", "2567.50") do not count.
std::vector<int> find_be_years(std::string_view text);
// Fiscal years named in text: years preceded by "ปีงบประมาณ"/"ปีงบ"/"งบประมาณ" (optionally "พ.ศ."), ranges
// "2566-2570"/"2566 – 2570"/"2566 ถึง 2570" expanded to every year in between; 2-digit years after
// "ปีงบ…" mean 25xx. In order of appearance, without duplicates. Used by the checker.
std::vector<int> find_fiscal_years(std::string_view text);

// "1234567.5" → "1,234,567.50" when decimals=2 (rounded half away from zero); keeps a leading '-';
// input may have Thai digits or correctly placed thousands commas; output has Arabic digits.
// nullopt when text is not a plain number.
std::optional<std::string> format_number(std::string_view text, int decimals = -1 /* keep as given */);

Date today_bangkok();  // from the system clock, UTC+7
Date add_days(const Date&, int days);
int days_between(const Date& from, const Date& to);  // to - from

}  // namespace oit
