// libFuzzer harness: Markdown with shortcodes through cmark-gfm, as the build renders a page body.
// The first byte picks safe or unsafe mode. Invariants: in safe mode no raw tag and no dangerous link
// survives; in either mode the tagfilter leaves no live <script>.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "generator/markdown.h"

namespace {
std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  oit::MarkdownOptions opt{(data[0] & 1) != 0};
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto shortcode = [](const oit::Shortcode& sc) -> oit::Result<std::string> {
    if (sc.name != "table") return oit::make_error(sc.pos, "unknown shortcode");
    return std::string("<table class=\"data\"><tr><td>1</td></tr></table>");
  };
  auto rewrite = [](const oit::MarkdownLink& l) -> oit::Result<std::string> {
    if (l.url.find("missing") != std::string::npos) return oit::make_error(l.pos, "missing");
    return l.url;
  };
  auto r = oit::render_markdown(body, 5, "content/fuzz.md", opt, shortcode, rewrite);
  if (!r) {
    if (r.error().message.empty()) std::abort();
    return 0;
  }
  std::string html = lower(r->html);
  // A live script element: "<script" ending its tag name (a browser reads "<scripttrael>" as another tag).
  for (size_t at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) {
    char after = at + 7 < html.size() ? html[at + 7] : '>';
    if (after == '>' || after == '/' || after == ' ' || after == '\t' || after == '\n' || after == '\r' || after == '\f')
      std::abort();
  }
  if (!opt.unsafe_html) {
    for (std::string_view bad : {"href=\"javascript:", "src=\"javascript:", "href=\"vbscript:", "<iframe", "<img src=x onerror"})
      if (html.find(bad) != std::string::npos) std::abort();
  }
  return 0;
}
