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

}  // namespace

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
  // The machine-readable files are templates too: a site's theme may have its own, else the default theme's.
  for (const char* name : kMachineTemplates)
    if (!s.env.has(name)) {
      const std::string path = std::string("themes/default/templates/") + name;
      s.template_hash[name] = hash_bytes(*embedded_file(path));
      if (auto r = s.env.add_template(name, std::string(*embedded_file(path)), path); !r) return r;
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

}  // namespace oit::site_build
