#include "generator/build.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <thread>

#include "generator/config.h"
#include "generator/build_keys.h"
#include "generator/content.h"
#include "generator/content_path.h"
#include "core/parallel.h"
#include "core/control_chars.h"
#include "core/criteria.h"
#include "core/csv.h"
#include "generator/dataset_table.h"
#include "generator/datatable.h"
#include "core/embedded.h"
#include "core/encoding.h"
#include "generator/frontmatter.h"
#include "generator/i18n.h"
#include "generator/markdown.h"
#include "generator/oit_manifest.h"
#include "generator/output.h"
#include "core/progress.h"
#include "generator/render.h"
#include "generator/site_model.h"
#include "core/source_file.h"
#include "core/template.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace oit {

namespace {

// Every source file is read through source_file.h: regular files inside the source folder, bounded by kind.
Result<std::string> read_file(const fs::path& path, const std::string& shown, SourceKind kind, const fs::path& source) {
  return read_source_file(path, shown, kind, source);
}

// Reads a text file of the content, converting legacy Thai encodings to UTF-8 with a warning.
Result<std::string> read_text(const fs::path& path, const std::string& shown, std::vector<Warning>& warnings, SourceKind kind,
                              const fs::path& source) {
  auto bytes = read_file(path, shown, kind, source);
  if (!bytes) return bytes.error();
  auto text = decode_text(*bytes, shown);
  if (!text) return text.error();
  if (text->from == TextEncoding::Cp874)
    warnings.push_back({{shown, 0, 0}, "converted from Thai TIS-620/Windows-874 to UTF-8; save it as UTF-8 to silence this"});
  return std::move(text->utf8);
}

// Text for feed.xml and sitemap.xml. Characters XML 1.0 cannot hold make the whole file unreadable; those a
// source file put in a page's title or summary are refused with their position (check_xml_text) before any
// XML is written, and any other (site.toml escapes) is stripped here.
std::string xml_escape(std::string_view s) { return html_escape(strip_forbidden_chars(s)); }

}  // namespace

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

