#include "checks/check_command.h"
#include "core/text.h"

#include <unistd.h>

#include "core/control_chars.h"
#include "core/source_file.h"
#include "core/progress.h"
#include "checks/address_policy.h"
#include "checks/crawler.h"
#include "checks/opendata_check.h"
#include "checks/report_file.h"
#include "checks/unchecked.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <thread>
#include <chrono>
#include <climits>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace oit {
namespace fs = std::filesystem;

namespace {

bool is_url_target(std::string_view t) { return t.starts_with("http://") || t.starts_with("https://"); }

// ---------------------------------------------------------------------------------------------

std::vector<std::string> html_files(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string ext = ascii_lower(it->path().extension().string());
    if (ext == ".html" || ext == ".htm") out.push_back(fs::relative(it->path(), root, ec).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The origin + path most of the sheet's URLs share a registered domain with.
std::string guess_base(const std::vector<std::pair<std::string, std::string>>& sheet) {
  std::map<std::string, std::pair<int, std::string>> counts;  // registered domain → (count, first origin)
  for (const auto& [id, url] : sheet) {
    auto u = parse_url(url);
    if (!u || !u->is_http()) continue;
    auto& c = counts[registered_domain(u->host)];
    if (c.first++ == 0) c.second = u->origin() + "/";
  }
  std::string best;
  int n = 0;
  for (const auto& [dom, c] : counts)
    if (c.first > n) n = c.first, best = c.second;
  return best;
}

// "oit check: file:line:col: message" (or without a position), then the hint.
std::string describe(const Error& e) {
  if (!e.pos.file.empty()) return "oit check: " + e.str();
  std::string s = "oit check: " + printable(e.message);
  if (!e.hint.empty()) s += "\n  hint: " + printable(e.hint);
  return s;
}

int fail_input(const Error& e) {
  std::cerr << describe(e) << "\n";
  return 2;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<std::vector<std::pair<std::string, std::string>>> parse_itas_sheet(std::string_view csv, const std::string& file) {
  PageTable t = parse_csv_table(csv);
  int item_col = -1, url_col = -1;
  for (size_t i = 0; i < t.headers.size(); ++i) {
    std::string h = ascii_lower(t.headers[i]);
    if (h == "item" && item_col < 0) item_col = static_cast<int>(i);
    if (h == "url" && url_col < 0) url_col = static_cast<int>(i);
  }
  if (item_col < 0 || url_col < 0)
    return make_error({file, 1, 1}, "the ITAS sheet needs a header row with `item` and `url` columns",
                      "write the first line as: item,url");
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    std::string id = static_cast<size_t>(item_col) < row.size() ? row[static_cast<size_t>(item_col)] : "";
    std::string url = static_cast<size_t>(url_col) < row.size() ? row[static_cast<size_t>(url_col)] : "";
    if (id.empty() && url.empty()) continue;
    if (id.empty()) return make_error({file, static_cast<int>(r) + 2, 1}, "row without an item code", "fill in the `item` column, e.g. O12");
    if (!url.empty() && !is_url_target(url))
      return make_error({file, static_cast<int>(r) + 2, url_col + 1}, "not an http(s) URL: \"" + url + "\"",
                        "write the full URL the agency submits, starting with https://");
    out.emplace_back(ascii_upper(id), url);
  }
  return out;
}

int run_check_command(const CheckOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto deadline = t0 + std::chrono::milliseconds(static_cast<long long>(o.deadline_s * 1000));
  const Date as_of = o.as_of ? *o.as_of : today_bangkok();
  const bool url_mode = is_url_target(o.target);
  auto policy = std::make_shared<AddressPolicy>(url_mode ? o.target : "", o.resolve);

  // --- a wrong -o or --previous fails before a long crawl
  if (!o.output.empty())
    if (auto target = report_file_writable(o.output); !target) return fail_input(target.error());
  std::optional<AuditReport> previous;
  std::string previous_text;
  if (!o.previous.empty()) {
    auto text = read_source_file(o.previous, o.previous, SourceKind::Report);
    if (!text) return fail_input(text.error());
    previous_text = std::move(*text);
    auto p = parse_report_json(previous_text, o.previous);
    if (!p) return fail_input(p.error());
    previous = std::move(p).value();
    if (o.format == ReportFormat::Json || o.format == ReportFormat::Junit)
      std::cerr << "oit check: note: --previous changes the text, markdown and html reports only; this "
                << (o.format == ReportFormat::Json ? "json" : "junit") << " report is as without it\n";
  }

  // --- what to audit: manifest and/or ITAS sheet
  std::optional<Manifest> manifest;
  std::optional<LocalSite> local;
  if (url_mode) {
    Url t = *parse_url(o.target);
    if (t.path.empty() || t.path.back() != '/') t.path = t.path.substr(0, t.path.rfind('/') + 1);
    FetchOptions fo;
    fo.timeout_s = o.timeout_s;
    fo.resolve = o.resolve;
    fo.refuse_connection = connection_guard(policy);
    fo.max_body = fo.max_page_body = 1u << 20;  // a manifest of 28 items is a few KB; JSON grows ~10x in memory
    Fetcher f(fo);
    // The manifest beside the target, else at the site's root.
    std::vector<FetchRequest> candidates = {{t.origin() + t.path + "oit.json", Method::Get}};
    if (t.path != "/") candidates.push_back({t.origin() + "/oit.json", Method::Get});
    auto r = f.fetch_all(candidates, deadline);
    for (const auto& c : r) {
      if (!c.ok()) continue;
      auto m = parse_manifest(c.body, c.url);
      if (m) {
        manifest = std::move(m).value();
        break;
      }
      std::cerr << describe(m.error()) << " (ignored)\n";
    }
    if (!manifest && r[0].status == 0 && o.itas.empty())
      return fail_input(make_error({}, "cannot reach " + o.target + ": " + r[0].error, "check the URL, or --resolve"));
  } else {
    std::error_code ec;
    if (!fs::is_directory(o.target, ec))
      return fail_input(make_error({o.target, 0, 0}, "no such folder",
                                   "build the site first (`oit build`), or give the folder or URL to check"));
    const fs::path manifest_file = fs::path(o.target) / "oit.json";
    if (fs::exists(fs::symlink_status(manifest_file, ec))) {  // no oit.json: a site oit did not build
      auto text = read_source_file(manifest_file, manifest_file.string(), SourceKind::Manifest);
      if (!text) return fail_input(text.error());
      auto m = parse_manifest(*text, manifest_file.string());
      if (!m) return fail_input(m.error());
      manifest = std::move(m).value();
    }
  }
  std::vector<std::pair<std::string, std::string>> sheet;
  if (!o.itas.empty()) {
    auto text = read_source_file(o.itas, o.itas, SourceKind::ItasSheet);
    if (!text) return fail_input(text.error());
    auto s = parse_itas_sheet(*text, o.itas);
    if (!s) return fail_input(s.error());
    sheet = std::move(s).value();
  }
  if (!manifest && o.itas.empty())
    return fail_input(make_error({o.target, 0, 0}, "no oit.json here: this is not a site built by oit",
                                 "give the agency's submitted URLs with --itas FILE (CSV with header item,url)"));

  // --- round and criteria
  int round = o.round ? o.round : manifest && manifest->round ? manifest->round : 0;
  std::string why = o.round ? "--round" : round ? "the round oit.json was built for" : "";
  if (!round) {
    auto rounds = embedded_rounds();
    int fy = fiscal_year_be(as_of);
    bool known = std::find(rounds.begin(), rounds.end(), fy) != rounds.end();
    round = known ? fy : rounds.empty() ? fy : rounds.back();
    why = known ? "fiscal year of " + to_iso(as_of)
                : "the newest round built in (none for fiscal year " + std::to_string(fy) + ")";
  }
  auto criteria = load_criteria(round);
  if (!criteria) return fail_input(criteria.error());
  for (const auto& line : round_notices(*criteria, why, as_of)) std::cerr << "oit check: " << line << "\n";

  // --- the main website, and where the folder or the test server stands in for it
  std::string base_text = !o.base_url.empty() ? o.base_url : url_mode ? o.target : manifest && !manifest->base_url.empty() ? manifest->base_url : guess_base(sheet);
  auto base = parse_url(base_text);
  if (!base || !base->is_http())
    return fail_input(make_error({}, "cannot tell the agency's main website", "give it with --base-url https://www.agency.go.th/"));
  if (base->path.empty() || base->path.back() != '/') base->path = base->path.substr(0, base->path.rfind('/') + 1);
  SiteData site;
  site.base = *base;
  if (url_mode && manifest && !manifest->base_url.empty()) {
    auto built_for = parse_url(manifest->base_url);
    if (built_for && built_for->str() != base->str()) {
      site.alias_from = built_for->str();
      site.alias_to = base->str();
    }
  }
  // --- the earlier report must be of this site and round; known now, still before the crawl
  const std::string agency = manifest ? manifest->site_title : std::string();
  if (previous) {
    AuditReport now;
    now.round = round;
    now.target = o.target;
    now.base_url = site.site_url();
    now.agency = agency;
    if (auto same = check_comparable(*previous, now, previous_text, o.previous); !same) return fail_input(same.error());
    if (previous->base_url.empty())
      std::cerr << "oit check: note: " << o.previous << " does not name its website (written by an older oit), so "
                << "it cannot be told apart from a report of another site; compared as a report of " << now.base_url << "\n";
  }
  if (!url_mode) {
    Url folder_base = *base;
    if (manifest && !manifest->base_url.empty())
      if (auto b = parse_url(manifest->base_url)) folder_base = *b;
    local.emplace(fs::path(o.target), folder_base);
  }

  // --- item URLs: the sheet wins over the manifest
  std::map<std::string, std::string> item_urls;
  if (!sheet.empty() || !o.itas.empty()) {
    for (const auto& [id, url] : sheet) {
      const Item* it = criteria->find(id);
      if (!it) {
        std::cerr << "oit check: warning: " << o.itas << ": no item " << id << " in round " << round << "; ignored\n";
        continue;
      }
      item_urls[it->id] = url;
    }
  } else {
    std::optional<Criteria> built_for;
    if (manifest->round && manifest->round != round)
      if (auto c = load_criteria(manifest->round)) built_for = std::move(c).value();
    item_urls = manifest_item_urls(*manifest, *criteria, built_for ? &*built_for : nullptr);
  }

  // --- crawl
  std::optional<FetchCache> cache;
  bool cache_ours = true;  // false: the file is not a results cache; it must not be overwritten
  if (!o.cache.empty() && !o.offline) {
    std::string problem;
    cache = FetchCache::load(o.cache, &problem, &cache_ours);
    if (!problem.empty())
      std::cerr << "oit check: warning: " << o.cache << ": the results cache is " << problem << "; ignored"
                << (cache_ours ? " (this run's results replace it)" : " and left as it is (give --cache a file of its own)") << "\n";
  }
  // Links checked so far on a terminal; silent in CI logs and pipes.
  auto progress = std::make_unique<Progress>("oit check", "links", 0);
  FetchOptions fo;
  fo.on_answer = [&progress] {
    if (progress) progress->add();
  };
  fo.concurrency = o.concurrency;
  fo.per_host = o.per_host;
  fo.politeness_ms = o.delay_ms;
  fo.timeout_s = o.timeout_s;
  fo.resolve = o.resolve;
  fo.refuse_connection = connection_guard(policy);
  HttpSource http(fo);
  // External links only: the site's own pages change with every build.
  std::optional<CachedSource> cached;
  if (cache)
    cached.emplace(http, *cache, std::chrono::seconds(o.cache_age_s),
                   [&site](const std::string& url) {
                     auto u = parse_url(url);
                     return u && !same_site(*u, site.base);
                   },
                   [&progress] {
                     if (progress) progress->add();
                   });
  // Parsing threads: every core, at most 8 (memory grows with pages parsed at once).
  const unsigned parse_jobs = std::min(std::max(1u, std::thread::hardware_concurrency()), 8u);
  std::optional<FolderSource> folder;
  if (local) folder.emplace(*local, parse_jobs);
  CrawlOptions co;
  co.offline = o.offline;
  co.no_external = o.no_external;
  co.depth = o.depth;
  co.max_pages = o.max_pages;
  co.jobs = parse_jobs;
  Crawler crawler(co, site, folder ? &*folder : nullptr, cached ? static_cast<Source&>(*cached) : http, deadline,
                  progress.get());
  std::vector<std::string> seeds, others;
  for (const auto& [id, url] : item_urls) {
    if (url.empty()) continue;
    auto u = parse_url(url);
    if (u && u->is_http()) seeds.push_back(site.map(u->str()));
  }
  if (local) {
    for (const auto& rel : html_files(local->root())) others.push_back(local->url_for(rel));
  } else {
    others.push_back(site.base.str());
  }
  crawler.run(seeds, others);
  progress.reset();  // clears the progress line before the report

  // --- open data (beyond the OIT): the site's DCAT catalogue and the files of every dataset
  OpenDataInput odi;
  std::string site_root = local ? local->base().str() : site.base.str();
  odi.catalog_url = site_root + "catalog.jsonld";
  odi.turtle_url = site_root + "catalog.ttl";
  odi.over_http = !local;
  odi.get = [&crawler](const std::vector<std::string>& urls) { return crawler.get(urls); };
  odi.map = [&site](const std::string& u) { return site.map(u); };
  auto open_data = check_open_data(odi);
  if (cache && cache_ours) {
    if (auto saved = cache->save(o.cache); !saved) std::cerr << describe(saved.error()) << "\n";
  }

  // --- audit and report
  AuditInput in;
  in.criteria = &*criteria;
  in.as_of = as_of;
  in.target = o.target;
  in.agency = agency;
  in.item_urls = item_urls;
  in.site = &site;
  AuditReport report = audit(in);
  if (o.ita) apply_ita_scores(report.summary, *o.ita);
  report.open_data = std::move(open_data);
  fail_items_left_unchecked(report, site);
  const auto unchecked = find_unchecked(site);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  ReportOptions ro;
  ro.color = o.output.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  ro.previous = previous ? &*previous : nullptr;
  ro.unchecked = &unchecked;
  std::string text = render_report(report, o.format, ro);
  if (o.output.empty()) {
    std::cout << text << std::flush;
  } else {
    if (auto written = write_report_file(o.output, text); !written) return fail_input(written.error());
  }
  char stats[256];
  std::snprintf(stats, sizeof stats, "oit check: %zu pages read, %d links checked, %zu HTTP requests in %.2f s (%.0f links/s)\n",
                site.pages.size(), report.summary.links_checked, http.requests(), secs,
                secs > 0 ? report.summary.links_checked / secs : 0.0);
  std::cerr << stats;
  if (!unchecked.empty()) std::cerr << "oit check: " << unchecked_note(unchecked) << "\n";
  return unchecked.empty() ? report.exit_status() : 1;
}

}  // namespace oit
