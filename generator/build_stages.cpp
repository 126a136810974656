#include "generator/stages.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "core/control_chars.h"
#include "core/embedded.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "generator/build_keys.h"
#include "generator/link_check.h"
#include "generator/oit_manifest.h"
#include "generator/render.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace oit::site_build {

void StageTimer::done(const char* stage) {
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  std::fprintf(stderr, "phase %-10s %8.1f ms\n", stage, std::chrono::duration<double, std::milli>(now - last_).count());
  last_ = now;
}

void begin_build(Site& s, const BuildOptions& options, BuildCache& cache, const std::vector<std::string>* changed) {
  s.opt = options;
  s.cache = &cache;
  cache.reuse = {};
  if (changed) cache.pending_changes.insert(changed->begin(), changed->end());
  auto& pending = cache.pending_changes;
  if (changed && cache.content_files_valid &&
      std::all_of(pending.begin(), pending.end(), [](const std::string& p) { return p.starts_with("content/") && p.size() > 8; })) {
    s.changed_content.emplace();
    for (const auto& p : pending) s.changed_content->insert(p.substr(8));
  } else {
    cache.content_files_valid = false;  // something else changed (site.toml, the theme): look at everything
  }
  if (s.opt.jobs == 0) s.opt.jobs = std::max(1u, std::thread::hardware_concurrency());
  s.source = s.opt.source;
  s.content_dir = s.source / "content";
}

Result<void> resolve(Site& s) {
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
  return {};
}

void order_sections(Site& s) {
  sort_children(s);
  for (const auto& p : s.pages)
    if (p.published && p.updated && (!s.newest || *p.updated > *s.newest)) s.newest = p.updated;
}

Result<void> run_output_stages(Site& s, BuildRun& run, StageTimer& timer) {
  // Output stages beyond the pages (open data, search index): run before rendering so their files and
  // pages are part of the plan the link check uses.
  {
    const SiteModel model = site_model(s);
    for (const auto& [name, emit] : output_emitters()) {
      auto e = emit(model);
      if (!e) return e.error();
      timer.done(std::string(name).c_str());
      s.summary.warnings.insert(s.summary.warnings.end(), e->warnings.begin(), e->warnings.end());
      for (const auto& pg : e->pages)
        if (std::count(pg.route.begin(), pg.route.end(), '/') == 1) s.stage_pages.emplace_back(pg.title, pg.route);
      run.emitted.push_back(std::move(*e));
    }
  }
  return {};
}

Result<void> plan_outputs(Site& s, BuildRun& run, const fs::path& out) {
  auto opened = Sink::open(out, s.cache->live);
  if (!opened) return opened.error();
  run.sink = std::move(*opened);
  run.sj = site_json(s, false);
  if (s.config.english) run.sj_en = site_json(s, true);
  auto& page_of_item = run.page_of_item;
  for (const auto& p : s.pages)
    if (p.published)
      for (const Item* it : p.items) page_of_item[it->id] = &p;

  // Every file the build will write, known before rendering so each page's local links are checked as it
  // is rendered, in memory.
  auto& planned = run.planned;
  planned = {"oit/index.html", "sitemap/index.html", "404.html", "oit.json", "itas.csv", "sitemap.xml", "robots.txt"};
  for (const auto& p : s.pages)
    if (p.published) {
      planned.insert(p.route + "index.html");
      if (!p.english && p.src.kind == PageKind::Section && p.src.dir == s.config.feed_section) planned.insert(p.route + "feed.xml");
    }
  planned.insert(s.plan.assets.begin(), s.plan.assets.end());
  for (const auto& [rel, table] : s.csv) planned.insert(rel.substr(0, rel.size() - 4) + ".json");
  planned.insert(s.theme_static.begin(), s.theme_static.end());
  for (const auto& e : run.emitted) {
    for (const auto& f : e.files) planned.insert(f.path);
    for (const auto& pg : e.pages) planned.insert(pg.route + "index.html");
  }
  return {};
}