namespace {

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
  fs::path source, content_dir;
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
  fs::path theme_dir;                     // empty when the embedded theme is used
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

Result<void> load_config(Site& s) {
  fs::path p = s.source / "site.toml";
  auto text = read_file(p, "site.toml", SourceKind::SiteConfig, s.source);
  std::error_code ec;
  if (!text && fs::exists(fs::symlink_status(p, ec))) return text.error();  // there, but not readable as it is
  if (!text)
    return make_error({"site.toml", 0, 0}, "cannot read site.toml in " + s.source.string(),
                      "run oit in a site folder or pass --source DIR (a folder with site.toml and content/)");
  auto cfg = parse_site_config(*text, "site.toml");
  if (!cfg) return cfg.error();
  s.config = std::move(*cfg);
  s.base_path = base_path_of(s.config.base_url);
  auto crit = load_criteria(s.config.round, s.source / "criteria");
  if (!crit) {
    Error e = crit.error();
    if (e.pos.file.empty()) e.pos = s.config.round_pos;  // no criteria for the round; a bad criteria file names itself
    return e;
  }
  s.criteria = std::move(*crit);
  return {};
}

// The theme's fixed strings: the default theme's tables, overridden key by key by the site theme's own
// i18n/<lang>.toml. With English declared, both tables must have the same keys.
Result<void> load_translations(Site& s) {
  auto table = [&](const std::string& lang) -> Result<Translations> {
    const std::string builtin = "themes/default/i18n/" + lang + ".toml";
    auto t = parse_translations(*embedded_file(builtin), builtin);
    if (!t) return t.error();
    std::error_code ec;
    fs::path own = s.theme_dir / "i18n" / (lang + ".toml");
    if (!s.theme_dir.empty() && fs::exists(own, ec)) {
      std::string shown = "themes/" + s.config.theme + "/i18n/" + lang + ".toml";
      auto text = read_file(own, shown, SourceKind::Translations, s.source);
      if (!text) return text.error();
      auto over = parse_translations(*text, shown);
      if (!over) return over.error();
      overlay(*t, *over);
      t->file = shown;
    }
    return t;
  };
  auto th = table("th");
  if (!th) return th.error();
  s.strings_th = to_json(*th);
  if (!s.config.english) return {};
  auto en = table("en");
  if (!en) return en.error();
  if (auto r = check_same_keys(*th, *en); !r) return r;
  s.strings_en = to_json(*en);
  return {};
}

Result<void> load_theme(Site& s) {
  register_site_filters(s.env, s.config);
  fs::path dir = s.source / "themes" / s.config.theme;
  std::error_code ec;
  if (fs::is_directory(dir / "templates", ec)) {
    s.theme_dir = dir;
    // Templates are named relative to templates/ and shown relative to the source folder in errors.
    // Listed like content/: a symlink out of the source folder is an error, never read.
    auto files = list_source_files(dir / "templates", s.source, "themes/" + s.config.theme + "/templates/", true);
    if (!files) return files.error();
    for (const auto& name : *files) {
      std::string shown = "themes/" + s.config.theme + "/templates/" + name;
      auto text = read_file(dir / "templates" / name, shown, SourceKind::Template, s.source);
      if (!text) return text.error();
      s.template_hash[name] = hash_bytes(*text);
      auto r = s.env.add_template(name, std::move(*text), shown);
      if (!r) return r;
    }
    if (fs::is_directory(dir / "static", ec)) {
      auto statics = list_source_files(dir / "static", s.source, "themes/" + s.config.theme + "/static/", false);
      if (!statics) return statics.error();
      s.theme_static = std::move(*statics);
    }
  } else {
    std::string prefix = "themes/" + s.config.theme + "/";
    auto paths = embedded_paths(prefix + "templates/");
    if (paths.empty())
      return make_error({"site.toml", 0, 0}, "theme `" + s.config.theme + "` not found",
                        "create themes/" + s.config.theme + "/templates/ or use theme = \"default\"");
    for (auto p : paths) {
      std::string name(p.substr(prefix.size() + 10));
      s.template_hash[name] = hash_bytes(*embedded_file(p));
      auto r = s.env.add_template(name, std::string(*embedded_file(p)), std::string(p));
      if (!r) return r;
    }
    for (auto p : embedded_paths(prefix + "static/")) s.theme_static.emplace_back(p.substr(prefix.size() + 7));
  }
  std::sort(s.theme_static.begin(), s.theme_static.end());
  auto v = s.env.validate();
  if (!v) return v;
  for (const char* required : {"baseof.html", "home.html", "section.html", "page.html", "oit-hub.html",
                               "sitemap.html", "404.html"})
    if (!s.env.has(required))
      return make_error({"themes/" + s.config.theme + "/templates/" + required, 0, 0},
                        "the theme has no template `" + std::string(required) + "`",
                        "every theme needs baseof, home, section, page, oit-hub, sitemap and 404 templates");
  return load_translations(s);
}

// English versions of the pages, for a site that declares English: one under /en/ for every Thai page —
// its twin (page.en.md) when there is one, else the Thai page itself with a notice — so a reader of the
// English pages never falls off them. A twin takes its own title, summary and text; what it leaves out of
// its front matter (dates, fiscal year, weight, layout) is the Thai page's.
Result<void> add_english_pages(Site& s, std::span<BuildCache::Source* const> twin_sources) {
  if (!s.config.english) {
    if (!s.plan.twins.empty())
      return make_error({"content/" + s.plan.twins.front().rel, 1, 1},
                        "an English page (.en.md), but site.toml declares no English",
                        "add [languages.en] with title = \"…\" to site.toml to publish English pages under /en/, "
                        "or rename the file");
    return {};
  }
  const size_t n = s.thai_pages;
  for (size_t i = 0; i < n; ++i)
    if (s.pages[i].route.rfind("en/", 0) == 0)
      return make_error({s.pages[i].file, 1, 1}, "/en/ is where the English pages of the site go",
                        "translate a page as a twin beside it (about.md → about.en.md) instead of a folder content/en/");
  s.pages.resize(2 * n);
  for (size_t i = 0; i < n; ++i) {
    Page& th = s.pages[i];
    Page& en = s.pages[n + i];
    en = th;
    en.english = en.fallback = true;
    en.translation = static_cast<int>(i);
    th.translation = static_cast<int>(n + i);
    en.src.parent = th.src.parent < 0 ? -1 : th.src.parent + static_cast<int>(n);
    en.route = "en/" + th.route;
  }
  for (size_t k = 0; k < s.plan.twins.size(); ++k) {
    const TwinSource& twin = s.plan.twins[k];
    const std::string file = "content/" + twin.rel;
    if (twin.page < 0)
      return make_error({file, 1, 1}, "an English page without its Thai page content/" + twin.rel.substr(0, twin.rel.size() - 6) + ".md",
                        "every English page translates a Thai page beside it: add the Thai page, or fix this file's name");
    const BuildCache::Source& cached = *twin_sources[k];
    s.summary.warnings.insert(s.summary.warnings.end(), cached.warnings.begin(), cached.warnings.end());
    PageMeta twin_meta = *cached.meta;
    for (const char* key : {"oit", "slug"})
      if (twin_meta.key_pos.count(key))
        return make_error(twin_meta.key_pos[key], "`" + std::string(key) + "` belongs on the Thai page content/" + s.pages[twin.page].src.rel,
                          "remove it here: the English page is published as the Thai page's translation, at /en/ + its address");
    Page& en = s.pages[n + twin.page];
    if (twin_meta.draft && !s.opt.drafts) {
      s.summary.skipped.push_back({file, "draft (the Thai text is shown under /en/ until it is published)"});
      continue;
    }
    const PageMeta& th = *s.pages[twin.page].meta;
    if (!twin_meta.key_pos.count("fiscal_year")) twin_meta.fiscal_year = th.fiscal_year;
    if (!twin_meta.key_pos.count("date")) twin_meta.date = th.date;
    if (!twin_meta.key_pos.count("updated")) twin_meta.updated = th.updated;
    if (!twin_meta.key_pos.count("weight")) twin_meta.weight = th.weight;
    if (!twin_meta.key_pos.count("layout")) twin_meta.layout = th.layout;
    en.meta = std::make_shared<const PageMeta>(std::move(twin_meta));
    en.file = file;
    en.src.rel = twin.rel;
    en.text = cached.text;
    en.text_hash = cached.text_hash;
    en.body_hash = cached.body_hash;
    en.split = cached.split;
    en.fallback = false;
    en.updated = en.meta->updated ? en.meta->updated : en.meta->date;
  }
  return {};
}

// The content folder's files: the last listing with the changed files put in or taken out, when the build
// was told which changed and each is a plain file (or gone); else the folder walked again.
Result<std::vector<std::string>> content_files(Site& s) {
  BuildCache& c = *s.cache;
  if (s.changed_content && c.content_files_valid) {
    std::vector<std::string> files = c.content_files;
    bool usable = true;
    for (const auto& rel : *s.changed_content) {
      if (rel.front() == '.' || rel.find("/.") != std::string::npos) continue;  // hidden: never listed
      std::error_code ec;
      auto st = fs::symlink_status(s.content_dir / rel, ec);
      auto at = std::lower_bound(files.begin(), files.end(), rel);
      const bool listed = at != files.end() && *at == rel;
      if (st.type() == fs::file_type::regular) {
        if (!listed) files.insert(at, rel);
      } else if (st.type() == fs::file_type::not_found) {
        if (listed) files.erase(at);
      } else {
        usable = false;  // a folder or a link: its files, or where it leads, are for the walk to find
        break;
      }
    }
    if (usable) {
      c.content_files = files;
      return files;
    }
    s.changed_content.reset();
  }
  c.content_files_valid = false;
  auto files = list_content_files(s.content_dir, s.source);
  if (!files) return files.error();
  c.content_files = *files;
  c.content_files_valid = true;
  return files;
}

// Reads every page's front matter and decides what is published.
Result<void> load_pages(Site& s) {
  auto files = content_files(s);
  if (!files) return files.error();
  s.plan = plan_content(*files);
  s.asset_set.insert(s.plan.assets.begin(), s.plan.assets.end());
  Date today = s.opt.today ? *s.opt.today : today_bangkok();
  s.pages.resize(s.plan.pages.size());
  // Sources are read and their front matter parsed on the worker pool (the cache entries exist before the
  // workers start, so each worker touches only its own); the first bad file in content order is reported.
  // English twins are read with them, after the Thai pages.
  const size_t n = s.plan.pages.size();
  std::vector<BuildCache::Source*> sources(n + s.plan.twins.size());
  for (size_t i = 0; i < sources.size(); ++i)
    sources[i] = &s.cache->sources[i < n ? s.plan.pages[i].rel : s.plan.twins[i - n].rel];
  std::atomic<size_t> read{0};
  std::vector<char> fresh(sources.size(), 0);
  auto loaded = parallel_for(sources.size(), s.opt.jobs, [&](size_t i) -> Result<void> {
    const std::string& rel = i < n ? s.plan.pages[i].rel : s.plan.twins[i - n].rel;
    const std::string file = "content/" + rel;
    fs::path path = s.content_dir / rel;
    BuildCache::Source& cached = *sources[i];
    if (cached.text && s.unchanged(rel)) return {};
    FileStamp stamp = stamp_of(path);
    if (cached.text && cached.stamp == stamp && stamp.size != 0) return {};
    cached = {};
    std::vector<Warning> warnings;
    auto text = read_text(path, file, warnings, SourceKind::Page, s.source);
    if (!text) return text.error();
    auto owned = std::make_shared<const std::string>(std::move(*text));
    auto split = split_front_matter(*owned, file);
    if (!split) return split.error();
    auto meta = parse_front_matter(*split, file);
    if (!meta) return meta.error();
    const uint64_t text_hash = hash_bytes(*owned), body_hash = hash_bytes(split->body);
    cached = {stamp, std::move(owned), text_hash, body_hash, *split, std::make_shared<const PageMeta>(std::move(*meta)), std::move(warnings)};
    ++read;
    fresh[i] = 1;
    return {};
  });
  s.cache->reuse.sources_read += read;
  for (size_t i = 0; i < sources.size(); ++i)
    if (fresh[i]) s.cache->changed_since_publish.insert(i < n ? s.plan.pages[i].rel : s.plan.twins[i - n].rel);
  if (!loaded) return loaded.error();  // (a failed entry was emptied: it is read again next time)
  for (size_t i = 0; i < s.plan.pages.size(); ++i) {
    Page& p = s.pages[i];
    p.src = s.plan.pages[i];
    p.file = "content/" + p.src.rel;
    const BuildCache::Source& cached = *sources[i];
    p.text = cached.text;
    p.text_hash = cached.text_hash;
    p.body_hash = cached.body_hash;
    p.split = cached.split;
    p.meta = cached.meta;
    s.summary.warnings.insert(s.summary.warnings.end(), cached.warnings.begin(), cached.warnings.end());
    if (!p.meta->slug.empty() && p.src.bundle)
      return make_error(p.meta->key_pos.at("slug"), "`slug` only applies to single-file pages",
                        "rename the folder to change the address of a page bundle or section");
    p.route = page_route(p.src, p.meta->slug);
    p.updated = p.meta->updated ? p.meta->updated : p.meta->date;
    if (p.meta->draft && !s.opt.drafts) {
      p.published = false;
      s.summary.skipped.push_back({p.file, "draft"});
    } else if (p.meta->date && *p.meta->date > today && !s.opt.drafts) {
      p.published = false;
      s.summary.skipped.push_back({p.file, "dated " + to_iso(*p.meta->date) + ", after today (" + to_iso(today) + ")"});
    }
  }
  s.thai_pages = s.pages.size();
  return add_english_pages(s, std::span(sources).subspan(n));
}

// Maps pages to OIT items and routes to pages; both must be one-to-one.
Result<void> resolve_pages(Site& s) {
  std::map<std::string, size_t> by_route;
  // Item → (page, claims it by its primary topic or code). Rounds merge items (2569 O20 = no-gift +
  // gift-report), so a page tagged with a secondary topic supports the item without owning it.
  struct Claim {
    size_t page;
    bool primary;
    SourcePos pos;
  };
  std::map<std::string, std::vector<Claim>> claims;
  for (const char* reserved : {"oit/", "sitemap/"}) by_route[reserved] = SIZE_MAX;
  for (size_t i = 0; i < s.pages.size(); ++i) {
    Page& p = s.pages[i];
    if (!p.published) continue;
    auto [it, fresh] = by_route.emplace(p.route, i);
    if (!fresh) {
      std::string other = it->second == SIZE_MAX ? "a page oit generates" : s.pages[it->second].file;
      return make_error({p.file, 1, 1}, "two pages map to the same output path /" + p.route + ": " + p.file + " and " + other,
                        "rename one of them or give it a different `slug`");
    }
    if (p.english) continue;  // items are claimed by the Thai pages (the URLs submitted to ITAS)
    for (const auto& code : p.meta->oit) {
      SourcePos pos = p.meta->key_pos.count("oit") ? p.meta->key_pos.at("oit") : SourcePos{p.file, 1, 1};
      const Item* item = s.criteria.find(code);
      if (!item) {
        std::vector<std::string_view> topics;  // a misspelt topic key gets "did you mean `…`?"
        for (const auto& it : s.criteria.items) topics.insert(topics.end(), it.topics.begin(), it.topics.end());
        std::string hint = unknown_key_hint(code, topics);
        if (!hint.starts_with("did you mean"))
          hint = "use an item code O1–O" + std::to_string(s.criteria.items.size()) + " of this round or a topic key such as `" +
                 s.criteria.items.front().topics.front() + "`";
        return make_error(pos, "unknown OIT item `" + code + "` for round " + std::to_string(s.criteria.round), hint);
      }
      bool by_code = code.size() > 1 && (code[0] == 'O' || code[0] == 'o') && std::isdigit(static_cast<unsigned char>(code[1]));
      auto& list = claims[item->id];
      if (std::none_of(list.begin(), list.end(), [&](const Claim& c) { return c.page == i; }))
        list.push_back({i, by_code || code == item->topics.front(), pos});
    }
  }
  for (auto& [id, list] : claims) {
    const Claim* owner = nullptr;
    for (const auto& c : list) {
      if (!c.primary) continue;
      if (owner)
        return make_error(c.pos, id + " is claimed by both " + s.pages[owner->page].file + " and " + s.pages[c.page].file,
                          "each OIT item has exactly one page (the URL submitted to ITAS); link the others from it");
      owner = &c;
    }
    if (!owner) owner = &list.front();  // only supporting pages: the first (in path order) stands for the item
    s.pages[owner->page].items.push_back(s.criteria.find(id));
  }
  for (auto& p : s.pages) {
    std::sort(p.items.begin(), p.items.end());  // pointers into criteria.items: criteria order
    if (!p.items.empty()) {
      if (!p.updated)
        return make_error({p.file, p.split.front_line, 1}, "OIT page has neither `updated` nor `date`",
                          "add `updated = 2025-03-31` (the date of the last substantive change): assessors look for it");
      for (const Item* item : p.items) {
        int want = s.criteria.expected_fiscal_year(*item);
        if (want && p.meta->fiscal_year && *p.meta->fiscal_year != want)
          s.summary.warnings.push_back({p.meta->key_pos.at("fiscal_year"),
                                        item->id + " in round " + std::to_string(s.criteria.round) + " expects fiscal year " +
                                            std::to_string(want) + ", this page says " + std::to_string(*p.meta->fiscal_year)});
        if (want && !p.meta->fiscal_year)
          s.summary.warnings.push_back({{p.file, p.split.front_line, 1},
                                        item->id + " expects fiscal year " + std::to_string(want) + " but the page has no `fiscal_year`"});
      }
    }
  }
  // Sections list their published children; attachments belong to the nearest bundle above them.
  for (size_t i = 0; i < s.pages.size(); ++i)
    if (s.pages[i].published && s.pages[i].src.parent >= 0 && s.pages[s.pages[i].src.parent].published)
      s.pages[s.pages[i].src.parent].children.push_back(static_cast<int>(i));
  std::map<std::string, size_t> bundle_of_dir;
  for (size_t i = 0; i < s.thai_pages; ++i)
    if (s.pages[i].src.bundle && s.pages[i].src.kind == PageKind::Page) bundle_of_dir[s.pages[i].src.dir] = i;
  for (const auto& a : s.plan.assets) {
    for (std::string d = dir_of(a);; d = dir_of(d)) {
      if (auto it = bundle_of_dir.find(d); it != bundle_of_dir.end()) {
        s.pages[it->second].attachments.push_back(a);
        break;
      }
      if (d.empty()) break;
    }
  }
  for (size_t i = s.thai_pages; i < s.pages.size(); ++i) s.pages[i].attachments = s.pages[s.pages[i].translation].attachments;
  return {};
}

// Every CSV under content/ is read (and so checked) once; the table shortcode and the JSON copy use it.
Result<void> load_tables(Site& s) {
  for (const auto& a : s.plan.assets) {
    if (ext_of(a) != "csv") continue;
    std::string shown = "content/" + a;
    fs::path path = s.content_dir / a;
    auto& cached = s.cache->tables[a];
    FileStamp stamp = cached.hash && s.unchanged(a) ? cached.stamp : stamp_of(path);
    if (!cached.hash || !(cached.stamp == stamp)) {
      cached = {};
      std::vector<Warning> warnings;
      auto text = read_text(path, shown, warnings, SourceKind::Table, s.source);
      if (!text) return text.error();
      if (auto rows = check_csv_row_count(*text, shown); !rows) return rows.error();
      auto t = parse_csv(*text, shown);
      if (!t) return t.error();
      std::optional<std::string> converted;
      if (!warnings.empty()) converted = *text;  // publish the UTF-8 text
      // Personal ID numbers of sole traders never reach a public file (PDPA): not the CSV, its JSON copy
      // or the table shown on the page.
      int masked = 0;
      for (auto& row : t->rows)
        for (auto& cell : row) masked += mask_personal_ids(cell);
      // The bundle's CSV is the download linked under the table: formula cells are neutralised in it
      // (csv.h: neutralise_formulas); the table shown and its JSON copy keep the true value.
      int formulas = 0;
      CsvTable spreadsheet = neutralise_formulas(*t, &formulas);
      if (masked || formulas) converted = write_csv(spreadsheet, false);
      cached = {stamp, std::move(*t), std::move(converted), hash_mix(hash_bytes(*text), 1), std::move(warnings)};
      ++s.cache->reuse.sources_read;
    }
    s.summary.warnings.insert(s.summary.warnings.end(), cached.warnings.begin(), cached.warnings.end());
    if (cached.converted) s.converted[a] = *cached.converted;
    std::string json_twin = a.substr(0, a.size() - 4) + ".json";
    if (s.asset_set.count(json_twin))
      return make_error({"content/" + json_twin, 0, 0}, "conflicts with the JSON copy oit publishes of " + shown,
                        "remove or rename the JSON file");
    s.csv.emplace(a, cached.table);
  }
  return {};
}

bool is_external(std::string_view url) {
  size_t colon = url.find(':');
  size_t slash = url.find('/');
  return colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash);
}

