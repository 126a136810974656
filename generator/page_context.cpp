#include "generator/build_site.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>

#include "core/control_chars.h"
#include "core/criteria.h"
#include "core/csv.h"
#include "core/embedded.h"
#include "core/encoding.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/source_file.h"
#include "core/template.h"
#include "core/text.h"
#include "generator/build_keys.h"
#include "generator/content_path.h"
#include "generator/dataset_table.h"
#include "generator/datatable.h"
#include "generator/frontmatter.h"
#include "generator/i18n.h"
#include "generator/link_check.h"
#include "generator/markdown.h"
#include "generator/render.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace oit::site_build {

json date_json(const std::optional<Date>& d) { return d ? json(to_iso(*d)) : json(nullptr); }
std::string date_th(const Site& s, const std::optional<Date>& d) {
  return d ? thai_date_long(*d, s.config.thai_digits) : std::string();
}
// Dates and fiscal years as the readers of a page read them: Buddhist Era on Thai pages, Common Era on English ones.
std::string date_shown(const Site& s, const std::optional<Date>& d, bool english) {
  return d && english ? english_date_long(*d) : date_th(s, d);
}
std::string fiscal_year_shown(const Site& s, std::optional<int> fy, bool english) {
  if (!fy) return {};
  if (english) return english_fiscal_year(*fy);
  return s.config.thai_digits ? to_thai_digits(std::to_string(*fy)) : std::to_string(*fy);
}
// The language a page's own text is in (an English fallback page shows Thai text).
const char* text_lang(const Page& p) { return p.english && !p.fallback ? "en" : "th"; }

json page_summary_json(const Site& s, const Page& p) {
  return {{"title", p.meta->title},
          {"url", s.url(p.route)},
          {"lang", text_lang(p)},
          {"date", date_json(p.meta->date)},
          {"date_th", date_th(s, p.meta->date)},
          {"date_shown", date_shown(s, p.meta->date, p.english)},
          {"summary", p.meta->summary},
          {"fiscal_year", p.meta->fiscal_year ? json(*p.meta->fiscal_year) : json(nullptr)},
          {"fiscal_year_shown", fiscal_year_shown(s, p.meta->fiscal_year, p.english)}};
}

// Children order: dated pages newest first, then by weight, then title.
void sort_children(Site& s) {
  for (auto& p : s.pages) {
    std::stable_sort(p.children.begin(), p.children.end(), [&](int a, int b) {
      const Page& x = s.pages[a];
      const Page& y = s.pages[b];
      int wx = x.meta->weight.value_or(0), wy = y.meta->weight.value_or(0);
      if (wx != wy) return wx < wy;
      if (x.meta->date != y.meta->date) return x.meta->date > y.meta->date;
      return x.meta->title < y.meta->title;
    });
  }
}

