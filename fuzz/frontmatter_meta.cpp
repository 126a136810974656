// libFuzzer harness: the TOML and YAML front-matter readers (toml++ and yaml-cpp underneath).
// The first byte picks the format; the rest is the text between the fences. Every error must carry a
// message and a position inside the page.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "generator/frontmatter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string front(reinterpret_cast<const char*>(data) + 1, size - 1);
  oit::FrontMatterSplit split;
  split.format = data[0] & 1 ? oit::FrontMatterFormat::Yaml : oit::FrontMatterFormat::Toml;
  split.front = front;
  split.front_line = 2;
  split.body_line = 3 + static_cast<int>(std::count(front.begin(), front.end(), '\n'));
  auto meta = oit::parse_front_matter(split, "content/fuzz.md");
  if (!meta) {
    const auto& e = meta.error();
    if (e.message.empty() || e.pos.file != "content/fuzz.md" || e.pos.line < 1 || e.pos.line > split.body_line) std::abort();
    return 0;
  }
  if (meta->title.empty()) std::abort();  // a page without a title is an error, never a result
  if (meta->fiscal_year && (*meta->fiscal_year < 2400 || *meta->fiscal_year > 2700)) std::abort();
  return 0;
}
