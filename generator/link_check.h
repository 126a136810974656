// The link check of `oit build`: every local link in a written page must name a file of the output, known
// before any page is rendered (the plan), so a broken link fails the build with the source line that wrote it.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "generator/markdown.h"

namespace oit {

// True for an address with a scheme ("https:", "mailto:"): not a file of the site.
bool is_external(std::string_view url);

// The href and src attribute values of HTML that oit wrote. Our own output is well-formed, so this scan is exact.
std::vector<std::string> local_links(std::string_view html);

// An attribute value as the browser reads it (&amp; &quot; &#39; undone).
std::string unescape_attr(std::string s);

// The files a build will write, and where the site lives.
struct LinkPlan {
  const std::set<std::string>* planned = nullptr;  // output paths: "news/a/index.html"
  std::string base_url;                            // "https://a.go.th/sub/"
  std::string base_path;                           // "/sub/"
};

// True when `url` (as written in an attribute) is outside the site, a fragment, or names a planned file.
bool link_resolves(const LinkPlan& plan, std::string url);

// The first link of `html` (the page at `route`, rendered from `file`) that names no planned file, as an
// error at the Markdown link's position when the page's text wrote it (`md_links`), else at `file`.
Result<void> check_local_links(const LinkPlan& plan, const std::string& html, const std::string& route,
                               const std::string& file, const std::vector<MarkdownLink>& md_links);

}  // namespace oit
