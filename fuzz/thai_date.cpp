// libFuzzer harness: the date parsers (ISO, Thai text, year-month), year finders and number formatting.
// Invariants: a parsed date is a real calendar date and survives to_iso → parse_iso_date unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/thai_date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto check = [](const oit::Date& d) {
    if (!oit::is_valid_date(d.year, d.month, d.day)) std::abort();
    auto again = oit::parse_iso_date(oit::to_iso(d));
    if (d.year >= 1 && d.year < 2400 && (!again || !(*again == d))) std::abort();
    (void)oit::thai_date_long(d, true);
    (void)oit::thai_date_short(d, false);
    (void)oit::fiscal_year_be(d);
  };
  if (auto d = oit::parse_iso_date(text)) check(*d);
  if (auto d = oit::parse_thai_date(text)) check(*d);
  if (auto ym = oit::parse_year_month(text)) {
    if (ym->month < 1 || ym->month > 12) std::abort();
    (void)oit::thai_year_month(*ym, true);
  }
  for (int y : oit::find_be_years(text))
    if (y < 2400 || y > 2700) std::abort();
  (void)oit::find_fiscal_years(text);
  (void)oit::format_number(text, -1);
  (void)oit::format_number(text, 2);
  (void)oit::to_thai_digits(text);
  (void)oit::to_arabic_digits(text);
  return 0;
}
