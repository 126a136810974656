#include "generator/output.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "generator/build_keys.h"

namespace fs = std::filesystem;

namespace oit {

bool is_safe_relative_path(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    std::string_view seg = rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return rel.find('\\') == std::string_view::npos && rel.find('\0') == std::string_view::npos;
}

namespace {
std::string staging_prefix(const fs::path& target) { return "." + target.filename().string() + ".tmp-"; }

Error io_error(const fs::path& p, std::string_view what, int err) {
  return make_error({p.string(), 0, 0}, std::string(what) + ": " + std::strerror(err),
                    "check that the output folder is writable and the disk is not full");
}

bool has_marker(const fs::path& dir) {
  std::error_code ec;
  return fs::symlink_status(dir / kOutputMarker, ec).type() == fs::file_type::regular;
}

Result<void> write_marker(const fs::path& dir) {
  const fs::path p = dir / kOutputMarker;
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return io_error(p, "cannot create file", errno);
  static constexpr std::string_view kText = "This folder was made by `oit build`; the next build replaces it whole.\n";
  bool ok = ::write(fd, kText.data(), kText.size()) == static_cast<ssize_t>(kText.size());
  int err = errno;
  if (::close(fd) != 0 && ok) ok = false, err = errno;
  if (!ok) return io_error(p, "cannot write file", err);
  return {};
}

// Deletes a folder oit made, the marker last: a removal cut short (the build killed) leaves a folder that
// still carries it, so the next build finishes the job.
void remove_marked_folder(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename() != kOutputMarker) fs::remove_all(e.path(), ec);
  fs::remove(dir / kOutputMarker, ec);
  fs::remove(dir, ec);
}

// `<pid>` or `<pid>.old` after the prefix: the names OutputTree gives its folders. 0 for any other name.
long staging_pid(std::string_view rest) {
  if (rest.ends_with(".old")) rest.remove_suffix(4);
  if (rest.empty() || rest.size() > 9 || rest.front() == '0') return 0;
  long pid = 0;
  for (char c : rest) {
    if (c < '0' || c > '9') return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}
}  // namespace

Result<OutputTree> OutputTree::begin(const fs::path& target_in) {
  std::error_code ec;
  fs::path target = fs::absolute(target_in, ec).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  fs::path parent = target.parent_path();
  fs::create_directories(parent, ec);
  if (ec) return io_error(parent, "cannot create the output's parent folder", ec.value());
  if (fs::exists(target, ec) && !fs::is_directory(target, ec))
    return make_error({target.string(), 0, 0}, "output path exists and is not a folder",
                      "choose another --out or remove that file");
  // Leftovers from builds that were killed: staging folders of ours whose process is gone. Ours means
  // our name, a real folder (not a link) and our marker inside; a user's `.public.tmp-notes/` is not.
  const std::string prefix = staging_prefix(target);
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    long p = staging_pid(std::string_view(name).substr(prefix.size()));
    if (p <= 0) continue;
    bool alive = p != getpid() && (kill(static_cast<pid_t>(p), 0) == 0 || errno == EPERM);
    std::error_code e2;
    if (alive || e.symlink_status(e2).type() != fs::file_type::directory) continue;
    if (has_marker(e.path()))
      remove_marked_folder(e.path());
    else
      fs::remove(e.path(), e2);  // only when empty: killed between making the folder and marking it
  }
  fs::path staging = parent / (prefix + std::to_string(getpid()));
  if (!fs::create_directory(staging, ec) || ec)
    return io_error(staging, "cannot create staging folder", ec ? ec.value() : EEXIST);
  if (auto r = write_marker(staging); !r) {
    fs::remove(staging, ec);
    return r.error();
  }
  return OutputTree(target, staging);
}

OutputTree::OutputTree(OutputTree&& o) noexcept
    : target_(std::move(o.target_)),
      staging_(std::move(o.staging_)),
      written_(std::move(o.written_)),
      dirs_made_(std::move(o.dirs_made_)),
      committed_(o.committed_) {
  o.committed_ = true;  // the moved-from object owns nothing
}

OutputTree::~OutputTree() {
  if (committed_ || staging_.empty()) return;
  remove_marked_folder(staging_);
}

Result<fs::path> OutputTree::claim(std::string_view rel) {
  if (!is_safe_relative_path(rel))
    return make_error({std::string(rel), 0, 0}, "refusing to write outside the output folder",
                      "output paths must be relative and must not contain `..`");
  std::lock_guard lock(mu_);
  if (!written_.insert(std::string(rel)).second)
    return make_error({std::string(rel), 0, 0}, "two sources map to the same output file `" + std::string(rel) + "`",
                      "rename one of them or give it a different `slug`");
  fs::path full = staging_ / fs::path(std::string(rel));
  std::string dir = full.parent_path().string();
  if (dirs_made_.insert(dir).second) {
    std::error_code ec;
    fs::create_directories(full.parent_path(), ec);
    if (ec) return io_error(full.parent_path(), "cannot create folder", ec.value());
  }
  return full;
}

