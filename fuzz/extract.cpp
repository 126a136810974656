// libFuzzer harness: the checker's HTML reader (gumbo) and its CSV table reader.
#include <cstdint>
#include <string_view>

#include "extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  oit::Page page = oit::extract_html(text);
  (void)page.meta_values("description");
  (void)oit::parse_csv_table(text);
  (void)oit::collapse_whitespace(text);
  return 0;
}
