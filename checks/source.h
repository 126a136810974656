// Where the crawler gets its answers, behind one interface (like ninja's DiskInterface): the built
// folder on disk, HTTP, and the results cache layered on HTTP. The crawler decides which URLs are
// checked at all (--offline, --no-external) and which source answers them; a source only answers.
// Tests give the crawler an in-memory source (crawler_test.cpp).
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checks/fetch.h"

namespace oit {

// Answers handed over: (index in the URLs asked for, its answer).
using AnswerBatch = std::vector<std::pair<size_t, FetchResult>>;
using OnAnswers = std::function<void(AnswerBatch&)>;

class Source {
 public:
  virtual ~Source() = default;
  // True when this source answers `u` (the folder: URLs under its base; HTTP: any).
  virtual bool covers(const Url& u) const = 0;
  // Answers every URL of `urls` exactly once: with its body when `want_body` (GET), else its status
  // only (HEAD). Answers are handed to `on_answers` in batches as they become final, so a caller that
  // digests bodies as they come never holds them all; batch order is the source's. Past `deadline`
  // the URLs not yet answered come back cut (Cut::Deadline), never dropped.
  virtual void fetch(const std::vector<std::string>& urls, bool want_body, std::chrono::steady_clock::time_point deadline,
                     const OnAnswers& on_answers) = 0;
  // All answers at once, in the order of `urls` (for the few open-data files the audit reads after the
  // crawl). Over HTTP the bodies held count against the fetcher's body budget until this returns.
  virtual std::vector<FetchResult> fetch_all(const std::vector<std::string>& urls, bool want_body,
                                             std::chrono::steady_clock::time_point deadline);
};

// A built output folder, served as the web server would serve it (LocalSite). Files are read on up to
// `jobs` threads (0: every core), in slices of 512, so the bodies of a large site are never all in memory.
class FolderSource : public Source {
 public:
  FolderSource(const LocalSite& site, unsigned jobs);
  bool covers(const Url& u) const override;
  void fetch(const std::vector<std::string>& urls, bool want_body, std::chrono::steady_clock::time_point deadline,
             const OnAnswers& on_answers) override;

 private:
  const LocalSite& site_;
  unsigned jobs_;
};

// HTTP(S) through one Fetcher (its connection pool, limits, politeness and address guard).
class HttpSource : public Source {
 public:
  explicit HttpSource(FetchOptions options);
  bool covers(const Url&) const override { return true; }
  void fetch(const std::vector<std::string>& urls, bool want_body, std::chrono::steady_clock::time_point deadline,
             const OnAnswers& on_answers) override;
  std::vector<FetchResult> fetch_all(const std::vector<std::string>& urls, bool want_body,
                                     std::chrono::steady_clock::time_point deadline) override;
  size_t requests() const { return requests_; }  // URLs asked for (redirects and retries not counted)

 private:
  Fetcher fetcher_;
  size_t requests_ = 0;
};

// The results cache on top of another source: a status-only question about a URL the cache may hold
// (`cacheable`: external links) is answered from the cache while the answer is younger than `max_age`;
// the others go to `inner`, and their lasting answers are kept. Bodies are never cached.
class CachedSource : public Source {
 public:
  CachedSource(Source& inner, FetchCache& cache, std::chrono::seconds max_age,
               std::function<bool(const std::string& url)> cacheable, std::function<void()> on_hit = {});
  bool covers(const Url& u) const override { return inner_.covers(u); }
  void fetch(const std::vector<std::string>& urls, bool want_body, std::chrono::steady_clock::time_point deadline,
             const OnAnswers& on_answers) override;
  std::vector<FetchResult> fetch_all(const std::vector<std::string>& urls, bool want_body,
                                     std::chrono::steady_clock::time_point deadline) override;

 private:
  Source& inner_;
  FetchCache& cache_;
  std::chrono::seconds max_age_;
  std::function<bool(const std::string&)> cacheable_;
  std::function<void()> on_hit_;  // progress: a cached answer counts as a link checked
};

}  // namespace oit
