// The verdict, item by item, from what the crawl collected. Pure logic: the crawl (check_command)
// fills a SiteData; audit() reads it against the round's criteria as of a date. Every rule comes
// from the criteria data (period, coverage, elements and their grades), never from item numbers,
// so a new round is a new data file. Rules graded C only ever warn.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/thai_date.h"
#include "core/criteria.h"
#include "checks/extract.h"
#include "checks/fetch.h"
#include "checks/pdf_text.h"
#include "checks/period_evidence.h"
#include "checks/score.h"
#include "checks/url.h"

namespace oit {

// One URL the crawl looked at (fragment removed), with what it learnt about it.
struct SiteResource {
  FetchResult fetch;                // status, error, redirects, final URL, content type (body dropped)
  bool checked = false;             // false: not looked at (an external URL with --offline)
  bool external = false;            // not on the site's registered domain
  std::optional<Page> page;         // HTML that was read
  std::optional<PdfText> pdf;       // PDF that was read
  std::string pdf_error;            // why a PDF could not be read
  std::optional<PageTable> csv;     // CSV that was read
  // An XLSX or DOCX document that was read (checks/office_text): a workbook's sheets, one table each
  // (caption = sheet name, first non-empty row = headers), or a document's text (one line per paragraph,
  // a table row per line with its cells separated by '\t'). Read for the documents an item's page links to.
  std::vector<PageTable> sheets;
  std::optional<std::string> doc_text;
  std::string office_limit;         // what a bound cut of that reading ("sheets: first 20 of 300 read"), "" if none
  std::string office_error;         // why an XLSX/DOCX (a ZIP) could not be read: damaged, encrypted, no workbook
  std::string content_problem;      // empty body, or a document that is not what its name claims ("" when fine)
  size_t body_bytes = 0;            // bytes of the body read (fetch.truncated: the cap)
};

struct SiteData {
  Url base;                                        // the agency's main website
  std::map<std::string, SiteResource> resources;   // by Url::str() (no fragment)
  std::vector<std::string> pages;                  // pages whose links are checked, in crawl order
  // URLs under alias_from are served at alias_to: a site built for https://www.x.go.th/ audited
  // where it is served now (a test server, a staging host). Empty: no alias.
  std::string alias_from, alias_to;

