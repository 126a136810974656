#include "checks/audit.h"
#include "core/text.h"
#include "checks/audit_limits.h"
#include "checks/item_scope.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>

namespace oit {
namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers

// Whitespace removed and ASCII lower-cased: PDF text layers break Thai words with spaces at random
// ("ประจำปี งบประมาณ"), so terms are compared without any.
std::string squash(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x8B) {  // zero-width space
      i += 2;
      continue;
    }
    r += static_cast<char>(std::tolower(c));
  }
  return r;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct MonthName {
  const char* text;
  int month;
};
// Full names first so that a full name is never read as a shorter one.
const MonthName kMonths[] = {
    {"มกราคม", 1}, {"กุมภาพันธ์", 2}, {"มีนาคม", 3}, {"เมษายน", 4}, {"พฤษภาคม", 5}, {"มิถุนายน", 6},
    {"กรกฎาคม", 7}, {"สิงหาคม", 8}, {"กันยายน", 9}, {"ตุลาคม", 10}, {"พฤศจิกายน", 11}, {"ธันวาคม", 12},
    {"ม.ค.", 1}, {"ก.พ.", 2}, {"มี.ค.", 3}, {"เม.ย.", 4}, {"พ.ค.", 5}, {"มิ.ย.", 6},
    {"ก.ค.", 7}, {"ส.ค.", 8}, {"ก.ย.", 9}, {"ต.ค.", 10}, {"พ.ย.", 11}, {"ธ.ค.", 12},
};

struct MonthHit {
  size_t begin, end;  // byte range of the month name
  int month;
};

std::vector<MonthHit> month_hits(std::string_view s) {
  std::vector<MonthHit> hits;
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) != 0xE0) continue;  // every name starts with a Thai letter
    for (const auto& m : kMonths) {
      std::string_view name = m.text;
      if (s.substr(i, name.size()) == name) {
        hits.push_back({i, i + name.size(), m.month});
        i += name.size() - 1;
        break;
      }
    }
  }
  return hits;
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// A year right after a month name: "2567", "พ.ศ. 2567", "67". Returns the CE year and moves `i`.
std::optional<int> read_year(std::string_view s, size_t& i) {
  size_t j = skip_spaces(s, i);
  for (std::string_view prefix : {"พ.ศ.", "พ.ศ", "ค.ศ."}) {
    if (s.substr(j, prefix.size()) == prefix) {
      j = skip_spaces(s, j + prefix.size());
      break;
    }
  }
  size_t k = j;
  while (k < s.size() && is_digit(s[k])) ++k;
  size_t n = k - j;
  if (n != 2 && n != 4) return std::nullopt;
  int v = std::stoi(std::string(s.substr(j, n)));
  i = k;
  if (n == 2) return 2500 + v - 543;         // two-digit years in Thai documents are 25xx
  if (v >= 2400 && v <= 2700) return v - 543;  // BE
  if (v >= 1900 && v < 2400) return v;         // CE
  return std::nullopt;
}

bool after_update_label(std::string_view s, size_t pos) {
  size_t from = pos > 90 ? pos - 90 : 0;
  std::string_view before = s.substr(from, pos - from);
  for (std::string_view w : {"ปรับปรุง", "แก้ไขล่าสุด", "อัปเดต", "อัพเดท", "updated", "Updated"})
    if (before.find(w) != std::string_view::npos) return true;
  return false;
}

// ISO dates "2024-10-15" and months "2024-10" standing alone (not inside longer digit runs).
void scan_iso(std::string_view s, std::vector<Date>* dates, std::set<YearMonth>* months) {
  for (size_t i = 0; i + 7 <= s.size(); ++i) {
    if (!(is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) && s[i + 4] == '-' &&
          is_digit(s[i + 5]) && is_digit(s[i + 6])))
      continue;
    if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '-')) continue;
    int y = std::stoi(std::string(s.substr(i, 4))), m = std::stoi(std::string(s.substr(i + 5, 2)));
    if (y < 1900 || y > 2200 || m < 1 || m > 12) continue;
    size_t end = i + 7;
    bool has_day = end + 3 <= s.size() && s[end] == '-' && is_digit(s[end + 1]) && is_digit(s[end + 2]);
    if (has_day) end += 3;
    if (end < s.size() && is_digit(s[end])) continue;
    if (has_day) {
      int d = std::stoi(std::string(s.substr(i + 8, 2)));
      if (!is_valid_date(y, m, d)) continue;
      if (after_update_label(s, i)) continue;
      if (dates) dates->push_back({y, m, d});
      if (months) months->insert({y, m});
    } else if (months && !after_update_label(s, i)) {
      months->insert({y, m});
    }
    i = end - 1;
  }
}