Result<void> render_markdown_all(Site& s) {
  markdown_init();
  std::map<std::string, size_t> page_by_rel;  // Thai pages and English twins by content path
  for (size_t i = 0; i < s.pages.size(); ++i)
    if (!s.pages[i].fallback) page_by_rel[s.pages[i].src.rel] = i;
  MarkdownOptions mo{s.config.unsafe_html};
  // Everything a page's Markdown output depends on besides its own text and the tables it shows.
  uint64_t digest = hash_bytes(s.config.base_url);
  digest = hash_mix(digest, s.config.unsafe_html * 2 + s.config.thai_digits);
  for (const auto& p : s.pages) digest = hash_bytes(p.route, hash_bytes(p.src.rel, hash_mix(digest, p.published)));
  for (const auto& a : s.plan.assets) digest = hash_bytes(a, digest);
  std::atomic<size_t> rendered_count{0};
  std::vector<BuildCache::Markdown*> cached(s.pages.size());
  for (size_t i = 0; i < s.pages.size(); ++i)
    if (!s.pages[i].fallback) cached[i] = &s.cache->markdown[s.pages[i].src.rel];
  auto done = parallel_for(s.pages.size(), s.opt.jobs, [&](size_t i) -> Result<void> {
    Page& p = s.pages[i];
    if (!p.published || p.fallback) return {};
    BuildCache::Markdown& c = *cached[i];
    const uint64_t key = hash_mix(p.body_hash, digest);
    auto tables_unchanged = [&] {
      for (const auto& [rel, h] : c.tables) {
        auto it = s.cache->tables.find(rel);
        if (it == s.cache->tables.end() || it->second.hash != h) return false;
      }
      return true;
    };
    auto use_cached = [&] {
      p.content_html = &c.html;
      p.links = &c.links;
      p.content_key = key;
      for (const auto& t : c.tables) p.content_key = hash_mix(p.content_key, t.second);
    };
    if (c.key == key && tables_unchanged()) {
      use_cached();
      return {};
    }
    std::vector<std::pair<std::string, uint64_t>> tables_used;
    int table_no = 0;
    auto shortcodes = [&](const Shortcode& sc) -> Result<std::string> {
      if (sc.name != "table")
        return make_error(sc.pos, "unknown shortcode `" + sc.name + "`", "the available shortcode is {{< table \"file.csv\" >}}");
      if (sc.positional.size() != 1)
        return make_error(sc.pos, "`table` needs exactly one CSV file name", "{{< table \"procurement.csv\" caption=\"…\" >}}");
      auto rel = join_rel(p.src.dir, sc.positional[0]);
      if (!rel || !s.csv.count(*rel))
        return make_error(sc.pos, "table file `" + sc.positional[0] + "` not found beside " + p.file,
                          "put the CSV file in the page's folder (a page bundle: folder/index.md + files)");
      TableOptions to;
      to.caption = sc.get("caption", sc.positional[0]);
      to.id = "table-" + std::to_string(++table_no);
      to.csv_url = s.url(*rel);
      to.json_url = s.url(rel->substr(0, rel->size() - 4) + ".json");
      to.thai_digits = s.config.thai_digits;
      tables_used.emplace_back(*rel, s.cache->tables.at(*rel).hash);
      return render_table_html(s.csv.at(*rel), to);
    };
    // On an English page a link to a Thai page leads to its English version (every Thai page has one), so
    // a twin links the Thai files as its Thai original does; a link naming a twin (about.en.md) goes there.
    auto page_url = [&](size_t target) {
      const Page& t = s.pages[target];
      return s.base_path + (p.english && !t.english ? s.pages[t.translation].route : t.route);
    };
    auto rewrite = [&](const MarkdownLink& l) -> Result<std::string> {
      std::string_view u = l.url;
      if (u.empty() || u.front() == '#' || u.front() == '/' || u.front() == '?' || is_external(u)) return l.url;
      size_t cut = u.find_first_of("?#");
      std::string path = decode_url_path(u.substr(0, cut));
      std::string tail(cut == std::string_view::npos ? "" : u.substr(cut));
      auto rel = join_rel(p.src.dir, path);
      if (!rel)
        return make_error(l.pos, "link `" + l.url + "` leaves the content folder", "link to files inside content/ only");
      if (s.asset_set.count(*rel)) return s.base_path + *rel + tail;
      std::string md = *rel;
      if (auto it = page_by_rel.find(md); it != page_by_rel.end()) return page_url(it->second) + tail;
      for (const std::string& idx : std::vector<std::string>{md + "/index.md", md + "/_index.md", md.empty() ? "_index.md" : ""})
        if (auto it = page_by_rel.find(idx); !idx.empty() && it != page_by_rel.end()) return page_url(it->second) + tail;
      return make_error(l.pos, std::string(l.image ? "image" : "link") + " `" + l.url + "` names no file in content/" +
                                   (p.src.dir.empty() ? "" : p.src.dir + "/"),
                        "check the file name (and that the file sits beside the page), or link a page by its URL like /news/");
    };
    auto r = render_markdown(p.split.body, p.split.body_line, p.file, mo, shortcodes, rewrite);
    if (!r) {
      c = {};
      return r.error();
    }
    c = {key, std::move(tables_used), std::move(r->html), std::move(r->links)};
    ++rendered_count;
    p.changed = true;
    use_cached();
    return {};
  });
  s.cache->reuse.markdown_rendered = rendered_count;
  for (const auto& p : s.pages)
    if (p.changed) s.cache->changed_since_publish.insert(p.src.rel);
  if (!done) return done;
  for (auto& p : s.pages)
    if (p.fallback) {
      const Page& th = s.pages[p.translation];
      p.content_html = th.content_html;
      p.links = th.links;
      p.content_key = th.content_key;
    }
  return {};
}

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

