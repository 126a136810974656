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
      std::string path = percent_decode(u.substr(0, cut));
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

}  // namespace oit::site_build
