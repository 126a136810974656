// `oit build`: site.toml + content/ + theme → a complete static site, published atomically.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "thai_date.h"

namespace oit {

struct BuildOptions {
  std::filesystem::path source = ".";    // folder with site.toml, content/, themes/
  std::filesystem::path out;             // default: <source>/public
  bool drafts = false;                   // publish drafts and future-dated pages too
  std::optional<Date> today;             // "now" for future-dated pages; default today in Bangkok
  unsigned jobs = 0;                     // render threads; 0 = one per core
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
  std::vector<SkippedPage> skipped;
  std::vector<Warning> warnings;
  std::filesystem::path out;
};

Result<BuildSummary> build_site(const BuildOptions& options);

}  // namespace oit
