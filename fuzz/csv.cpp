// libFuzzer harness: the CSV reader, after the legacy-encoding decoder as the build runs them.
// Invariants from csv.h: every row has header.size() cells, and parse_csv(write_csv(t)) gives t back.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/csv.h"
#include "core/encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto text = oit::decode_text(bytes, "content/fuzz.csv");
  if (!text) return 0;
  auto table = oit::parse_csv(text->utf8, "content/fuzz.csv");
  if (!table) {
    if (table.error().message.empty() || table.error().pos.line < 1) std::abort();
    return 0;
  }
  if (table->rows.size() != table->row_lines.size()) std::abort();
  for (const auto& row : table->rows)
    if (row.size() != table->header.size()) std::abort();
  for (bool bom : {false, true}) {
    auto again = oit::parse_csv(oit::write_csv(*table, bom), "again.csv");
    if (!again || again->header != table->header || again->rows != table->rows) std::abort();
  }
  (void)oit::csv_to_json(*table).dump();
  return 0;
}