void find_dirty_pages(Site& s, BuildRun& run) {
  const auto& planned = run.planned;
  // A page's output is determined by its context, its templates and the set of files its links may name.
  uint64_t planned_digest = 0;
  for (const auto& f : planned) planned_digest = hash_bytes(f, planned_digest);
  auto& template_digest = run.template_digest;
  for (const auto& [name, h] : s.template_hash) {
    uint64_t d = planned_digest;
    for (const auto& dep : s.env.dependencies(name)) d = hash_mix(d, s.template_hash.count(dep) ? s.template_hash.at(dep) : 0);
    template_digest[name] = d;
  }
  auto digest_of = [](const SiteJson& j) {
    return hash_bytes(j.site.dump(), hash_bytes(j.agency.dump(), hash_bytes(j.oit.dump(), hash_bytes(j.strings.dump(), hash_bytes(j.menu.dump())))));
  };
  run.site_digest = hash_mix(digest_of(run.sj), digest_of(run.sj_en));
  const uint64_t site_digest = run.site_digest;

  // Which pages can have a new context since the live site was built. A page's context holds its own
  // front matter, content key and attachments (sizes), its children's summaries, its ancestors' titles
  // (breadcrumbs), its translation's route; everything else in it is in `structure`. So with the structure
  // unchanged, a page whose source, Markdown or attachments changed (or its Thai original's, for an English
  // page) makes itself, its parent and its descendants "dirty", and only dirty pages need their context made
  // to compare keys: the others keep their live output as it is.
  uint64_t& structure = run.structure;
  structure = hash_mix(hash_mix(planned_digest, site_digest), s.pages.size());
  for (const auto& [name, d] : template_digest) structure = hash_bytes(name, hash_mix(structure, d));
  for (const auto& item : s.criteria.items) structure = hash_bytes(item.title, hash_bytes(item.id, structure));
  for (const auto& p : s.pages) {
    structure = hash_mix(structure, (uint64_t(p.published) | uint64_t(p.fallback) << 1) + (uint64_t(p.src.parent + 1) << 2));
    for (const Item* it : p.items) structure = hash_bytes(it->id, structure);
  }
  const auto& changed_paths = s.cache->changed_since_publish;
  auto& dirty = run.dirty;
  dirty.assign(s.pages.size(), 0);
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
  run.reuse_contexts = s.cache->structure == structure && run.sink->in_place();
}

Result<void> render_pages(Site& s, BuildRun& run) {
  const LinkPlan links{&run.planned, s.config.base_url, s.base_path};
  Progress progress("oit build", "pages", s.pages.size());
  return parallel_for(s.pages.size(), s.opt.jobs, [&](size_t i) -> Result<void> {
    const Page& p = s.pages[i];
    if (!p.published) return {};
    const std::string rel = p.route + "index.html";
    if (run.reuse_contexts && !run.dirty[i] && run.sink->keep(rel, std::nullopt)) {
      ++run.kept;
      progress.add();
      return {};
    }
    // The key covers the page's context (its content by content_key) and the site-wide parts (site_digest).
    json pj = page_json(s, p, false);
    const uint64_t key = hash_mix(hash_mix(hash_bytes(pj.dump(), run.site_digest), p.content_key),
                                  run.template_digest[template_for(s, pj)]);
    if (run.sink->keep(rel, key)) {
      ++run.kept;
      progress.add();
      return {};
    }
    if (p.content_html) pj["content"] = *p.content_html;
    auto ctx = context_for(s, p.english ? run.sj_en : run.sj, std::move(pj), p.file);
    if (!ctx) return ctx.error();
    auto html = s.env.render(ctx->second, ctx->first, p.file);
    if (!html) return html.error();
    std::vector<std::string> ids;
    for (const Item* it : p.items) ids.push_back(it->id);
    std::string doc = inject_head(std::move(*html), oit_meta_tags({ids, p.meta->fiscal_year.value_or(0),
                                                                    p.updated ? to_iso(*p.updated) : ""}));
    if (auto r = check_local_links(links, doc, p.route, p.file, *p.links); !r) return r;
    auto w = run.sink->write(rel, doc, key);
    if (!w) return w;
    ++run.written;
    progress.add();
    return {};
  });
}

