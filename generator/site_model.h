// The read-only view of a loaded site that output stages beyond the pages use (open data, search index).
// Each stage is an Emitter: given the site, it returns extra files and extra pages; the build writes them,
// renders the pages through the theme and checks their links like every other page.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "generator/config.h"
#include "generator/content.h"
#include "core/criteria.h"
#include "core/csv.h"
#include "core/error.h"
#include "generator/frontmatter.h"
#include "core/thai_date.h"

namespace oit {

struct PageView {
  std::string file;   // "content/news/a.md"
  std::string rel;    // "news/a.md" (under content/)
  std::string dir;    // content folder of the page file ("news")
  std::string route;  // "news/a/" ("" for the home page)
  PageKind kind = PageKind::Page;
  const PageMeta* meta = nullptr;             // title, summary, date, fiscal_year, …
  std::optional<Date> updated;                // `updated`, else `date`
  std::vector<std::string> item_ids;          // OIT items this page stands for ("O12")
  std::vector<std::string> attachments;       // content paths of the files published beside it
  const std::string* content_html = nullptr;  // the rendered Markdown body
  // Changes whenever content_html or the page's front matter may have changed: an emitter that keeps
  // per-page work between builds (oit serve runs many) can reuse it while the key is the same.
  uint64_t content_key = 0;
};

// Where output stages keep work between builds of one Builder (oit serve rebuilds many times): each stage
// owns the slot under its name, created empty on first use; it must always ask for the same type.
class StageMemo {
 public:
  template <class T>
  T& slot(std::string_view stage) {
    std::shared_ptr<void>& p = slots_[std::string(stage)];
    if (!p) p = std::make_shared<T>();
    return *std::static_pointer_cast<T>(p);
  }

 private:
  std::map<std::string, std::shared_ptr<void>> slots_;
};

struct SiteModel {
  const SiteConfig* config = nullptr;
  const Criteria* criteria = nullptr;
  std::filesystem::path content_dir;
  std::string base_path;                              // "/" or "/sub/"
  std::vector<PageView> pages;                        // published pages, in content order
  const std::map<std::string, CsvTable>* tables = nullptr;  // every CSV under content/, by content path
  std::vector<std::string> sidecars;                  // content paths of *.dataset.toml files (not published)
  StageMemo* memo = nullptr;                          // the Builder's; none for a stage run on its own
  unsigned jobs = 0;                                  // threads a stage may use (the build's --jobs); 0 = one per core

  std::string url(std::string_view route) const;      // "/news/a/": base path + percent-encoded route
  std::string abs_url(std::string_view route) const;  // "https://www.example.go.th/news/a/"
};

struct ExtraFile {
  std::string path;  // output path, '/'-separated ("opendata/catalog.jsonld")
  std::string bytes;
  // A stage that keeps its files between builds (the search index) hands them over shared instead of in
  // `bytes`, with a key naming their content, so an unchanged file is neither copied nor hashed again.
  std::shared_ptr<const std::string> shared{};
  uint64_t key = 0;  // 0: none (the build hashes the bytes)
  const std::string& data() const { return shared ? *shared : bytes; }
};

struct ExtraPage {
  std::string route;        // "opendata/" → opendata/index.html
  std::string kind;         // template name without .html ("opendata"); also page.kind
  std::string title;
  nlohmann::json context = nlohmann::json::object();  // merged into the template context at top level
};

struct Emitted {
  std::vector<ExtraFile> files;
  std::vector<ExtraPage> pages;
  std::vector<Warning> warnings;
};

using Emitter = Result<Emitted> (*)(const SiteModel&);

// The output stages, in the order they run (generator/emitters.cpp).
const std::vector<std::pair<std::string_view, Emitter>>& output_emitters();

}  // namespace oit
