// Progress of a long run (a big build, a crawl) on a terminal: items done, rate and time left, redrawn in
// place at most ten times a second. Silent when stderr is not a terminal or CI is set, so logs stay clean.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace oit {

class Progress {
 public:
  // `what` names the items ("pages", "links"); `total` 0 means unknown.
  Progress(std::string label, std::string what, size_t total);
  ~Progress();  // clears the line
  void add(size_t n = 1);  // thread-safe
  void set_total(size_t total);
  static bool enabled_by_default();  // stderr is a TTY and CI is not set
  // The status line for `done` items after `seconds` (exposed for tests).
  static std::string line(const std::string& label, const std::string& what, size_t done, size_t total, double seconds);

 private:
  void draw(bool force);
  std::string label_, what_;
  std::atomic<size_t> done_{0}, total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mu_;
};

}  // namespace oit
