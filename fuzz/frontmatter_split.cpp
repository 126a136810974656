// libFuzzer harness: the front-matter splitter (`+++`/`---` fences, BOM, CRLF, NUL bytes).
// Invariant: on success, front and body are views into the input and the body starts after the front.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "generator/frontmatter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto split = oit::split_front_matter(text, "content/fuzz.md");
  if (!split) {
    if (split.error().message.empty()) std::abort();
    return 0;
  }
  auto inside = [&](std::string_view v) { return v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size(); };
  if (!inside(split->front) || !inside(split->body)) std::abort();
  if (split->body.data() < split->front.data() + split->front.size()) std::abort();
  if (split->body_line <= split->front_line) std::abort();
  return 0;
}
