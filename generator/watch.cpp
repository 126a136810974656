#include "generator/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <map>
#include <set>

namespace fs = std::filesystem;

namespace oit {

struct SourceWatcher::Impl {
  int fd = -1;
  fs::path source;
  std::map<int, std::string> folder_of;  // watch descriptor → source-relative folder ("" for the source root)

  ~Impl() {
    if (fd >= 0) close(fd);
  }

  static constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB |
                                      IN_DELETE_SELF | IN_MOVE_SELF;

  bool watch(const std::string& rel) {
    int wd = inotify_add_watch(fd, (rel.empty() ? source : source / rel).c_str(), kEvents | IN_ONLYDIR);
    if (wd < 0) return false;
    folder_of[wd] = rel;
    return true;
  }
  // A folder and every folder under it (hidden ones skipped, as the build skips them).
  bool watch_tree(const std::string& rel) {
    if (!watch(rel)) return false;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(source / rel, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
      if (!name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
        continue;
      }
      if (!watch(it->path().lexically_relative(source).generic_string())) return false;
    }
    return true;
  }

  // Reads what is waiting; false when nothing came within `timeout_ms`.
  bool read_events(int timeout_ms, std::set<std::string>& paths, bool& rescan) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    alignas(inotify_event) char buf[64 * 1024];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    for (char* at = buf; at < buf + n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(at);
      at += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        rescan = true;
        continue;
      }
      auto folder = folder_of.find(ev->wd);
      if (folder == folder_of.end()) continue;
      if (ev->mask & IN_IGNORED) {  // the folder is gone: its files' removal came as their own events
        folder_of.erase(folder);
        continue;
      }
      if (ev->len == 0) continue;  // about the folder itself (moved or deleted): its parent reports it
      const std::string name = ev->name;
      if (name.empty() || name[0] == '.') continue;  // hidden files are not part of the site
      const std::string rel = folder->second.empty() ? name : folder->second + "/" + name;
      if (folder->second.empty() && name != "site.toml" && name != "content" && name != "themes" && name != "criteria") continue;
      if (ev->mask & IN_ISDIR) {
        // A new or moved-in folder may hold files already, written before it was watched.
        if (ev->mask & (IN_CREATE | IN_MOVED_TO)) watch_tree(rel);
        rescan = true;
        continue;
      }
      paths.insert(rel);
    }
    return true;
  }
};

std::unique_ptr<SourceWatcher> SourceWatcher::open(const fs::path& source) {
  auto w = std::unique_ptr<SourceWatcher>(new SourceWatcher());
  w->impl_ = std::make_unique<Impl>();
  Impl& m = *w->impl_;
  m.source = source;
  m.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (m.fd < 0 || !m.watch("")) return nullptr;
  std::error_code ec;
  for (const char* dir : {"content", "themes", "criteria"})
    if (fs::is_directory(source / dir, ec) && !m.watch_tree(dir)) return nullptr;
  return w;
}

SourceWatcher::~SourceWatcher() = default;

SourceChanges SourceWatcher::wait(std::chrono::milliseconds timeout, std::chrono::milliseconds settle) {
  std::set<std::string> paths;
  SourceChanges out;
  if (impl_->read_events(static_cast<int>(timeout.count()), paths, out.rescan))
    while (impl_->read_events(static_cast<int>(settle.count()), paths, out.rescan)) {
    }
  out.paths.assign(paths.begin(), paths.end());
  return out;
}

}  // namespace oit
