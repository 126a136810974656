// `oit build`: site.toml + content/ + theme → a complete static site, published atomically.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

struct BuildOptions {
  std::filesystem::path source = ".";    // folder with site.toml, content/, themes/
  std::filesystem::path out;             // default: <source>/public
  bool drafts = false;                   // publish drafts and future-dated pages too
  std::optional<Date> today;             // "now" for future-dated pages; default today in Bangkok
  unsigned jobs = 0;                     // render threads; 0 = one per core
  // Keep the output stages' work (the search index's analyses and postings) for later builds of the same
  // Builder (oit serve). A single build leaves it off and frees that memory as it goes.
  bool remember_stages = false;
};

struct SkippedPage {
  std::string file;    // content/…
  std::string reason;  // "draft" / "dated 2026-01-05 (future)"
};

struct BuildSummary {
  int pages = 0;           // HTML pages written
  int files = 0;           // all files written
  int oit_items_total = 0;
  int oit_items_present = 0;
  std::string round_notice;  // "round 2570 (provisional: …)" when the site's round is provisional, else ""
  std::vector<SkippedPage> skipped;
  std::vector<Warning> warnings;
  std::filesystem::path out;
};

// How much of the previous build a build could reuse (see Builder).
struct BuildReuse {
  size_t sources_read = 0;       // page and CSV files read and parsed (the others were unchanged)
  size_t markdown_rendered = 0;  // pages whose Markdown was rendered
  size_t pages_rendered = 0;     // pages rendered through the theme
  size_t pages_kept = 0;         // pages whose output was already right
  size_t files_written = 0;
};

struct BuildCache;

// Builds a site, then rebuilds it incrementally. The first build() stages the whole site and swaps it in
// atomically. Each later build() of the same Builder re-reads only changed files (by size and mtime),
// re-renders Markdown only where the text, a table it shows or a link target changed, re-renders only the
// pages whose template context or templates changed, and writes only the files whose content changed —
// all collected first, so a failed build leaves the live site as it was. `oit serve` uses one Builder.
class Builder {
 public:
  explicit Builder(BuildOptions options);
  ~Builder();
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  // `changed`, when the caller knows it (oit serve's file watcher): every source path (relative to the
  // source folder, '/'-separated) created, modified or removed since the previous build() of this Builder.
  // When they are all files under content/, the build trusts every other file to be as it was: it neither
  // lists the content folder again nor looks at the other files. Otherwise (or with nullptr) it looks at all.
  Result<BuildSummary> build(const std::vector<std::string>* changed = nullptr);
  const BuildReuse& last_reuse() const;

 private:
  BuildOptions options_;
  std::unique_ptr<BuildCache> cache_;
};

// One full build, published atomically.
Result<BuildSummary> build_site(const BuildOptions& options);

}  // namespace oit
