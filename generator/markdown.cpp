#include "generator/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "core/control_chars.h"
#include "generator/url_policy.h"

namespace oit {

std::string Shortcode::get(std::string_view key, std::string fallback) const {
  for (const auto& [k, v] : named)
    if (k == key) return v;
  return fallback;
}

void markdown_init() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

namespace {

// Placeholder paragraph standing in for a shortcode during Markdown rendering. Letters only, so cmark
// renders it verbatim as `<p>OITSHORTCODEn</p>`.
std::string placeholder(size_t index) { return "OITSHORTCODE" + std::to_string(index) + "X"; }

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Reads a double-quoted string starting at s[i] == '"'; supports \" and \\ escapes.
bool read_quoted(std::string_view s, size_t& i, std::string& out) {
  ++i;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    if (c == '"') {
      ++i;
      return true;
    }
    out += c;
    ++i;
  }
  return false;
}

struct FreeCmark {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

}  // namespace

Result<Shortcode> parse_shortcode(std::string_view line, SourcePos pos) {
  size_t b = 0;
  while (b < line.size() && is_space(line[b])) ++b;
  size_t e = line.size();
  while (e > b && (is_space(line[e - 1]) || line[e - 1] == '\r')) --e;
  std::string_view s = line.substr(b, e - b);
  pos.col = static_cast<int>(b) + 1;
  const std::string_view usage = "write it as {{< table \"file.csv\" caption=\"…\" >}} on a line of its own";
  if (s.substr(0, 3) != "{{<" || s.size() < 6 || s.substr(s.size() - 3) != ">}}")
    return make_error(pos, "malformed shortcode", std::string(usage));
  std::string_view inner = s.substr(3, s.size() - 6);
  Shortcode sc;
  sc.pos = pos;
  size_t i = 0;
  auto skip = [&] {
    while (i < inner.size() && is_space(inner[i])) ++i;
  };
  skip();
  while (i < inner.size() && (std::isalnum(static_cast<unsigned char>(inner[i])) || inner[i] == '_' || inner[i] == '-'))
    sc.name += inner[i++];
  if (sc.name.empty()) return make_error(pos, "shortcode has no name", std::string(usage));
  for (;;) {
    skip();
    if (i >= inner.size()) break;
    SourcePos at = pos;
    at.col = pos.col + 3 + static_cast<int>(i);
    if (inner[i] == '"') {
      std::string v;
      if (!read_quoted(inner, i, v)) return make_error(at, "unterminated string in shortcode", "close it with \"");
      sc.positional.push_back(std::move(v));
      continue;
    }
    std::string key;
    while (i < inner.size() && (std::isalnum(static_cast<unsigned char>(inner[i])) || inner[i] == '_' || inner[i] == '-'))
      key += inner[i++];
    if (key.empty() || i >= inner.size() || inner[i] != '=' || i + 1 >= inner.size() || inner[i + 1] != '"')
      return make_error(at, "malformed shortcode argument", "arguments are \"value\" or key=\"value\"");
    ++i;
    std::string v;
    if (!read_quoted(inner, i, v)) return make_error(at, "unterminated string in shortcode", "close it with \"");
    sc.named.emplace_back(std::move(key), std::move(v));
  }
  return sc;
}

namespace {
// GFM's tagfilter disarms `<script` only before cmark's idea of whitespace, `>` or `/>`; a browser also ends
// the tag name at a lone `/`, a form feed or the end of the text, so `<p><script/x>` and `<script\f>` in raw
// HTML were live scripts (found by fuzz/markdown). Disarms every such tag the same way: `<` becomes `&lt;`.
void finish_tagfilter(std::string& html) {
  static constexpr std::string_view kFiltered[] = {"title", "textarea", "style", "xmp", "iframe",
                                                   "noembed", "noframes", "script", "plaintext"};
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    size_t name = at + 1 + (at + 1 < html.size() && html[at + 1] == '/');
    for (std::string_view tag : kFiltered) {
      if (html.size() - name < tag.size()) continue;
      bool same = true;
      for (size_t k = 0; k < tag.size() && same; ++k)
        same = std::tolower(static_cast<unsigned char>(html[name + k])) == tag[k];
      size_t end = name + tag.size();
      static constexpr std::string_view kEndsTagName = "/> \t\n\r\f";
      if (same && (end == html.size() || kEndsTagName.find(html[end]) != std::string_view::npos)) {
        html.replace(at, 1, "&lt;");
        break;
      }
    }
  }
}
}  // namespace

