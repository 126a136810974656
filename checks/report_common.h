// Helpers the report formats share (report.cpp, report_html.cpp, report_evidence.cpp): escaping,
// Thai status words, score formatting. Internal to the report module.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/audit.h"
#include "core/control_chars.h"  // xml_escape

namespace oit::report_detail {

std::string fmt_score(double s);
// GFM table-cell text: the characters that start markup escaped, line feeds as spaces.
std::string md_escape(std::string_view s);
std::string thai_as_of(const AuditReport& r);
std::string status_th(ItemStatus s);
// Open data: every finding, catalogue first; and "4 datasets, 4 pass, 0 warn, 0 fail".
std::vector<std::string> open_data_lines(const OpenDataReport& od);
std::string open_data_summary(const OpenDataReport& od);
std::string signed_score(double d);
// The derived OIT score, the projected ITA total and tier (when the user gave IIT and EIT) or why there
// is none, and the failed items that cost most (at most `max_costly`): one line each, in English (text
// report) or Thai (Markdown, HTML). Empty when the report has no derived score (a report of older oit).
std::vector<std::string> score_lines_en(const AuditSummary& s, size_t max_costly = 5);
std::vector<std::string> score_lines_th(const AuditSummary& s, size_t max_costly = 5);
// "ดีขึ้น" when an item moved towards pass, "แย่ลง" when away; nullopt (absent) counts as worst.
int status_rank(const std::optional<ItemStatus>& s);
std::string status_or_absent_th(const std::optional<ItemStatus>& s);

}  // namespace oit::report_detail
