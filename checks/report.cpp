#include "checks/report.h"
#include "core/control_chars.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace oit {
namespace {

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


std::optional<ItemStatus> parse_status(std::string_view s) {
  if (s == "pass") return ItemStatus::Pass;
  if (s == "warn") return ItemStatus::Warn;
  if (s == "fail") return ItemStatus::Fail;
  return std::nullopt;
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

std::string diff_text(const ReportDiff& d) {
  std::string out = "\nchanges since " + d.previous_as_of + ": score " + fmt_score(d.score_was) + " -> " +
                    fmt_score(d.score_now) + " (" + signed_score(d.score_now - d.score_was) + ")\n";
  for (const auto& c : d.items)
    out += "  " + c.id + "  " + (c.was ? std::string(to_string(*c.was)) : "absent") + " -> " +
           (c.now ? std::string(to_string(*c.now)) : "absent") + "  " + c.title + "\n";
  for (const auto& u : d.links_fixed) out += "  fixed link  " + u + "\n";
  for (const auto& u : d.links_new) out += "  new broken link  " + u + "\n";
  if (d.items.empty() && d.links_fixed.empty() && d.links_new.empty()) out += "  no item changed status\n";
  return out;
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
    case ReportFormat::Text: return report_text(r, o.color, o.previous, o.unchecked);
    case ReportFormat::Json: return report_json(r, o.unchecked);
    case ReportFormat::Junit: return report_junit(r, o.unchecked);
    case ReportFormat::Html: return report_html(r, o);
    case ReportFormat::Markdown: return report_markdown(r, o.previous, o.unchecked);
  }
  return {};
}


Result<AuditReport> parse_report_json(std::string_view json, const std::string& file) {
  const std::string hint = "give a report written earlier by `oit check --format json -o FILE` for the same site";
  auto bad = [&](std::string what) -> Error { return make_error({file, 0, 0}, std::move(what), hint); };
  size_t first = json.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos) return bad("the file is empty, not a JSON report");
  if (json[first] == '<') return bad("this is an HTML or XML report, not a JSON report");
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON report (the file is not a JSON object)");
  AuditReport r;
  if (!j.contains("round") || !j["round"].is_number_integer() || !j.contains("items") || !j["items"].is_array() ||
      !j.contains("summary") || !j["summary"].is_object())
    return bad("not an oit check JSON report (it needs `round`, `summary` and `items`)");
  r.round = j["round"].get<int>();
  auto str = [](const nlohmann::json& o, const char* k) {
    return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
  };
  r.as_of = str(j, "as_of");
  r.target = str(j, "target");
  r.base_url = str(j, "base_url");
  r.agency = str(j, "agency");
  const auto& s = j["summary"];
  if (!s.contains("score") || !s["score"].is_number()) return bad("the report's `summary` has no `score`");
  r.summary.score = s["score"].get<double>();
  auto num = [&](const char* k) { return s.contains(k) && s[k].is_number_integer() ? s[k].get<int>() : 0; };
  r.summary.items_total = num("items_total");
  r.summary.items_pass = num("items_pass");
  r.summary.items_warn = num("items_warn");
  r.summary.items_fail = num("items_fail");
  r.summary.links_checked = num("links_checked");
  r.summary.links_broken = num("links_broken");
  r.rating = rating_for_score(r.summary.score);
  for (size_t i = 0; i < j["items"].size(); ++i) {
    const auto& it = j["items"][i];
    std::string where = "item " + std::to_string(i + 1);
    if (!it.is_object() || str(it, "id").empty()) return bad(where + " has no `id`");
    auto status = parse_status(str(it, "status"));
    if (!status) return bad(where + " (" + str(it, "id") + ") has no status pass, warn or fail");
    ItemResult ir;
    ir.id = str(it, "id");
    ir.title = str(it, "title");
    ir.url = str(it, "url");
    ir.status = *status;
    if (it.contains("fiscal_years") && it["fiscal_years"].is_array())
      for (const auto& y : it["fiscal_years"])
        if (y.is_number_integer()) ir.fiscal_years.push_back(y.get<int>());
    if (it.contains("findings") && it["findings"].is_array())
      for (const auto& f : it["findings"])
        if (f.is_object())
          ir.findings.push_back({str(f, "severity") == "warning" ? Severity::Warning : Severity::Error, str(f, "code"),
                                 str(f, "message")});
    r.items.push_back(std::move(ir));
  }
  if (j.contains("broken_links") && j["broken_links"].is_array())
    for (const auto& b : j["broken_links"]) {
      if (!b.is_object() || str(b, "url").empty()) continue;
      BrokenLink bl;
      bl.url = str(b, "url");
      bl.status = b.contains("status") && b["status"].is_number_integer() ? b["status"].get<int>() : 0;
      bl.error = str(b, "error");
      if (b.contains("pages") && b["pages"].is_array())
        for (const auto& p : b["pages"])
          if (p.is_string()) bl.pages.push_back(p.get<std::string>());
      r.broken_links.push_back(std::move(bl));
    }
  return r;
}

