// Which source files changed, as they change: Linux inotify on site.toml and every folder under content/,
// themes/ and criteria/ of a site. `oit serve` rebuilds from what it reports (Builder::build(changed)),
// so an edit on a site of 10,000 pages is not found by walking 10,000 folders first.
#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace oit {

struct SourceChanges {
  std::vector<std::string> paths;  // source-relative, '/'-separated, sorted, each once
  bool rescan = false;  // something happened the paths do not describe fully (a new folder, a lost event)
  bool any() const { return rescan || !paths.empty(); }
};

class SourceWatcher {
 public:
  // nullptr when inotify cannot watch the site (not Linux, or the per-user watch limit is reached): the
  // caller then looks at the files itself.
  static std::unique_ptr<SourceWatcher> open(const std::filesystem::path& source);
  ~SourceWatcher();
  SourceWatcher(const SourceWatcher&) = delete;
  SourceWatcher& operator=(const SourceWatcher&) = delete;

  // Waits up to `timeout` for a first change, then collects what arrives within `settle` of the last one
  // (an editor writes a file, a temporary one and a rename in a burst).
  SourceChanges wait(std::chrono::milliseconds timeout, std::chrono::milliseconds settle = std::chrono::milliseconds(30));

 private:
  SourceWatcher() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oit
