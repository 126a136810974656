// An audit written for its readers: a terminal (text), other tools and CI (json — its keys are a
// contract), CI test views (junit), CI job summaries (markdown) and the ITA working group (html, Thai,
// self-contained, printable).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "checks/audit.h"
#include "core/criteria.h"
#include "checks/unchecked.h"

namespace oit {

enum class ReportFormat { Text, Json, Junit, Html, Markdown };

std::optional<ReportFormat> parse_report_format(std::string_view name);  // "text", "json", …

struct ReportOptions {
  bool color = false;  // ANSI colours (text only), for a terminal
  // Indicators and expected fiscal years of the report's round (html); nullptr: the round's
  // criteria embedded in the binary, as `oit check` audits with.
  const Criteria* criteria = nullptr;
  // An earlier report of the same site (read with parse_report_json): text, markdown and html say
  // what changed since. json and junit are unchanged (their shape is a contract).
  const AuditReport* previous = nullptr;
  // What the audit's bounds left unchecked (unchecked.h): listed, counted apart from checked and broken
  // links. nullptr: the report says nothing about it (json then has no "not_checked" keys).
  const std::vector<UncheckedLink>* unchecked = nullptr;
};

std::string render_report(const AuditReport& report, ReportFormat format, const ReportOptions& options = {});

// A report written by report_json read back, for --previous: round, as_of, target, base_url, agency,
// summary, items (id, title, url, status, fiscal_years, findings, and the evidence keys of
// report_evidence.h when present) and broken links. Errors say, for
// `file`, what is wrong.
Result<AuditReport> parse_report_json(std::string_view json, const std::string& file);

// Refuses an earlier report that is not of `current`'s website and round: what changed between two
// sites, or between two rounds' criteria, means nothing. Websites are the same when their base URLs
// differ only in scheme, a leading "www.", the host's case or a trailing slash. A report of older oit
// that names no website is judged on its round alone. `json` is the earlier report's text, so that the
// error points at the key that differs in `file`.
Result<void> check_comparable(const AuditReport& previous, const AuditReport& current, std::string_view json,
                              const std::string& file);

// One item whose status differs between two reports; nullopt: the item is not in that report.
struct ItemChange {
  std::string id, title;
  std::optional<ItemStatus> was, now;
};

// What changed between an earlier report of a site and the current one.
struct ReportDiff {
  std::string previous_as_of;              // ISO
  double score_was = 0, score_now = 0;
  std::string rating_was, rating_now;
  std::vector<ItemChange> items;           // in the current report's order, then items no longer audited
  std::vector<std::string> links_fixed;    // broken then, not now
  std::vector<std::string> links_new;      // broken now, not then
};
ReportDiff diff_reports(const AuditReport& previous, const AuditReport& current);

// What to do about a finding, in plain Thai; a general line for a code it does not know.
std::string finding_action_th(std::string_view code);

std::string report_text(const AuditReport& report, bool color, const AuditReport* previous = nullptr,
                        const std::vector<UncheckedLink>* unchecked = nullptr);
// { "round", "as_of", "target", "base_url", "agency", "summary": {…}, "items": [...], "broken_links": [...] }
// Items carry "elements", "period", "manual_checks" and "scope" when the audit produced them
// (add_evidence_json in report_evidence.h).
// With `unchecked`: also "summary"."links_not_checked" and "not_checked": [{url, reason ("deadline" |
// "limit"), content_only, detail, pages}].
// With the derived OIT score (checks/score.h): "summary"."oit_score", "oit_score_note" and
// "costliest_failed": [{id, title, gain}]; with the user's IIT/EIT also "summary"."iit", "eit1", "eit2",
// "ita_total" and "ita_tier". parse_report_json reads them back and reads reports without them.
std::string report_json(const AuditReport& report, const std::vector<UncheckedLink>* unchecked = nullptr);
std::string report_junit(const AuditReport& report, const std::vector<UncheckedLink>* unchecked = nullptr);
std::string report_markdown(const AuditReport& report, const AuditReport* previous = nullptr,
                            const std::vector<UncheckedLink>* unchecked = nullptr);
// Thai, self-contained (inline CSS and SVG, no script), printable on A4 and readable at 360 px.
std::string report_html(const AuditReport& report, const ReportOptions& options = {});

}  // namespace oit