namespace {

// "www.agency.go.th/oit/": what tells two base URLs of one website apart, without the scheme (a site
// that moved to https is the same site) and a leading "www.".
std::string site_identity(const std::string& base_url) {
  auto u = parse_url(base_url);
  if (!u) return base_url;
  std::string host = u->host;
  if (host.starts_with("www.")) host.erase(0, 4);
  std::string path = u->path.empty() || u->path.back() != '/' ? u->path + "/" : u->path;
  return host + (u->port ? ":" + std::to_string(u->port) : "") + path;
}

// Where `"key":` first stands in a report's text (the top-level keys come before the items); 0:0 when absent.
SourcePos key_pos(std::string_view json, const std::string& file, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t at = json.find(quoted); at != std::string_view::npos; at = json.find(quoted, at + 1)) {
    size_t after = json.find_first_not_of(" \t\r\n", at + quoted.size());
    if (after == std::string_view::npos || json[after] != ':') continue;
    size_t line_start = json.rfind('\n', at);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    int line = 1 + static_cast<int>(std::count(json.begin(), json.begin() + static_cast<long>(at), '\n'));
    return {file, line, static_cast<int>(at - line_start) + 1};
  }
  return {file, 0, 0};
}

}  // namespace

Result<void> check_comparable(const AuditReport& prev, const AuditReport& cur, std::string_view json,
                              const std::string& file) {
  const std::string site = cur.base_url.empty() ? cur.target : cur.base_url;
  if (!prev.base_url.empty() && !cur.base_url.empty() && site_identity(prev.base_url) != site_identity(cur.base_url))
    return make_error(key_pos(json, file, "base_url"),
                      "the previous report is of another website (" + prev.base_url + "), this check is of " +
                          cur.base_url + ": what changed between two sites means nothing",
                      "give --previous a report written by `oit check --format json` for " + cur.base_url +
                          " (or drop --previous)");
  if (prev.round != cur.round)
    return make_error(key_pos(json, file, "round"),
                      "the previous report judged round " + std::to_string(prev.round) + ", this check judges round " +
                          std::to_string(cur.round) + ": their results follow different criteria and cannot be compared",
                      "give --previous a round " + std::to_string(cur.round) + " report of " + site +
                          ", or check this site against round " + std::to_string(prev.round) + " with --round " +
                          std::to_string(prev.round));
  return {};
}

ReportDiff diff_reports(const AuditReport& prev, const AuditReport& cur) {
  ReportDiff d;
  d.previous_as_of = prev.as_of;
  d.score_was = prev.summary.score;
  d.score_now = cur.summary.score;
  d.rating_was = rating_for_score(prev.summary.score);
  d.rating_now = rating_for_score(cur.summary.score);
  std::map<std::string, const ItemResult*> before;
  for (const auto& it : prev.items) before[it.id] = &it;
  std::set<std::string> now_ids;
  for (const auto& it : cur.items) {
    now_ids.insert(it.id);
    auto b = before.find(it.id);
    std::optional<ItemStatus> was = b == before.end() ? std::nullopt : std::optional(b->second->status);
    if (was != it.status) d.items.push_back({it.id, it.title, was, it.status});
  }
  for (const auto& it : prev.items)
    if (!now_ids.count(it.id)) d.items.push_back({it.id, it.title, it.status, std::nullopt});
  std::set<std::string> was_broken, now_broken;
  for (const auto& b : prev.broken_links) was_broken.insert(b.url);
  for (const auto& b : cur.broken_links) now_broken.insert(b.url);
  std::set_difference(was_broken.begin(), was_broken.end(), now_broken.begin(), now_broken.end(),
                      std::back_inserter(d.links_fixed));
  std::set_difference(now_broken.begin(), now_broken.end(), was_broken.begin(), was_broken.end(),
                      std::back_inserter(d.links_new));
  return d;
}