// The parts of a template context shared by every page of one language.
struct SiteJson {
  json site, agency, oit;
  json strings;  // `t`: the theme's fixed strings
  json menu;     // main menu entries: title, url, lang
};

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
    if (path.rfind(s.base_path, 0) == 0) path = decode_url_path(path.substr(s.base_path.size()));
    else if (path.rfind("/", 0) == 0) path = decode_url_path(path.substr(1));
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
json page_json(const Site& s, const Page& p, bool with_content = true) {
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
                                                 json extra = json::object()) {
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
                                json extra = json::object()) {
  auto c = context_for(s, sj, std::move(page), shown, std::move(extra));
  if (!c) return c.error();
  return s.env.render(c->second, c->first, shown);
}

// Local links in the written HTML must name a file of the output. Our own output is well-formed, so a
// scan of href/src/srcset attribute values is exact.
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

SiteModel site_model(const Site& s) {
  SiteModel m;
  m.config = &s.config;
  m.criteria = &s.criteria;
  m.content_dir = s.content_dir;
  m.base_path = s.base_path;
  m.tables = &s.csv;
  m.sidecars = s.plan.sidecars;
  m.memo = s.opt.remember_stages ? &s.cache->stages : nullptr;
  for (const auto& p : s.pages) {
    if (!p.published || p.english) continue;  // the stages (open data, search) serve the Thai pages
    PageView v{p.file, p.src.rel, p.src.dir, p.route, p.src.kind, p.meta.get(), p.updated, {}, p.attachments, p.content_html,
               hash_mix(p.content_key, p.text_hash)};
    for (const Item* it : p.items) v.item_ids.push_back(it->id);
    m.pages.push_back(std::move(v));
  }
  return m;
}

}  // namespace

