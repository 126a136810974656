#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

namespace oit {

unsigned thread_count(unsigned jobs, size_t n) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(jobs, n)));
}

void parallel_each(size_t n, unsigned jobs, const std::function<void(size_t, unsigned)>& fn) {
  const unsigned workers = thread_count(jobs, n);
  std::atomic<size_t> next{0};
  auto work = [&](unsigned w) {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i, w);
  };
  std::vector<std::thread> threads;
  try {
    for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work, t);
  } catch (const std::system_error&) {
    // fewer threads: the ones started and this one still cover every index
  }
  work(0);
  for (auto& t : threads) t.join();
}

Result<void> parallel_for(size_t n, unsigned jobs, const std::function<Result<void>(size_t)>& fn) {
  std::vector<std::optional<Error>> errors(n);
  parallel_each(n, jobs, [&](size_t i, unsigned) {
    if (auto r = fn(i); !r) errors[i] = r.error();
  });
  for (auto& e : errors)
    if (e) return *e;
  return {};
}

}  // namespace oit
