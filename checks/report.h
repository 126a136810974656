// An audit written for its readers: a terminal (text), other tools and CI (json — its keys are a
// contract), CI test views (junit), CI job summaries (markdown) and the ITA working group (html, Thai,
// self-contained, printable).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "audit.h"

namespace oit {

enum class ReportFormat { Text, Json, Junit, Html, Markdown };

std::optional<ReportFormat> parse_report_format(std::string_view name);  // "text", "json", …

struct ReportOptions {
  bool color = false;  // ANSI colours (text only), for a terminal
};

std::string render_report(const AuditReport& report, ReportFormat format, const ReportOptions& options = {});

std::string report_text(const AuditReport& report, bool color);
// { "round", "as_of", "target", "summary": {…}, "items": [...], "broken_links": [...] }
std::string report_json(const AuditReport& report);
std::string report_junit(const AuditReport& report);
std::string report_markdown(const AuditReport& report);
std::string report_html(const AuditReport& report);

}  // namespace oit
