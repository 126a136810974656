// The stages of `oit build`, in the order Builder::build (build.cpp) runs them, one call each. A page goes
// from content/ to public/ crossing each stage once: listed (2), read (2), given its route and items (3),
// its Markdown made HTML (4), placed among its siblings (5), named in the plan (7), rendered through the
// theme with its links checked (9), listed in the manifest, sitemap.xml and its section's feed (12), and
// published (13). OIT_TIMINGS=1 prints each stage's time to stderr.
#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "generator/build_site.h"

namespace oit::site_build {

// What the stages after the loading hand on to each other.
struct BuildRun {
  std::vector<Emitted> emitted;        // the output stages' files and pages (6)
  std::unique_ptr<Sink> sink;          // where every file goes (7)
  SiteJson sj, sj_en;                  // the site-wide template context, Thai and English (7)
  std::map<std::string, const Page*> page_of_item;  // OIT item id → the published page for it (7)
  std::set<std::string> planned;       // every file the build will write (7)
  std::map<std::string, uint64_t> template_digest;  // template → key of it, its dependencies and the plan (8)
  uint64_t site_digest = 0;            // key of the site-wide context (8)
  uint64_t structure = 0;              // key of all a page's context holds beyond its own sources (8)
  std::vector<char> dirty;             // pages whose context may have changed (8)
  bool reuse_contexts = false;         // the others keep their live output without a context made (8)
  std::atomic<int> written{0};         // pages rendered and written
  std::atomic<size_t> kept{0};         // content pages kept as they were
  int generated_kept = 0;              // generated pages kept as they were
};

// Prints a stage's time when OIT_TIMINGS is set.
class StageTimer {
 public:
  void done(const char* stage);

 private:
  const bool on_ = std::getenv("OIT_TIMINGS") != nullptr;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// 0. start: the options, and which content files changed since this Builder's last build (all, without one).
void begin_build(Site& s, const BuildOptions& options, BuildCache& cache, const std::vector<std::string>* changed);
// 1. config: site.toml, the round's criteria, the theme's templates and strings.        load_config, load_theme
// 2. pages: content/ listed, every page's front matter read, what is published decided. load_pages
// 3. resolve: items and routes one-to-one; every CSV read; attachments' stamps noted.    resolve
Result<void> resolve(Site& s);
// 4. markdown: each page's body to HTML (kept from the last build where its key is unchanged). render_markdown_all
// 5. sections: children ordered (newest first), the site's update date.
void order_sections(Site& s);
// 6. output stages: open data and the search index make their files and pages (one timing each).
Result<void> run_output_stages(Site& s, BuildRun& run, StageTimer& timer);
// 7. plan: the sink opened, the site-wide context made, every output file named before any is rendered.
Result<void> plan_outputs(Site& s, BuildRun& run, const std::filesystem::path& out);
// 8. invalidation: which pages may have a new context since the live site was built.
void find_dirty_pages(Site& s, BuildRun& run);
// 9. render: every content page through the theme, its links checked against the plan, written.
Result<void> render_pages(Site& s, BuildRun& run);
// 10. generated pages: the OIT hub, the site map, 404, the output stages' pages and files.
Result<void> render_generated_pages(Site& s, BuildRun& run);
// 11. files: attachments, JSON copies of the CSV tables, the theme's static files.
Result<void> copy_files(Site& s, BuildRun& run);
// 12. machine-readable outputs: oit.json, itas.csv, sitemap.xml, robots.txt, the news feed.
Result<void> write_machine_outputs(Site& s, BuildRun& run);
// 13. publish: everything written was planned; the site swapped in (or the changed files written); what
//     the next build reuses remembered.
Result<void> publish(Site& s, BuildRun& run, BuildCache& cache, StageTimer& timer);

}  // namespace oit::site_build
