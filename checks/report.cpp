#include "checks/report.h"
#include "core/control_chars.h"

#include "checks/report_common.h"
#include "checks/report_evidence.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace oit {
namespace {

using namespace report_detail;

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
  // The derived score and the projection: absent from reports of older oit, which still read.
  auto real = [&](const char* k) -> std::optional<double> {
    if (s.contains(k) && s[k].is_number()) return s[k].get<double>();
    return std::nullopt;
  };
  r.summary.oit_score = real("oit_score");
  if (r.summary.oit_score) r.summary.oit_score_note = str(s, "oit_score_note");
  auto iit = real("iit"), eit1 = real("eit1"), eit2 = real("eit2"), total = real("ita_total");
  if (r.summary.oit_score && iit && eit1 && eit2 && total) {
    r.summary.ita_scores = ItaScores{*iit, *eit1, *eit2};
    r.summary.ita_total = total;
    r.summary.ita_tier = str(s, "ita_tier");
  }
  if (j.contains("costliest_failed") && j["costliest_failed"].is_array())
    for (const auto& c : j["costliest_failed"]) {
      if (!c.is_object() || str(c, "id").empty() || !c.contains("gain") || !c["gain"].is_number()) continue;
      r.summary.costliest_failed.push_back({str(c, "id"), str(c, "title"), c["gain"].get<double>()});
    }
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
    read_evidence_json(it, ir);
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
    } else {
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
    // The evidence under the item: what was found and where, what was looked for, what a person must judge.
    for (const auto& l : evidence_lines(it, color)) out += "              " + l + "\n";
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
  for (const auto& l : score_lines_en(s)) out += l + "\n";
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
    J item{{"id", it.id},
           {"title", it.title},
           {"status", to_string(it.status)},
           {"url", it.url.empty() ? J(nullptr) : J(it.url)},
           {"fiscal_years", it.fiscal_years},
           {"findings", findings}};
    add_evidence_json(item, it);
    items.push_back(std::move(item));
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
  if (s.oit_score) {  // added keys only: older readers of the JSON see the same shape
    j["summary"]["oit_score"] = *s.oit_score;
    j["summary"]["oit_score_note"] = s.oit_score_note;
    if (s.ita_total && s.ita_scores) {
      j["summary"]["iit"] = s.ita_scores->iit;
      j["summary"]["eit1"] = s.ita_scores->eit1;
      j["summary"]["eit2"] = s.ita_scores->eit2;
      j["summary"]["ita_total"] = *s.ita_total;
      j["summary"]["ita_tier"] = s.ita_tier;
    }
    J costly = J::array();
    for (const auto& c : s.costliest_failed) costly.push_back(J{{"id", c.id}, {"title", c.title}, {"gain", c.gain}});
    j["costliest_failed"] = costly;
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
    std::string evidence;
    for (const auto& l : evidence_lines(it, false)) evidence += l + "\n";
    if (!warnings.empty() || !it.url.empty() || !evidence.empty())
      out += "      <system-out>" + xml_escape((it.url.empty() ? "" : "url: " + it.url + "\n") + warnings + evidence) +
             "</system-out>\n";
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
  for (const auto& l : score_lines_th(s)) out += md_escape(l) + "\n\n";
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
  std::string evidence;
  for (const auto& it : r.items) evidence += evidence_markdown(it);
  if (!evidence.empty()) out += "\n### หลักฐานรายข้อ\n\n" + evidence;
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


}  // namespace oit