// A menu of the English pages: its own from [languages.en], else the Thai one with each link to a Thai page
// moved to that page's English version (titled by its twin, when there is one).
json menu_entries(const Site& s, const std::vector<MenuEntry>& thai, const std::vector<MenuEntry>& own, bool english) {
  json out = json::array();
  if (!english || !own.empty()) {
    for (const auto& m : english ? own : thai) out.push_back({{"title", m.title}, {"url", m.url}, {"lang", english ? "en" : "th"}});
    return out;
  }
  std::map<std::string, size_t> thai_by_route;
  for (size_t i = 0; i < s.thai_pages; ++i)
    if (s.pages[i].published) thai_by_route[s.pages[i].route] = i;
  for (const auto& m : thai) {
    json entry = {{"title", m.title}, {"url", m.url}, {"lang", "th"}};
    std::string path = m.url.substr(0, m.url.find_first_of("?#"));
    if (path.rfind(s.base_path, 0) == 0) path = percent_decode(path.substr(s.base_path.size()));
    else if (path.rfind("/", 0) == 0) path = percent_decode(path.substr(1));
    else path = "\n";  // not a page of the site
    if (auto it = thai_by_route.find(path); it != thai_by_route.end()) {
      const Page& en = s.pages[s.pages[it->second].translation];
      entry["url"] = s.url(en.route);
      if (en.src.kind == PageKind::Home || !en.fallback) {  // the home page's title is the agency's name
        entry["title"] = en.src.kind == PageKind::Home ? s.strings_en["home"] : json(en.meta->title);
        entry["lang"] = "en";
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

SiteJson site_json(const Site& s, bool english) {
  const auto& c = s.config;
  const auto& newest = s.newest;
  static const std::vector<MenuEntry> none;
  const auto& own_footer = english ? c.english->menu_footer : none;
  const auto& own_main = english ? c.english->menu_main : none;
  json footer = menu_entries(s, c.menu_footer, own_footer, english);
  json latest = json::array();
  const size_t first = english ? s.thai_pages : 0, last = english ? s.pages.size() : s.thai_pages;
  for (size_t i = first; i < last; ++i) {
    const Page& p = s.pages[i];
    if (p.src.kind == PageKind::Section && p.src.dir == c.feed_section) {
      for (int ch : p.children) {
        if (latest.size() >= 5) break;
        latest.push_back(page_summary_json(s, s.pages[ch]));
      }
    }
  }
  json stage_pages = json::array();
  for (const auto& [title, route] : s.stage_pages) stage_pages.push_back({{"title", title}, {"url", s.url(route)}});
  SiteJson j;
  // The copyright year: of the latest update, else of the round.
  int year = newest ? newest->year : s.criteria.round - 543;
  std::string year_shown = english ? std::to_string(year) : std::to_string(be_year(year));
  if (!english && c.thai_digits) year_shown = to_thai_digits(year_shown);
  const std::string home = english ? "en/" : "";
  j.site = {{"title", english ? c.english->title : c.title},
            {"title_en", c.title_en},
            {"base_url", c.base_url},
            {"language", english ? "en" : c.language},
            {"description", english ? c.english->description : c.description},
            {"footer_links", footer},
            {"updated_iso", date_json(newest)},
            {"updated_th", date_th(s, newest)},
            {"updated_shown", date_shown(s, newest, english)},
            {"year_shown", year_shown},
            {"home_url", s.url(home)},
            {"feed_url", s.url(c.feed_section + "/feed.xml")},
            {"news_url", s.url(home + c.feed_section + "/")},
            {"thai_digits", c.thai_digits},
            {"oit_hub_url", s.url("oit/")},
            {"stage_pages", stage_pages},
            {"latest_news", latest}};
  const auto& a = c.agency;
  j.agency = {{"name", a.name},         {"name_en", a.name_en}, {"ministry", a.ministry}, {"address", a.address},
              {"phone", a.phone},       {"email", a.email},     {"fax", a.fax},           {"map_url", a.map_url},
              {"hours", a.hours}};
  if (english && !a.name_en.empty()) {  // the English name leads; the Thai one is not repeated as if English
    j.agency["name"] = a.name_en;
    j.agency["name_en"] = "";
  }
  j.oit = {{"round", s.criteria.round},
           {"fiscal_year", s.criteria.round},
           {"fiscal_year_shown", fiscal_year_shown(s, s.criteria.round, english)}};
  j.strings = english ? s.strings_en : s.strings_th;
  j.menu = menu_entries(s, c.menu_main, own_main, english);
  return j;
}

// The main menu for the page at `url`: the entry of the page itself or of the section it is in is active.
json menu_json(const SiteJson& sj, const std::string& url) {
  json menu = sj.menu;
  const std::string& home = sj.site["home_url"].get_ref<const std::string&>();
  for (auto& m : menu) {
    const std::string& m_url = m["url"].get_ref<const std::string&>();
    m["active"] = m_url == url || (m_url != home && m_url.size() > 1 && url.rfind(m_url, 0) == 0);
  }
  return menu;
}

json breadcrumbs_json(const Site& s, const Page& p) {
  json crumbs = json::array();
  std::vector<const Page*> chain;
  for (int at = p.src.parent; at >= 0; at = s.pages[at].src.parent) chain.push_back(&s.pages[at]);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) crumbs.push_back({{"title", (*it)->meta->title}, {"url", s.url((*it)->route)}});
  return crumbs;
}

json base_page_json(const Site& s, std::string kind, std::string title, std::string route) {
  // A page only in Thai (the OIT hub, the site map, …) offers the English home page of a bilingual site.
  json language_switch = nullptr;
  if (s.config.english)
    language_switch = {{"url", s.url("en/")}, {"lang", "en"}, {"name", s.strings_en["lang_name"]}};
  return {{"kind", kind},           {"title", title},        {"summary", ""},
          {"url", s.url(route)},    {"permalink", s.abs_url(route)},
          {"lang", "th"},           {"fallback", false},     {"translations", json::array()},
          {"language_switch", language_switch},
          {"content", ""},          {"date", nullptr},       {"date_th", ""},  {"date_shown", ""},
          {"updated", nullptr},     {"updated_th", ""},      {"updated_shown", ""},
          {"fiscal_year", nullptr}, {"fiscal_year_shown", ""},
          {"oit_items", json::array()}, {"section", ""},     {"layout", kind},
          {"children", json::array()},  {"attachments", json::array()}, {"breadcrumbs", json::array()}};
}

// `page` of the template context; without `content` when only its key is wanted (content_key stands in).
json page_json(const Site& s, const Page& p, bool with_content) {
  static const char* kinds[] = {"home", "section", "page"};
  json j = base_page_json(s, kinds[static_cast<int>(p.src.kind)], p.meta->title, p.route);
  j["summary"] = p.meta->summary;
  if (with_content && p.content_html) j["content"] = *p.content_html;
  j["date"] = date_json(p.meta->date);
  j["date_th"] = date_th(s, p.meta->date);
  j["date_shown"] = date_shown(s, p.meta->date, p.english);
  j["updated"] = date_json(p.updated);
  j["updated_th"] = date_th(s, p.updated);
  j["updated_shown"] = date_shown(s, p.updated, p.english);
  if (p.meta->fiscal_year) j["fiscal_year"] = *p.meta->fiscal_year;
  j["fiscal_year_shown"] = fiscal_year_shown(s, p.meta->fiscal_year, p.english);
  for (const Item* it : p.items) j["oit_items"].push_back({{"id", it->id}, {"title", it->title}});
  const std::string_view thai_route = p.english ? std::string_view(p.route).substr(3) : std::string_view(p.route);
  j["section"] = std::string(thai_route.substr(0, thai_route.find('/') == std::string_view::npos ? 0 : thai_route.find('/')));
  if (p.translation >= 0) {
    const Page& other = s.pages[p.translation];
    const Page& th = p.english ? other : p;
    const Page& en = p.english ? p : other;
    j["lang"] = p.english ? "en" : "th";
    j["fallback"] = p.fallback;
    // A fallback shows the Thai page's text: that page is the one to index.
    if (p.fallback) j["permalink"] = s.abs_url(th.route);
    if (!en.fallback)
      j["translations"] = {{{"lang", "th"}, {"permalink", s.abs_url(th.route)}}, {{"lang", "en"}, {"permalink", s.abs_url(en.route)}}};
    j["language_switch"] = {{"url", s.url(other.route)},
                            {"lang", p.english ? "th" : "en"},
                            {"name", (p.english ? s.strings_th : s.strings_en)["lang_name"]}};
  }
  if (!p.meta->layout.empty()) j["layout"] = p.meta->layout;
  for (int c : p.children) j["children"].push_back(page_summary_json(s, s.pages[c]));
  for (const auto& a : p.attachments) {
    std::error_code ec;
    auto size = fs::file_size(s.content_dir / a, ec);
    std::string name = a.substr(a.rfind('/') + 1);
    j["attachments"].push_back({{"name", name},
                                {"url", s.url(a)},
                                {"ext", ext_of(name)},
                                {"size", ec ? 0 : size},
                                {"size_th", ec ? std::string() : human_size(size)}});
  }
  j["breadcrumbs"] = breadcrumbs_json(s, p);
  return j;
}

json hub_json(const Site& s, const std::map<std::string, const Page*>& page_of_item) {
  json inds = json::array();
  int present = 0;
  for (const auto& ind : s.criteria.indicators) {
    json subs = json::array();
    for (const auto& sub : ind.subs) {
      json items = json::array();
      for (const auto& item : s.criteria.items) {
        if (item.sub_indicator != sub.id) continue;
        auto it = page_of_item.find(item.id);
        const Page* p = it == page_of_item.end() ? nullptr : it->second;
        present += p != nullptr;
        items.push_back({{"id", item.id},
                         {"title", item.title},
                         {"url", p ? json(s.url(p->route)) : json(nullptr)},
                         {"page_title", p ? json(p->meta->title) : json(nullptr)},
                         {"fiscal_year", p && p->meta->fiscal_year ? json(*p->meta->fiscal_year) : json(nullptr)},
                         {"updated", p ? date_json(p->updated) : json(nullptr)},
                         {"updated_th", p ? date_th(s, p->updated) : std::string()},
                         {"present", p != nullptr}});
      }
      subs.push_back({{"id", sub.id}, {"title", sub.title}, {"items", items}});
    }
    inds.push_back({{"id", ind.id}, {"title", ind.title}, {"subs", subs}});
  }
  return {{"round", s.criteria.round},
          {"fiscal_year", s.criteria.round},
          {"items_total", s.criteria.items.size()},
          {"items_present", present},
          {"indicators", inds}};
}

// The site map (Thai pages; English ones are reached from each page's language switch).
json sitemap_tree(const Site& s, int index) {
  const Page& p = s.pages[index];
  json node = {{"title", p.meta->title}, {"url", s.url(p.route)}, {"children", json::array()}};
  for (int c : p.children) node["children"].push_back(sitemap_tree(s, c));
  return node;
}

std::string template_for(const Site& s, const json& page) {
  std::string layout = page["layout"].get<std::string>() + ".html";
  return s.env.has(layout) ? layout : page["kind"].get<std::string>() + ".html";
}

// A page's template context, and the template it renders with.
Result<std::pair<json, std::string>> context_for(const Site& s, const SiteJson& sj, json page, const std::string& shown,
                                                 json extra) {
  json ctx = {{"site", sj.site}, {"agency", sj.agency}, {"oit", sj.oit}, {"t", sj.strings}};
  ctx["site"]["menu"] = menu_json(sj, page["url"].get<std::string>());
  for (auto& [k, v] : extra.items()) ctx[k] = v;
  std::string name = template_for(s, page);
  if (!s.env.has(name))
    return make_error({shown, 0, 0}, "layout `" + page["layout"].get<std::string>() + "` has no template",
                      "add themes/" + s.config.theme + "/templates/" + name + " or remove `layout`");
  ctx["page"] = std::move(page);
  return std::pair<json, std::string>(std::move(ctx), std::move(name));
}

Result<std::string> render_with(const Site& s, const SiteJson& sj, json page, const std::string& shown,
                                json extra) {
  auto c = context_for(s, sj, std::move(page), shown, std::move(extra));
  if (!c) return c.error();
  return s.env.render(c->second, c->first, shown);
}

SiteModel site_model(const Site& s) {
  SiteModel m;
  m.config = &s.config;
  m.criteria = &s.criteria;
  m.content_dir = s.content_dir;
  m.base_path = s.base_path;
  m.tables = &s.csv;
  m.sidecars = s.plan.sidecars;
  m.memo = s.opt.remember_stages ? &s.cache->stages : nullptr;
  m.jobs = s.opt.jobs;  // the search index's workers honour --jobs
  for (const auto& p : s.pages) {
    if (!p.published || p.english) continue;  // the stages (open data, search) serve the Thai pages
    PageView v{p.file, p.src.rel, p.src.dir, p.route, p.src.kind, p.meta.get(), p.updated, {}, p.attachments, p.content_html,
               hash_mix(p.content_key, p.text_hash)};
    for (const Item* it : p.items) v.item_ids.push_back(it->id);
    m.pages.push_back(std::move(v));
  }
  return m;
}

}  // namespace oit::site_build