std::string finding_action_th(std::string_view code) {
  static const std::map<std::string, std::string, std::less<>> actions = {
      {"missing", "สร้างหน้าของข้อนี้บนเว็บไซต์หลัก แล้วกรอก URL ของหน้านั้นในแบบ ITAS"},
      {"unreachable", "ทำให้ลิงก์เปิดได้โดยไม่ต้องเข้าสู่ระบบ: ตรวจว่าหน้าหรือไฟล์ยังอยู่ ไม่ถูกย้ายหรือลบ "
                      "และเซิร์ฟเวอร์ตอบปกติ แล้วกรอก URL ที่ถูกต้อง"},
      {"off-site", "ย้ายข้อมูลมาไว้บนเว็บไซต์หลักของหน่วยงาน (ไม่ใช้ Google Drive หรือ Facebook) "
                   "ถ้าเป็นระบบบริการออนไลน์ ให้ใส่ลิงก์ไปยังระบบนั้นจากเว็บไซต์หลัก"},
      {"wrong-fiscal-year", "เผยแพร่ข้อมูลของปีงบประมาณที่เกณฑ์กำหนด และเขียนปีงบประมาณไว้ในชื่อเรื่องหรือหัวเอกสารให้ชัด"},
      {"out-of-period", "เพิ่มข้อมูลให้ครบทุกเดือนหรือทุกช่วงที่เกณฑ์กำหนด และเขียนวันที่หรือเดือนของแต่ละรายการไว้ในหน้า"},
      {"missing-element", "เพิ่มองค์ประกอบที่ขาดตามที่ระบุไว้ ลงในหน้าหรือเอกสารของข้อนี้"},
      {"broken-link", "แก้ลิงก์ที่เสียให้ชี้ไปยังหน้าหรือไฟล์ที่มีอยู่จริง หรือลบลิงก์นั้นออก"},
      {"scanned-pdf", "ใช้ PDF ที่ส่งออกจากโปรแกรมเอกสาร หรือทำ OCR ให้มีข้อความที่ค้นหาได้ แทนภาพสแกน"},
      {"too-large", "ลดขนาดไฟล์ (บีบอัดรูปภาพ หรือแยกเป็นหลายไฟล์) ให้ผู้ประเมินเปิดได้"},
      {"not-checked", "ตรวจอีกครั้งโดยให้เวลามากขึ้น (--deadline) หรือให้ผู้ตรวจเปิดดูเอง: ยังยืนยันไม่ได้ว่าผ่าน"},
  };
  auto a = actions.find(code);
  return a != actions.end() ? a->second : "แก้ไขตามข้อค้นพบนี้ แล้วตรวจอีกครั้งด้วย oit check";
}

std::string report_text(const AuditReport& r, bool color, const AuditReport* previous,
                        const std::vector<UncheckedLink>* unchecked) {
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
  if (unchecked && !unchecked->empty()) {
    out += "\nnot checked (" + std::to_string(unchecked->size()) +
           "): the audit's bounds stopped first; neither passed nor counted as broken\n";
    for (const auto& u : *unchecked) {
      out += "  " + paint("33", u.url) + "  (" + u.detail + ")\n";
      for (const auto& p : u.pages) out += "      on " + p + "\n";
    }
  }
  if (r.open_data) {
    out += "\nopen data: " + open_data_summary(*r.open_data) + "\n";
    for (const auto& l : open_data_lines(*r.open_data)) out += "  " + l + "\n";
  }
  const auto& s = r.summary;
  out += "\nitems: " + std::to_string(s.items_pass) + " pass, " + std::to_string(s.items_warn) + " warn, " +
         std::to_string(s.items_fail) + " fail of " + std::to_string(s.items_total) + "; links: " +
         std::to_string(s.links_checked) + " checked, " + std::to_string(s.links_broken) + " broken" +
         (unchecked ? ", " + std::to_string(unchecked->size()) + " not checked" : std::string()) + "\n";
  out += "score: " + fmt_score(s.score) + "% — " + r.rating + " (OIT part only; the real tier also needs IIT and EIT)\n";
  if (previous) out += diff_text(diff_reports(*previous, r));
  return out;
}

