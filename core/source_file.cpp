#include "core/source_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fs = std::filesystem;

namespace oit {

SourceLimit source_limit(SourceKind kind) {
  constexpr uintmax_t MiB = 1024 * 1024;
  switch (kind) {
    case SourceKind::SiteConfig:
      return {1 * MiB, "site.toml", "site.toml holds settings only; move long text into pages under content/"};
    case SourceKind::Page:
      return {10 * MiB, "Markdown pages", "split the page into several pages, or attach the long text as a PDF"};
    case SourceKind::Table:
      return {32 * MiB, "CSV tables", "split the table into several files (for example one per fiscal year)"};
    case SourceKind::Template:
      return {16 * MiB, "templates", "move large assets out of the template into the theme's static/ folder"};
    case SourceKind::Translations:
      return {1 * MiB, "translation tables", "a translation table holds short interface strings only"};
    case SourceKind::DatasetMeta:
      return {1 * MiB, "dataset descriptions", "a .dataset.toml holds a data set's description only"};
    case SourceKind::Criteria:
      return {4 * MiB, "criteria files", "a criteria file lists a round's OIT items only"};
    case SourceKind::Manifest:
      return {1 * MiB, "oit.json manifests", "oit.json lists a site's OIT items only; rebuild the site with `oit build`"};
    case SourceKind::ItasSheet:
      return {1 * MiB, "ITAS sheets", "an ITAS sheet holds one line per item: item,url"};
    case SourceKind::Report:
      return {64 * MiB, "reports", "give --previous a report written by `oit check --format json -o FILE`"};
  }
  return {1 * MiB, "source files", ""};
}

namespace {

std::string type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

Error not_regular(const std::string& shown, mode_t mode) {
  return make_error({shown, 0, 0}, "is " + type_name(mode) + ", not a regular file",
                    "oit reads only regular files; replace it by a file holding the text");
}

Error cannot_read(const std::string& shown, int err) {
  return make_error({shown, 0, 0}, std::string("cannot read file: ") + std::strerror(err), "check that it exists and is readable");
}

Error too_large(const std::string& shown, uintmax_t size, const SourceLimit& limit, bool grew) {
  const std::string over = "the " + std::to_string(limit.max_bytes) + "-byte limit for " + std::string(limit.what);
  return make_error({shown, 0, 0},
                    grew ? "file grew past " + over + " while it was read" : "file is " + std::to_string(size) + " bytes, over " + over,
                    std::string(limit.hint));
}

bool is_inside(const fs::path& root, const fs::path& p) {
  return std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first == root.end();
}

// Closes the descriptor on every way out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::string> read_source_file(const fs::path& path, const std::string& shown, SourceKind kind, const fs::path& source_root) {
  const SourceLimit limit = source_limit(kind);
  // Look before opening: opening a FIFO waits for a writer, and opening a device can have effects.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return cannot_read(shown, errno);
  if (!S_ISREG(st.st_mode)) return not_regular(shown, st.st_mode);
  if (static_cast<uintmax_t>(st.st_size) > limit.max_bytes) return too_large(shown, static_cast<uintmax_t>(st.st_size), limit, false);
  // O_NONBLOCK: if the path was swapped for a FIFO since stat, open returns at once (fstat then refuses it).
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (f.fd < 0) return cannot_read(shown, errno);
  if (::fstat(f.fd, &st) != 0) return cannot_read(shown, errno);
  if (!S_ISREG(st.st_mode)) return not_regular(shown, st.st_mode);
  if (static_cast<uintmax_t>(st.st_size) > limit.max_bytes) return too_large(shown, static_cast<uintmax_t>(st.st_size), limit, false);
  if (!source_root.empty()) {
    // Where the opened file really is (the kernel's name for the descriptor, every link resolved), so a
    // link swapped in after a check cannot lead out of the source folder.
    std::error_code ec;
    fs::path real = fs::read_symlink("/proc/self/fd/" + std::to_string(f.fd), ec);
    if (ec) real = fs::canonical(path, ec);
    if (ec) return cannot_read(shown, ec.value());
    // `real` has no links left: when it lies under the root's path as written, it is inside the root. Only
    // otherwise (the root is reached through a link) is the root resolved, a few more system calls per file.
    fs::path written = fs::absolute(source_root, ec).lexically_normal();
    if (written.has_parent_path() && written.filename().empty()) written = written.parent_path();  // "site/", "."
    bool inside = is_inside(written, real);
    if (!inside) {
      fs::path root = fs::canonical(source_root, ec);
      if (ec) return make_error({shown, 0, 0}, "cannot read the source folder " + source_root.string() + ": " + ec.message());
      inside = is_inside(root, real);
    }
    if (!inside)
      return make_error({shown, 0, 0}, "is a symlink that leads outside the source folder",
                        "copy the file into the source folder instead of linking to it");
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t have = 0;
  for (;;) {
    if (have == bytes.size()) {
      if (have > limit.max_bytes) return too_large(shown, have, limit, true);
      bytes.resize(std::min<size_t>(have + 65536, limit.max_bytes + 1));  // the file grew: read on, up to the limit
      if (have == bytes.size()) return too_large(shown, have, limit, true);
    }
    ssize_t n = ::read(f.fd, bytes.data() + have, bytes.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      return cannot_read(shown, errno);
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  bytes.resize(have);
  return bytes;
}

Result<void> check_csv_row_count(std::string_view text, const std::string& shown, size_t max_rows) {
  bool quoted = false;
  size_t records = 0;  // records ended so far, header included
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '\n') {
      ++line;
      if (!quoted && ++records > max_rows && text.find_first_not_of(" \t\r\n", i + 1) != std::string_view::npos)
        return make_error({shown, line, 1},
                          "table has more than " + std::to_string(max_rows) + " rows, the limit for CSV tables",
                          "split the table into several files (for example one per fiscal year)");
    }
  }
  return {};
}

}  // namespace oit
