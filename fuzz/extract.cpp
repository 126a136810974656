// libFuzzer harness: the checker's HTML reader (gumbo, bounded) and its CSV table reader.
#include <cstdint>
#include <string_view>

#include "checks/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  oit::ExtractLimits limits;
  limits.max_seconds = 5;  // well inside libFuzzer's -timeout: a page cut by time is a result, not a hang
  oit::Page page = oit::extract_html(text, limits);
  (void)page.meta_values("description");
  (void)oit::parse_csv_table(text);
  (void)oit::collapse_whitespace(text);
  return 0;
}