Result<void> render_generated_pages(Site& s, BuildRun& run) {
  const LinkPlan links{&run.planned, s.config.base_url, s.base_path};
  // Pages oit generates.
  // Keyed like the content pages, so an unchanged one (the site map of 10,000 pages, a dataset page) is
  // not rendered again when rebuilding in place.
  // `extra_key`, when given, stands for the `extra` context, which is then made only if the page is rendered.
  auto generated = [&](std::string kind, std::string title, std::string route, const std::function<json()>& make_extra,
                       uint64_t extra_key = 0) -> Result<void> {
    json page = base_page_json(s, kind, title, route);
    page["breadcrumbs"] = json::array({{{"title", run.sj.site["title"]}, {"url", s.url("")}}});
    const std::string rel = route.empty() || route.back() == '/' ? route + "index.html" : route;
    json extra;
    if (!extra_key) extra = make_extra(), extra_key = hash_bytes(extra.dump());
    const uint64_t key = hash_mix(hash_mix(extra_key, hash_bytes(page.dump(), run.site_digest)), run.template_digest[template_for(s, page)]);
    if (run.sink->keep(rel, key)) {
      ++run.generated_kept;
      return {};
    }
    if (extra.is_null()) extra = make_extra();
    auto html = render_with(s, run.sj, std::move(page), "(" + kind + " page)", std::move(extra));
    if (!html) return html.error();
    if (auto r = check_local_links(links, *html, route, "(" + kind + " page)", {}); !r) return r;
    ++run.written;
    return run.sink->write(rel, *html, key);
  };
  json hub = hub_json(s, run.page_of_item);
  s.summary.oit_items_total = hub["items_total"];
  s.summary.oit_items_present = hub["items_present"];
  if (s.criteria.provisional) s.summary.round_notice = round_notices(s.criteria, "the round in site.toml", today_bangkok()).front();
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
  // the tree are in `run.structure`), it is not even assembled while they stay the same.
  uint64_t smap_key = run.structure | 1;
  for (size_t i = 0; i < s.thai_pages; ++i) {
    smap_key = hash_bytes(s.pages[i].meta->title, smap_key);
    for (int c : s.pages[i].children) smap_key = hash_mix(smap_key, static_cast<uint64_t>(c));
  }
  if (auto r = generated("sitemap", "แผนผังเว็บไซต์", "sitemap/", site_map, smap_key); !r) return r.error();
  if (auto r = generated("404", "ไม่พบหน้าที่ต้องการ", "404.html", [] { return json::object(); }); !r) return r.error();
  for (auto& e : run.emitted) {
    for (auto& pg : e.pages)
      if (auto r = generated(pg.kind, pg.title, pg.route, [&] { return std::move(pg.context); }); !r) return r.error();
    for (auto& f : e.files)
      if (auto r = run.sink->write(f.path, f.data(), f.key); !r) return r.error();
  }
  for (const auto& item : s.criteria.items)
    if (!run.page_of_item.count(item.id))
      s.summary.warnings.push_back({{"site.toml", 0, 0}, "OIT item " + item.id + " (" + item.title + ") has no page: it is shown as missing on /oit/"});
  return {};
}

Result<void> copy_files(Site& s, BuildRun& run) {
  Sink& sink = *run.sink;
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
  return {};
}

