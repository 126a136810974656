// The one thread pool of oit: runs fn over 0..n-1 on up to `jobs` threads (the caller's --jobs; 0 = every
// core). Threads are started per call: the work items (pages, term batches, local files) are coarse enough
// that pool start-up is noise, and nothing outlives the call.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>

#include "core/error.h"

namespace oit {

// The thread count for `jobs` as the user gave it (0 = hardware concurrency), at least 1, at most n.
unsigned thread_count(unsigned jobs, size_t n);

// Runs fn(i, worker) for every i < n; `worker` < thread_count(jobs, n) names the thread running it (for
// per-thread state such as ICU break iterators), one i at a time per worker. When threads cannot be started,
// the calling thread does the rest.
void parallel_each(size_t n, unsigned jobs, const std::function<void(size_t i, unsigned worker)>& fn);

// As parallel_each, for work that can fail: every i still runs, and the error returned is that of the lowest
// failing index, so a build reports the same error whatever the scheduling.
Result<void> parallel_for(size_t n, unsigned jobs, const std::function<Result<void>(size_t i)>& fn);

}  // namespace oit