std::string SiteModel::url(std::string_view route) const { return base_path + encode_url_path(route); }
std::string SiteModel::abs_url(std::string_view route) const { return config->base_url + encode_url_path(route); }

Builder::Builder(BuildOptions options) : options_(std::move(options)), cache_(std::make_unique<BuildCache>()) {}
Builder::~Builder() = default;
const BuildReuse& Builder::last_reuse() const { return cache_->reuse; }

Result<BuildSummary> build_site(const BuildOptions& options) { return Builder(options).build(); }

Result<BuildSummary> Builder::build(const std::vector<std::string>* changed) {
  Site s;
  s.opt = options_;
  s.cache = cache_.get();
  cache_->reuse = {};
  if (changed) cache_->pending_changes.insert(changed->begin(), changed->end());
  auto& pending = cache_->pending_changes;
  if (changed && cache_->content_files_valid &&
      std::all_of(pending.begin(), pending.end(), [](const std::string& p) { return p.starts_with("content/") && p.size() > 8; })) {
    s.changed_content.emplace();
    for (const auto& p : pending) s.changed_content->insert(p.substr(8));
  } else {
    cache_->content_files_valid = false;  // something else changed (site.toml, the theme): look at everything
  }
  if (s.opt.jobs == 0) s.opt.jobs = std::max(1u, std::thread::hardware_concurrency());
  s.source = s.opt.source;
  s.content_dir = s.source / "content";
  fs::path out = s.opt.out.empty() ? s.source / "public" : s.opt.out;

  // OIT_TIMINGS=1 prints how long each phase took (to stderr), for profiling.
  const bool timings = std::getenv("OIT_TIMINGS") != nullptr;
  auto t_last = std::chrono::steady_clock::now();
  auto phase = [&](const char* name) {
    if (!timings) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "phase %-10s %8.1f ms\n", name, std::chrono::duration<double, std::milli>(now - t_last).count());
    t_last = now;
  };
  if (auto r = load_config(s); !r) return r.error();
  if (auto r = load_theme(s); !r) return r.error();
  phase("config");
  if (auto r = load_pages(s); !r) return r.error();
  phase("pages");
  if (auto r = resolve_pages(s); !r) return r.error();
  if (auto r = load_tables(s); !r) return r.error();
  for (const auto& a : s.plan.assets) {
    uint64_t& seen = s.cache->asset_keys[a];
    const uint64_t key = seen && s.unchanged(a) ? seen : stamp_key(s.content_dir / a);
    if (seen != key) {
      seen = key;
      s.cache->changed_since_publish.insert(a);
    }
  }
  phase("resolve");
  if (auto r = render_markdown_all(s); !r) return r.error();
  phase("markdown");
  sort_children(s);
  for (const auto& p : s.pages)
    if (p.published && p.updated && (!s.newest || *p.updated > *s.newest)) s.newest = p.updated;

  phase("sections");
  // Output stages beyond the pages (open data, search index): run before rendering so their files and
  // pages are part of the plan the link check uses.
  std::vector<Emitted> emitted;
  {
    const SiteModel model = site_model(s);
    for (const auto& [name, emit] : output_emitters()) {
      auto e = emit(model);
      if (!e) return e.error();
      phase(std::string(name).c_str());
      s.summary.warnings.insert(s.summary.warnings.end(), e->warnings.begin(), e->warnings.end());
      for (const auto& pg : e->pages)
        if (std::count(pg.route.begin(), pg.route.end(), '/') == 1) s.stage_pages.emplace_back(pg.title, pg.route);
      emitted.push_back(std::move(*e));
    }
  }

  auto opened = Sink::open(out, cache_->live);
  if (!opened) return opened.error();
  Sink& sink = **opened;
  const SiteJson sj = site_json(s, false);
  const SiteJson sj_en = s.config.english ? site_json(s, true) : SiteJson{};
  std::map<std::string, const Page*> page_of_item;
  for (const auto& p : s.pages)
    if (p.published)
      for (const Item* it : p.items) page_of_item[it->id] = &p;

  // Every file the build will write, known before rendering so each page's local links are checked as it
  // is rendered, in memory.
  std::set<std::string> planned = {"oit/index.html", "sitemap/index.html", "404.html", "oit.json", "itas.csv",
                                   "sitemap.xml", "robots.txt"};
  for (const auto& p : s.pages)
    if (p.published) {
      planned.insert(p.route + "index.html");
      if (!p.english && p.src.kind == PageKind::Section && p.src.dir == s.config.feed_section) planned.insert(p.route + "feed.xml");
    }
  planned.insert(s.plan.assets.begin(), s.plan.assets.end());
  for (const auto& [rel, table] : s.csv) planned.insert(rel.substr(0, rel.size() - 4) + ".json");
  planned.insert(s.theme_static.begin(), s.theme_static.end());
  for (const auto& e : emitted) {
    for (const auto& f : e.files) planned.insert(f.path);
    for (const auto& pg : e.pages) planned.insert(pg.route + "index.html");
  }
  auto resolves = [&](std::string url) {
    url = unescape_attr(url);
    size_t cut = url.find_first_of("?#");
    if (cut != std::string::npos) url.resize(cut);
    if (url.rfind(s.config.base_url, 0) == 0) url = s.base_path + url.substr(s.config.base_url.size());
    if (url.empty() || url.rfind(s.base_path, 0) != 0) return true;  // fragment-only or not under the site
    std::string path = decode_url_path(url.substr(s.base_path.size()));
    if (path.empty() || path.back() == '/') path += "index.html";
    return planned.count(path) > 0;
  };
  auto check_links = [&](const std::string& html, const std::string& route, const std::string& file,
                         const std::vector<MarkdownLink>& md_links) -> Result<void> {
    for (const auto& link : local_links(html)) {
      if (link.empty() || link[0] == '#' || is_external(link) || resolves(link)) continue;
      SourcePos pos{file, 0, 0};
      std::string from = " (it comes from the theme or the menus in site.toml)";
      for (const auto& ml : md_links)
        if (html_escape(ml.url) == link || encode_url_path(ml.url) == link) pos = ml.pos, from.clear();
      // Shown as the author wrote it: Thai, not %E0%B8%…
      return make_error(pos, "link to " + decode_url_path(unescape_attr(link)) + " on /" + route +
                                 " leads to no page or file of the site" + from,
                        "fix the address, or add the page it should point to");
    }
    return {};
  };

  // Pages: render on the worker pool, write as soon as rendered.
  std::atomic<int> written{0};
  Progress progress("oit build", "pages", s.pages.size());
  // A page's output is determined by its context, its templates and the set of files its links may name.
  uint64_t planned_digest = 0;
  for (const auto& f : planned) planned_digest = hash_bytes(f, planned_digest);
  std::map<std::string, uint64_t> template_digest;
  for (const auto& [name, h] : s.template_hash) {
    uint64_t d = planned_digest;
    for (const auto& dep : s.env.dependencies(name)) d = hash_mix(d, s.template_hash.count(dep) ? s.template_hash.at(dep) : 0);
    template_digest[name] = d;
  }
  std::atomic<size_t> kept{0};
  auto digest_of = [](const SiteJson& j) {
    return hash_bytes(j.site.dump(), hash_bytes(j.agency.dump(), hash_bytes(j.oit.dump(), hash_bytes(j.strings.dump(), hash_bytes(j.menu.dump())))));
  };
  const uint64_t site_digest = hash_mix(digest_of(sj), digest_of(sj_en));

  // Which pages can have a new context since the live site was built. A page's context holds its own
  // front matter, content key and attachments (sizes), its children's summaries, its ancestors' titles
  // (breadcrumbs), its translation's route; everything else in it is in `structure`. So with the structure
  // unchanged, a page whose source, Markdown or attachments changed (or its Thai original's, for an English
  // page) makes itself, its parent and its descendants "dirty", and only dirty pages need their context made
  // to compare keys: the others keep their live output as it is.
  uint64_t structure = hash_mix(hash_mix(planned_digest, site_digest), s.pages.size());
  for (const auto& [name, d] : template_digest) structure = hash_bytes(name, hash_mix(structure, d));
  for (const auto& item : s.criteria.items) structure = hash_bytes(item.title, hash_bytes(item.id, structure));
  for (const auto& p : s.pages) {
    structure = hash_mix(structure, (uint64_t(p.published) | uint64_t(p.fallback) << 1) + (uint64_t(p.src.parent + 1) << 2));
    for (const Item* it : p.items) structure = hash_bytes(it->id, structure);
  }
  const auto& changed_paths = s.cache->changed_since_publish;
  std::vector<char> dirty(s.pages.size(), 0);
  for (size_t i = 0; i < s.pages.size(); ++i) {
    Page& p = s.pages[i];
    p.changed = p.changed || changed_paths.count(p.src.rel) > 0 ||
                std::any_of(p.attachments.begin(), p.attachments.end(), [&](const std::string& a) { return changed_paths.count(a) > 0; });
  }
  for (size_t i = s.thai_pages; i < s.pages.size(); ++i) s.pages[i].changed |= s.pages[s.pages[i].translation].changed;
  for (size_t i = 0; i < s.pages.size(); ++i) {
    const Page& p = s.pages[i];
    if (p.changed && p.src.parent >= 0) dirty[p.src.parent] = 1;
    for (int at = static_cast<int>(i); at >= 0 && !dirty[i]; at = s.pages[at].src.parent) dirty[i] = s.pages[at].changed;
  }
  const bool reuse_contexts = s.cache->structure == structure && sink.in_place();

  auto rendered = parallel_for(s.pages.size(), s.opt.jobs, [&](size_t i) -> Result<void> {
    const Page& p = s.pages[i];
    if (!p.published) return {};
    const std::string rel = p.route + "index.html";
    if (reuse_contexts && !dirty[i] && sink.keep(rel, std::nullopt)) {
      ++kept;
      progress.add();
      return {};
    }
    // The key covers the page's context (its content by content_key) and the site-wide parts (site_digest).
    json pj = page_json(s, p, false);
    const uint64_t key = hash_mix(hash_mix(hash_bytes(pj.dump(), site_digest), p.content_key),
                                  template_digest[template_for(s, pj)]);
    if (sink.keep(rel, key)) {
      ++kept;
      progress.add();
      return {};
    }
    if (p.content_html) pj["content"] = *p.content_html;
    auto ctx = context_for(s, p.english ? sj_en : sj, std::move(pj), p.file);
    if (!ctx) return ctx.error();
    auto html = s.env.render(ctx->second, ctx->first, p.file);
    if (!html) return html.error();
    std::vector<std::string> ids;
    for (const Item* it : p.items) ids.push_back(it->id);
    std::string doc = inject_head(std::move(*html), oit_meta_tags({ids, p.meta->fiscal_year.value_or(0),
                                                                    p.updated ? to_iso(*p.updated) : ""}));
    if (auto r = check_links(doc, p.route, p.file, *p.links); !r) return r;
    auto w = sink.write(rel, doc, key);
    if (!w) return w;
    ++written;
    progress.add();
    return {};
  });
  if (!rendered) return rendered.error();
  phase("render");

  // Pages oit generates.
  int generated_kept = 0;
  // Keyed like the content pages, so an unchanged one (the site map of 10,000 pages, a dataset page) is
  // not rendered again when rebuilding in place.
  // `extra_key`, when given, stands for the `extra` context, which is then made only if the page is rendered.
  auto generated = [&](std::string kind, std::string title, std::string route, const std::function<json()>& make_extra,
                       uint64_t extra_key = 0) -> Result<void> {
    json page = base_page_json(s, kind, title, route);
    page["breadcrumbs"] = json::array({{{"title", sj.site["title"]}, {"url", s.url("")}}});
    const std::string rel = route.empty() || route.back() == '/' ? route + "index.html" : route;
    json extra;
    if (!extra_key) extra = make_extra(), extra_key = hash_bytes(extra.dump());
    const uint64_t key = hash_mix(hash_mix(extra_key, hash_bytes(page.dump(), site_digest)), template_digest[template_for(s, page)]);
    if (sink.keep(rel, key)) {
      ++generated_kept;
      return {};
    }
    if (extra.is_null()) extra = make_extra();
    auto html = render_with(s, sj, std::move(page), "(" + kind + " page)", std::move(extra));
    if (!html) return html.error();
    if (auto r = check_links(*html, route, "(" + kind + " page)", {}); !r) return r;
    ++written;
    return sink.write(rel, *html, key);
  };
  json hub = hub_json(s, page_of_item);
  s.summary.oit_items_total = hub["items_total"];
  s.summary.oit_items_present = hub["items_present"];
  if (auto r = generated("oit-hub", "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. " + std::to_string(s.criteria.round),
                         "oit/", [&] { return json{{"hub", hub}}; });
      !r)
    return r.error();
  auto site_map = [&] {
    json smap = json::array();
    for (size_t i = 0; i < s.thai_pages; ++i)
      if (s.pages[i].published && s.pages[i].src.kind == PageKind::Home) smap = sitemap_tree(s, static_cast<int>(i))["children"];
    for (size_t i = 0; i < s.thai_pages; ++i)  // pages without a section still belong on the site map
      if (s.pages[i].published && s.pages[i].src.parent < 0 && s.pages[i].src.kind != PageKind::Home)
        smap.push_back(sitemap_tree(s, static_cast<int>(i)));
    return json{{"sitemap", std::move(smap)}};
  };
  // The site map shows every page's title, route and place among its siblings: keyed by those (routes and
  // the tree are in `structure`), it is not even assembled while they stay the same.
  uint64_t smap_key = structure | 1;
  for (size_t i = 0; i < s.thai_pages; ++i) {
    smap_key = hash_bytes(s.pages[i].meta->title, smap_key);
    for (int c : s.pages[i].children) smap_key = hash_mix(smap_key, static_cast<uint64_t>(c));
  }
  if (auto r = generated("sitemap", "แผนผังเว็บไซต์", "sitemap/", site_map, smap_key); !r) return r.error();
  if (auto r = generated("404", "ไม่พบหน้าที่ต้องการ", "404.html", [] { return json::object(); }); !r) return r.error();
  for (auto& e : emitted) {
    for (auto& pg : e.pages)
      if (auto r = generated(pg.kind, pg.title, pg.route, [&] { return std::move(pg.context); }); !r) return r.error();
    for (auto& f : e.files)
      if (auto r = sink.write(f.path, f.data(), f.key); !r) return r.error();
  }
  for (const auto& item : s.criteria.items)
    if (!page_of_item.count(item.id))
      s.summary.warnings.push_back({{"site.toml", 0, 0}, "OIT item " + item.id + " (" + item.title + ") has no page: it is shown as missing on /oit/"});

  // Files: bundle assets, JSON copies of CSV tables, theme static files.
  for (const auto& a : s.plan.assets)
    if (auto r = s.converted.count(a) ? sink.write(a, s.converted.at(a)) : sink.copy(a, s.content_dir / a, s.cache->asset_keys.at(a)); !r)
      return r.error();
  for (const auto& [rel, table] : s.csv) {
    // Keyed by the table's hash, so an unchanged table is not converted again when rebuilding in place.
    const std::string json_rel = rel.substr(0, rel.size() - 4) + ".json";
    const uint64_t key = hash_mix(s.cache->tables[rel].hash, 0x6a736f6e);
    if (sink.keep(json_rel, key)) continue;
    if (auto r = sink.write(json_rel, csv_to_json(table).dump(2) + "\n", key); !r) return r.error();
  }
  for (const auto& f : s.theme_static) {
    if (sink.exists(f))
      return make_error({"content/" + f, 0, 0}, "content file collides with the theme's static file " + f, "rename it");
    auto r = s.theme_dir.empty()
                 ? sink.write(f, *embedded_file("themes/" + s.config.theme + "/static/" + f))
                 : sink.copy(f, s.theme_dir / "static" / f, stamp_key(s.theme_dir / "static" / f));
    if (!r) return r.error();
  }

  // Machine-readable outputs: manifest, ITAS sheet, sitemap.xml, robots.txt, news feed.
  // A page's title and summary go into feed.xml and every page's HTML, where a control character (a TOML
  // "\u000B", a raw one in YAML) makes the feed unreadable and the HTML invalid: refused with the key's place.
  for (const auto& p : s.pages) {
    if (!p.published || p.fallback) continue;
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"title", &p.meta->title},
                                     {"summary", &p.meta->summary}}) {
      auto bad = first_forbidden_char(*value);
      if (!bad) continue;
      auto at = p.meta->key_pos.find(key);
      return make_error(at == p.meta->key_pos.end() ? SourcePos{p.file, p.split.front_line, 1} : at->second,
                        forbidden_char_message(*bad, key), kForbiddenCharHint);
    }
  }
  std::map<std::string, ItemPage> item_pages;
  for (const auto& [id, p] : page_of_item) {
    ItemPage& ip = item_pages[id];
    ip = {s.abs_url(p->route), p->route + "index.html", p->meta->title, p->meta->fiscal_year, p->updated, {}};
    for (const auto& a : p->attachments) ip.attachments.push_back(s.abs_url(a));
  }
  const ManifestHeader header{s.criteria.round, now_iso_utc(), s.config.base_url, s.config.title};
  if (auto r = sink.write("oit.json", oit_manifest_json(header, s.criteria.items, item_pages)); !r) return r.error();
  if (auto r = sink.write("itas.csv", itas_csv(s.criteria.items, item_pages)); !r) return r.error();

  // A page and its English twin list each other (and themselves) as xhtml:link alternates; English
  // fallbacks are left out (their canonical page is the Thai one).
  std::string smx = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
  smx += s.config.english ? " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n" : ">\n";
  auto sm_entry = [&](const std::string& route, const std::optional<Date>& lastmod, const Page* pair = nullptr) {
    smx += "  <url><loc>" + xml_escape(s.abs_url(route)) + "</loc>";
    if (lastmod) smx += "<lastmod>" + to_iso(*lastmod) + "</lastmod>";
    if (pair) {
      const Page& th = pair->english ? s.pages[pair->translation] : *pair;
      const Page& en = pair->english ? *pair : s.pages[pair->translation];
      smx += "<xhtml:link rel=\"alternate\" hreflang=\"th\" href=\"" + xml_escape(s.abs_url(th.route)) + "\"/>";
      smx += "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"" + xml_escape(s.abs_url(en.route)) + "\"/>";
    }
    smx += "</url>\n";
  };
  for (const auto& p : s.pages) {
    const bool twins = p.translation >= 0 && !(p.english ? p : s.pages[p.translation]).fallback;
    if (p.published && !p.fallback) sm_entry(p.route, p.updated, twins ? &p : nullptr);
  }
  sm_entry("oit/", s.newest);
  sm_entry("sitemap/", std::nullopt);
  for (const auto& e : emitted)
    for (const auto& pg : e.pages) sm_entry(pg.route, std::nullopt);
  smx += "</urlset>\n";
  if (auto r = sink.write("sitemap.xml", smx); !r) return r.error();
  if (!sink.exists("robots.txt"))
    if (auto r = sink.write("robots.txt", "User-agent: *\nAllow: /\n\nSitemap: " + s.abs_url("sitemap.xml") + "\n"); !r)
      return r.error();

  // Atom feed of the news section, newest first, capped.
  for (const auto& p : s.pages) {
    if (!p.published || p.english || p.src.kind != PageKind::Section || p.src.dir != s.config.feed_section) continue;
    std::vector<const Page*> entries;
    for (int c : p.children)
      if (s.pages[c].meta->date) entries.push_back(&s.pages[c]);
    std::stable_sort(entries.begin(), entries.end(), [](const Page* a, const Page* b) { return *a->meta->date > *b->meta->date; });
    if (entries.size() > static_cast<size_t>(s.config.feed_limit)) entries.resize(s.config.feed_limit);
    std::string feed_updated = entries.empty() ? "1970-01-01" : to_iso(*entries.front()->updated);
    std::string atom = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
                       xml_escape(s.config.language) + "\">\n  <title>" + xml_escape(p.meta->title + " | " + s.config.title) +
                       "</title>\n  <id>" + xml_escape(s.abs_url(p.route)) + "</id>\n  <link rel=\"self\" href=\"" +
                       xml_escape(s.abs_url(p.route + "feed.xml")) + "\"/>\n  <link href=\"" + xml_escape(s.abs_url(p.route)) +
                       "\"/>\n  <updated>" + feed_updated + "T00:00:00+07:00</updated>\n  <author><name>" +
                       xml_escape(s.config.agency.name) + "</name></author>\n";
    for (const Page* e : entries) {
      atom += "  <entry>\n    <title>" + xml_escape(e->meta->title) + "</title>\n    <id>" + xml_escape(s.abs_url(e->route)) +
              "</id>\n    <link href=\"" + xml_escape(s.abs_url(e->route)) + "\"/>\n    <published>" + to_iso(*e->meta->date) +
              "T00:00:00+07:00</published>\n    <updated>" + to_iso(*e->updated) + "T00:00:00+07:00</updated>\n";
      if (!e->meta->summary.empty()) atom += "    <summary>" + xml_escape(e->meta->summary) + "</summary>\n";
      atom += "  </entry>\n";
    }
    atom += "</feed>\n";
    if (auto r = sink.write(p.route + "feed.xml", atom); !r) return r.error();
  }

  // Everything written must be what was planned: the link check above relied on it.
  auto outputs = sink.paths();
  for (const auto& o : outputs)
    if (!planned.count(o)) return make_error({o, 0, 0}, "internal error: output not in the plan");

  phase("files");
  s.summary.pages = written.load() + static_cast<int>(kept.load()) + generated_kept;
  s.summary.files = static_cast<int>(outputs.size());
  s.summary.out = sink.target();
  cache_->reuse.pages_kept = kept;
  cache_->reuse.pages_rendered = static_cast<size_t>(written.load());
  cache_->reuse.files_written = sink.files_written();
  if (auto r = sink.commit(); !r) return r.error();
  cache_->structure = structure;
  cache_->changed_since_publish.clear();
  cache_->pending_changes.clear();
  phase("publish");
  return s.summary;
}

}  // namespace oit