Result<void> write_machine_outputs(Site& s, BuildRun& run) {
  Sink& sink = *run.sink;
  const auto& page_of_item = run.page_of_item;
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

  // sitemap.xml, robots.txt and the feed are templates of the theme (the default theme's, unless the site's
  // theme has its own). Their text comes XML-escaped (xml_escape), so the templates print it `| safe`. Characters
  // XML 1.0 cannot hold, which make the whole file unreadable: those a source file put in a page's title or summary
  // are refused with their position (check_xml_text) before any XML is written, any other (site.toml escapes) is
  // stripped by xml_escape.
  // A page and its English twin list each other (and themselves) as xhtml:link alternates; English
  // fallbacks are left out (their canonical page is the Thai one).
  json urls = json::array();
  auto sm_entry = [&](const std::string& route, const std::optional<Date>& lastmod, const Page* pair = nullptr) {
    json u = {{"loc", xml_escape(s.abs_url(route))}, {"lastmod", lastmod ? json(to_iso(*lastmod)) : json(nullptr)}};
    if (pair) {
      const Page& th = pair->english ? s.pages[pair->translation] : *pair;
      const Page& en = pair->english ? *pair : s.pages[pair->translation];
      u["th"] = xml_escape(s.abs_url(th.route));
      u["en"] = xml_escape(s.abs_url(en.route));
    }
    urls.push_back(std::move(u));
  };
  for (const auto& p : s.pages) {
    const bool twins = p.translation >= 0 && !(p.english ? p : s.pages[p.translation]).fallback;
    if (p.published && !p.fallback) sm_entry(p.route, p.updated, twins ? &p : nullptr);
  }
  sm_entry("oit/", s.newest);
  sm_entry("sitemap/", std::nullopt);
  for (const auto& e : run.emitted)
    for (const auto& pg : e.pages) sm_entry(pg.route, std::nullopt);
  auto smx = s.env.render("sitemap.xml", json{{"bilingual", static_cast<bool>(s.config.english)}, {"urls", std::move(urls)}}, "sitemap.xml");
  if (!smx) return smx.error();
  if (auto r = sink.write("sitemap.xml", *smx); !r) return r.error();
  if (!sink.exists("robots.txt")) {
    auto robots = s.env.render("robots.txt", json{{"sitemap_url", s.abs_url("sitemap.xml")}}, "robots.txt");
    if (!robots) return robots.error();
    if (auto r = sink.write("robots.txt", *robots); !r) return r.error();
  }

  // Atom feed of the news section, newest first, capped.
  for (const auto& p : s.pages) {
    if (!p.published || p.english || p.src.kind != PageKind::Section || p.src.dir != s.config.feed_section) continue;
    std::vector<const Page*> entries;
    for (int c : p.children)
      if (s.pages[c].meta->date) entries.push_back(&s.pages[c]);
    std::stable_sort(entries.begin(), entries.end(), [](const Page* a, const Page* b) { return *a->meta->date > *b->meta->date; });
    if (entries.size() > static_cast<size_t>(s.config.feed_limit)) entries.resize(s.config.feed_limit);
    json feed = {{"lang", xml_escape(s.config.language)},
                 {"title", xml_escape(p.meta->title + " | " + s.config.title)},
                 {"id", xml_escape(s.abs_url(p.route))},
                 {"self", xml_escape(s.abs_url(p.route + "feed.xml"))},
                 {"updated", entries.empty() ? "1970-01-01" : to_iso(*entries.front()->updated)},
                 {"author", xml_escape(s.config.agency.name)}};
    json list = json::array();
    for (const Page* e : entries)
      list.push_back({{"title", xml_escape(e->meta->title)},
                      {"id", xml_escape(s.abs_url(e->route))},
                      {"published", to_iso(*e->meta->date)},
                      {"updated", to_iso(*e->updated)},
                      {"summary", xml_escape(e->meta->summary)}});
    auto atom = s.env.render("feed.xml", json{{"feed", std::move(feed)}, {"entries", std::move(list)}}, p.route + "feed.xml");
    if (!atom) return atom.error();
    if (auto r = sink.write(p.route + "feed.xml", *atom); !r) return r.error();
  }
  return {};
}

Result<void> publish(Site& s, BuildRun& run, BuildCache& cache, StageTimer& timer) {
  Sink& sink = *run.sink;
  // Everything written must be what was planned: the link check above relied on it.
  auto outputs = sink.paths();
  for (const auto& o : outputs)
    if (!run.planned.count(o)) return make_error({o, 0, 0}, "internal error: output not in the plan");

  timer.done("files");
  s.summary.pages = run.written.load() + static_cast<int>(run.kept.load()) + run.generated_kept;
  s.summary.files = static_cast<int>(outputs.size());
  s.summary.out = sink.target();
  cache.reuse.pages_kept = run.kept;
  cache.reuse.pages_rendered = static_cast<size_t>(run.written.load());
  cache.reuse.files_written = sink.files_written();
  if (auto r = sink.commit(); !r) return r.error();
  cache.structure = run.structure;
  cache.changed_since_publish.clear();
  cache.pending_changes.clear();
  return {};
}

}  // namespace oit::site_build
