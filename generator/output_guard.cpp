#include "generator/output_guard.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "generator/output.h"

namespace fs = std::filesystem;

namespace oit {

namespace {
bool is_inside(const fs::path& root, const fs::path& p) {
  return std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first == root.end();
}

// Every symlink and `..` resolved, also where a `..` follows a part that does not exist yet
// ("new/../site" is "site", which may be a link): resolved again until nothing changes.
fs::path resolve(const fs::path& p, std::error_code& ec) {
  fs::path cur = fs::absolute(p, ec);
  if (ec) return {};
  for (int i = 0; i < 8; ++i) {
    fs::path next = fs::weakly_canonical(cur, ec);
    if (ec) return {};
    if (next == cur) break;
    cur = std::move(next);
  }
  return cur;
}
}  // namespace

std::optional<std::string> output_conflict(const fs::path& source, const fs::path& out, const fs::path& home) {
  const std::string shown = "`" + out.string() + "`";
  if (out == source) return shown + " is the site's source folder: publishing there would delete site.toml and content/";
  if (is_inside(out, source)) return shown + " contains the site's source folder " + source.string() + ": publishing there would delete it";
  for (const char* folder : kSourceFolders)
    if (is_inside(source / folder, out))
      return shown + " is inside the site's " + folder + "/ folder: publishing there would replace the site's sources";
  if (out == out.root_path()) return shown + " is the root folder";
  if (!home.empty() && is_inside(out, home))
    return shown + (out == home ? " is your home folder" : " contains your home folder") + ": publishing there would delete it";
  return std::nullopt;
}

bool is_oit_output(const fs::path& dir) {
  struct stat st;
  if (::lstat((dir / kOutputMarker).c_str(), &st) == 0 && S_ISREG(st.st_mode)) return true;
  // Outputs of oit before the marker: their manifest. Only its first 4 KiB are read, only from a regular file.
  int fd = ::open((dir / "oit.json").c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) return false;
  std::string head(4096, '\0');
  ssize_t n = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? ::read(fd, head.data(), head.size()) : -1;
  ::close(fd);
  if (n <= 0) return false;
  head.resize(static_cast<size_t>(n));
  return head.find("\"generator\": \"oit\"") != std::string::npos;
}

Result<fs::path> check_output_folder(const fs::path& source_in, const fs::path& out_in, bool force) {
  std::error_code ec;
  fs::path source = fs::canonical(source_in, ec);
  if (ec || !fs::is_directory(source, ec))
    return make_error({"--source", 0, 0}, "`" + source_in.string() + "` is not a folder",
                      "pass --source DIR, a folder holding site.toml and content/");
  fs::path out = resolve(out_in, ec);
  if (ec) return make_error({"--out", 0, 0}, "cannot resolve `" + out_in.string() + "`: " + ec.message());
  fs::path home;
  if (const char* h = std::getenv("HOME"); h && *h) {
    home = fs::canonical(h, ec);
    if (ec) home.clear();
  }
  if (auto why = output_conflict(source, out, home))
    return make_error({"--out", 0, 0}, *why, "choose a folder of its own for the site, such as the default public/ inside the source folder");
  if (!fs::is_directory(out, ec)) return out;  // new (or a file, which OutputTree::begin refuses)
  const bool empty = fs::is_empty(out, ec);
  if (ec) return make_error({"--out", 0, 0}, "cannot read `" + out.string() + "`: " + ec.message());
  if (!empty && !is_oit_output(out) && !force)
    return make_error({"--out", 0, 0},
                      "`" + out.string() + "` is not empty and oit did not build it (it has no " + kOutputMarker +
                          " file): publishing there would delete everything in it",
                      "choose a new or empty folder, or pass --force to replace this folder and all its files");
  return out;
}

}  // namespace oit
