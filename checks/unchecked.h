// What the audit's bounds (--deadline, the size limits) left unchecked. Never silent: the report lists
// it; never counted as checked nor as broken (the link's state is unknown); and never a pass for an
// item whose own page, links or attachments it touches (a person must look).
//
// The crawl marks what it could not finish in each resource's FetchResult (cut: the URL itself was not
// checked; content_cut: it answered, but its content was not read) and leaves the URL unchecked
// (SiteResource::checked = false) when its status is unknown, so that find_broken_links skips it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "checks/audit.h"

namespace oit {

struct UncheckedLink {
  std::string url;
  Cut why = Cut::Deadline;   // Deadline or Limit
  bool content_only = false; // the URL answered; its content (a page and its links) was not read
  std::string detail;        // in words: the request's error, or why the content was not read
  std::vector<std::string> pages;  // crawled pages linking to it, sorted
};

// Everything the bounds cut, by URL.
std::vector<UncheckedLink> find_unchecked(const SiteData& site);

// Items whose own page was not checked, or whose page links to (or attaches) something that was not,
// fail with a "not-checked" finding; the summary, score and rating are recounted.
void fail_items_left_unchecked(AuditReport& report, const SiteData& site);

// How many of `list` were cut by `why`.
int count_unchecked(const std::vector<UncheckedLink>& list, Cut why);
// "3 links not checked (2 by --deadline, 1 by a size limit): the audit is incomplete"
std::string unchecked_note(const std::vector<UncheckedLink>& list);

// The answer for a URL the crawl reaches after its deadline: not checked.
FetchResult unchecked_by_deadline(const std::string& url);

}  // namespace oit
