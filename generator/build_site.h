// What one build of a site shares between its stages (stages.h): the pages, the site, and what a Builder
// keeps between builds. Internal to the build: build*.cpp and page_context.cpp include it.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/criteria.h"
#include "core/csv.h"
#include "core/template.h"
#include "generator/build.h"
#include "generator/build_keys.h"
#include "generator/config.h"
#include "generator/content.h"
#include "generator/frontmatter.h"
#include "generator/markdown.h"
#include "generator/output.h"
#include "generator/render.h"
#include "generator/site_model.h"

namespace oit {

// What a Builder remembers between builds, so the next build redoes only what changed: sources by file
// stamp, rendered Markdown by a key over its inputs, and the content key of every file of the live site.
struct BuildCache {
  struct Source {
    FileStamp stamp;
    std::shared_ptr<const std::string> text;  // the split's views point into it
    uint64_t text_hash = 0, body_hash = 0;     // of the whole file and of its Markdown body
    FrontMatterSplit split;
    std::shared_ptr<const PageMeta> meta;  // shared with the cache: never copied per build
    std::vector<Warning> warnings;
  };
  struct Table {
    FileStamp stamp;
    CsvTable table;
    std::optional<std::string> converted;
    uint64_t hash = 0;
    std::vector<Warning> warnings;
  };
  struct Markdown {
    uint64_t key = 0;
    std::vector<std::pair<std::string, uint64_t>> tables;  // CSV files the page showed, with their hash
    std::string html;
    std::vector<MarkdownLink> links;
  };
  std::map<std::string, Source> sources;  // by content path
  std::map<std::string, Table> tables;
  std::map<std::string, Markdown> markdown;
  // What the pages' template contexts depend on beyond each page's own sources (routes, templates, site
  // settings, item claims) at the live site's build, and the content paths (pages, attachments) read again
  // or rendered again since it was published: while the former is the same, only pages near the latter can
  // have a new context, and every other page keeps its live output without its context being made again.
  uint64_t structure = 0;
  std::set<std::string> changed_since_publish;
  // The content folder's files as last listed (sorted), and whether they are still right: a build told
  // which files changed updates this list instead of walking the folder (10,000 folders cost 0.1 s).
  std::vector<std::string> content_files;
  bool content_files_valid = false;
  // Changed paths a caller reported that no successful build has taken in yet (a failed build may stop
  // before it reads them): each build is told all of them.
  std::set<std::string> pending_changes;
  std::map<std::string, uint64_t> asset_keys;  // content path of an asset → stamp key, as last seen
  StageMemo stages;                         // what the output stages (search index, …) keep between builds
  LiveSite live;                            // the site the last successful build published
  BuildReuse reuse;
};

namespace site_build {

struct Page {
  PageSource src;
  std::string file;  // "content/news/a.md"
  std::shared_ptr<const std::string> text;
  uint64_t text_hash = 0, body_hash = 0;  // see BuildCache::Source
  FrontMatterSplit split;
  std::shared_ptr<const PageMeta> meta;  // shared with the cache: never copied per build
  std::string route;  // "news/a/" ("" for home)
  std::vector<const Item*> items;
  std::optional<Date> updated;  // `updated`, else `date`
  // Rendered Markdown, owned by the build cache (stable for the whole build); content_key names its inputs.
  const std::string* content_html = nullptr;
  const std::vector<MarkdownLink>* links = nullptr;
  uint64_t content_key = 0;
  std::vector<int> children;
  std::vector<std::string> attachments;  // asset paths under content/
  bool published = true;
  bool changed = false;  // its source, rendered Markdown or an attachment changed since the live site was built
  // Bilingual sites: the pages after Site::thai_pages are the English ones, page thai_pages + i standing
  // for Thai page i at /en/ + its route. `translation` links the two; an English page without a twin
  // (`fallback`) shows the Thai page's text with a notice.
  bool english = false;
  bool fallback = false;
  int translation = -1;
};

// The site being built: everything the stages share.
struct Site {
  BuildOptions opt;
  std::filesystem::path source, content_dir;
  SiteConfig config;
  Criteria criteria;
  tmpl::Environment env;
  std::string base_path;  // "/" or "/sub/"
  std::vector<Page> pages;
  size_t thai_pages = 0;  // pages[0, thai_pages) are the Thai pages, the rest their English versions
  ContentPlan plan;
  std::set<std::string> asset_set;
  std::map<std::string, CsvTable> csv;  // content path → parsed table (every CSV is published as JSON too)
  std::map<std::string, std::string> converted;  // legacy-encoded CSV files → their UTF-8 text
  std::vector<std::string> theme_static;  // theme static file names (relative to static/)
  std::filesystem::path theme_dir;                     // empty when the embedded theme is used
  std::optional<Date> newest;             // latest `updated` of the published pages: the site's update date
  std::vector<std::pair<std::string, std::string>> stage_pages;  // (title, route) of the output stages' own
                                                                 // top pages (/opendata/, /search/): footer, site maps
  nlohmann::json strings_th, strings_en;  // the theme's fixed strings (`t` in templates) in each language
  BuildSummary summary;
  BuildCache* cache = nullptr;
  // With a list of changed content files (Builder::build), every other content file is as it was.
  std::optional<std::set<std::string>> changed_content;
  bool unchanged(const std::string& rel) const { return changed_content && !changed_content->count(rel); }
  std::map<std::string, uint64_t> template_hash;  // template name → hash of its source
  uint64_t links_digest = 0;  // what every page's links resolve against: routes, assets, options

