#include "checks/report_common.h"

#include <cstdio>

namespace oit::report_detail {

std::string fmt_score(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  return buf;
}

std::string md_escape(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>') r += '\\';
    if (c == '\n') { r += ' '; continue; }
    r += c;
  }
  return r;
}

std::string thai_as_of(const AuditReport& r) {
  auto d = parse_iso_date(r.as_of);
  return d ? thai_date_long(*d) : r.as_of;
}

std::string status_th(ItemStatus s) {
  switch (s) {
    case ItemStatus::Pass: return "ผ่าน";
    case ItemStatus::Warn: return "ผ่าน (มีข้อเตือน)";
    case ItemStatus::Fail: return "ไม่ผ่าน";
  }
  return "";
}

// Open data: "open data: 4 datasets, 4 pass, 0 warn, 0 fail" and every finding, catalogue first.
std::vector<std::string> open_data_lines(const OpenDataReport& od) {
  std::vector<std::string> lines;
  for (const auto& f : od.findings) lines.push_back(std::string(to_string(f.severity)) + " " + f.code + ": " + f.message);
  for (const auto& d : od.datasets)
    for (const auto& f : d.findings)
      lines.push_back(std::string(to_string(f.severity)) + " " + f.code + " [" + (d.identifier.empty() ? d.id : d.identifier) +
                      "]: " + f.message);
  return lines;
}

std::string open_data_summary(const OpenDataReport& od) {
  return std::to_string(od.datasets.size()) + " datasets, " + std::to_string(od.datasets_pass) + " pass, " +
         std::to_string(od.datasets_warn) + " warn, " + std::to_string(od.datasets_fail) + " fail";
}

std::string signed_score(double d) {
  std::string t = fmt_score(d);
  return d > 0 ? "+" + t : t;
}

// "ดีขึ้น" when an item moved towards pass, "แย่ลง" when away; nullopt (absent) counts as worst.
int status_rank(const std::optional<ItemStatus>& s) {
  if (!s) return -1;
  return *s == ItemStatus::Pass ? 2 : *s == ItemStatus::Warn ? 1 : 0;
}

std::string status_or_absent_th(const std::optional<ItemStatus>& s) { return s ? status_th(*s) : "ไม่มีในรอบนั้น"; }


}  // namespace oit::report_detail
