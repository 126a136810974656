#include "checks/source.h"

#include <algorithm>
#include <optional>

#include "core/parallel.h"
#include "checks/unchecked.h"

namespace oit {

namespace {
// Answers handed over at once, and the bytes of bodies after which a batch is handed over early.
constexpr size_t kSlice = 512;
constexpr size_t kSliceBytes = 32u << 20;
}  // namespace

std::vector<FetchResult> Source::fetch_all(const std::vector<std::string>& urls, bool want_body,
                                           std::chrono::steady_clock::time_point deadline) {
  std::vector<FetchResult> out(urls.size());
  fetch(urls, want_body, deadline, [&](AnswerBatch& batch) {
    for (auto& [i, r] : batch) out[i] = std::move(r);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

FolderSource::FolderSource(const LocalSite& site, unsigned jobs) : site_(site), jobs_(jobs) {}

bool FolderSource::covers(const Url& u) const { return site_.covers(u); }

void FolderSource::fetch(const std::vector<std::string>& urls, bool want_body,
                         std::chrono::steady_clock::time_point deadline, const OnAnswers& on_answers) {
  for (size_t from = 0; from < urls.size(); from += kSlice) {
    AnswerBatch batch(std::min(urls.size(), from + kSlice) - from);
    parallel_each(batch.size(), jobs_, [&](size_t j, unsigned) {
      const std::string& url = urls[from + j];
      batch[j].first = from + j;
      // Past the deadline no more files are read.
      auto u = parse_url(url);
      if (std::chrono::steady_clock::now() >= deadline) {
        batch[j].second = unchecked_by_deadline(url);
      } else if (!u) {
        batch[j].second.url = batch[j].second.final_url = url;
        batch[j].second.error = "not a URL";
      } else {
        batch[j].second = site_.fetch(*u, want_body);
      }
    });
    on_answers(batch);
  }
}

// ---------------------------------------------------------------------------------------------

HttpSource::HttpSource(FetchOptions options) : fetcher_(std::move(options)) {}

namespace {
std::vector<FetchRequest> requests_for(const std::vector<std::string>& urls, bool want_body) {
  std::vector<FetchRequest> requests;
  requests.reserve(urls.size());
  for (const auto& u : urls) requests.push_back({u, want_body ? Method::Get : Method::Head});
  return requests;
}
}  // namespace

void HttpSource::fetch(const std::vector<std::string>& urls, bool want_body,
                       std::chrono::steady_clock::time_point deadline, const OnAnswers& on_answers) {
  requests_ += urls.size();
  // Bodies digested as they come: memory is the fetcher's budget plus one batch.
  fetcher_.fetch_batches(requests_for(urls, want_body), deadline, kSlice, kSliceBytes, on_answers);
}

std::vector<FetchResult> HttpSource::fetch_all(const std::vector<std::string>& urls, bool want_body,
                                               std::chrono::steady_clock::time_point deadline) {
  if (urls.empty()) return {};
  requests_ += urls.size();
  return fetcher_.fetch_all(requests_for(urls, want_body), deadline);
}

// ---------------------------------------------------------------------------------------------

CachedSource::CachedSource(Source& inner, FetchCache& cache, std::chrono::seconds max_age,
                           std::function<bool(const std::string&)> cacheable, std::function<void()> on_hit)
    : inner_(inner), cache_(cache), max_age_(max_age), cacheable_(std::move(cacheable)), on_hit_(std::move(on_hit)) {}

void CachedSource::fetch(const std::vector<std::string>& urls, bool want_body,
                         std::chrono::steady_clock::time_point deadline, const OnAnswers& on_answers) {
  if (want_body) {  // a body is read afresh: the cache holds statuses only
    inner_.fetch(urls, want_body, deadline, on_answers);
    return;
  }
  const auto now = std::chrono::system_clock::now();
  AnswerBatch hits;
  std::vector<std::string> asked;
  std::vector<size_t> where;  // index in `urls` of each URL asked of `inner_`
  for (size_t i = 0; i < urls.size(); ++i) {
    if (cacheable_(urls[i]))
      if (auto hit = cache_.lookup(urls[i], max_age_, now)) {
        hits.emplace_back(i, std::move(*hit));
        if (on_hit_) on_hit_();
        continue;
      }
    asked.push_back(urls[i]);
    where.push_back(i);
  }
  if (!hits.empty()) on_answers(hits);
  inner_.fetch(asked, want_body, deadline, [&](AnswerBatch& batch) {
    for (auto& [i, r] : batch) {
      if (cacheable_(asked[i])) cache_.store(r, now);
      i = where[i];
    }
    on_answers(batch);
  });
}

std::vector<FetchResult> CachedSource::fetch_all(const std::vector<std::string>& urls, bool want_body,
                                                 std::chrono::steady_clock::time_point deadline) {
  if (want_body) return inner_.fetch_all(urls, want_body, deadline);
  return Source::fetch_all(urls, want_body, deadline);
}

}  // namespace oit