std::string report_json(const AuditReport& r, const std::vector<UncheckedLink>* unchecked) {
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
                      {"fiscal_years", it.fiscal_years},
                      {"findings", findings}});
  }
  J broken = J::array();
  for (const auto& b : r.broken_links)
    broken.push_back(J{{"url", b.url}, {"status", b.status}, {"error", b.error}, {"pages", b.pages}});
  const auto& s = r.summary;
  J j = {{"round", r.round},
         {"as_of", r.as_of},
         {"target", r.target},
         {"base_url", r.base_url.empty() ? J(nullptr) : J(r.base_url)},
         {"agency", r.agency.empty() ? J(nullptr) : J(r.agency)},
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
  if (unchecked) {
    j["summary"]["links_not_checked"] = unchecked->size();
    J list = J::array();
    for (const auto& u : *unchecked)
      list.push_back(J{{"url", u.url}, {"reason", u.why == Cut::Deadline ? "deadline" : "limit"},
                       {"content_only", u.content_only}, {"detail", u.detail}, {"pages", u.pages}});
    j["not_checked"] = list;
  }
  if (r.open_data) j["open_data"] = open_data_json(r.open_data);  // only for sites that publish a DCAT catalogue
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string report_junit(const AuditReport& r, const std::vector<UncheckedLink>* unchecked) {
  const bool od_fail = r.open_data && r.open_data->has_errors();
  const bool incomplete = unchecked && !unchecked->empty();
  int failures = r.summary.items_fail + (r.broken_links.empty() && !incomplete ? 0 : 1) + (od_fail ? 1 : 0);
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
  } else if (incomplete) {
    std::string body;
    for (const auto& u : *unchecked) body += u.url + " (" + u.detail + ")\n";
    out += "      <failure type=\"not-checked\" message=\"" + std::to_string(unchecked->size()) + " links not checked\">" +
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

std::string report_markdown(const AuditReport& r, const AuditReport* previous, const std::vector<UncheckedLink>* unchecked) {
  const auto& s = r.summary;
  std::string out = "## ผลตรวจ OIT รอบ " + std::to_string(r.round) + " ณ วันที่ " + thai_as_of(r) + "\n\n";
  out += "**" + md_escape(score_line_th(r)) + "**\n\n";
  out += "ผ่าน " + std::to_string(s.items_pass) + " · มีข้อเตือน " + std::to_string(s.items_warn) + " · ไม่ผ่าน " +
         std::to_string(s.items_fail) + " · ลิงก์ที่ตรวจ " + std::to_string(s.links_checked) + " · ลิงก์เสีย " +
         std::to_string(s.links_broken) + (unchecked ? " · ไม่ได้ตรวจ " + std::to_string(unchecked->size()) : std::string()) +
         "\n\n";
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
  if (unchecked && !unchecked->empty()) {
    out += "\n### ไม่ได้ตรวจ (ไม่นับว่าผ่านหรือเสีย)\n\n";
    for (const auto& u : *unchecked) out += "- `" + u.url + "` — " + md_escape(u.detail) + "\n";
  }
  if (r.open_data) {
    out += "\n### ข้อมูลเปิด (open data)\n\n" + md_escape(open_data_summary(*r.open_data)) + "\n\n";
    for (const auto& l : open_data_lines(*r.open_data)) out += "- " + md_escape(l) + "\n";
  }
  if (previous) {
    ReportDiff d = diff_reports(*previous, r);
    out += "\n### เปลี่ยนแปลงจากการตรวจครั้งก่อน\n\nคะแนน " + fmt_score(d.score_was) + " → " + fmt_score(d.score_now) +
           " (" + signed_score(d.score_now - d.score_was) + ")\n\n";
    for (const auto& c : d.items)
      out += "- " + md_escape(c.id) + " " + md_escape(c.title) + ": " + status_or_absent_th(c.was) + " → " +
             status_or_absent_th(c.now) + "\n";
    for (const auto& u : d.links_fixed) out += "- แก้แล้ว: `" + u + "`\n";
    for (const auto& u : d.links_new) out += "- ลิงก์เสียใหม่: `" + u + "`\n";
  }
  return out;
}

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
      "ul.findings li+li{margin-top:.4rem}.todo{display:block;color:#123f6e}.todo::before{content:\"➜ \"}\n"
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
      out += "—";
    } else {
      out += "<ul class=\"findings\">";
      for (const auto& f : it.findings)
        out += "<li>" + std::string(f.severity == Severity::Error ? "<strong>ข้อผิดพลาด:</strong>" : "ข้อเตือน:") + " " +
               xml_escape(f.message) + " <code>" + xml_escape(f.code) + "</code><span class=\"todo\">ควรทำ: " +
               xml_escape(finding_action_th(f.code)) + "</span></li>";
      out += "</ul>";
    }
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
