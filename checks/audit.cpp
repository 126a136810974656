#include "checks/audit.h"
#include "core/text.h"
#include "checks/audit_limits.h"
#include "checks/element_evidence.h"
#include "checks/item_scope.h"
#include "checks/match_text.h"
#include "checks/restatement.h"
#include "checks/structure_evidence.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>

namespace oit {
namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers

// Text as terms are compared (checks/match_text.h): PDF text layers break Thai words with spaces at
// random ("ประจำปี งบประมาณ") and drop ำ, so terms are compared without whitespace and with ำ folded.
std::string squash(std::string_view s) { return normalised(s); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

YearMonth next_month(YearMonth ym) { return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1}; }

bool is_doc_extension(const std::string& ext) {
  static const std::set<std::string> docs = {"pdf", "xlsx", "xls", "docx", "doc", "csv", "pptx", "ppt", "odt", "ods", "zip"};
  return docs.count(ext) > 0;
}

bool is_doc_type(const std::string& type) {
  return type == "application/pdf" || type == "text/csv" || type.find("officedocument") != std::string::npos ||
         type == "application/vnd.ms-excel" || type == "application/msword" ||
         type.find("opendocument") != std::string::npos;
}

Severity severity_for(Grade g) { return g == Grade::C ? Severity::Warning : Severity::Error; }

std::string describe_failure(const FetchResult& f) {
  if (!f.error.empty()) return f.status ? "HTTP " + std::to_string(f.status) + ", " + f.error : f.error;
  return "HTTP " + std::to_string(f.status);
}

// "5.0 GB", "40 MB".
std::string human_size(double bytes) {
  char buf[32];
  if (bytes >= (1 << 30)) std::snprintf(buf, sizeof buf, "%.1f GB", bytes / (1 << 30));
  else std::snprintf(buf, sizeof buf, "%.0f MB", bytes / (1 << 20));
  return buf;
}

// The size the server declared, else what was read before the checker stopped.
std::string size_text(const SiteResource& r) {
  if (r.fetch.content_length > 0) return "แจ้งขนาด " + human_size(static_cast<double>(r.fetch.content_length));
  return "ยาวไม่สิ้นสุด หยุดอ่านที่ " + human_size(static_cast<double>(r.body_bytes));
}

// An external site that refuses robots (401/403/429/999) or is slow has not shown the link is broken:
// never cry wolf on those. Links on the agency's own site get no such benefit of the doubt.
bool unverifiable(const SiteResource& r) {
  int s = r.fetch.status;
  return r.external && (s == 401 || s == 403 || s == 429 || s == 999 ||
                        (s == 0 && r.fetch.error.find("no answer within") != std::string::npos));
}

bool resource_ok(const SiteResource& r) { return !r.checked || r.fetch.ok() || unverifiable(r); }

// A link of a page, resolved.
struct ResolvedLink {
  const PageLink* link;
  Url url;
  std::string key;       // Url::str(), no fragment
  std::string fragment;  // decoded, "" when none
};

std::vector<ResolvedLink> resolve_links(const SiteData& site, const std::string& page_url, const Page& page,
                                        const SiteResource& res) {
  std::vector<ResolvedLink> out;
  auto base = parse_url(res.fetch.final_url.empty() ? page_url : res.fetch.final_url);
  if (!base) return out;
  Url b = *base;
  if (!page.base_href.empty())
    if (auto bh = resolve_url(b, page.base_href)) b = *bh;
  for (const auto& l : page.links) {
    auto u = resolve_url(b, l.href);
    if (!u || !u->is_http()) continue;
    if (!site.alias_from.empty()) {
      std::string mapped = site.map(u->str(true));
      if (auto m = parse_url(mapped)) u = std::move(m).value();
    }
    ResolvedLink r{&l, *u, u->str(), u->fragment ? percent_decode(*u->fragment) : std::string()};
    out.push_back(std::move(r));
  }
  return out;
}

// Fragments every page has: the top of the page, and text fragments (#:~:text=…).
bool fragment_always_valid(const std::string& f) { return f.empty() || f == "top" || f.starts_with(":~:"); }

// ---------------------------------------------------------------------------------------------
// Per-item evidence

struct Evidence {
  std::string page_url;               // the item's resource key
  const SiteResource* self = nullptr;
  ItemScope scope;  // the item's part of its page (checks/item_scope.h): all below is read from it only
  std::shared_ptr<const Page> block;  // owns that part when it is not the whole page
  const Page* page = nullptr;         // nullptr when the item URL is a document
  std::vector<ResolvedLink> links;    // of the item page
  std::vector<std::pair<std::string, const SiteResource*>> attachments;  // documents linked from the page
  std::vector<const PdfText*> pdfs;   // the item document itself and PDF attachments that were read
  std::vector<const PageTable*> tables;  // HTML tables, CSV data files and XLSX sheets
  std::vector<std::pair<std::string, const std::string*>> docs;  // DOCX documents' text, by address
  std::vector<const Page*> linked_pages; // same-site pages linked from the item page (news articles…)
};

// fragment: the submitted URL's, decoded ("" when none): where the item's block starts on its page.
Evidence gather(const SiteData& site, const std::string& key, const SiteResource& self, const Criteria& round,
                const Item& item, const std::string& fragment) {
  Evidence ev;
  ev.page_url = key;
  ev.self = &self;
  if (self.pdf) ev.pdfs.push_back(&*self.pdf);
  if (self.csv) ev.tables.push_back(&*self.csv);
  if (!self.page) return ev;
  ev.scope = find_item_scope(*self.page, round, embedded_criteria(), item, fragment);
  if (!ev.scope.whole_page) ev.block = std::make_shared<const Page>(scoped_page(*self.page, ev.scope));
  ev.page = ev.block ? ev.block.get() : &*self.page;
  for (const auto& t : ev.page->tables) ev.tables.push_back(&t);
  ev.links = resolve_links(site, key, *ev.page, self);
  std::set<std::string> seen;
  for (const auto& l : ev.links) {
    if (l.link->kind != "a" || l.link->in_chrome || l.key == key || !seen.insert(l.key).second) continue;
    const SiteResource* r = site.find(l.key);
    std::string ext = url_extension(l.url);
    bool doc = is_doc_extension(ext) || (r && is_doc_type(r->fetch.content_type));
    if (doc) {
      ev.attachments.emplace_back(l.key, r);
      if (r && r->pdf) ev.pdfs.push_back(&*r->pdf);
      if (r && r->csv) ev.tables.push_back(&*r->csv);
      if (r)
        for (const auto& sheet : r->sheets) ev.tables.push_back(&sheet);
      if (r && r->doc_text) ev.docs.emplace_back(l.key, &*r->doc_text);
    } else if (!l.link->in_chrome && r && r->page && !r->external) {
      ev.linked_pages.push_back(&*r->page);
    }
  }
  return ev;
}


// Where each document of the evidence is, for people: its address (and the item page for the page's own).
std::map<const void*, std::string> document_addresses(const Evidence& ev) {
  std::map<const void*, std::string> at;
  if (ev.self->pdf) at[&*ev.self->pdf] = ev.page_url;
  if (ev.self->csv) at[&*ev.self->csv] = ev.page_url;
  for (const auto& [url, r] : ev.attachments) {
    if (!r) continue;
    if (r->pdf) at[&*r->pdf] = url;
    if (r->csv) at[&*r->csv] = url;
    for (const auto& sheet : r->sheets) at[&sheet] = url + " แผ่นงาน " + sheet.caption;
  }
  return at;
}

// The texts the elements are looked for in: the page's own content, each document page by page, each
// table (HTML, CSV, XLSX sheet), each with where it is.
ElementTexts element_texts(const Evidence& ev, const std::vector<std::string>& headings) {
  std::vector<EvidencePart> parts;
  if (ev.page) {
    // The content first, the title last: a quote should show the disclosure, not the page's name.
    std::string t = ev.page->main_text + "\n";
    for (const auto& l : ev.page->links)
      if (!l.in_chrome) t += l.text + "\n";
    for (const auto& img : ev.page->images)
      if (!img.in_chrome) t += img.alt + "\n";
    t += ev.page->title + "\n";
    parts.push_back({"หน้า " + ev.page_url + (ev.scope.heading.empty() ? "" : " — " + ev.scope.heading), std::move(t)});
  }
  const auto at = document_addresses(ev);
  for (const PdfText* p : ev.pdfs) {
    auto it = at.find(p);
    std::string_view text = p->text;
    for (int page = 1; !text.empty(); ++page) {
      size_t ff = text.find('\f');
      std::string_view one = text.substr(0, ff);
      if (!one.empty())
        parts.push_back({"เอกสาร " + (it == at.end() ? ev.page_url : it->second) + " หน้า " + std::to_string(page), std::string(one)});
      text = ff == std::string_view::npos ? std::string_view() : text.substr(ff + 1);
    }
  }
  for (const auto& [url, text] : ev.docs) parts.push_back({"เอกสาร " + url, *text});
  std::vector<std::pair<std::string, const PageTable*>> tables;
  for (const PageTable* t : ev.tables) {
    auto it = at.find(t);
    tables.emplace_back(it == at.end() ? "ตารางในหน้า " + ev.page_url : "ข้อมูล " + it->second, t);
  }
  return ElementTexts(parts, std::move(tables), headings, RestatementIndex::embedded());
}

// Short texts that name a page's subject: title, own headings, own link texts, table captions.
std::vector<std::string> naming_snippets(const Evidence& ev) {
  std::vector<std::string> s;
  if (!ev.page) return s;
  s.push_back(ev.page->title);
  for (const auto& h : ev.page->headings)
    if (!h.in_chrome) s.push_back(h.text);
  for (const auto& l : ev.page->links)
    if (!l.in_chrome && l.kind == "a") s.push_back(l.text);
  for (const auto& t : ev.page->tables)
    if (!t.caption.empty()) s.push_back(t.caption);
  return s;
}


// The texts an item's period is read from, each with where it is and whether it names the subject
// (title, own headings, own link texts, captions, table headers, a document's first page). HTML table
// cells are part of main_text already. `store` keeps the texts made here (a PDF's pages).
std::vector<PeriodSource> period_sources(const Evidence& ev, std::deque<std::string>& store) {
  std::vector<PeriodSource> s;
  if (ev.page) {
    s.push_back({"ชื่อหน้า", ev.page->title, true});
    for (const auto& h : ev.page->headings)
      if (!h.in_chrome) s.push_back({"หัวข้อ", h.text, true});
    for (const auto& l : ev.page->links)
      if (!l.in_chrome && l.kind == "a") s.push_back({"ข้อความลิงก์", l.text, true});
    for (const auto& t : ev.page->tables) {
      if (!t.caption.empty()) s.push_back({"คำอธิบายตาราง", t.caption, true});
      for (const auto& h : t.headers) s.push_back({"หัวตาราง", h, true});
    }
    s.push_back({"เนื้อหาหน้า", ev.page->main_text, false});
  }
  std::map<const void*, std::string> doc_url = document_addresses(ev);
  for (const PdfText* p : ev.pdfs) {
    std::string_view text = p->text;
    for (int page = 1; !text.empty(); ++page) {
      size_t ff = text.find('\f');
      std::string_view one = text.substr(0, ff);
      store.push_back(doc_url[p] + " หน้า " + std::to_string(page));
      if (!one.empty()) s.push_back({store.back(), one, page == 1});
      text = ff == std::string_view::npos ? std::string_view() : text.substr(ff + 1);
    }
  }
  for (const PageTable* t : ev.tables) {
    auto it = doc_url.find(t);
    if (it == doc_url.end()) continue;  // an HTML table: read with the page
    for (const auto& h : t->headers) s.push_back({it->second + " หัวตาราง", h, true});
    for (const auto& row : t->rows)
      for (const auto& cell : row) s.push_back({it->second, cell, false});
  }
  return s;
}

std::string thai_months_list(const std::vector<YearMonth>& months) {
  std::vector<std::string> names;
  for (const auto& m : months) names.push_back(thai_year_month(m));
  return join(names, ", ");
}

class ItemAuditor {
 public:
  ItemAuditor(const AuditInput& in, const std::vector<BrokenLink>& broken) : in_(in), broken_(broken) {}

