// The HTML report for the ITA working group: Thai, self-contained, printable (report.h).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "checks/report.h"
#include "checks/report_common.h"
#include "checks/report_evidence.h"

namespace oit {
namespace {

using namespace report_detail;

// Items more that must pass for the score to reach the next tier up (0: already the top tier).
int items_to_next_tier(const AuditSummary& s, std::string* tier) {
  if (s.items_total == 0) return 0;
  const std::string now = rating_for_score(s.score);
  for (int n = 1; s.items_pass + s.items_warn + n <= s.items_total; ++n) {
    double score = std::round(10000.0 * (s.items_pass + s.items_warn + n) / s.items_total) / 100.0;
    if (rating_for_score(score) != now) {
      *tier = rating_for_score(score);
      return n;
    }
  }
  return 0;
}

// Items of one indicator or sub-indicator in the chart.
struct ChartRow {
  std::string label;
  bool heading = false;  // an indicator: its subs follow
  int pass = 0, warn = 0, fail = 0;
  int total() const { return pass + warn + fail; }
};

void count(ChartRow& row, ItemStatus s) {
  (s == ItemStatus::Pass ? row.pass : s == ItemStatus::Warn ? row.warn : row.fail)++;
}

// Indicator, then its sub-indicators, in criteria order; items the criteria do not place go last.
std::vector<ChartRow> chart_rows(const AuditReport& r, const Criteria* c) {
  std::vector<ChartRow> rows;
  ChartRow other{"ข้ออื่น ๆ"};
  if (!c) {
    for (const auto& it : r.items) count(other, it.status);
    if (other.total()) rows.push_back(other);
    return rows;
  }
  std::map<std::string, ItemStatus> status;
  for (const auto& it : r.items) status[it.id] = it.status;
  std::set<std::string> placed;
  for (const auto& ind : c->indicators) {
    ChartRow head{"ตัวชี้วัดที่ " + ind.id + " " + ind.title, true};
    std::vector<ChartRow> subs;
    for (const auto& sub : ind.subs) {
      ChartRow row{sub.id + " " + sub.title};
      for (const auto& item : c->items)
        if (item.sub_indicator == sub.id && status.count(item.id)) {
          count(row, status[item.id]);
          count(head, status[item.id]);
          placed.insert(item.id);
        }
      if (row.total()) subs.push_back(row);
    }
    for (const auto& item : c->items)  // placed on the indicator without a known sub-indicator
      if (item.indicator == ind.id && status.count(item.id) && placed.insert(item.id).second) count(head, status[item.id]);
    if (!head.total()) continue;
    rows.push_back(head);
    rows.insert(rows.end(), subs.begin(), subs.end());
  }
  for (const auto& it : r.items)
    if (!placed.count(it.id)) count(other, it.status);
  if (other.total()) rows.push_back(other);
  return rows;
}

std::string counts_th(const ChartRow& row) {
  return "ผ่าน " + std::to_string(row.pass) + " · เตือน " + std::to_string(row.warn) + " · ไม่ผ่าน " +
         std::to_string(row.fail);
}

// Stacked bars of item status per indicator and sub-indicator. Colour and a fill pattern tell the
// statuses apart (black-and-white print), and every bar's counts are written beside it.
std::string status_chart_svg(const std::vector<ChartRow>& rows) {
  constexpr int W = 400, bar_w = 200, row_h = 50;
  int max_total = 1;
  for (const auto& row : rows) max_total = std::max(max_total, row.total());
  const int legend_h = 30, h = legend_h + static_cast<int>(rows.size()) * row_h + 4;
  std::string desc;
  for (const auto& row : rows) desc += row.label + ": " + counts_th(row) + "; ";
  std::string out = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 " +
                    std::to_string(W) + " " + std::to_string(h) + "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  out += "<title id=\"chart-title\">สถานะของข้อ OIT แยกตามตัวชี้วัด</title>\n<desc id=\"chart-desc\">" + xml_escape(desc) +
         "</desc>\n";
  out += "<defs><pattern id=\"fill-warn\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f2c14e\"/>"
         "<rect width=\"2\" height=\"6\" fill=\"#5c4100\"/></pattern>"
         "<pattern id=\"fill-fail\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
         "<rect width=\"6\" height=\"6\" fill=\"#c62828\"/><path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#fff\" stroke-width=\"1.2\"/>"
         "</pattern></defs>\n";
  const char* fills[] = {"#2e7d32", "url(#fill-warn)", "url(#fill-fail)"};
  const char* names[] = {"ผ่าน", "ผ่านแต่มีข้อเตือน", "ไม่ผ่าน"};
  const int legend_x[] = {0, 78, 250};
  for (int i = 0; i < 3; ++i)
    out += "<rect x=\"" + std::to_string(legend_x[i]) + "\" y=\"6\" width=\"16\" height=\"16\" fill=\"" + fills[i] +
           "\" stroke=\"#222\"/><text x=\"" + std::to_string(legend_x[i] + 22) + "\" y=\"19\" font-size=\"15\">" +
           names[i] + "</text>\n";
  int y = legend_h;
  for (const auto& row : rows) {
    out += "<g><text x=\"0\" y=\"" + std::to_string(y + 17) + "\" font-size=\"16\"" +
           (row.heading ? " font-weight=\"bold\"" : "") + ">" + xml_escape(row.label) + "</text>\n";
    int x = 0;
    const int counts[] = {row.pass, row.warn, row.fail};
    for (int i = 0; i < 3; ++i) {
      if (!counts[i]) continue;
      int w = std::max(3, static_cast<int>(std::lround(double(bar_w) * counts[i] / max_total)));
      out += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y + 25) + "\" width=\"" + std::to_string(w) +
             "\" height=\"16\" fill=\"" + fills[i] + "\" stroke=\"#222\" stroke-width=\"0.8\"><title>" + names[i] + " " +
             std::to_string(counts[i]) + " ข้อ</title></rect>";
      x += w;
    }
    out += "<text x=\"" + std::to_string(x + 6) + "\" y=\"" + std::to_string(y + 38) + "\" font-size=\"15\">" +
           counts_th(row) + "</text></g>\n";
    y += row_h;
  }
  out += "</svg>\n";
  return out;
}

// "พบ 2567 (ต้องการ 2568)": what the page names against what the round asks; "—" for items without
// a fiscal-year rule.
std::string fiscal_year_cell(const ItemResult& it, const Criteria* c) {
  const Item* item = c ? c->find(it.id) : nullptr;
  std::string want;
  if (item) {
    if (item->period == PeriodRule::SpansRoundFY) want = "ช่วงที่รวม " + std::to_string(c->round);
    else if (int fy = c->expected_fiscal_year(*item)) want = std::to_string(fy);
  }
  std::string found;
  for (int y : it.fiscal_years) found += (found.empty() ? "" : ", ") + std::to_string(y);
  if (want.empty() && found.empty()) return "—";
  std::string cell = found.empty() ? std::string("ไม่พบ") : "พบ " + found;
  if (!want.empty()) cell += " (ต้องการ " + want + ")";
  return cell;
}

// Criteria of the report's round: the caller's, else the embedded copy `oit check` audits with.
struct RoundCriteria {
  std::optional<Criteria> owned;
  const Criteria* ptr = nullptr;
  RoundCriteria(const Criteria* given, int round) : ptr(given) {
    if (ptr || round == 0) return;
    if (auto l = load_criteria(round)) {
      owned = std::move(l).value();
      ptr = &*owned;
    }
  }
};


}  // namespace

