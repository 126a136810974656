// `oit check`: given its options (read from the command line by cli/check_args.h), finds what to audit
// (a built folder with its oit.json, a deployed site, an ITAS sheet), crawls it (item pages, their attachments, the same-site pages they link to,
// and every link on those), audits it and writes the report.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/thai_date.h"
#include "checks/audit.h"
#include "checks/manifest.h"
#include "checks/report.h"

namespace oit {

struct CheckOptions {
  std::string target = "public/";  // folder or http(s) URL
  int round = 0;                   // 0: from the manifest, else the FY of as_of
  std::optional<Date> as_of;       // default today in Bangkok
  std::string itas;                // ITAS sheet (CSV item,url)
  ReportFormat format = ReportFormat::Text;
  std::string output;              // "" = stdout
  std::string previous;            // an earlier JSON report of the site: the report says what changed
  bool offline = false;
  bool no_external = false;        // leave links to other sites unchecked (CI without network)
  int concurrency = 16;
  double timeout_s = 20;
  double deadline_s = 900;         // the whole crawl
  int per_host = 6;
  int delay_ms = 0;                // politeness gap per host
  std::vector<std::string> resolve;  // HOST:PORT:ADDR
  std::string cache;               // results cache file for external URLs
  long cache_age_s = 86400;
  int depth = 1;                   // URL targets: levels of same-site pages followed from the items
  int max_pages = 20000;           // URL targets: pages read at most
  std::string base_url;            // the main website, when it cannot be read from the target
  std::optional<ItaScores> ita;    // --iit, --eit1, --eit2 (all three or none): the projected ITA total and tier
};

// Runs `oit check` with options already read and checked (cli/check_args.h). Prints the report to stdout
// (or the output file) and notes to stderr. Returns 0 all items pass and no link is broken, 1 something
// fails, 2 unreadable input.
int run_check_command(const CheckOptions& options);

// An ITAS sheet: CSV with a header naming `item` and `url` columns (others ignored).
// Returns item code (as written, upper-cased) → URL ("" when the cell is empty), in file order.
Result<std::vector<std::pair<std::string, std::string>>> parse_itas_sheet(std::string_view csv, const std::string& file);

}  // namespace oit