  std::string map(const std::string& url) const;   // applies the alias
  // The website audited, as reports name it: where a test server stands in for a site (the alias),
  // the site it stands in for, so a staging check and a production check are of the same site.
  std::string site_url() const;
  const SiteResource* find(const std::string& url) const;  // after map()
};

enum class Severity { Error, Warning };
enum class ItemStatus { Pass, Warn, Fail };

struct Finding {
  Severity severity = Severity::Error;
  std::string code;     // missing | unreachable | off-site | wrong-fiscal-year | out-of-period |
                        // missing-element | broken-link | scanned-pdf | too-large
  std::string message;  // Thai, says what was found and what is expected
};

// What was found for an element or a period, so that a person confirms it in seconds: a short quote
// and where it stands. Reports cut the quote to 120 characters and strip control characters (it comes
// from a page nobody vetted).
struct EvidenceQuote {
  std::string quote;  // at most 120 characters
  std::string where;  // "หน้า https://…/o12/ — หัวข้อ 'รายการจัดซื้อจัดจ้าง'" or "เอกสาร https://…/plan.pdf หน้า 3"
  bool ocr = false;   // the text was read by OCR (reports say so): less certain than a text layer
};

// Found: the evidence says it is there. Missing: looked for and not found. Uncertain: a person must
// look (e.g. a scanned PDF). Manual: only a person can judge it.
enum class ElementState { Found, Missing, Uncertain, Manual };

struct ElementResult {
  std::string key, text;  // the criterion's element key and text
  Grade grade = Grade::C;
  ElementState state = ElementState::Manual;
  std::optional<EvidenceQuote> evidence;  // when Found (or Uncertain with a candidate)
  std::string looked_for;                 // when Missing/Uncertain: "คำใดใน: ขั้นตอน, วิธีการ", "รายการลำดับขั้นตอน"
};

struct PeriodResult {
  int expected_fy = 0;                  // BE; 0 when the rule names no single year
  std::vector<EvidenceQuote> evidence;  // each fiscal year found, with where
  std::string verdict;                  // "right" | "wrong" | "unknown" | "" (no rule)
};

struct ItemResult {
  std::string id, title, url;  // url "" when the item has none
  ItemStatus status = ItemStatus::Pass;
  std::vector<Finding> findings;
  // Fiscal years (BE) the item's page or documents name, ascending, whatever the verdict (a page that
  // fails its period shows which year it is about); empty when the item has no fiscal-year rule, its
  // page could not be read, or no year was found.
  std::vector<int> fiscal_years;
  // `{}` on the evidence fields: code that braces only the fields above gets no missing-initializer warning.
  std::vector<ElementResult> elements{};   // one per criterion element, in criteria order
  std::optional<PeriodResult> period{};    // absent when the item has no period rule
  std::vector<std::string> manual_checks{};  // element texts only a person can judge ("ตรวจด้วยตนเอง")
  std::string scope{};  // "" the whole page; else the item block's heading on a page that holds several items
};

struct BrokenLink {
  std::string url;   // with the fragment when the fragment is what is broken
  int status = 0;    // last HTTP status (0: no answer)
  std::string error; // why it is broken
  std::vector<std::string> pages;  // pages that link to it, sorted
};

struct AuditSummary {
  int items_total = 0, items_pass = 0, items_warn = 0, items_fail = 0;
  double score = 0;  // percent of items passing (pass or warn), 2 decimals
  int links_checked = 0, links_broken = 0;
  // The OIT score as the NACC aggregates it (checks/score.h), 2 decimals; derived, so reports carry
  // oit_score_note beside it. Absent in reports of older oit.
  std::optional<double> oit_score;
  std::string oit_score_note;
  // When the user gave IIT and both EIT parts (--iit, --eit1, --eit2): the projected ITA total and tier.
  std::optional<ItaScores> ita_scores;
  std::optional<double> ita_total;
  std::string ita_tier;
  std::vector<ItemCost> costliest_failed;  // every failed item with its OIT gain if it passed, costliest first
};

// Fills summary's ita_scores, ita_total and ita_tier from the user's scores and summary.oit_score.
void apply_ita_scores(AuditSummary& summary, const ItaScores& scores);

// Open data (beyond the OIT): the site's DCAT catalogue and every dataset's files.
struct OpenDataFile {
  std::string format;        // as the catalogue names it: "CSV", "JSON", "XLSX", …
  std::string url;           // download URL, as in the catalogue
  int status = 0;            // last HTTP status (0: no answer, or not checked)
  std::string error;         // why it could not be read ("" when fine)
  std::string content_type;  // as served
  long rows = -1;            // data rows, header excluded; -1 when not a table (an OCDS package) or unread
  bool csv_bom = false;      // CSV only: starts with a UTF-8 BOM (Excel reads Thai right)
};

struct OpenDataset {
  std::string id;            // the catalogue's @id
  std::string identifier;    // dct:identifier ("" when absent)
  std::string title;         // dct:title, Thai when given
  std::string landing_page;  // dcat:landingPage ("" when absent)
  ItemStatus status = ItemStatus::Pass;
  std::vector<OpenDataFile> files;
  std::vector<Finding> findings;
};

struct OpenDataCatalog {
  std::string url;            // where it was read
  std::string expected_type;  // "application/ld+json", "text/turtle"
  int status = 0;
  std::string content_type;   // as served; "" when read from a folder
  std::string error;
};

struct OpenDataReport {
  OpenDataCatalog jsonld, turtle;
  std::vector<Finding> findings;     // about the catalogue itself
  std::vector<OpenDataset> datasets;
  int datasets_pass = 0, datasets_warn = 0, datasets_fail = 0;
  bool has_errors() const;           // any error finding, catalogue or dataset
};

struct AuditReport {
  int round = 0;
  std::string as_of;   // ISO
  std::string target;  // folder or URL as given
  std::string base_url;  // the agency's main website (SiteData::site_url); "" in reports of older oit
  std::string agency;    // the site's name (oit.json's site_title); "" when not known (an ITAS sheet alone)
  AuditSummary summary;
  std::vector<ItemResult> items;
  std::vector<BrokenLink> broken_links;
  std::string rating;  // Thai tier implied by the score (OIT part only)
  std::optional<OpenDataReport> open_data;  // absent when the site publishes no DCAT catalogue
  // 0 all items pass (warnings allowed), no broken link and no open-data error; else 1
  int exit_status() const;
};

struct AuditInput {
  const Criteria* criteria = nullptr;
  Date as_of;
  std::string target;
  std::string agency;  // the site's name, for the report ("" when not known)
  std::map<std::string, std::string> item_urls;  // item id → submitted URL; absent or "" = missing
  const SiteData* site = nullptr;
};

AuditReport audit(const AuditInput& in);

// Broken links of every crawled page; also used for the item pages' broken-link findings.
std::vector<BrokenLink> find_broken_links(const SiteData& site, int* links_checked = nullptr);

// The rating tier the OIT score alone implies (shared/domain/oit-criteria.md §1).
std::string rating_for_score(double score);

std::string_view to_string(ItemStatus s);
std::string_view to_string(Severity s);

}  // namespace oit
