#include "generator/html_text.h"
#include "core/text.h"
#include "generator/search_text.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace oit {
namespace {

using search_detail::append_utf8;
using search_detail::collapse_space;

constexpr std::string_view kBlockTags[] = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"};

bool is_block_tag(std::string_view name) {
  return std::any_of(std::begin(kBlockTags), std::end(kBlockTags), [&](std::string_view t) { return name == t; });
}

// Decodes the entity at s[at] ('&'); returns the bytes consumed (0 when it is not an entity we know).
size_t decode_entity(std::string_view s, size_t at, std::string& out) {
  size_t semi = s.substr(0, at + 11).find(';', at);  // (no further than a known entity can reach)
  if (semi == std::string_view::npos || semi - at > 10) return 0;
  std::string_view name = s.substr(at + 1, semi - at - 1);
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (auto [n, v] : named)
    if (name == n) return out += v, semi - at + 1;
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
      return 0;
    unsigned long v = std::stoul(digits.substr(0, 8), nullptr, hex ? 16 : 10);
    append_utf8(out, v > 0 && v <= 0x10FFFF ? static_cast<UChar32>(v) : 0xFFFD);
    return semi - at + 1;
  }
  return 0;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    size_t text_end = i;  // text runs are copied whole
    while (text_end < html.size() && html[text_end] != '<' && html[text_end] != '&') ++text_end;
    out.append(html.data() + i, text_end - i);
    i = text_end;
    if (i == html.size()) break;
    char c = html[i];
    if (c == '&') {
      size_t used = decode_entity(html, i, out);
      if (used) {
        i += used;
        continue;
      }
      out += c;
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      size_t e = html.find("-->", i + 4);
      i = e == std::string_view::npos ? html.size() : e + 3;
      continue;
    }
    size_t e = html.find('>', i);
    if (e == std::string_view::npos) {  // a lone '<' is text
      out += c;
      ++i;
      continue;
    }
    size_t n = i + 1;
    bool closing = n < html.size() && html[n] == '/';
    if (closing) ++n;
    size_t name_end = n;
    while (name_end < e && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    i = e + 1;
    // The tag name in lowercase; a name longer than any we look for is none of them.
    char lower[12];
    if (name_end - n > sizeof lower) continue;
    for (size_t k = n; k < name_end; ++k)
      lower[k - n] = html[k] >= 'A' && html[k] <= 'Z' ? static_cast<char>(html[k] - 'A' + 'a') : html[k];
    const std::string_view name(lower, name_end - n);
    if (!closing && (name == "script" || name == "style")) {
      size_t close = ascii_lower(html.substr(i)).find("</" + std::string(name));
      i = close == std::string::npos ? html.size() : i + close;
      continue;
    }
    if (is_block_tag(name)) out += '\n';
  }
  return out;
}

std::vector<std::string> html_headings(std::string_view html) {
  std::vector<std::string> out;
  for (size_t at = html.find("<h"); at != std::string_view::npos; at = html.find("<h", at + 2)) {
    if (at + 3 >= html.size() || html[at + 2] < '1' || html[at + 2] > '6' || (html[at + 3] != '>' && html[at + 3] != ' '))
      continue;
    size_t open_end = html.find('>', at);
    std::string close = "</h" + std::string(1, html[at + 2]) + ">";
    size_t close_at = html.find(close, open_end);
    if (open_end == std::string_view::npos || close_at == std::string_view::npos) break;
    std::string text = collapse_space(html_to_text(html.substr(open_end + 1, close_at - open_end - 1)));
    if (!text.empty()) out.push_back(std::move(text));
    at = close_at;
  }
  return out;
}

}  // namespace oit
