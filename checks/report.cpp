#include "report.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace oit {
namespace {

std::string fmt_score(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  return buf;
}

std::string xml_escape(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': r += "&amp;"; break;
      case '<': r += "&lt;"; break;
      case '>': r += "&gt;"; break;
      case '"': r += "&quot;"; break;
      case '\'': r += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') r += ' ';
        else r += c;
    }
  }
  return r;
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

// The finding a one-line summary shows: the first error, else the first warning.
size_t headline(const ItemResult& it) {
  for (size_t i = 0; i < it.findings.size(); ++i)
    if (it.findings[i].severity == Severity::Error) return i;
  return 0;
}

std::string score_line_th(const AuditReport& r) {
  const auto& s = r.summary;
  return "คะแนน OIT " + fmt_score(s.score) + " (ผ่าน " + std::to_string(s.items_pass + s.items_warn) + "/" +
         std::to_string(s.items_total) + " ข้อ) ระดับ " + r.rating +
         " — ประเมินเฉพาะส่วน OIT; ผลจริงขึ้นกับคะแนนรวมกับ IIT และ EIT";
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

nlohmann::ordered_json open_data_json(const std::optional<OpenDataReport>& od) {
  using J = nlohmann::ordered_json;
  if (!od) return nullptr;
  auto findings = [](const std::vector<Finding>& fs) {
    J a = J::array();
    for (const auto& f : fs) a.push_back(J{{"severity", to_string(f.severity)}, {"code", f.code}, {"message", f.message}});
    return a;
  };
  auto catalog = [](const OpenDataCatalog& c) {
    return J{{"url", c.url}, {"status", c.status}, {"content_type", c.content_type}, {"expected_type", c.expected_type},
             {"error", c.error}};
  };
  J datasets = J::array();
  for (const auto& d : od->datasets) {
    J files = J::array();
    for (const auto& f : d.files) {
      J jf{{"format", f.format}, {"url", f.url}, {"status", f.status}, {"content_type", f.content_type},
           {"rows", f.rows < 0 ? J(nullptr) : J(f.rows)}, {"error", f.error}};
      if (f.format == "CSV") jf["bom"] = f.csv_bom;
      files.push_back(jf);
    }
    datasets.push_back(J{{"id", d.id}, {"identifier", d.identifier}, {"title", d.title}, {"landing_page", d.landing_page},
                         {"status", to_string(d.status)}, {"files", files}, {"findings", findings(d.findings)}});
  }
  return J{{"catalog", {{"jsonld", catalog(od->jsonld)}, {"turtle", catalog(od->turtle)}}},
           {"summary", {{"datasets_total", od->datasets.size()}, {"datasets_pass", od->datasets_pass},
                        {"datasets_warn", od->datasets_warn}, {"datasets_fail", od->datasets_fail}}},
           {"findings", findings(od->findings)},
           {"datasets", datasets}};
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view n) {
  if (n == "text") return ReportFormat::Text;
  if (n == "json") return ReportFormat::Json;
  if (n == "junit") return ReportFormat::Junit;
  if (n == "html") return ReportFormat::Html;
  if (n == "markdown" || n == "md") return ReportFormat::Markdown;
  return std::nullopt;
}

std::string render_report(const AuditReport& r, ReportFormat f, const ReportOptions& o) {
  switch (f) {
    case ReportFormat::Text: return report_text(r, o.color);
    case ReportFormat::Json: return report_json(r);
    case ReportFormat::Junit: return report_junit(r);
    case ReportFormat::Html: return report_html(r);
    case ReportFormat::Markdown: return report_markdown(r);
  }
  return {};
}

std::string report_text(const AuditReport& r, bool color) {
  auto paint = [&](const char* code, std::string_view s) {
    return color ? std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m" : std::string(s);
  };
  std::string out = "oit check: round " + std::to_string(r.round) + ", as of " + r.as_of + " (" + thai_as_of(r) +
                    "), " + r.target + "\n\n";
  out += "item  status  reason\n";
  for (const auto& it : r.items) {
    std::string id = it.id;
    id.resize(std::max<size_t>(id.size(), 5), ' ');
    std::string st(to_string(it.status));
    std::string padded = st + std::string(st.size() < 7 ? 7 - st.size() : 0, ' ');
    const char* c = it.status == ItemStatus::Pass ? "32" : it.status == ItemStatus::Warn ? "33" : "31;1";
    if (it.findings.empty()) {
      out += id + " " + paint(c, padded) + " " + it.title + "\n";
      continue;
    }
    // The item's main finding on its line, the others below it.
    size_t main = headline(it);
    const Finding& h = it.findings[main];
    out += id + " " + paint(c, padded) + " " + h.code + ": " + h.message + "\n";
    for (size_t i = 0; i < it.findings.size(); ++i) {
      if (i == main) continue;
      const auto& f = it.findings[i];
      out += "              " + std::string(f.severity == Severity::Error ? "" : "(warning) ") + f.code + ": " + f.message + "\n";
    }
  }
  if (!r.broken_links.empty()) {
    out += "\nbroken links (" + std::to_string(r.broken_links.size()) + "):\n";
    for (const auto& b : r.broken_links) {
      std::string what = b.error.empty() ? "HTTP " + std::to_string(b.status)
                                         : (b.status ? "HTTP " + std::to_string(b.status) + ", " : "") + b.error;
      out += "  " + paint("31", b.url) + "  (" + what + ")\n";
      for (const auto& p : b.pages) out += "      on " + p + "\n";
    }
  }
  if (r.open_data) {
    out += "\nopen data: " + open_data_summary(*r.open_data) + "\n";
    for (const auto& l : open_data_lines(*r.open_data)) out += "  " + l + "\n";
  }
  const auto& s = r.summary;
  out += "\nitems: " + std::to_string(s.items_pass) + " pass, " + std::to_string(s.items_warn) + " warn, " +
         std::to_string(s.items_fail) + " fail of " + std::to_string(s.items_total) + "; links: " +
         std::to_string(s.links_checked) + " checked, " + std::to_string(s.links_broken) + " broken\n";
  out += "score: " + fmt_score(s.score) + "% — " + r.rating + " (OIT part only; the real tier also needs IIT and EIT)\n";
  return out;
}

std::string report_json(const AuditReport& r) {
  using J = nlohmann::ordered_json;
  J items = J::array();
  for (const auto& it : r.items) {
    J findings = J::array();
    for (const auto& f : it.findings)
      findings.push_back(J{{"severity", to_string(f.severity)}, {"code", f.code}, {"message", f.message}});
    items.push_back(J{{"id", it.id},
                      {"title", it.title},
                      {"status", to_string(it.status)},
                      {"url", it.url.empty() ? J(nullptr) : J(it.url)},
                      {"findings", findings}});
  }
  J broken = J::array();
  for (const auto& b : r.broken_links)
    broken.push_back(J{{"url", b.url}, {"status", b.status}, {"error", b.error}, {"pages", b.pages}});
  const auto& s = r.summary;
  J j = {{"round", r.round},
         {"as_of", r.as_of},
         {"target", r.target},
         {"summary",
          {{"items_total", s.items_total},
           {"items_pass", s.items_pass},
           {"items_warn", s.items_warn},
           {"items_fail", s.items_fail},
           {"score", s.score},
           {"links_checked", s.links_checked},
           {"links_broken", s.links_broken}}},
         {"items", items},
         {"broken_links", broken}};
  if (r.open_data) j["open_data"] = open_data_json(r.open_data);  // only for sites that publish a DCAT catalogue
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string report_junit(const AuditReport& r) {
  const bool od_fail = r.open_data && r.open_data->has_errors();
  int failures = r.summary.items_fail + (r.broken_links.empty() ? 0 : 1) + (od_fail ? 1 : 0);
  size_t tests = r.items.size() + 1 + (r.open_data ? 1 : 0);
  std::string suite = "OIT " + std::to_string(r.round);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"oit check\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\">\n";
  out += "  <testsuite name=\"" + xml_escape(suite) + "\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"0\" timestamp=\"" + r.as_of + "\">\n";
  out += "    <properties><property name=\"target\" value=\"" + xml_escape(r.target) +
         "\"/><property name=\"as_of\" value=\"" + r.as_of + "\"/><property name=\"score\" value=\"" +
         fmt_score(r.summary.score) + "\"/></properties>\n";
  for (const auto& it : r.items) {
    out += "    <testcase classname=\"oit." + std::to_string(r.round) + "\" name=\"" + xml_escape(it.id + " " + it.title) + "\">\n";
    std::string errors, warnings;
    for (const auto& f : it.findings)
      (f.severity == Severity::Error ? errors : warnings) += f.code + ": " + f.message + "\n";
    if (it.status == ItemStatus::Fail) {
      const Finding* first = &it.findings[headline(it)];
      out += "      <failure type=\"" + xml_escape(first->code) + "\" message=\"" + xml_escape(first->code + ": " + first->message) +
             "\">" + xml_escape(errors) + "</failure>\n";
    }
    if (!warnings.empty() || !it.url.empty())
      out += "      <system-out>" + xml_escape((it.url.empty() ? "" : "url: " + it.url + "\n") + warnings) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  out += "    <testcase classname=\"oit." + std::to_string(r.round) + "\" name=\"links\">\n";
  if (!r.broken_links.empty()) {
    std::string body;
    for (const auto& b : r.broken_links) {
      body += b.url + " (" + (b.error.empty() ? "HTTP " + std::to_string(b.status) : b.error) + ")\n";
      for (const auto& p : b.pages) body += "  on " + p + "\n";
    }
    out += "      <failure type=\"broken-link\" message=\"" + std::to_string(r.broken_links.size()) + " broken links\">" +
           xml_escape(body) + "</failure>\n";
  }
  out += "    </testcase>\n";
  if (r.open_data) {
    std::string body;
    for (const auto& l : open_data_lines(*r.open_data)) body += l + "\n";
    out += "    <testcase classname=\"oit." + std::to_string(r.round) + "\" name=\"open-data\">\n";
    if (od_fail)
      out += "      <failure type=\"open-data\" message=\"" + xml_escape(open_data_summary(*r.open_data)) + "\">" +
             xml_escape(body) + "</failure>\n";
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string report_markdown(const AuditReport& r) {
  const auto& s = r.summary;
  std::string out = "## ผลตรวจ OIT รอบ " + std::to_string(r.round) + " ณ วันที่ " + thai_as_of(r) + "\n\n";
  out += "**" + md_escape(score_line_th(r)) + "**\n\n";
  out += "ผ่าน " + std::to_string(s.items_pass) + " · มีข้อเตือน " + std::to_string(s.items_warn) + " · ไม่ผ่าน " +
         std::to_string(s.items_fail) + " · ลิงก์ที่ตรวจ " + std::to_string(s.links_checked) + " · ลิงก์เสีย " +
         std::to_string(s.links_broken) + "\n\n";
  out += "| ข้อ | สถานะ | รายการ | ข้อค้นพบ |\n|---|---|---|---|\n";
  for (const auto& it : r.items) {
    const char* icon = it.status == ItemStatus::Pass ? "✅" : it.status == ItemStatus::Warn ? "⚠️" : "❌";
    std::string title = it.url.empty() ? md_escape(it.title) : "[" + md_escape(it.title) + "](" + it.url + ")";
    std::string found;
    for (const auto& f : it.findings) found += (found.empty() ? "" : "<br>") + std::string("`") + f.code + "` " + md_escape(f.message);
    out += "| " + it.id + " | " + icon + " " + status_th(it.status) + " | " + title + " | " + found + " |\n";
  }
  if (!r.broken_links.empty()) {
    out += "\n### ลิงก์เสีย\n\n";
    for (const auto& b : r.broken_links) {
      out += "- `" + b.url + "` — " + md_escape(b.error.empty() ? "HTTP " + std::to_string(b.status) : b.error) + "; พบใน ";
      for (size_t i = 0; i < b.pages.size(); ++i) out += (i ? ", " : "") + std::string("`") + b.pages[i] + "`";
      out += "\n";
    }
  }
  if (r.open_data) {
    out += "\n### ข้อมูลเปิด (open data)\n\n" + md_escape(open_data_summary(*r.open_data)) + "\n\n";
    for (const auto& l : open_data_lines(*r.open_data)) out += "- " + md_escape(l) + "\n";
  }
  return out;
}

std::string report_html(const AuditReport& r) {
  const auto& s = r.summary;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>ผลตรวจ OIT รอบ " + std::to_string(r.round) + " — " + xml_escape(r.target) + "</title>\n<style>\n"
      "body{font-family:\"Sarabun\",\"Laksaman\",\"Noto Sans Thai\",\"Loma\",sans-serif;line-height:1.7;margin:2rem auto;"
      "max-width:72rem;padding:0 1rem;color:#1a1a1a}\n"
      "h1{font-size:1.6rem;margin-bottom:.2rem}table{border-collapse:collapse;width:100%;margin:1rem 0}\n"
      "th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#eef1f5}\n"
      ".pass{color:#0a6b2d;font-weight:bold}.warn{color:#8a5a00;font-weight:bold}.fail{color:#b00020;font-weight:bold}\n"
      ".score{font-size:1.25rem;padding:.75rem 1rem;border:2px solid #345;border-radius:.4rem;display:inline-block}\n"
      "code,.url{font-family:monospace;word-break:break-all}ul.findings{margin:0;padding-left:1.1rem}\n"
      ".note{color:#555;font-size:.9rem}@media print{body{margin:0;max-width:none}a{color:inherit}}\n"
      "</style>\n</head>\n<body>\n";
  out += "<h1>รายงานผลการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) รอบ ITA " + std::to_string(r.round) + "</h1>\n";
  out += "<p>ตรวจเว็บไซต์ <span class=\"url\">" + xml_escape(r.target) + "</span> ณ วันที่ " + xml_escape(thai_as_of(r)) + "</p>\n";
  out += "<p class=\"score\">คะแนน OIT <strong>" + fmt_score(s.score) + "</strong> — ระดับ <strong>" + xml_escape(r.rating) +
         "</strong></p>\n";
  out += "<p>ผ่าน " + std::to_string(s.items_pass) + " ข้อ · ผ่านแต่มีข้อเตือน " + std::to_string(s.items_warn) +
         " ข้อ · ไม่ผ่าน " + std::to_string(s.items_fail) + " ข้อ จากทั้งหมด " + std::to_string(s.items_total) +
         " ข้อ · ตรวจลิงก์ " + std::to_string(s.links_checked) + " รายการ เสีย " + std::to_string(s.links_broken) + " รายการ</p>\n";
  out += "<p class=\"note\">คะแนนนี้คำนวณจากส่วน OIT เท่านั้น (ข้อที่ผ่านหรือมีเพียงข้อเตือนนับว่าผ่าน) "
         "ระดับผลการประเมินจริงขึ้นกับคะแนนรวมกับแบบวัด IIT และ EIT ข้อเตือนมาจากเกณฑ์ที่ยังไม่ยืนยัน (ระดับหลักฐาน C)</p>\n";
  out += "<table>\n<thead><tr><th scope=\"col\">ข้อ</th><th scope=\"col\">รายการ</th><th scope=\"col\">สถานะ</th>"
         "<th scope=\"col\">ข้อค้นพบ</th></tr></thead>\n<tbody>\n";
  for (const auto& it : r.items) {
    std::string cls(to_string(it.status));
    out += "<tr><th scope=\"row\">" + xml_escape(it.id) + "</th><td>" + xml_escape(it.title);
    if (!it.url.empty()) out += "<br><a class=\"url\" href=\"" + xml_escape(it.url) + "\">" + xml_escape(it.url) + "</a>";
    out += "</td><td class=\"" + cls + "\">" + status_th(it.status) + "</td><td>";
    if (!it.findings.empty()) {
      out += "<ul class=\"findings\">";
      for (const auto& f : it.findings)
        out += "<li>" + std::string(f.severity == Severity::Error ? "<strong>ข้อผิดพลาด</strong>" : "ข้อเตือน") +
               " <code>" + xml_escape(f.code) + "</code> " + xml_escape(f.message) + "</li>";
      out += "</ul>";
    }
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!r.broken_links.empty()) {
    out += "<h2>ลิงก์เสีย</h2>\n<table>\n<thead><tr><th scope=\"col\">ลิงก์</th><th scope=\"col\">ปัญหา</th>"
           "<th scope=\"col\">พบในหน้า</th></tr></thead>\n<tbody>\n";
    for (const auto& b : r.broken_links) {
      out += "<tr><td class=\"url\">" + xml_escape(b.url) + "</td><td>" +
             xml_escape(b.error.empty() ? "HTTP " + std::to_string(b.status) : b.error) + "</td><td>";
      for (size_t i = 0; i < b.pages.size(); ++i)
        out += (i ? "<br>" : "") + std::string("<a class=\"url\" href=\"") + xml_escape(b.pages[i]) + "\">" +
               xml_escape(b.pages[i]) + "</a>";
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  if (r.open_data) {
    const auto& od = *r.open_data;
    out += "<h2>ข้อมูลเปิด (Open Data)</h2>\n<p>ชุดข้อมูล " + std::to_string(od.datasets.size()) + " ชุด · ผ่าน " +
           std::to_string(od.datasets_pass) + " · มีข้อเตือน " + std::to_string(od.datasets_warn) + " · ไม่ผ่าน " +
           std::to_string(od.datasets_fail) + "</p>\n";
    auto lines = open_data_lines(od);
    if (!lines.empty()) {
      out += "<ul class=\"findings\">";
      for (const auto& l : lines) out += "<li>" + xml_escape(l) + "</li>";
      out += "</ul>\n";
    }
  }
  out += "<p class=\"note\">สร้างโดย oit check</p>\n</body>\n</html>\n";
  return out;
}

}  // namespace oit