  std::string url(std::string_view route) const { return base_path + encode_url_path(route); }
  std::string abs_url(std::string_view route) const { return config.base_url + encode_url_path(route); }
};

// The parts of a template context shared by every page of one language.
struct SiteJson {
  nlohmann::json site, agency, oit;
  nlohmann::json strings;  // `t`: the theme's fixed strings
  nlohmann::json menu;     // main menu entries: title, url, lang
};


// The templates of the files beyond the HTML pages; a theme without one uses the default theme's.
inline constexpr const char* kMachineTemplates[] = {"sitemap.xml", "feed.xml", "robots.txt"};

// Loading (build_load.cpp).
Result<void> load_config(Site& s);
Result<void> load_theme(Site& s);
Result<void> load_pages(Site& s);
Result<void> resolve_pages(Site& s);
Result<void> load_tables(Site& s);

// The Markdown pass (build_markdown.cpp): every page's body to HTML, reusing the cache where its key is unchanged.
Result<void> render_markdown_all(Site& s);

// Template contexts (page_context.cpp): what DESIGN.md lists as the variables a template sees.
void sort_children(Site& s);
SiteJson site_json(const Site& s, bool english);
nlohmann::json base_page_json(const Site& s, std::string kind, std::string title, std::string route);
// `page` of the template context; without `content` when only its key is wanted (content_key stands in).
nlohmann::json page_json(const Site& s, const Page& p, bool with_content = true);
nlohmann::json hub_json(const Site& s, const std::map<std::string, const Page*>& page_of_item);
nlohmann::json sitemap_tree(const Site& s, int index);
std::string template_for(const Site& s, const nlohmann::json& page);
// A page's template context, and the template it renders with.
Result<std::pair<nlohmann::json, std::string>> context_for(const Site& s, const SiteJson& sj, nlohmann::json page,
                                                           const std::string& shown,
                                                           nlohmann::json extra = nlohmann::json::object());
Result<std::string> render_with(const Site& s, const SiteJson& sj, nlohmann::json page, const std::string& shown,
                                nlohmann::json extra = nlohmann::json::object());
// What the output stages (emitters.cpp) see of the site.
SiteModel site_model(const Site& s);

}  // namespace site_build
}  // namespace oit