  ItemResult run(const Item& item) {
    ItemResult r;
    r.id = item.id;
    r.title = item.title;
    auto it = in_.item_urls.find(item.id);
    r.url = it == in_.item_urls.end() ? "" : it->second;
    findings_.clear();
    fiscal_years_.clear();
    elements_.clear();
    manual_.clear();
    period_.reset();
    scope_.clear();
    check_item(item, r.url);
    r.findings = findings_;
    r.fiscal_years.assign(fiscal_years_.begin(), fiscal_years_.end());
    r.elements = std::move(elements_);
    r.manual_checks = std::move(manual_);
    r.period = std::move(period_);
    r.scope = std::move(scope_);
    bool error = std::any_of(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
    r.status = error ? ItemStatus::Fail : r.findings.empty() ? ItemStatus::Pass : ItemStatus::Warn;
    return r;
  }

 private:
  void add(Severity s, const char* code, std::string message) { findings_.push_back({s, code, std::move(message)}); }

  void check_item(const Item& item, const std::string& url_text) {
    const SiteData& site = *in_.site;
    if (url_text.empty()) {
      add(Severity::Error, "missing", "ไม่มี URL ของข้อนี้ (ไม่มีหน้าที่ระบุข้อ " + item.id + " หรือไม่มีในแบบ ITAS)");
      return;
    }
    auto url = parse_url(url_text);
    if (!url || !url->is_http()) {
      add(Severity::Error, "unreachable", "URL ใช้ไม่ได้: " + url_text);
      return;
    }
    if (!site.alias_from.empty())
      if (auto mapped = parse_url(site.map(url->str(true)))) url = std::move(mapped);
    std::string key = url->str();
    const SiteResource* self = site.find(key);
    if (!self || !self->checked) {
      add(Severity::Warning, "unreachable", "ไม่ได้ตรวจ URL นี้ (--offline หรือ --no-external): " + key);
      return;
    }
    if (!self->fetch.ok()) {
      add(Severity::Error, "unreachable", "เปิดไม่ได้สำหรับผู้เข้าชมทั่วไป (" + describe_failure(self->fetch) + "): " + key);
      return;
    }
    if (!self->content_problem.empty()) {
      add(Severity::Error, "unreachable", self->content_problem + ": " + key);
      return;
    }
    check_site(item, *url, *self);
    // A submitted URL may point at a section of a page: that section must exist.
    std::string fragment = url->fragment ? percent_decode(*url->fragment) : "";
    if (self->page && !fragment_always_valid(fragment) && !self->page->ids.count(fragment))
      add(Severity::Error, "broken-link", missing_fragment(*self->page, fragment) + " ในหน้าที่ส่ง: " + url->str(true));
    Evidence ev = gather(site, key, *self, *in_.criteria, item, fragment);
    if (ev.scope.not_listed) return add(Severity::Error, "wrong-page", not_listed_message(ev.scope, item));
    if (!ev.scope.whole_page) scope_ = ev.scope.heading;
    check_attachments(ev);
    for (auto& f : limit_findings(ev.page, ev.page_url, ev.self, ev.attachments)) findings_.push_back(std::move(f));
    // The years are read whatever the verdict: an item that fails its period is where the working
    // group most needs to see which year the page is about (last year's document, usually).
    std::optional<PeriodJudgement> period;
    if (has_fiscal_year_rule(item)) {
      period = judge_item_period(item, ev);
      fiscal_years_.insert(period->years.begin(), period->years.end());
      PeriodResult pr;
      pr.expected_fy = expected_fy(item);
      pr.verdict = period->verdict == PeriodJudgement::Verdict::Right   ? "right"
                   : period->verdict == PeriodJudgement::Verdict::Wrong ? "wrong"
                                                                        : "unknown";
      for (const auto& f : period->evidence) pr.evidence.push_back({f.quote, f.where});
      period_ = std::move(pr);
    }
    // The period is judged once: a coverage rule, when it applies at the audit date, is the stronger
    // test, and its failure already says the content is from the wrong period.
    CoverageResult coverage = check_coverage(item, ev);
    if (period && coverage != CoverageResult::Failed) check_fiscal_year(item, *period, coverage == CoverageResult::Passed);
    check_elements(item, ev);
    check_links(ev);
  }

  void check_site(const Item& item, const Url& url, const SiteResource& self) {
    const Url& base = in_.site->base;
    auto final_url = parse_url(self.fetch.final_url.empty() ? url.str() : self.fetch.final_url);
    bool on_site = same_site(url, base) && (!final_url || same_site(*final_url, base));
    if (on_site) return;
    // An online service may live on another system when the main website links to it.
    if (item.period == PeriodRule::Working && linked_from_main_site(url.str(), final_url ? final_url->str() : "")) return;
    add(Severity::Error, "off-site",
        "อยู่นอกเว็บไซต์หลักของหน่วยงาน (" + registered_domain((final_url ? *final_url : url).host) + " ไม่ใช่ " +
            registered_domain(base.host) + ")" +
            (item.period == PeriodRule::Working ? " และไม่มีลิงก์จากเว็บไซต์หลัก" : ""));
  }

  bool linked_from_main_site(const std::string& a, const std::string& b) const {
    const SiteData& site = *in_.site;
    for (const auto& p : site.pages) {
      const SiteResource* r = site.find(p);
      if (!r || !r->page || r->external) continue;
      for (const auto& l : resolve_links(site, p, *r->page, *r))
        if (l.key == a || l.key == b) return true;
    }
    return false;
  }

  void check_attachments(const Evidence& ev) {
    for (const auto& [url, r] : ev.attachments) {
      if (!r || !r->checked) continue;
      if (!r->fetch.ok() && !unverifiable(*r)) {
        add(Severity::Error, "unreachable", "ไฟล์แนบเปิดไม่ได้ (" + describe_failure(r->fetch) + "): " + url);
      } else if (!r->content_problem.empty()) {
        add(Severity::Error, "unreachable", r->content_problem + ": " + url);
      } else if (r->fetch.truncated) {
        add(Severity::Warning, "too-large", "ไฟล์แนบใหญ่เกินที่ตรวจได้ (" + size_text(*r) + ") ตรวจเนื้อหาไม่ได้ และผู้ประเมินอาจเปิดไม่ได้: " + url);
      } else if (r->pdf && r->pdf->scanned()) {
        add(Severity::Warning, "scanned-pdf", "PDF ไม่มีข้อความ (น่าจะเป็นภาพสแกน) ผู้ประเมินค้นหาไม่ได้: " + url);
      }
    }
  }

  static bool has_fiscal_year_rule(const Item& item) {
    return item.period == PeriodRule::RoundFY || item.period == PeriodRule::PreviousFY ||
           item.period == PeriodRule::SpansRoundFY;
  }

  int expected_fy(const Item& item) const {
    return item.period == PeriodRule::SpansRoundFY ? in_.criteria->round : in_.criteria->expected_fiscal_year(item);
  }

  PeriodJudgement judge_item_period(const Item& item, const Evidence& ev) const {
    std::deque<std::string> store;
    std::vector<PeriodSource> sources;
    std::vector<std::string> meta = ev.page ? ev.page->meta_values("oit:fiscal-year") : std::vector<std::string>{};
    if (!meta.empty()) {
      // Generated pages state their fiscal year; that statement is the page's own.
      for (const auto& v : meta) {
        store.push_back("ปีงบประมาณ " + v);
        sources.push_back({"<meta name=\"oit:fiscal-year\">", store.back(), true});
      }
    } else {
      sources = period_sources(ev, store);
    }
    return judge_period(sources, item.period, expected_fy(item), in_.criteria->round);
  }

  // dated_in_fy: the page's dated content already shows it is about the fiscal year.
  // Certain evidence of another year fails whatever the rule's grade; uncertain evidence is graded as the
  // rule says; no evidence, or evidence that conflicts, is for a person to look at.
  void check_fiscal_year(const Item& item, const PeriodJudgement& period, bool dated_in_fy) {
    const int round = in_.criteria->round;
    const int expected = expected_fy(item);
    if (period.verdict == PeriodJudgement::Verdict::Right) return;
    std::string want = item.period == PeriodRule::SpansRoundFY
                           ? "แผนที่ครอบคลุมปีงบประมาณ " + std::to_string(round)
                           : "ปีงบประมาณ " + std::to_string(expected);
    std::vector<std::string> found;
    for (const auto& f : period.evidence)
      if (found.size() < 3) found.push_back("“" + f.quote + "” (" + f.where + ")");
    std::string shown = found.empty() ? "" : " — พบ: " + join(found, "; ");
    if (period.verdict == PeriodJudgement::Verdict::Unknown) {
      if (dated_in_fy) return;
      if (period.evidence.empty())
        add(Severity::Warning, "wrong-fiscal-year", "ไม่พบการระบุปีงบประมาณในชื่อเรื่อง หัวข้อ เนื้อหา หรือเอกสาร (ต้องเป็น" + want + ")");
      else
        add(Severity::Warning, "wrong-fiscal-year", "ปีที่ระบุขัดกัน ต้องตรวจด้วยตนเองว่าเป็น" + want + shown);
      return;
    }
    bool certain = period.certain;
    if (dated_in_fy) {  // dated content in the year (a linked article, a <time>) outweighs other dates
      bool by_dates = std::all_of(period.evidence.begin(), period.evidence.end(), [](const PeriodFinding& f) {
        return f.mention.kind == YearMention::Kind::Date || f.mention.kind == YearMention::Kind::Month;
      });
      if (by_dates) return;
      certain = false;
    }
    std::vector<std::string> years;
    for (int y : period.years) years.push_back(std::to_string(y));
    add(certain ? Severity::Error : severity_for(item.period_grade), "wrong-fiscal-year",
        "ระบุปี " + join(years, ", ") + " แต่เกณฑ์รอบ " + std::to_string(round) + " ต้องการ" + want + shown);
  }

  enum class CoverageResult { NotJudged, Passed, Failed };

  CoverageResult check_coverage(const Item& item, const Evidence& ev) {
    if (item.coverage == Coverage::None) return CoverageResult::NotJudged;
    int fy = in_.criteria->expected_fiscal_year(item);
    if (fy == 0) fy = in_.criteria->round;
    const Date start = fiscal_year_start(fy), end = fiscal_year_end(fy);
    if (in_.as_of < start) return CoverageResult::NotJudged;  // the period has not begun at the audit date
    if (item.coverage == Coverage::AnyInFY) {
      const Date until = std::min(end, in_.as_of);
      std::vector<Date> dates = dated_content(ev);
      bool found = std::any_of(dates.begin(), dates.end(), [&](const Date& d) { return d >= start && d <= until; });
      if (found) return CoverageResult::Passed;
      std::string latest;
      if (!dates.empty()) {
        Date best{0, 0, 0};
        for (const auto& d : dates)
          if (d <= in_.as_of) best = std::max(best, d);
        if (best.year) latest = " (รายการล่าสุดลงวันที่ " + thai_date_long(best) + ")";
      }
      add(severity_for(item.coverage_grade), "out-of-period",
          "ไม่พบรายการที่ลงวันที่ในปีงบประมาณ " + std::to_string(fy) + " (" + thai_date_short(start) + " – " +
              thai_date_short(until) + ")" + latest);
      return CoverageResult::Failed;
    }
    // FirstHalf: every month Oct..Mar that has ended by the audit date.
    std::vector<YearMonth> due;
    for (const auto& m : fiscal_first_half_months(fy)) {
      YearMonth after = next_month(m);
      if (Date{after.year, after.month, 1} <= in_.as_of) due.push_back(m);
    }
    if (due.empty()) return CoverageResult::NotJudged;
    std::set<YearMonth> months = months_covered(ev);
    std::vector<YearMonth> missing;
    for (const auto& m : due)
      if (!months.count(m)) missing.push_back(m);
    if (missing.empty()) return CoverageResult::Passed;
    add(severity_for(item.coverage_grade), "out-of-period",
        "ไม่พบข้อมูลเดือน " + thai_months_list(missing) + " (ต้องครบทุกเดือนตั้งแต่ " + thai_year_month(due.front()) +
            " ถึง " + thai_year_month(due.back()) + "; เดือนที่ไม่มีรายการให้ระบุว่าไม่มี)");
    return CoverageResult::Failed;
  }

  static std::vector<Date> page_dates(const Page& p) {
    std::vector<Date> d;
    for (const auto& t : p.time_datetimes)
      if (auto x = parse_iso_date(t)) d.push_back(*x);
    for (const char* m : {"article:published_time", "oit:date", "date", "dc.date"})
      for (const auto& v : p.meta_values(m))
        if (auto x = parse_iso_date(v)) d.push_back(*x);
    for (const auto& x : find_dates_in_text(p.main_text)) d.push_back(x);
    return d;
  }

  static std::vector<Date> dated_content(const Evidence& ev) {
    std::vector<Date> d;
    if (ev.page) d = page_dates(*ev.page);
    for (const Page* p : ev.linked_pages)
      for (const auto& x : page_dates(*p)) d.push_back(x);
    for (const PdfText* p : ev.pdfs)
      for (const auto& x : find_dates_in_text(p->text)) d.push_back(x);
    for (const PageTable* t : ev.tables)
      for (const auto& row : t->rows)
        for (const auto& cell : row)
          for (const auto& x : find_dates_in_text(cell)) d.push_back(x);
    return d;
  }

  static std::set<YearMonth> months_covered(const Evidence& ev) {
    std::set<YearMonth> months;
    auto add_text = [&](std::string_view t) {
      for (const auto& m : find_months_in_text(t)) months.insert(m);
    };
    if (ev.page) {
      add_text(ev.page->main_text);
      for (const auto& l : ev.page->links)
        if (!l.in_chrome) add_text(l.text);
    }
    for (const PdfText* p : ev.pdfs) add_text(p->text);
    for (const PageTable* t : ev.tables) {
      add_text(join(t->headers, "\n"));
      for (const auto& row : t->rows)
        for (const auto& cell : row) add_text(cell);
    }
    return months;
  }

  // Each element found (with a quote and where), missing (with what was looked for), uncertain (a person
  // must look) or left to a person (manual): every element is listed in the report, never passed silently.
  void check_elements(const Item& item, const Evidence& ev) {
    // Criteria restated on the page and the oit new guidance are not evidence; its own headings are kept.
    const ElementTexts texts = element_texts(ev, naming_snippets(ev));
    const Restatement& own = texts.restatement();
    auto all_missing = [&](const std::string& why) {
      for (const auto& el : item.elements) record(el, el.check == ElementCheck::Manual ? ElementState::Manual : ElementState::Missing, {}, why);
    };
    if (own.placeholder) {
      all_missing("ยังเป็นคำแนะนำของ oit new");
      return add(Severity::Error, "placeholder", "ยังเป็นคำแนะนำของ oit new: เขียนเนื้อหาของข้อนี้");
    }
    bool embedded = std::any_of(ev.links.begin(), ev.links.end(), [](const ResolvedLink& l) { return !l.link->in_chrome && is_embedded_kind(l.link->kind); });
    if (restates_only(own, first_image(ev) || first_attachment(ev) || embedded)) {
      all_missing("มีแต่ข้อความที่คัดลอกจากเกณฑ์");
      return add(Severity::Error, "restated-criterion",
                 "หน้านี้คัดลอกเกณฑ์มา แต่ไม่ได้เปิดเผยข้อมูล: \"" + own.examples.front() + "\"");
    }
    // A page or document read only in part: what is not found may be in the part not read.
    const bool cut = (ev.self && ev.self->fetch.truncated) ||
                     std::any_of(ev.pdfs.begin(), ev.pdfs.end(), [](const PdfText* p) { return !p->limit.empty(); });
    auto has = [&](const std::string& t) { return texts.has(t); };
    auto at_page = [&](std::string q) { return EvidenceQuote{std::move(q), "หน้า " + ev.page_url}; };
    for (const auto& el : item.elements) {
      std::string missing;  // "" = present
      std::optional<EvidenceQuote> quote;
      switch (el.check) {
        case ElementCheck::Manual:
          record(el, ElementState::Manual, {}, "");
          continue;
        case ElementCheck::AnyTerm:
          if (!std::any_of(el.terms.begin(), el.terms.end(), has)) missing = "ไม่พบคำใดใน: " + join(el.terms, ", ");
          else quote = texts.quote_any(el.terms);
          break;
        case ElementCheck::AllTerms: {
          std::vector<std::string> absent;
          for (const auto& t : el.terms)
            if (!has(t)) absent.push_back(t);
          if (!absent.empty()) missing = "ไม่พบ: " + join(absent, ", ");
          else quote = texts.quote_any(el.terms);
          break;
        }
        case ElementCheck::AllColumns:
          missing = missing_columns(el, ev);
          if (missing.empty()) quote = texts.quote_any({el.terms.front()});
          break;
        case ElementCheck::Image:
          if (auto img = first_image(ev)) quote = at_page("รูปภาพ " + *img);
          else missing = "ไม่พบรูปภาพในเนื้อหาของหน้า";
          break;
        case ElementCheck::PhoneOrEmail:
          if (auto c = phone_or_email(ev)) quote = texts.quote_any({*c}).value_or(at_page(*c));
          else missing = "ไม่พบหมายเลขโทรศัพท์หรืออีเมล";
          break;
        case ElementCheck::Attachment:
          if (auto a = first_attachment(ev)) quote = at_page("ไฟล์แนบ " + *a);
          else missing = "ไม่พบไฟล์แนบ (PDF, XLSX, DOCX, CSV)";
          break;
        case ElementCheck::ImageOrAttachment:
          if (auto img = first_image(ev)) quote = at_page("รูปภาพ " + *img);
          else if (auto a = first_attachment(ev)) quote = at_page("ไฟล์แนบ " + *a);
          else missing = "ไม่พบรูปภาพหรือไฟล์แนบ";
          break;
        default: {  // structure: steps, signature, monthly table (checks/structure_evidence.h)
          bool picture = first_image(ev) || std::any_of(ev.pdfs.begin(), ev.pdfs.end(), [](const PdfText* p) { return p->scanned(); });
          StructureResult found = judge_structure(el, own.kept, ev.tables, picture);
          if (!found.quote && ev.page)  // an HTML list: the numbers of <ol> are not in the text
            for (const auto& l : ev.page->lists)
              if (!l.in_chrome)
                if (auto r = judge_structure(el, own.kept, ev.tables, picture, l.items, l.ordered); r.quote) {
                  found = std::move(r);
                  break;
                }
          if (found.quote) {
            quote = texts.place_of(*found.quote);
          } else if (found.person_must_look) {  // unsure: a person must look, never a silent pass or a false fail
            record(el, ElementState::Uncertain, {}, found.missing);
            add(Severity::Warning, "missing-element", el.text + " — " + found.missing + " (ตรวจด้วยตนเอง)");
            continue;
          } else {
            missing = found.missing;
          }
        }
      }
      if (missing.empty()) {
        record(el, ElementState::Found, std::move(quote), "");
      } else if (cut) {
        record(el, ElementState::Uncertain, {}, missing);
        add(Severity::Warning, "missing-element", el.text + " — " + missing + " (อ่านเนื้อหาได้ไม่ครบ ตรวจด้วยตนเอง)");
      } else {
        record(el, ElementState::Missing, {}, missing);
        add(severity_for(el.grade), "missing-element", el.text + " — " + missing);
      }
    }
  }

  void record(const Element& el, ElementState state, std::optional<EvidenceQuote> quote, std::string looked_for) {
    elements_.push_back({el.key, el.text, el.grade, state, std::move(quote), std::move(looked_for)});
    if (state == ElementState::Manual) manual_.push_back(el.text);
  }

  static std::string missing_columns(const Element& el, const Evidence& ev) {
    std::vector<std::string> best_missing = el.terms;
    for (const PageTable* t : ev.tables) {
      std::vector<std::string> heads;
      for (const auto& h : t->headers) heads.push_back(squash(h));
      std::vector<std::string> absent;
      for (const auto& term : el.terms) {
        std::string st = squash(term);
        bool found = std::any_of(heads.begin(), heads.end(), [&](const std::string& h) { return h.find(st) != std::string::npos; });
        if (!found) absent.push_back(term);
      }
      if (absent.size() < best_missing.size()) best_missing = absent;
      if (absent.empty()) return {};
    }
    // A table published only as PDF: its header row is in the text layer.
    if (!ev.pdfs.empty()) {
      std::string all;
      for (const PdfText* p : ev.pdfs) all += squash(p->text);
      bool every = std::all_of(el.terms.begin(), el.terms.end(),
                               [&](const std::string& t) { return all.find(squash(t)) != std::string::npos; });
      if (every) return {};
    }
    return "ไม่พบคอลัมน์: " + join(best_missing, ", ");
  }

  // The first image of the page's content that loads (its address), if any.
  std::optional<std::string> first_image(const Evidence& ev) const {
    if (!ev.page) return std::nullopt;
    for (const auto& l : ev.links) {
      if (l.link->in_chrome || (l.link->kind != "img" && l.link->kind != "srcset")) continue;
      const SiteResource* r = in_.site->find(l.key);
      if (!r || resource_ok(*r)) return l.key;
    }
    return std::nullopt;
  }

  // The first attachment that opens (its address), if any.
  static std::optional<std::string> first_attachment(const Evidence& ev) {
    for (const auto& [url, r] : ev.attachments)
      if (!r || resource_ok(*r)) return url;
    return std::nullopt;
  }

  // A phone number or e-mail address of the page's content or documents, as written there.
  static std::optional<std::string> phone_or_email(const Evidence& ev) {
    std::string t;
    if (ev.page) {
      t = ev.page->main_text;
      for (const auto& l : ev.page->links)
        if (!l.in_chrome && (l.href.starts_with("tel:") || l.href.starts_with("mailto:"))) return l.href;
    }
    for (const PdfText* p : ev.pdfs) t += "\n" + p->text;
    t = to_arabic_digits(t);
    // e-mail: something@something.tld
    for (size_t at = t.find('@'); at != std::string::npos; at = t.find('@', at + 1)) {
      bool before = at > 0 && (std::isalnum(static_cast<unsigned char>(t[at - 1])) || t[at - 1] == '.' || t[at - 1] == '_');
      size_t dot = t.find('.', at);
      bool after = dot != std::string::npos && dot > at + 1 && dot + 2 < t.size() + 1 &&
                   std::all_of(t.begin() + static_cast<long>(at) + 1, t.begin() + static_cast<long>(dot),
                               [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
      if (before && after) {
        size_t from = at;
        while (from > 0 && (std::isalnum(static_cast<unsigned char>(t[from - 1])) || t[from - 1] == '.' || t[from - 1] == '_')) --from;
        size_t to = dot;
        while (to < t.size() && (std::isalnum(static_cast<unsigned char>(t[to])) || t[to] == '.' || t[to] == '-')) ++to;
        return t.substr(from, to - from);
      }
    }
    // Thai phone numbers: 0 then 8–9 more digits, separated by spaces or dashes, or +66.
    for (size_t i = 0; i < t.size(); ++i) {
      if (!(t[i] == '0' || (t[i] == '+' && t.compare(i, 3, "+66") == 0))) continue;
      if (i > 0 && is_digit(t[i - 1])) continue;
      int digits = 0;
      size_t j = i + (t[i] == '+' ? 3 : 0);
      if (t[i] == '+') digits = 1;  // +66 stands for the leading 0
      for (; j < t.size() && (is_digit(t[j]) || t[j] == '-' || t[j] == ' '); ++j)
        if (is_digit(t[j])) ++digits;
      if (digits >= 9 && digits <= 10) return std::string(trim(std::string_view(t).substr(i, j - i)));
    }
    return std::nullopt;
  }

  void check_links(const Evidence& ev) {
    if (!ev.page) return;
    std::set<std::string> attachment_urls;
    for (const auto& a : ev.attachments) attachment_urls.insert(a.first);
    std::set<std::string> own;  // broken-link URLs present in the page's own content
    for (const auto& l : ev.links) {
      if (l.link->in_chrome || attachment_urls.count(l.key)) continue;  // attachments are reported as unreachable
      std::string with_fragment = l.fragment.empty() ? l.key : l.url.str(true);
      own.insert(l.key);
      own.insert(with_fragment);
    }
    std::vector<std::string> bad;
    for (const auto& b : broken_) {
      if (!own.count(b.url)) continue;
      if (!std::binary_search(b.pages.begin(), b.pages.end(), ev.page_url)) continue;
      bad.push_back(b.url + " (" + (b.error.empty() ? "HTTP " + std::to_string(b.status) : b.error) + ")");
    }
    if (!bad.empty())  // the first ones named: a hostile page's thousands are counted, not all listed
      add(Severity::Error, "broken-link", "ลิงก์เสีย " + std::to_string(bad.size()) + " รายการ: " + join(first_of(bad, 20), "; "));
  }

  const AuditInput& in_;
  const std::vector<BrokenLink>& broken_;
  std::vector<Finding> findings_;
  std::set<int> fiscal_years_;  // named by the item's evidence, for the report
  std::vector<ElementResult> elements_;    // each element's evidence, for the report
  std::vector<std::string> manual_;        // elements only a person can judge
  std::optional<PeriodResult> period_;     // which years were found, and where
  std::string scope_;                      // the item's block on a multi-item page
};

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string SiteData::map(const std::string& url) const {
  if (alias_from.empty() || !url.starts_with(alias_from)) return url;
  return alias_to + url.substr(alias_from.size());
}

std::string SiteData::site_url() const { return alias_from.empty() ? base.str() : alias_from; }

const SiteResource* SiteData::find(const std::string& url) const {
  auto it = resources.find(map(url));
  return it == resources.end() ? nullptr : &it->second;
}

std::vector<BrokenLink> find_broken_links(const SiteData& site, int* links_checked) {
  std::map<std::string, BrokenLink> broken;
  std::set<std::string> checked;
  for (const auto& page_url : site.pages) {
    const SiteResource* res = site.find(page_url);
    if (!res || !res->page) continue;
    if (auto cut = page_limit_entry(page_url, *res)) broken[page_url] = std::move(*cut);  // once per page
    for (const auto& l : resolve_links(site, page_url, *res->page, *res)) {
      const SiteResource* target = site.find(l.key);
      if (!target || !target->checked) continue;
      checked.insert(l.url.str(true));
      std::string status_error;
      std::string broken_url = l.key;
      if (!resource_ok(*target)) {
        status_error = target->fetch.error;
      } else if (!fragment_always_valid(l.fragment) && target->page && target->fetch.ok()) {
        if (!target->page->ids.count(l.fragment)) {
          broken_url = l.url.str(true);
          status_error = missing_fragment(*target->page, l.fragment) + " ในหน้าปลายทาง";
        } else {
          continue;
        }
      } else {
        continue;
      }
      auto& b = broken[broken_url];
      b.url = broken_url;
      b.status = target->fetch.status;
      b.error = status_error;
      if (std::find(b.pages.begin(), b.pages.end(), page_url) == b.pages.end()) b.pages.push_back(page_url);
    }
  }
  if (links_checked) *links_checked = static_cast<int>(checked.size());
  std::vector<BrokenLink> out;
  for (auto& [url, b] : broken) {
    std::sort(b.pages.begin(), b.pages.end());
    out.push_back(std::move(b));
  }
  return out;
}

std::string rating_for_score(double score) {
  if (score >= 95) return "ผ่านดีเยี่ยม";
  if (score >= 85) return "ผ่าน";
  if (score >= 70) return "ต้องปรับปรุง";
  return "ต้องปรับปรุงโดยด่วน";
}

void apply_ita_scores(AuditSummary& summary, const ItaScores& scores) {
  summary.ita_scores = scores;
  auto p = project_ita(scores, summary.oit_score.value_or(0));
  summary.ita_total = p.total;
  summary.ita_tier = p.tier;
}

int AuditReport::exit_status() const {
  return summary.items_fail == 0 && broken_links.empty() && !(open_data && open_data->has_errors()) ? 0 : 1;
}


AuditReport audit(const AuditInput& in) {
  AuditReport rep;
  rep.round = in.criteria->round;
  rep.as_of = to_iso(in.as_of);
  rep.target = in.target;
  rep.base_url = in.site->site_url();
  rep.agency = in.agency;
  int links_checked = 0;
  rep.broken_links = find_broken_links(*in.site, &links_checked);
  ItemAuditor auditor(in, rep.broken_links);
  for (const auto& item : in.criteria->items) {
    rep.items.push_back(auditor.run(item));
    switch (rep.items.back().status) {
      case ItemStatus::Pass: ++rep.summary.items_pass; break;
      case ItemStatus::Warn: ++rep.summary.items_warn; break;
      case ItemStatus::Fail: ++rep.summary.items_fail; break;
    }
  }
  rep.summary.items_total = static_cast<int>(rep.items.size());
  if (rep.summary.items_total > 0)
    rep.summary.score = std::round(10000.0 * (rep.summary.items_pass + rep.summary.items_warn) / rep.summary.items_total) / 100.0;
  // The NACC's aggregation (checks/score.h): a warning still scores 100, as the percent above counts it.
  std::vector<ScoredItem> scored;
  for (size_t i = 0; i < rep.items.size() && i < in.criteria->items.size(); ++i) {
    const Item& c = in.criteria->items[i];
    scored.push_back({c.id, c.title, c.indicator, c.sub_indicator, rep.items[i].status != ItemStatus::Fail});
  }
  if (!scored.empty()) {
    rep.summary.oit_score = round2(aggregate_oit(scored));
    rep.summary.oit_score_note = kOitScoreNote;
    rep.summary.costliest_failed = costliest_failed(scored);
  }
  rep.summary.links_checked = links_checked;
  rep.summary.links_broken = static_cast<int>(rep.broken_links.size());
  bound_broken_links(rep.broken_links);
  rep.rating = rating_for_score(rep.summary.score);
  return rep;
}

std::string_view to_string(ItemStatus s) {
  switch (s) {
    case ItemStatus::Pass: return "pass";
    case ItemStatus::Warn: return "warn";
    case ItemStatus::Fail: return "fail";
  }
  return "fail";
}

std::string_view to_string(Severity s) { return s == Severity::Error ? "error" : "warning"; }

}  // namespace oit
