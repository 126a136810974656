// libFuzzer harness: the checker's URL parser, normaliser and resolver. The input is split at the first
// newline into a base and a reference.
#include <cstdint>
#include <string_view>

#include "checks/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n');
  std::string_view base_text = nl == std::string_view::npos ? std::string_view("https://www.example.go.th/a/b/") : text.substr(0, nl);
  std::string_view ref = nl == std::string_view::npos ? text : text.substr(nl + 1);
  (void)oit::normalize_percent_encoding(ref);
  (void)oit::percent_decode(ref);
  (void)oit::remove_dot_segments(ref);
  auto base = oit::parse_url(base_text);
  if (!base) return 0;
  (void)base->origin();
  (void)oit::registered_domain(base->host);
  auto resolved = oit::resolve_url(*base, ref);
  if (!resolved) return 0;
  (void)oit::same_site(*base, *resolved);
  (void)oit::url_extension(*resolved);
  if (auto again = oit::parse_url(resolved->str(true))) (void)again->str(true);
  return 0;
}
