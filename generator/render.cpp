#include "generator/render.h"

#include "generator/datatable.h"

namespace oit {

namespace {
using json = nlohmann::json;

Result<Date> date_arg(const json& v) {
  if (!v.is_string()) return make_error({}, "expected an ISO date string like \"2025-03-31\"");
  return parse_iso_date(v.get<std::string>());
}
}  // namespace

void register_site_filters(tmpl::Environment& env, const SiteConfig& site) {
  const bool thai = site.thai_digits;
  env.add_filter("thai_date", [thai](const json& v, const std::vector<json>&) -> Result<json> {
    if (v.is_null()) return json("");
    auto d = date_arg(v);
    if (!d) return d.error();
    return json(thai_date_long(*d, thai));
  });
  env.add_filter("thai_date_short", [thai](const json& v, const std::vector<json>&) -> Result<json> {
    if (v.is_null()) return json("");
    auto d = date_arg(v);
    if (!d) return d.error();
    return json(thai_date_short(*d, thai));
  });
  env.add_filter("be_year", [thai](const json& v, const std::vector<json>&) -> Result<json> {
    int year = 0;
    if (v.is_number_integer()) {
      year = v.get<int>() + 543;
    } else {
      auto d = date_arg(v);
      if (!d) return d.error();
      year = be_year(d->year);
    }
    std::string s = std::to_string(year);
    return json(thai ? to_thai_digits(s) : s);
  });
  env.add_filter("fiscal_year", [](const json& v, const std::vector<json>&) -> Result<json> {
    auto d = date_arg(v);
    if (!d) return d.error();
    return json(fiscal_year_be(*d));
  });
  env.add_filter("number", [thai](const json& v, const std::vector<json>& args) -> Result<json> {
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    int decimals = args.empty() || !args[0].is_number_integer() ? -1 : args[0].get<int>();
    auto n = format_number(text, decimals);
    if (!n) return make_error({}, "`number` needs a number, got " + v.dump());
    return json(thai ? to_thai_digits(*n) : *n);
  });
  env.add_filter("thai_digits", [](const json& v, const std::vector<json>&) -> Result<json> {
    return json(to_thai_digits(v.is_string() ? v.get<std::string>() : v.dump()));
  });
  const std::string base = site.base_url;  // ends with '/'
  const std::string base_path = base_path_of(site.base_url);
  env.add_filter("abs_url", [base](const json& v, const std::vector<json>&) -> Result<json> {
    std::string u = v.is_string() ? v.get<std::string>() : "";
    if (u.find("://") != std::string::npos) return json(u);
    while (!u.empty() && u.front() == '/') u.erase(0, 1);
    return json(base + encode_url_path(u));
  });
  env.add_filter("rel_url", [base_path](const json& v, const std::vector<json>&) -> Result<json> {
    std::string u = v.is_string() ? v.get<std::string>() : "";
    if (u.find("://") != std::string::npos) return json(u);
    while (!u.empty() && u.front() == '/') u.erase(0, 1);
    return json(base_path + encode_url_path(u));
  });
}

std::string oit_meta_tags(const OitMeta& m) {
  std::string s;
  for (const auto& id : m.items) s += "<meta name=\"oit:item\" content=\"" + html_escape(id) + "\">\n";
  if (m.fiscal_year > 0) s += "<meta name=\"oit:fiscal-year\" content=\"" + std::to_string(m.fiscal_year) + "\">\n";
  if (!m.updated.empty()) s += "<meta name=\"oit:updated\" content=\"" + html_escape(m.updated) + "\">\n";
  return s;
}

std::string inject_head(std::string html, std::string_view tags) {
  if (tags.empty()) return html;
  size_t at = html.find("</head>");
  if (at == std::string::npos) at = 0;
  html.insert(at, tags);
  return html;
}

std::string encode_url_path(std::string_view path) {
  return percent_encode(path, "/%#?=&:+,@!");
}

std::string base_path_of(std::string_view base_url) {
  size_t scheme = base_url.find("://");
  size_t slash = base_url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (slash == std::string_view::npos) return "/";
  std::string p(base_url.substr(slash));
  if (p.back() != '/') p += '/';
  return p;
}

}  // namespace oit
