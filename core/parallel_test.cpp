#include "core/parallel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <vector>

using namespace oit;

TEST_CASE("thread_count honours --jobs, never exceeds the work, never drops to 0") {
  CHECK(thread_count(1, 1000) == 1);
  CHECK(thread_count(3, 1000) == 3);
  CHECK(thread_count(8, 2) == 2);
  CHECK(thread_count(4, 0) == 1);
  CHECK(thread_count(0, 1000) >= 1);
}

TEST_CASE("parallel_each runs every index once, on at most `jobs` workers") {
  std::vector<std::atomic<int>> seen(5000);
  std::mutex m;
  std::set<unsigned> workers;
  parallel_each(seen.size(), 3, [&](size_t i, unsigned w) {
    seen[i]++;
    std::lock_guard<std::mutex> lock(m);
    workers.insert(w);
  });
  for (auto& s : seen) CHECK(s == 1);
  CHECK(workers.size() <= 3);
  CHECK(*workers.rbegin() < 3);
}

TEST_CASE("parallel_for returns the lowest failing index's error, after running every index") {
  std::atomic<int> ran{0};
  auto r = parallel_for(100, 4, [&](size_t i) -> Result<void> {
    ++ran;
    if (i == 70 || i == 30) return make_error({"f", int(i), 1}, "bad " + std::to_string(i));
    return {};
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "bad 30");
  CHECK(ran == 100);
  CHECK(parallel_for(0, 4, [](size_t) -> Result<void> { return {}; }).ok());
}
