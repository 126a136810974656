// libFuzzer harness: the period scanners and the quote of match_text, on any bytes.
// Invariants: every mention lies inside the text, its fiscal years are plausible and ordered; quotes are
// valid UTF-8 when the text is, and never longer than asked; the date finders give real calendar dates.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/encoding.h"
#include "checks/match_text.h"
#include "checks/period_evidence.h"

namespace {

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bool utf8 = !oit::first_invalid_utf8(text);
  for (const auto& m : oit::find_year_mentions(text)) {
    if (m.offset + m.length > text.size() || m.length == 0) std::abort();
    if (m.fy_from < 2540 || m.fy_to > 2601 || m.fy_from > m.fy_to) std::abort();
    std::string q = oit::quote_source(text, m.offset, m.offset + m.length, 40);
    if (code_points(q) > 40 || (utf8 && oit::first_invalid_utf8(q))) std::abort();
  }
  for (const auto& d : oit::find_dates_in_text(text))
    if (!oit::is_valid_date(d.year, d.month, d.day)) std::abort();
  for (const auto& ym : oit::find_months_in_text(text))
    if (ym.month < 1 || ym.month > 12) std::abort();
  oit::MatchText m = oit::normalise_for_match(text);
  if (m.text.size() != m.origin.size()) std::abort();
  for (uint32_t o : m.origin)
    if (o >= text.size()) std::abort();
  if (!m.text.empty()) {
    std::string q = oit::quote_at(text, m, m.text.size() / 2, 3, 20);
    if (code_points(q) > 20 || (utf8 && oit::first_invalid_utf8(q))) std::abort();
  }
  auto j = oit::judge_period({{"body", text, false}}, oit::PeriodRule::RoundFY, 2568, 2568);
  if (j.certain && j.verdict == oit::PeriodJudgement::Verdict::Unknown) std::abort();
  return 0;
}
