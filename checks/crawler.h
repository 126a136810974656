// The crawl of `oit check`: item pages first, then every page of the folder (folder targets) or the
// same-site pages linked within --depth (URL targets), then the status of everything else linked.
// Answers come through Source (source.h): the built folder for the URLs it covers, the remote source
// (HTTP, with the results cache on top) for the rest, nothing at all for URLs the options leave out.
#pragma once
#include <chrono>
#include <climits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/progress.h"
#include "checks/audit.h"
#include "checks/source.h"

namespace oit {

struct CrawlOptions {
  bool offline = false;      // nothing is asked of the remote source
  bool no_external = false;  // links to other websites are not asked about
  int depth = 1;             // URL targets: levels of same-site pages followed from the items
  int max_pages = 20000;     // URL targets: pages read at most
  unsigned jobs = 0;         // threads parsing pages (0: every core)
};

class Crawler {
 public:
  // `folder`: the built folder (folder targets; its pages are all read, its links not followed for
  // more), or null. `remote`: answers what the folder does not cover; never asked when offline.
  // `deadline` bounds the whole audit. `progress` (may be null) counts the answers the crawler makes
  // or reads from the folder; the remote source counts its own.
  Crawler(CrawlOptions options, SiteData& site, Source* folder, Source& remote,
          std::chrono::steady_clock::time_point deadline, Progress* progress = nullptr);

  // Item pages first (so the pages they link to are known before the rest is read), then the rest.
  void run(const std::vector<std::string>& item_urls, const std::vector<std::string>& other_pages);

  // Bodies of URLs outside the crawl (open-data files), the way the crawl gets them and within its bound.
  std::vector<FetchResult> get(const std::vector<std::string>& urls);

 private:
  struct State {
    bool body = false;     // GET wanted (a page to read, a document to check)
    bool fetched = false;
    int depth = INT_MAX;   // link distance from the items
    bool item = false;
  };
  // An answer not yet stored: parsing HTML is the costly part of a crawl, so it runs on every core.
  struct Answer {
    std::string key;
    Url url;
    FetchResult result;
    std::optional<Page> page;
  };

  bool internal(const Url& u) const;
  std::string not_asked(const Url& u) const;  // why a URL is not asked about at all ("" when it is)
  bool fetch_wave();
  void fetch(const std::vector<std::string>& keys, bool body);
  void read_from(Source& source, const std::vector<std::string>& keys, bool body, bool count_progress);
  void parse(Answer& a, bool body) const;
  void store(const std::string& key, const Url& u, FetchResult r, bool checked, std::optional<Page> page);
  void read_page(const std::string& key, const Url& u, const State& st, SiteResource& res, Page page);
  void follow_links(const Url& base, const State& st, const Page& page);

  CrawlOptions o_;
  SiteData& site_;
  Source* folder_;
  Source& remote_;
  std::chrono::steady_clock::time_point deadline_;  // of the whole crawl
  Progress* progress_;
  std::map<std::string, State> state_;
  std::set<std::string> keep_;
  size_t pages_read_ = 0;
};

// Whether a resource is read as an HTML page: by its media type, else (no Content-Type) by its
// extension and first bytes; never under a document's name (a soft-404 page there is a problem).
bool crawl_reads_as_html(const FetchResult& r, const Url& u);

}  // namespace oit