// Numeric dates, day first as Thai documents write them: "15/11/2567", "1-10-2024", "๓๐.๙.๒๕๖๗".
void scan_numeric(std::string_view s, std::vector<Date>* dates, std::set<YearMonth>* months) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == '-')))
      continue;
    size_t j = i;
    int parts[3] = {0, 0, 0};
    size_t lens[3] = {0, 0, 0};
    char sep = 0;
    int k = 0;
    for (; k < 3; ++k) {
      size_t start = j;
      while (j < s.size() && is_digit(s[j]) && j - start < 5) parts[k] = parts[k] * 10 + (s[j++] - '0');
      lens[k] = j - start;
      if (k == 2 || j >= s.size()) break;
      char c = s[j];
      if (!(c == '/' || c == '-' || c == '.') || (sep && c != sep)) break;
      sep = c;
      ++j;
    }
    if (k != 2 || lens[0] < 1 || lens[0] > 2 || lens[1] < 1 || lens[1] > 2 || lens[2] != 4) continue;
    if (j < s.size() && is_digit(s[j])) continue;
    int y = parts[2] >= 2400 && parts[2] <= 2700 ? parts[2] - 543 : parts[2];
    if (y < 1900 || y > 2200 || !is_valid_date(y, parts[1], parts[0]) || after_update_label(s, i)) continue;
    if (dates) dates->push_back({y, parts[1], parts[0]});
    if (months) months->insert({y, parts[1]});
    i = j - 1;
  }
}

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
  std::vector<const PageTable*> tables;  // HTML tables and CSV data files
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
    } else if (!l.link->in_chrome && r && r->page && !r->external) {
      ev.linked_pages.push_back(&*r->page);
    }
  }
  return ev;
}

// Text the elements are looked for in: the page's own content, its documents and data files.
std::string content_text(const Evidence& ev) {
  std::string t;
  if (ev.page) {
    t += ev.page->title + "\n" + ev.page->main_text + "\n";
    for (const auto& l : ev.page->links)
      if (!l.in_chrome) t += l.text + "\n";
    for (const auto& img : ev.page->images)
      if (!img.in_chrome) t += img.alt + "\n";
  }
  for (const PdfText* p : ev.pdfs) t += p->text + "\n";
  for (const PageTable* tb : ev.tables) {
    t += join(tb->headers, " ") + "\n";
    for (const auto& row : tb->rows) t += join(row, " ") + "\n";
  }
  return t;
}