Result<void> OutputTree::write(std::string_view rel, std::string_view bytes) {
  auto full = claim(rel);
  if (!full) return full.error();
  int fd = ::open(full->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(*full, "cannot create file", errno);
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return io_error(*full, "cannot write file", err);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return io_error(*full, "cannot write file", errno);
  return {};
}

Result<void> OutputTree::copy_file(std::string_view rel, const fs::path& source) {
  auto full = claim(rel);
  if (!full) return full.error();
  std::error_code ec;
  fs::copy_file(source, *full, fs::copy_options::overwrite_existing, ec);
  if (ec) return io_error(source, "cannot copy file", ec.value());
  return {};
}

bool OutputTree::exists(std::string_view rel) const {
  std::lock_guard lock(mu_);
  return written_.count(std::string(rel)) > 0;
}

std::set<std::string> OutputTree::paths() const {
  std::lock_guard lock(mu_);
  return written_;
}

Result<void> OutputTree::commit() {
  std::error_code ec;
  if (!fs::exists(target_, ec)) {
    if (::rename(staging_.c_str(), target_.c_str()) != 0) return io_error(target_, "cannot publish site", errno);
    committed_ = true;
    return {};
  }
  // Swap in one step: at every moment the target is either the old or the new complete site.
  if (::syscall(SYS_renameat2, AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), 2 /*RENAME_EXCHANGE*/) != 0)
    return io_error(target_, "cannot swap in the new site", errno);
  committed_ = true;
  // staging_ now holds the old site, marked (from an oit before the marker, or replaced with --force, it
  // is marked now) so that a removal cut short is finished by the next build.
  fs::path old = staging_.string() + ".old";
  if (has_marker(staging_) || write_marker(staging_))
    if (::rename(staging_.c_str(), old.c_str()) == 0) remove_marked_folder(old);
  return {};
}

Result<std::unique_ptr<Sink>> Sink::open(const fs::path& target, LiveSite& live) {
  auto sink = std::unique_ptr<Sink>(new Sink(live));
  std::error_code ec;
  fs::path abs = fs::absolute(target, ec).lexically_normal();
  if (!live.outputs.empty() && live.target == abs && fs::is_directory(abs, ec)) {
    sink->target_ = abs;
    return sink;
  }
  auto tree = OutputTree::begin(target);
  if (!tree) return tree.error();
  sink->tree_.emplace(std::move(*tree));
  sink->target_ = sink->tree_->target();
  return sink;
}

bool Sink::keep(const std::string& rel, std::optional<uint64_t> key) {
  if (tree_) return false;
  std::lock_guard lock(mu_);
  auto it = live_.outputs.find(rel);
  if (it == live_.outputs.end() || (key && it->second != *key)) return false;
  keys_[rel] = it->second;
  return true;
}

Result<void> Sink::write(const std::string& rel, std::string_view bytes, uint64_t key) {
  if (!key) key = hash_bytes(bytes);
  if (tree_) {
    auto r = tree_->write(rel, bytes);
    if (r) record(rel, key);
    return r;
  }
  if (keep(rel, key)) return {};
  if (!is_safe_relative_path(rel))
    return make_error({rel, 0, 0}, "refusing to write outside the output folder", "output paths must be relative");
  std::lock_guard lock(mu_);
  if (!keys_.emplace(rel, key).second)
    return make_error({rel, 0, 0}, "two sources map to the same output file `" + rel + "`", "rename one of them");
  pending_.push_back({rel, std::string(bytes), {}});
  return {};
}

Result<void> Sink::copy(const std::string& rel, const fs::path& source, uint64_t key) {
  if (tree_) {
    auto r = tree_->copy_file(rel, source);
    if (r) record(rel, key);
    return r;
  }
  if (keep(rel, key)) return {};
  std::lock_guard lock(mu_);
  if (!keys_.emplace(rel, key).second)
    return make_error({rel, 0, 0}, "two sources map to the same output file `" + rel + "`", "rename one of them");
  pending_.push_back({rel, {}, source});
  return {};
}

bool Sink::exists(const std::string& rel) {
  std::lock_guard lock(mu_);
  return keys_.count(rel) > 0;
}

std::set<std::string> Sink::paths() {
  std::lock_guard lock(mu_);
  std::set<std::string> out;
  for (const auto& [k, v] : keys_) out.insert(k);
  return out;
}

Result<void> Sink::commit() {
  if (tree_) {
    if (auto r = tree_->commit(); !r) return r;
  } else {
    for (const auto& f : pending_) {
      fs::path full = target_ / f.rel;
      fs::path tmp = full.string() + ".oit-tmp";
      std::error_code ec;
      fs::create_directories(full.parent_path(), ec);
      if (f.source.empty()) {
        std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
        o.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
        if (!o.flush()) return make_error({full.string(), 0, 0}, "cannot write file");
      } else {
        fs::copy_file(f.source, tmp, fs::copy_options::overwrite_existing, ec);
        if (ec) return make_error({f.source.string(), 0, 0}, "cannot copy file: " + ec.message());
      }
      fs::rename(tmp, full, ec);
      if (ec) return make_error({full.string(), 0, 0}, "cannot publish file: " + ec.message());
    }
    for (const auto& [rel, key] : live_.outputs) {
      if (keys_.count(rel)) continue;
      std::error_code ec;
      fs::remove(target_ / rel, ec);  // no longer part of the site
    }
  }
  live_.outputs = std::move(keys_);
  live_.target = target_;
  return {};
}

void Sink::record(const std::string& rel, uint64_t key) {
  std::lock_guard lock(mu_);
  keys_[rel] = key;
}

}  // namespace oit
