#include "core/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace oit {

bool Progress::enabled_by_default() {
  const char* ci = std::getenv("CI");
  return isatty(STDERR_FILENO) && !(ci && *ci) && !std::getenv("OIT_NO_PROGRESS");
}

Progress::Progress(std::string label, std::string what, size_t total)
    : label_(std::move(label)), what_(std::move(what)), total_(total), enabled_(enabled_by_default()),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

void Progress::set_total(size_t total) { total_ = total; }

void Progress::add(size_t n) {
  done_ += n;
  if (enabled_) draw(false);
}

std::string Progress::line(const std::string& label, const std::string& what, size_t done, size_t total, double seconds) {
  char buf[160];
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  if (total > 0) {
    double left = rate > 0 ? static_cast<double>(total - std::min(done, total)) / rate : 0;
    std::snprintf(buf, sizeof buf, "%s: %zu/%zu %s (%.0f%%), %.0f/s, about %.0f s left", label.c_str(), done, total,
                  what.c_str(), 100.0 * static_cast<double>(done) / static_cast<double>(total), rate, left);
  } else {
    std::snprintf(buf, sizeof buf, "%s: %zu %s, %.0f/s", label.c_str(), done, what.c_str(), rate);
  }
  return buf;
}

void Progress::draw(bool force) {
  auto now = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_, std::try_to_lock);  // never make a worker wait for the terminal
  if (!lock.owns_lock()) return;
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r\033[K%s", line(label_, what_, done_.load(), total_.load(), secs).c_str());
  std::fflush(stderr);
}

}  // namespace oit