// Short texts that name a page's subject: title, own headings, own link texts.
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
    check_item(item, r.url);
    r.findings = findings_;
    r.fiscal_years.assign(fiscal_years_.begin(), fiscal_years_.end());
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
    check_attachments(ev);
    for (auto& f : limit_findings(ev.page, ev.page_url, ev.self, ev.attachments)) findings_.push_back(std::move(f));
    // The years are read whatever the verdict: an item that fails its period is where the working
    // group most needs to see which year the page is about (last year's document, usually).
    std::optional<YearsNamed> years;
    if (has_fiscal_year_rule(item)) {
      years = years_named(ev);
      fiscal_years_ = years->years;
    }
    // The period is judged once: a coverage rule, when it applies at the audit date, is the stronger
    // test, and its failure already says the content is from the wrong period.
    CoverageResult coverage = check_coverage(item, ev);
    if (years && coverage != CoverageResult::Failed) check_fiscal_year(item, *years, coverage == CoverageResult::Passed);
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

  struct YearsNamed {
    std::set<int> years;  // fiscal years (BE) the page or its documents name
    bool spans = false;   // a range in one short text ("2566–2570") that includes the round
  };

  YearsNamed years_named(const Evidence& ev) const {
    const int round = in_.criteria->round;
    YearsNamed out;
    std::vector<std::string> meta = ev.page ? ev.page->meta_values("oit:fiscal-year") : std::vector<std::string>{};
    if (!meta.empty()) {
      // Generated pages state their fiscal year; that statement is the page's own.
      for (const auto& v : meta)
        for (int y : find_be_years(v)) out.years.insert(y);
      return out;
    }
    std::set<int> budget_words, plain;
    for (const auto& s : naming_snippets(ev)) {
      for (int y : find_fiscal_years(s)) budget_words.insert(y);
      auto ys = find_be_years(s);
      for (int y : ys) plain.insert(y);
      if (ys.size() >= 2 && *std::min_element(ys.begin(), ys.end()) <= round &&
          *std::max_element(ys.begin(), ys.end()) >= round)
        out.spans = true;
    }
    for (const PdfText* p : ev.pdfs) {
      for (int y : find_fiscal_years(p->text)) budget_words.insert(y);
      for (int y : find_be_years(p->text.substr(0, 3000))) plain.insert(y);  // a document names its year up front
    }
    out.years = budget_words.empty() ? plain : budget_words;
    return out;
  }

  // dated_in_fy: the page's dated content already shows it is about the fiscal year.
  void check_fiscal_year(const Item& item, const YearsNamed& found, bool dated_in_fy) {
    const int round = in_.criteria->round;
    const int expected = item.period == PeriodRule::SpansRoundFY ? round : in_.criteria->expected_fiscal_year(item);
    const std::set<int>& named = found.years;
    if (named.count(expected) || (item.period == PeriodRule::SpansRoundFY && found.spans)) return;
    std::string want = item.period == PeriodRule::SpansRoundFY
                           ? "แผนที่ครอบคลุมปีงบประมาณ " + std::to_string(round)
                           : "ปีงบประมาณ " + std::to_string(expected);
    if (named.empty()) {
      if (dated_in_fy) return;
      add(Severity::Warning, "wrong-fiscal-year", "ไม่พบการระบุปีงบประมาณในชื่อเรื่อง หัวข้อ หรือเอกสาร (ต้องเป็น" + want + ")");
      return;
    }
    std::vector<std::string> years;
    for (int y : named) years.push_back(std::to_string(y));
    add(severity_for(item.period_grade), "wrong-fiscal-year",
        "ระบุปี " + join(years, ", ") + " แต่เกณฑ์รอบ " + std::to_string(round) + " ต้องการ" + want);
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

  void check_elements(const Item& item, const Evidence& ev) {
    std::string text;
    bool text_ready = false;
    auto haystack = [&]() -> const std::string& {
      if (!text_ready) text = squash(content_text(ev)), text_ready = true;
      return text;
    };
    for (const auto& el : item.elements) {
      std::string missing;  // "" = present
      switch (el.check) {
        case ElementCheck::Manual:
          continue;
        case ElementCheck::AnyTerm: {
          bool any = std::any_of(el.terms.begin(), el.terms.end(),
                                 [&](const std::string& t) { return haystack().find(squash(t)) != std::string::npos; });
          if (!any) missing = "ไม่พบคำใดใน: " + join(el.terms, ", ");
          break;
        }
        case ElementCheck::AllTerms: {
          std::vector<std::string> absent;
          for (const auto& t : el.terms)
            if (haystack().find(squash(t)) == std::string::npos) absent.push_back(t);
          if (!absent.empty()) missing = "ไม่พบ: " + join(absent, ", ");
          break;
        }
        case ElementCheck::AllColumns:
          missing = missing_columns(el, ev);
          break;
        case ElementCheck::Image:
          if (!has_image(ev)) missing = "ไม่พบรูปภาพในเนื้อหาของหน้า";
          break;
        case ElementCheck::PhoneOrEmail:
          if (!has_phone_or_email(ev)) missing = "ไม่พบหมายเลขโทรศัพท์หรืออีเมล";
          break;
        case ElementCheck::Attachment:
          if (!has_attachment(ev)) missing = "ไม่พบไฟล์แนบ (PDF, XLSX, DOCX, CSV)";
          break;
        default:  // image or attachment
          if (!has_image(ev) && !has_attachment(ev)) missing = "ไม่พบรูปภาพหรือไฟล์แนบ";
          break;
      }
      if (!missing.empty()) add(severity_for(el.grade), "missing-element", el.text + " — " + missing);
    }
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

  bool has_image(const Evidence& ev) const {
    if (!ev.page) return false;
    for (const auto& l : ev.links) {
      if (l.link->in_chrome || (l.link->kind != "img" && l.link->kind != "srcset")) continue;
      const SiteResource* r = in_.site->find(l.key);
      if (!r || resource_ok(*r)) return true;
    }
    return false;
  }

  static bool has_attachment(const Evidence& ev) {
    return std::any_of(ev.attachments.begin(), ev.attachments.end(),
                       [](const auto& a) { return !a.second || resource_ok(*a.second); });
  }

  static bool has_phone_or_email(const Evidence& ev) {
    std::string t;
    if (ev.page) {
      t = ev.page->main_text;
      for (const auto& l : ev.page->links)
        if (!l.in_chrome && (l.href.starts_with("tel:") || l.href.starts_with("mailto:"))) return true;
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
      if (before && after) return true;
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
      if (digits >= 9 && digits <= 10) return true;
    }
    return false;
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

std::vector<Date> find_dates_in_text(std::string_view text_in) {
  std::string text = to_arabic_digits(text_in);
  std::string_view s = text;
  std::vector<Date> out;
  for (const auto& h : month_hits(s)) {
    // Day before the month: up to two digits, then optional spaces.
    size_t j = h.begin;
    while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t')) --j;
    size_t day_end = j;
    while (j > 0 && is_digit(s[j - 1]) && day_end - j < 3) --j;
    if (day_end - j == 0 || day_end - j > 2 || (j > 0 && is_digit(s[j - 1]))) continue;
    int day = std::stoi(std::string(s.substr(j, day_end - j)));
    size_t k = h.end;
    auto year = read_year(s, k);
    if (!year || (k < s.size() && is_digit(s[k]))) continue;
    if (!is_valid_date(*year, h.month, day) || after_update_label(s, j)) continue;
    out.push_back({*year, h.month, day});
  }
  scan_iso(s, &out, nullptr);
  scan_numeric(s, &out, nullptr);
  return out;
}

std::set<YearMonth> find_months_in_text(std::string_view text_in) {
  std::string text = to_arabic_digits(text_in);
  std::string_view s = text;
  std::set<YearMonth> out;
  auto hits = month_hits(s);
  std::vector<std::optional<int>> years(hits.size());
  std::vector<size_t> after(hits.size());
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t k = hits[i].end;
    years[i] = read_year(s, k);
    if (years[i] && k < s.size() && is_digit(s[k])) years[i].reset();
    after[i] = years[i] ? k : hits[i].end;
    if (years[i] && !after_update_label(s, hits[i].begin)) out.insert({*years[i], hits[i].month});
  }
  // Ranges: "M1 [Y1] – M2 Y2" (dash, en/em dash or "ถึง" between).
  for (size_t i = 0; i + 1 < hits.size(); ++i) {
    if (!years[i + 1]) continue;
    size_t k = skip_spaces(s, after[i]);
    bool joined = false;
    for (std::string_view sep : {"-", "–", "—", "ถึง", "ถึงเดือน"})
      if (s.substr(k, sep.size()) == sep) {
        k = skip_spaces(s, k + sep.size());
        if (s.substr(k).starts_with("เดือน")) k = skip_spaces(s, k + std::string_view("เดือน").size());
        joined = k == hits[i + 1].begin;
        if (joined) break;
      }
    if (!joined) continue;
    YearMonth to{*years[i + 1], hits[i + 1].month};
    YearMonth from{years[i] ? *years[i] : (hits[i].month > to.month ? to.year - 1 : to.year), hits[i].month};
    if (from > to) continue;
    for (YearMonth m = from; m <= to && out.size() < 400; m = next_month(m)) out.insert(m);
  }
  std::vector<Date> dates;
  scan_iso(s, &dates, &out);
  scan_numeric(s, &dates, &out);
  return out;
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
