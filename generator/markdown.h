// Markdown → HTML with cmark-gfm and its GFM extensions (table, strikethrough, autolink, tagfilter).
// Raw HTML, and link URLs that the site's URL policy (url_policy.h) refuses for their scheme or for characters
// that disguise it, are dropped unless the site opts in with `unsafe_html`. Links to paths on the author's
// computer (C:\…, file://, \\server\…) and malformed addresses (https://www.go.th@evil.example/) are errors.
// Shortcodes ({{< name "arg" key="v" >}} alone on a line) are expanded by the caller's handler; their HTML is
// spliced in after rendering so safe mode does not strip it.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace oit {

struct Shortcode {
  std::string name;                                        // "table"
  std::vector<std::string> positional;                     // {"procurement.csv"}
  std::vector<std::pair<std::string, std::string>> named;  // {{"caption", "…"}}
  SourcePos pos;
  // Value of a named argument, or `fallback`.
  std::string get(std::string_view key, std::string fallback = {}) const;
};

struct MarkdownLink {
  std::string url;
  bool image = false;
  SourcePos pos;  // line of the link in the source file (column when cmark knows it)
};

struct MarkdownOptions {
  bool unsafe_html = false;
};

struct RenderedMarkdown {
  std::string html;
  std::vector<MarkdownLink> links;  // every link and image destination, in document order
};

using ShortcodeHandler = std::function<Result<std::string>(const Shortcode&)>;
// Rewrites a link destination (e.g. bundle-relative → site URL); returns the URL to use or an error.
using LinkRewriter = std::function<Result<std::string>(const MarkdownLink&)>;

// Registers the GFM extensions once; call on the main thread before rendering from workers.
void markdown_init();

// `body` starts at line `first_line` of `file` (so positions are file positions).
Result<RenderedMarkdown> render_markdown(std::string_view body, int first_line, const std::string& file,
                                         const MarkdownOptions& options, const ShortcodeHandler& shortcodes,
                                         const LinkRewriter& rewrite_link);

// Parses one shortcode line ("{{< table "a.csv" caption="x" >}}"); exposed for tests and fuzzing.
Result<Shortcode> parse_shortcode(std::string_view line, SourcePos pos);

}  // namespace oit
