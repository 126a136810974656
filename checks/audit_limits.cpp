#include "checks/audit_limits.h"
#include "core/text.h"

#include <set>

namespace oit {

std::string not_checked(const std::vector<std::string>& notes) { return "not checked (limit: " + join(notes, "; ") + ")"; }

std::vector<Finding> limit_findings(const Page* page, const std::string& page_url, const SiteResource* self,
                                    const std::vector<std::pair<std::string, const SiteResource*>>& attachments) {
  std::vector<std::pair<const PdfText*, std::string>> pdfs;
  if (self && self->pdf) pdfs.emplace_back(&*self->pdf, page_url);
  for (const auto& [url, r] : attachments)
    if (r && r->pdf) pdfs.emplace_back(&*r->pdf, url);
  std::vector<Finding> out;
  // The verdict rests on less than all of the evidence, so a person must look; a page that could not be
  // read at all fails, since nothing of it is known.
  if (page && !page->limits.empty())
    out.push_back({page->parsed ? Severity::Warning : Severity::Error, "too-large",
                   "หน้านี้ตรวจได้ไม่ครบ " + not_checked(page->limits) + ": " + page_url});
  std::set<const PdfText*> seen;
  for (const auto& [pdf, url] : pdfs)
    if (pdf && !pdf->limit.empty() && seen.insert(pdf).second)
      out.push_back({Severity::Warning, "too-large", "อ่านข้อความใน PDF ได้ไม่ครบ " + not_checked({pdf->limit}) + ": " + url});
  return out;
}

std::string missing_fragment(const Page& target, const std::string& fragment) {
  return (target.ids_complete ? "ไม่มีจุดหมาย" : not_checked({"ids per page"})) + " #" + fragment;
}

std::optional<BrokenLink> page_limit_entry(const std::string& page_url, const SiteResource& res) {
  if (!res.page || res.page->limits.empty()) return std::nullopt;
  return BrokenLink{page_url, res.fetch.status, not_checked(res.page->limits), {page_url}};
}

std::vector<std::string> first_of(std::vector<std::string> items, size_t listed) {
  if (items.size() <= listed) return items;
  size_t more = items.size() - listed;
  items.resize(listed);
  items.push_back("… และอีก " + std::to_string(more) + " รายการ (not listed: limit " + std::to_string(listed) + ")");
  return items;
}

void bound_broken_links(std::vector<BrokenLink>& links) {
  constexpr size_t kListed = 1000, kPagesListed = 50;
  std::vector<BrokenLink> out;
  size_t more = 0;
  for (auto& b : links) {
    bool limit = b.error.starts_with("not checked (limit");
    if (!limit && out.size() >= kListed) {
      ++more;
      continue;
    }
    if (b.pages.size() > kPagesListed) {
      size_t extra = b.pages.size() - kPagesListed;
      b.pages.resize(kPagesListed);
      b.pages.push_back("… " + std::to_string(extra) + " more pages (not listed: limit " + std::to_string(kPagesListed) + ")");
    }
    out.push_back(std::move(b));
  }
  if (more)
    out.push_back({"…", 0,
                   "not listed (limit: " + std::to_string(kListed) + " broken links per report): " + std::to_string(more) +
                       " more broken links",
                   {}});
  links = std::move(out);
}

}  // namespace oit
