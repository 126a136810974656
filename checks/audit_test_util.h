// What the audit-level tests of checks/ share: one site built in memory, its pages parsed by extract_html,
// an item audited with the embedded criteria of a round, and the findings' codes ("x?" for a warning).
#pragma once
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checks/audit.h"
#include "checks/extract.h"
#include "checks/url.h"
#include "core/criteria.h"

namespace oit::test {

struct OnePageSite {
  SiteData site;
  OnePageSite() { site.base = *parse_url("https://www.agency.go.th/"); }
  SiteResource& add(const std::string& url, const std::string& type) {
    SiteResource& r = site.resources[parse_url(url)->str()];
    r.checked = true;
    r.fetch.url = r.fetch.final_url = parse_url(url)->str();
    r.fetch.status = 200;
    r.fetch.content_type = type;
    return r;
  }
  void page(const std::string& url, const std::string& body) {
    add(url, "text/html").page = extract_html("<html><body><main>" + body + "</main></body></html>");
    site.pages.push_back(parse_url(url)->str());
  }
  ItemResult audit_item(int round, const std::string& id, const std::string& url) {
    auto criteria = load_criteria(round);
    REQUIRE(criteria);
    Criteria only = *criteria;
    only.items = {*criteria->find(id)};
    AuditInput in;
    in.criteria = &only;
    in.site = &site;
    in.as_of = {2025, 4, 15};
    in.item_urls[id] = url;
    return audit(in).items.at(0);
  }
};


inline std::vector<std::string> finding_codes(const ItemResult& r) {
  std::vector<std::string> c;
  for (const auto& f : r.findings) c.push_back(f.code + (f.severity == Severity::Error ? "" : "?"));
  return c;
}

}  // namespace oit::test
