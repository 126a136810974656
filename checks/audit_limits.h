// How the audit reports what a bound cut ("not checked (limit: …)"), and the bounds on the report itself:
// a hostile page of a million broken links must not make a report of a million entries.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "checks/audit.h"

namespace oit {

// "not checked (limit: a; b)".
std::string not_checked(const std::vector<std::string>& notes);

// The findings of an item whose page (may be null), its own document or its attachments (URL, resource)
// were cut by a bound: a warning each, or an error when the page could not be read at all.
std::vector<Finding> limit_findings(const Page* page, const std::string& page_url, const SiteResource* self,
                                    const std::vector<std::pair<std::string, const SiteResource*>>& attachments);

// "ไม่มีจุดหมาย #f" — or, when the page had more ids than were read, that it was not checked.
std::string missing_fragment(const Page& target, const std::string& fragment);

// The broken-links entry saying once what the bounds cut on a crawled page, when they cut anything.
std::optional<BrokenLink> page_limit_entry(const std::string& page_url, const SiteResource& res);

// The first `listed` items, then one "… and N more" item when there were more.
std::vector<std::string> first_of(std::vector<std::string> items, size_t listed);

// Keeps the report's broken links to 1,000 entries of 50 pages each (the rest counted in one last entry);
// entries that say what a bound cut are always kept.
void bound_broken_links(std::vector<BrokenLink>& links);

}  // namespace oit
