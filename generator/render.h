// What the generator adds around the template engine: the theme's filters (Thai dates, numbers, URLs),
// the `oit:` meta tags every OIT page must carry, and URL encoding of routes.
#pragma once
#include "core/url_path.h"
#include <string>
#include <string_view>
#include <vector>

#include "generator/config.h"
#include "core/template.h"
#include "core/thai_date.h"

namespace oit {

// thai_date, thai_date_short, be_year, fiscal_year, number, thai_digits, abs_url, rel_url.
void register_site_filters(tmpl::Environment& env, const SiteConfig& site);

struct OitMeta {
  std::vector<std::string> items;  // "O12", …
  int fiscal_year = 0;             // 0: not stated
  std::string updated;             // ISO date, may be empty
};

// <meta name="oit:item" …> (one per item), oit:fiscal-year, oit:updated.
std::string oit_meta_tags(const OitMeta& meta);
// Inserts `tags` just before </head> (or at the start when the theme has no head).
std::string inject_head(std::string html, std::string_view tags);

// Percent-encodes a URL path (UTF-8 bytes outside the unreserved set and '/'), so Thai folder names give
// valid URLs: "ข่าว/a/" → "%E0%B8%82…/a/".
std::string encode_url_path(std::string_view path);

// The path part of base_url ("/" or "/sub/"), prefixed to every site-absolute URL.
std::string base_path_of(std::string_view base_url);

}  // namespace oit