Result<RenderedMarkdown> render_markdown(std::string_view body, int first_line, const std::string& file,
                                         const MarkdownOptions& options, const ShortcodeHandler& shortcodes,
                                         const LinkRewriter& rewrite_link) {
  markdown_init();
  // 0. Control characters (a vertical tab or backspace pasted from a word processor) are HTML parse errors
  //    and would reach the search index and feeds: refused where they stand.
  //    A form feed is HTML whitespace (and the fuzzers' tagfilter cases use it): it may stay.
  std::optional<ForbiddenChar> bad;
  for (size_t from = 0; from < body.size();) {
    bad = first_forbidden_char(body.substr(from));
    if (!bad) break;
    bad->byte += from;
    if (bad->code_point != 0x0C) break;
    from = bad->byte + 1;
    bad.reset();
  }
  if (bad) {
    const std::string_view before = body.substr(0, bad->byte);
    const size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    int col = 1;
    for (size_t i = line_start; i < bad->byte; ++i)
      if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) ++col;
    return make_error({file, first_line + static_cast<int>(std::count(before.begin(), before.end(), '\n')), col},
                      "control character " + code_point_name(bad->code_point) + ": web pages cannot hold it",
                      "delete it (it usually comes with text pasted from a PDF or a word processor)");
  }
  // 1. Replace shortcode lines (outside fenced code) by placeholders.
  std::string text;
  text.reserve(body.size());
  std::vector<std::string> expansions;
  std::vector<int> line_map{first_line};  // text line (1-based) → file line; index 0 unused
  std::string fence;  // the open code fence ("```" or "~~~"), empty outside code
  size_t start = 0;
  int line_no = first_line;
  while (start <= body.size()) {
    size_t nl = body.find('\n', start);
    std::string_view line = body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    size_t ind = 0;
    while (ind < line.size() && ind < 4 && line[ind] == ' ') ++ind;
    std::string_view trimmed = line.substr(ind);
    if (fence.empty() && (trimmed.substr(0, 3) == "```" || trimmed.substr(0, 3) == "~~~")) {
      fence = std::string(trimmed.substr(0, 3));
    } else if (!fence.empty() && trimmed.substr(0, 3) == fence) {
      fence.clear();
    }
    if (fence.empty() && trimmed.substr(0, 3) == "{{<") {
      auto sc = parse_shortcode(line, SourcePos{file, line_no, 0});
      if (!sc) return sc.error();
      auto html = shortcodes ? shortcodes(*sc)
                             : Result<std::string>(make_error(sc->pos, "shortcodes are not available here"));
      if (!html) return html.error();
      // A paragraph of its own, so it renders as <p>placeholder</p>: three text lines for one source line.
      text += "\n" + placeholder(expansions.size()) + "\n";
      line_map.insert(line_map.end(), {line_no, line_no});
      expansions.push_back(std::move(*html));
    } else if (fence.empty() && line.find("{{<") != std::string_view::npos) {
      return make_error({file, line_no, static_cast<int>(line.find("{{<")) + 1},
                        "a shortcode must stand on a line of its own", "move it to its own line");
    } else {
      text.append(line);
    }
    text += '\n';
    line_map.push_back(line_no);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
    ++line_no;
  }

  // 2. Parse with the GFM extensions.
  // Column alignment as style="text-align: …": the default align="…" is obsolete HTML that the Nu HTML
  // Checker reports as an error.
  int opts = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE |
             CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
  if (options.unsafe_html) opts |= CMARK_OPT_UNSAFE;
  std::unique_ptr<cmark_parser, FreeCmark> parser(cmark_parser_new(opts));
  for (const char* ext : {"table", "strikethrough", "autolink", "tagfilter"}) {
    if (cmark_syntax_extension* se = cmark_find_syntax_extension(ext))
      cmark_parser_attach_syntax_extension(parser.get(), se);
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  std::unique_ptr<cmark_node, FreeCmark> doc(cmark_parser_finish(parser.get()));
  if (!doc) return make_error({file, first_line, 0}, "Markdown could not be parsed");

  // 3. Collect and rewrite links.
  RenderedMarkdown out;
  auto file_line = [&](int text_line) {
    if (text_line <= 0) return first_line;
    return text_line < static_cast<int>(line_map.size()) ? line_map[text_line] : line_map.back();
  };
  std::vector<cmark_node*> void_elements;  // hard line breaks and thematic breaks
  cmark_iter* it = cmark_iter_new(doc.get());
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    auto type = cmark_node_get_type(n);
    if (type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_THEMATIC_BREAK) void_elements.push_back(n);
    if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) continue;
    const char* url = cmark_node_get_url(n);
    MarkdownLink link{url ? url : "", type == CMARK_NODE_IMAGE, {file, 0, 0}};
    cmark_node* at = n;
    while (at && cmark_node_get_start_line(at) == 0) at = cmark_node_parent(at);
    if (at) {
      link.pos.line = file_line(cmark_node_get_start_line(at));
      if (at == n) link.pos.col = cmark_node_get_start_column(n);
    }
    // The site's one URL policy (url_policy.h). Paths on the author's computer and malformed addresses are
    // errors whatever the mode; a script scheme or a disguised URL loses its URL in safe mode (the link text
    // stays, as text), and passes only where the site opted into raw HTML.
    if (!link.url.empty()) {
      const UrlVerdict v = check_url(link.url, link.image ? UrlUse::Image : UrlUse::Link);
      if (v.problem == UrlProblem::LocalPath || v.problem == UrlProblem::Malformed) {
        cmark_iter_free(it);
        return make_error(link.pos, url_refusal_message(std::string(link.image ? "image" : "link") + " `" + link.url + "`", v),
                          "put the file in the page's folder (folder/index.md + the file) and link it by its name, "
                          "e.g. [รายงาน](report.pdf); link other pages by their URL, e.g. /news/");
      }
      if (!v.ok() && !options.unsafe_html) {
        cmark_node_set_url(n, "");
        link.url.clear();
      }
    }
    if (rewrite_link) {
      auto r = rewrite_link(link);
      if (!r) {
        cmark_iter_free(it);
        return r.error();
      }
      if (*r != link.url) cmark_node_set_url(n, r->c_str());
      link.url = *r;
    }
    out.links.push_back(std::move(link));
  }
  cmark_iter_free(it);
  // cmark writes hard line breaks and thematic breaks as XHTML's `<br />` and `<hr />` (the Nu HTML Checker
  // remarks on every trailing slash); the rest of the site is HTML. Custom nodes are written out verbatim,
  // in safe mode too, so exactly those elements change: a string replace would also rewrite what an
  // author wrote in raw HTML.
  for (cmark_node* n : void_elements) {
    bool inline_break = cmark_node_get_type(n) == CMARK_NODE_LINEBREAK;
    cmark_node* html_node = cmark_node_new(inline_break ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(html_node, inline_break ? "<br>\n" : "<hr>");
    if (!cmark_node_replace(n, html_node)) {  // only fails where cmark would not place the node: keep the XHTML
      cmark_node_free(html_node);
      continue;
    }
    cmark_node_free(n);
  }

  char* html = cmark_render_html(doc.get(), opts, cmark_parser_get_syntax_extensions(parser.get()));
  out.html = html;
  free(html);
  if (options.unsafe_html) finish_tagfilter(out.html);

  // 4. GFM tables get the same accessible, keyboard-scrollable wrapper as data tables, and column headers
  //    their scope. cmark writes these tags itself, so plain string edits are exact.
  for (size_t at = out.html.find("<table>"); at != std::string::npos; at = out.html.find("<table>", at + 1)) {
    const std::string open = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"ตาราง\"><table>";
    out.html.replace(at, 7, open);
    size_t end = out.html.find("</table>", at);
    if (end == std::string::npos) break;
    out.html.insert(end + 8, "</div>");
    at += open.size();
  }
  for (size_t at = out.html.find("<th"); at != std::string::npos; at = out.html.find("<th", at + 1)) {
    char next = at + 3 < out.html.size() ? out.html[at + 3] : '\0';
    if (next == '>' || next == ' ') out.html.insert(at + 3, " scope=\"col\"");
  }

  // 5. Splice shortcode expansions over their placeholder paragraphs.
  for (size_t i = 0; i < expansions.size(); ++i) {
    std::string p = "<p>" + placeholder(i) + "</p>";
    size_t at = out.html.find(p);
    if (at == std::string::npos) continue;  // inside a container that rewrote it; leave as is
    out.html.replace(at, p.size(), expansions[i]);
  }
  return out;
}

}  // namespace oit
