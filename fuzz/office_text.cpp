// libFuzzer harness: XLSX cells and DOCX text from hostile ZIPs (checks/office_text).
// Invariants from office_text.h: an error has a message; what is kept stays within the limits given.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/office_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  oit::OfficeLimits lim;
  lim.max_seconds = 2;
  lim.max_rows = 100;
  lim.max_columns = 20;
  lim.max_chars = 100'000;
  lim.max_part_bytes = 4u << 20;
  lim.max_total_bytes = 8u << 20;
  if (auto t = oit::xlsx_tables(bytes, lim)) {
    if (t->sheets.size() > static_cast<size_t>(lim.max_sheets)) std::abort();
    size_t chars = 0;
    for (const auto& s : t->sheets) {
      if (s.rows.size() > lim.max_rows || s.headers.size() > lim.max_columns) std::abort();
      for (const auto& r : s.rows) {
        if (r.size() > lim.max_columns) std::abort();
        for (const auto& c : r) chars += c.size();
      }
    }
    if (chars > lim.max_chars) std::abort();
  } else if (t.error().message.empty()) {
    std::abort();
  }
  if (auto d = oit::docx_text(bytes, lim)) {
    if (d->text.size() > lim.max_chars) std::abort();
  } else if (d.error().message.empty()) {
    std::abort();
  }
  return 0;
}
