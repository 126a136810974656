#include "generator/link_check.h"

#include "core/text.h"
#include "generator/render.h"

namespace oit {

bool is_external(std::string_view url) {
  size_t colon = url.find(':');
  size_t slash = url.find('/');
  return colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash);
}

std::vector<std::string> local_links(std::string_view html) {
  std::vector<std::string> out;
  for (std::string_view attr : {" href=\"", " src=\""}) {
    for (size_t at = html.find(attr); at != std::string_view::npos; at = html.find(attr, at + 1)) {
      size_t b = at + attr.size();
      size_t e = html.find('"', b);
      if (e == std::string_view::npos) break;
      out.emplace_back(html.substr(b, e - b));
    }
  }
  return out;
}

std::string unescape_attr(std::string s) {
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, from.size(), to);
  }
  return s;
}

bool link_resolves(const LinkPlan& plan, std::string url) {
  url = unescape_attr(url);
  size_t cut = url.find_first_of("?#");
  if (cut != std::string::npos) url.resize(cut);
  if (url.rfind(plan.base_url, 0) == 0) url = plan.base_path + url.substr(plan.base_url.size());
  if (url.empty() || url.rfind(plan.base_path, 0) != 0) return true;  // fragment-only or not under the site
  std::string path = percent_decode(url.substr(plan.base_path.size()));
  if (path.empty() || path.back() == '/') path += "index.html";
  return plan.planned->count(path) > 0;
}

Result<void> check_local_links(const LinkPlan& plan, const std::string& html, const std::string& route,
                               const std::string& file, const std::vector<MarkdownLink>& md_links) {
  for (const auto& link : local_links(html)) {
    if (link.empty() || link[0] == '#' || is_external(link) || link_resolves(plan, link)) continue;
    SourcePos pos{file, 0, 0};
    std::string from = " (it comes from the theme or the menus in site.toml)";
    for (const auto& ml : md_links)
      if (html_escape(ml.url) == link || encode_url_path(ml.url) == link) pos = ml.pos, from.clear();
    // Shown as the author wrote it: Thai, not %E0%B8%…
    return make_error(pos, "link to " + percent_decode(unescape_attr(link)) + " on /" + route +
                               " leads to no page or file of the site" + from,
                      "fix the address, or add the page it should point to");
  }
  return {};
}

}  // namespace oit
