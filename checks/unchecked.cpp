#include "checks/unchecked.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace oit {

namespace {

// The URL's state is unknown, or its content (when it was wanted) was not read.
bool status_unknown(const SiteResource& r) { return r.fetch.cut != Cut::None; }
bool content_unread(const SiteResource& r) {
  if (r.fetch.cut != Cut::None || r.fetch.content_cut == Cut::None || r.page) return false;
  // A cut document is the audit's "too-large" warning already; a page cut short hides its links.
  const std::string& ct = r.fetch.content_type;
  return r.fetch.content_cut == Cut::Deadline || ct.empty() || ct == "text/html" || ct == "application/xhtml+xml";
}

// The resource keys a crawled page links to, resolved as the audit resolves them (final URL after
// redirects, <base href>, the site's alias), with whether the link is part of the page's own content.
std::vector<std::pair<std::string, bool>> link_keys(const SiteData& site, const std::string& page_url,
                                                    const SiteResource& res) {
  std::vector<std::pair<std::string, bool>> out;
  if (!res.page) return out;
  auto base = parse_url(res.fetch.final_url.empty() ? page_url : res.fetch.final_url);
  if (!base) return out;
  Url b = *base;
  if (!res.page->base_href.empty())
    if (auto bh = resolve_url(b, res.page->base_href)) b = *bh;
  for (const auto& l : res.page->links) {
    auto u = resolve_url(b, l.href);
    if (!u || !u->is_http()) continue;
    auto mapped = parse_url(site.map(u->str(true)));
    out.emplace_back(mapped ? mapped->str() : u->str(), !l.in_chrome);
  }
  return out;
}

std::string why_text(const SiteResource& r) {
  if (!r.fetch.error.empty()) return r.fetch.error;
  if (!r.content_problem.empty()) return r.content_problem;
  return r.fetch.content_cut == Cut::Deadline ? "not read: the audit's overall time limit (--deadline) was reached first"
                                              : "not read: larger than the size limit";
}

}  // namespace

std::vector<UncheckedLink> find_unchecked(const SiteData& site) {
  std::map<std::string, UncheckedLink> out;
  for (const auto& [url, r] : site.resources) {
    bool unknown = status_unknown(r);
    if (!unknown && !content_unread(r)) continue;
    UncheckedLink& u = out[url];
    u.url = url;
    u.why = unknown ? r.fetch.cut : r.fetch.content_cut;
    u.content_only = !unknown;
    u.detail = why_text(r);
  }
  if (out.empty()) return {};
  for (const auto& page_url : site.pages) {
    const SiteResource* res = site.find(page_url);
    if (!res) continue;
    for (const auto& [key, own] : link_keys(site, page_url, *res)) {
      auto it = out.find(key);
      if (it == out.end()) continue;
      auto& pages = it->second.pages;
      if (std::find(pages.begin(), pages.end(), page_url) == pages.end()) pages.push_back(page_url);
    }
  }
  std::vector<UncheckedLink> list;
  for (auto& [url, u] : out) {
    std::sort(u.pages.begin(), u.pages.end());
    list.push_back(std::move(u));
  }
  return list;
}

int count_unchecked(const std::vector<UncheckedLink>& list, Cut why) {
  return static_cast<int>(std::count_if(list.begin(), list.end(), [why](const UncheckedLink& u) { return u.why == why; }));
}

std::string unchecked_note(const std::vector<UncheckedLink>& list) {
  return std::to_string(list.size()) + " links not checked (" + std::to_string(count_unchecked(list, Cut::Deadline)) +
         " by --deadline, " + std::to_string(count_unchecked(list, Cut::Limit)) +
         " by a size limit): the audit is incomplete";
}

FetchResult unchecked_by_deadline(const std::string& url) {
  FetchResult r;
  r.url = r.final_url = url;
  r.cut = Cut::Deadline;
  r.error = "not checked: the audit's overall time limit (--deadline) was reached first";
  return r;
}

void fail_items_left_unchecked(AuditReport& report, const SiteData& site) {
  bool changed = false;
  for (auto& item : report.items) {
    if (item.url.empty()) continue;
    auto u = parse_url(item.url);
    if (!u || !u->is_http()) continue;
    auto mapped = parse_url(site.map(u->str(true)));
    std::string key = mapped ? mapped->str() : u->str();
    const SiteResource* self = site.find(key);
    if (!self) continue;
    if (status_unknown(*self) || (self->fetch.content_cut == Cut::Deadline && !self->page)) {
      // Nothing the audit said about a page it could not read stands: the item is unknown, not passed.
      item.findings = {{Severity::Error, "not-checked",
                        "ไม่ได้ตรวจหน้านี้ ต้องตรวจซ้ำหรือให้ผู้ตรวจเปิดดูเอง (" + why_text(*self) + "): " + key}};
      item.fiscal_years.clear();
      item.status = ItemStatus::Fail;
      changed = true;
      continue;
    }
    std::vector<std::string> left;
    std::set<std::string> seen;
    for (const auto& [link, own] : link_keys(site, key, *self)) {
      if (!own || link == key || !seen.insert(link).second) continue;
      const SiteResource* r = site.find(link);
      if (r && (status_unknown(*r) || r->fetch.content_cut == Cut::Deadline)) left.push_back(link);
    }
    if (left.empty()) continue;
    std::string list;
    for (size_t i = 0; i < left.size() && i < 10; ++i) list += (i ? "; " : "") + left[i];
    if (left.size() > 10) list += "; และอีก " + std::to_string(left.size() - 10) + " รายการ";
    item.findings.push_back({Severity::Error, "not-checked",
                             "ลิงก์หรือไฟล์แนบในหน้านี้ " + std::to_string(left.size()) +
                                 " รายการไม่ได้ตรวจ (หมดเวลาตรวจ --deadline) จึงยืนยันไม่ได้ว่าผ่าน: " + list});
    item.status = ItemStatus::Fail;
    changed = true;
  }
  if (!changed) return;
  // Recounted as audit() counts them.
  AuditSummary& s = report.summary;
  s.items_pass = s.items_warn = s.items_fail = 0;
  for (const auto& item : report.items)
    ++(item.status == ItemStatus::Pass ? s.items_pass : item.status == ItemStatus::Warn ? s.items_warn : s.items_fail);
  if (s.items_total > 0)
    s.score = std::round(10000.0 * (s.items_pass + s.items_warn) / s.items_total) / 100.0;
  report.rating = rating_for_score(s.score);
}

}  // namespace oit