std::string report_html(const AuditReport& r, const ReportOptions& o) {
  const auto& s = r.summary;
  RoundCriteria criteria(o.criteria, r.round);
  const Criteria* c = criteria.ptr;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>ผลตรวจ OIT รอบ " + std::to_string(r.round) + " — " + xml_escape(r.target) + "</title>\n<style>\n"
      "*{box-sizing:border-box}\n"
      "body{font-family:\"Sarabun\",\"Laksaman\",\"Noto Sans Thai\",\"Loma\",sans-serif;line-height:1.7;margin:2rem auto;"
      "max-width:72rem;padding:0 1rem;color:#1a1a1a}\n"
      "h1{font-size:1.6rem;line-height:1.4;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem}\n"
      "table{border-collapse:collapse;width:100%;margin:1rem 0}\n"
      "th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}"
      "thead th{background:#eef1f5}\n"
      // Item codes and statuses never break inside; the long cells (URLs, findings) take the room.
      "th[scope=row]:not(.url),td.pass,td.warn,td.fail{white-space:nowrap}table.items td.fy{width:7.5em}\n"
      "table.items td:nth-child(2){width:30%}\n"
      ".pass{color:#0a6b2d;font-weight:bold}.warn{color:#7a4f00;font-weight:bold}.fail{color:#b00020;font-weight:bold}\n"
      ".score{font-size:1.25rem;padding:.75rem 1rem;border:2px solid #345;border-radius:.4rem;display:inline-block;margin:.5rem 0}\n"
      "code,.url{font-family:monospace;word-break:break-all}ul.findings{margin:0;padding-left:1.1rem}"
      "ul.findings code{font-size:.8em;color:#555;word-break:normal;white-space:nowrap}\n"
      "ul.findings li+li{margin-top:.4rem}\n"
      // The evidence under each item's findings: a mark per element, the quote, where it was found.
      "div.evidence{margin-top:.4rem;font-size:.92em}ul.elements,ul.manual,ul.period-quotes{margin:.2rem 0;padding-left:1.1rem}"
      "ul.elements .mark{font-weight:bold}li.found .mark{color:#0a6b2d}li.missing .mark{color:#b00020}"
      "li.uncertain .mark,li.manual .mark,.manual-head{color:#7a4f00}.manual-head,.period{margin:.3rem 0 0}"
      "div.evidence q{font-style:italic}.where{color:#444;font-size:.9em}\n"
      ".todo{display:block;color:#123f6e}.todo::before{content:\"➜ \"}\n"
      ".note{color:#555;font-size:.9rem}.better td:last-child{color:#0a6b2d}.worse td:last-child{color:#b00020}\n"
      "svg.chart{display:block;width:100%;max-width:34rem;height:auto;font-family:inherit}table.items a.url{font-family:inherit;font-size:.9em}\n"
      "@media (max-width:40rem){body{margin:1rem auto;padding:0 .75rem}h1{font-size:1.3rem}.score{font-size:1.1rem}\n"
      "table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\n"
      "table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:100%}\n"
      "table.stack tr{border:1px solid #999;margin-bottom:.75rem}table.stack th,table.stack td{border:0;border-top:1px solid #ddd}\n"
      "table.stack tr>:first-child{border-top:0;background:#eef1f5}table.stack th[scope=row]{white-space:normal}table.stack.items td:nth-child(n){width:100%}\n"
      "table.stack td[data-label]::before{content:attr(data-label);display:block;font-weight:bold;font-size:.85rem;color:#444}}\n"
      "@page{size:A4;margin:15mm 12mm}\n"
      "@media print{body{margin:0;max-width:none;padding:0;font-size:11pt;line-height:1.5}"
      "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
      "tr,li,svg.chart,.score{break-inside:avoid}h2{break-after:avoid;padding-top:.3em}thead{display:table-header-group}\n"
      "a{color:inherit;text-decoration:none}a[href]:not(.url)::after{content:\" (\" attr(href) \")\";font-family:monospace}}\n"
      "</style>\n</head>\n<body>\n";
  out += "<h1>รายงานผลการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) รอบ ITA " + std::to_string(r.round) + "</h1>\n";
  // The website by its address and the agency by its name: a folder path ("public/") means nothing on paper.
  out += "<p>ตรวจเว็บไซต์" + (r.agency.empty() ? std::string() : "ของ" + xml_escape(r.agency)) + " <span class=\"url\">" +
         xml_escape(r.base_url.empty() ? r.target : r.base_url) + "</span>";
  if (!r.base_url.empty() && r.target != r.base_url)
    out += " (ตรวจจาก <span class=\"url\">" + xml_escape(r.target) + "</span>)";
  out += " ณ วันที่ " + xml_escape(thai_as_of(r)) + "</p>\n";
  out += "<p class=\"score\">คะแนน OIT <strong>" + fmt_score(s.score) + "</strong> — ระดับ <strong>" + xml_escape(r.rating) +
         "</strong></p>\n";
  for (const auto& l : score_lines_th(s)) out += "<p class=\"oit-score\">" + xml_escape(l) + "</p>\n";
  std::string next_tier;
  if (int n = items_to_next_tier(s, &next_tier))
    out += "<p>ต้องแก้ให้ผ่านเพิ่มอีก " + std::to_string(n) + " ข้อ คะแนนจึงจะถึงระดับ “" + xml_escape(next_tier) + "”</p>\n";
  out += "<p>ผ่าน " + std::to_string(s.items_pass) + " ข้อ · ผ่านแต่มีข้อเตือน " + std::to_string(s.items_warn) +
         " ข้อ · ไม่ผ่าน " + std::to_string(s.items_fail) + " ข้อ จากทั้งหมด " + std::to_string(s.items_total) +
         " ข้อ · ตรวจลิงก์ " + std::to_string(s.links_checked) + " รายการ เสีย " + std::to_string(s.links_broken) + " รายการ" +
         (o.unchecked ? " · ไม่ได้ตรวจ " + std::to_string(o.unchecked->size()) + " รายการ" : std::string()) + "</p>\n";
  out += "<p class=\"note\">คะแนนนี้คำนวณจากส่วน OIT เท่านั้น (ข้อที่ผ่านหรือมีเพียงข้อเตือนนับว่าผ่าน) "
         "ระดับ: 95 ขึ้นไป ผ่านดีเยี่ยม · 85 ขึ้นไป ผ่าน · 70 ขึ้นไป ต้องปรับปรุง · ต่ำกว่า 70 ต้องปรับปรุงโดยด่วน "
         "ระดับผลการประเมินจริงขึ้นกับคะแนนรวมกับแบบวัด IIT และ EIT ข้อเตือนมาจากเกณฑ์ที่ยังไม่ยืนยัน (ระดับหลักฐาน C)</p>\n";

  if (o.previous) {
    ReportDiff d = diff_reports(*o.previous, r);
    out += "<section id=\"changes\">\n<h2>เปลี่ยนแปลงจากการตรวจครั้งก่อน</h2>\n";
    auto prev_date = parse_iso_date(d.previous_as_of);
    out += "<p>เทียบกับผลตรวจ ณ วันที่ " + xml_escape(prev_date ? thai_date_long(*prev_date) : d.previous_as_of);
    if (o.previous->target != r.target) out += " (ตรวจ <span class=\"url\">" + xml_escape(o.previous->target) + "</span>)";
    if (o.previous->round != r.round) out += " ตามเกณฑ์รอบ " + std::to_string(o.previous->round);
    out += ": คะแนน " + fmt_score(d.score_was) + " → <strong>" + fmt_score(d.score_now) + "</strong> (" +
           signed_score(d.score_now - d.score_was) + ") ระดับ " + xml_escape(d.rating_was) + " → " + xml_escape(d.rating_now) + "</p>\n";
    if (d.items.empty()) {
      out += "<p>ไม่มีข้อใดเปลี่ยนสถานะ</p>\n";
    } else {
      out += "<table class=\"stack\">\n<thead><tr><th scope=\"col\">ข้อ</th><th scope=\"col\">รายการ</th>"
             "<th scope=\"col\">ครั้งก่อน</th><th scope=\"col\">ครั้งนี้</th></tr></thead>\n<tbody>\n";
      for (const auto& ch : d.items) {
        bool better = status_rank(ch.now) > status_rank(ch.was);
        out += "<tr class=\"" + std::string(better ? "better" : "worse") + "\"><th scope=\"row\">" + xml_escape(ch.id) +
               "</th><td data-label=\"รายการ\">" + xml_escape(ch.title) + "</td><td data-label=\"ครั้งก่อน\">" +
               status_or_absent_th(ch.was) + "</td><td data-label=\"ครั้งนี้\"><strong>" + status_or_absent_th(ch.now) +
               "</strong> (" + (better ? "ดีขึ้น" : "แย่ลง") + ")</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    auto link_list = [&](const std::vector<std::string>& urls, const std::string& heading) {
      if (urls.empty()) return;
      out += "<p>" + heading + " " + std::to_string(urls.size()) + " รายการ</p>\n<ul>";
      for (const auto& u : urls) out += "<li class=\"url\">" + xml_escape(u) + "</li>";
      out += "</ul>\n";
    };
    link_list(d.links_fixed, "ลิงก์เสียที่แก้แล้ว");
    link_list(d.links_new, "ลิงก์เสียที่พบใหม่");
    if (d.links_fixed.empty() && d.links_new.empty()) out += "<p>ลิงก์เสียไม่เปลี่ยน</p>\n";
    out += "</section>\n";
  }

  out += "<h2>ผลรายตัวชี้วัด</h2>\n" + status_chart_svg(chart_rows(r, c));

  out += "<h2>ผลรายข้อ</h2>\n";
  out += "<table class=\"stack items\">\n<thead><tr><th scope=\"col\">ข้อ</th><th scope=\"col\">รายการและ URL ที่ส่ง</th>"
         "<th scope=\"col\">สถานะ</th><th scope=\"col\">ปีงบประมาณ</th><th scope=\"col\">ข้อค้นพบและสิ่งที่ต้องทำ</th></tr></thead>\n<tbody>\n";
  for (const auto& it : r.items) {
    std::string cls(to_string(it.status));
    const char* mark = it.status == ItemStatus::Pass ? "✓ " : it.status == ItemStatus::Warn ? "! " : "✗ ";
    out += "<tr><th scope=\"row\">" + xml_escape(it.id) + "</th><td data-label=\"รายการ\">" + xml_escape(it.title);
    // Only web addresses become links: a submitted "javascript:" URL is shown, never made clickable.
    if (it.url.starts_with("http://") || it.url.starts_with("https://"))
      out += "<br><a class=\"url\" href=\"" + xml_escape(it.url) + "\">" + xml_escape(it.url) + "</a>";
    else if (!it.url.empty())
      out += "<br><span class=\"url\">" + xml_escape(it.url) + "</span>";
    else
      out += "<br><span class=\"note\">(ไม่มี URL)</span>";
    out += "</td><td data-label=\"สถานะ\" class=\"" + cls + "\">" + mark + status_th(it.status) + "</td>";
    out += "<td data-label=\"ปีงบประมาณ\" class=\"fy\">" + xml_escape(fiscal_year_cell(it, c)) + "</td><td data-label=\"ข้อค้นพบ\">";
    if (it.findings.empty()) {
      if (!has_evidence(it)) out += "—";
    } else {
      out += "<ul class=\"findings\">";
      for (const auto& f : it.findings)
        out += "<li>" + std::string(f.severity == Severity::Error ? "<strong>ข้อผิดพลาด:</strong>" : "ข้อเตือน:") + " " +
               xml_escape(f.message) + " <code>" + xml_escape(f.code) + "</code><span class=\"todo\">ควรทำ: " +
               xml_escape(finding_action_th(f.code)) + "</span></li>";
      out += "</ul>";
    }
    out += evidence_html(it);
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!r.broken_links.empty()) {
    out += "<h2>ลิงก์เสีย</h2>\n<p>" + xml_escape(finding_action_th("broken-link")) + "</p>\n"
           "<table class=\"stack\">\n<thead><tr><th scope=\"col\">ลิงก์</th><th scope=\"col\">ปัญหา</th>"
           "<th scope=\"col\">พบในหน้า</th></tr></thead>\n<tbody>\n";
    for (const auto& b : r.broken_links) {
      out += "<tr><th scope=\"row\" class=\"url\">" + xml_escape(b.url) + "</th><td data-label=\"ปัญหา\">" +
             xml_escape(b.error.empty() ? "HTTP " + std::to_string(b.status) : b.error) + "</td><td data-label=\"พบในหน้า\">";
      for (size_t i = 0; i < b.pages.size(); ++i)
        out += (i ? "<br>" : "") + std::string("<a class=\"url\" href=\"") + xml_escape(b.pages[i]) + "\">" +
               xml_escape(b.pages[i]) + "</a>";
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  if (o.unchecked && !o.unchecked->empty()) {
    out += "<h2>ไม่ได้ตรวจ</h2>\n<p>การตรวจหยุดก่อนถึงรายการเหล่านี้ (หมดเวลาหรือเกินขนาดที่กำหนด) จึงไม่นับว่าผ่านหรือเสีย " +
           xml_escape(finding_action_th("not-checked")) + "</p>\n<table class=\"stack\">\n<thead><tr><th scope=\"col\">ลิงก์</th>"
           "<th scope=\"col\">เหตุที่ไม่ได้ตรวจ</th><th scope=\"col\">พบในหน้า</th></tr></thead>\n<tbody>\n";
    for (const auto& u : *o.unchecked) {
      out += "<tr><th scope=\"row\" class=\"url\">" + xml_escape(u.url) + "</th><td data-label=\"เหตุที่ไม่ได้ตรวจ\">" +
             xml_escape(u.detail) + "</td><td data-label=\"พบในหน้า\">";
      for (size_t i = 0; i < u.pages.size(); ++i) out += (i ? "<br>" : "") + std::string("<span class=\"url\">") + xml_escape(u.pages[i]) + "</span>";
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
