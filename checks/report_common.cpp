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


namespace {

std::string costly_list(const AuditSummary& s, size_t max_costly) {
  std::string out;
  for (size_t i = 0; i < s.costliest_failed.size() && i < max_costly; ++i)
    out += (i ? ", " : "") + s.costliest_failed[i].id + " +" + fmt_score(s.costliest_failed[i].gain);
  if (s.costliest_failed.size() > max_costly)
    out += ", … (" + std::to_string(s.costliest_failed.size() - max_costly) + " more)";
  return out;
}

}  // namespace

std::vector<std::string> score_lines_en(const AuditSummary& s, size_t max_costly) {
  std::vector<std::string> out;
  if (!s.oit_score) return out;
  out.push_back("OIT score (derived, grade C+, from 2564 figures): " + fmt_score(*s.oit_score) +
                " — items -> mean per sub-indicator -> mean per indicator -> OIT");
  if (s.ita_total && s.ita_scores)
    out.push_back("projected ITA total: " + fmt_score(*s.ita_total) + " — " + s.ita_tier + " (IIT " +
                  fmt_score(s.ita_scores->iit) + ", EIT parts " + fmt_score(s.ita_scores->eit1) + " and " +
                  fmt_score(s.ita_scores->eit2) + ", OIT " + fmt_score(*s.oit_score) +
                  "; 0.30·IIT + 0.30·EIT + 0.40·OIT, tier by the four-score rule)");
  else
    out.push_back("ITA tier: not computable from the OIT alone; give --iit, --eit1 and --eit2 for the projected total and tier");
  if (!s.costliest_failed.empty())
    out.push_back("failed items that cost most (OIT points each would add if it passed): " + costly_list(s, max_costly));
  return out;
}

std::vector<std::string> score_lines_th(const AuditSummary& s, size_t max_costly) {
  std::vector<std::string> out;
  if (!s.oit_score) return out;
  out.push_back("คะแนน OIT ตามวิธีรวมคะแนน (ค่าเฉลี่ยรายข้อ → ตัวชี้วัดย่อย → ตัวชี้วัด; อนุมานจากตัวเลขปี 2564 ระดับหลักฐาน C+): " +
                fmt_score(*s.oit_score));
  if (s.ita_total && s.ita_scores)
    out.push_back("คะแนน ITA รวมที่คาดไว้: " + fmt_score(*s.ita_total) + " ระดับ " + s.ita_tier + " (IIT " +
                  fmt_score(s.ita_scores->iit) + ", EIT ส่วนที่ 1 " + fmt_score(s.ita_scores->eit1) + ", EIT ส่วนที่ 2 " +
                  fmt_score(s.ita_scores->eit2) + ", OIT " + fmt_score(*s.oit_score) + ")");
  else
    out.push_back("ระดับผล ITA ต้องใช้คะแนน IIT และ EIT ด้วย: ระบุ --iit, --eit1 และ --eit2 เพื่อดูคะแนนรวมและระดับที่คาดไว้");
  if (!s.costliest_failed.empty())
    out.push_back("ข้อที่ไม่ผ่านซึ่งเสียคะแนน OIT มากที่สุด (คะแนนที่จะเพิ่มถ้าข้อนั้นผ่าน): " + costly_list(s, max_costly));
  return out;
}

}  // namespace oit::report_detail
