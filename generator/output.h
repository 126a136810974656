// Writes a site into a fresh folder beside the target and swaps it in only when the build is complete,
// so an interrupted or failed build leaves the previous site untouched.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace oit {

// The file oit writes into every staging folder the moment it is made, and so into every site it
// publishes: a folder carries it only when oit made it. Clean-up deletes a leftover staging folder only
// when it carries it, and `oit build` replaces an existing non-empty output folder only when it carries it
// (output_guard.h). Hidden, so it is never served, listed or checked as part of the site.
inline constexpr const char* kOutputMarker = ".oit-output";

// True when `rel` is a safe relative output path: not empty, not absolute, no "..", "." or empty segments,
// no backslashes or NUL bytes.
bool is_safe_relative_path(std::string_view rel);

class OutputTree {
 public:
  // Prepares `<parent>/.<name>.tmp-<pid>` (with kOutputMarker) for the new site. Leftovers of killed
  // builds are removed first: entries named `.<name>.tmp-<pid>` or `.<name>.tmp-<pid>.old` whose process is
  // gone and that are folders carrying kOutputMarker (or empty folders). Anything else is left alone.
  static Result<OutputTree> begin(const std::filesystem::path& target);
  OutputTree(OutputTree&&) noexcept;
  OutputTree& operator=(OutputTree&&) = delete;
  ~OutputTree();  // removes the staging folder unless committed

  // Thread-safe. `rel` uses '/' separators ("news/a/index.html"); writing the same path twice is an error
  // (two sources mapping to one output).
  Result<void> write(std::string_view rel, std::string_view bytes);
  Result<void> copy_file(std::string_view rel, const std::filesystem::path& source);
  bool exists(std::string_view rel) const;
  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& target() const { return target_; }
  // All paths written so far.
  std::set<std::string> paths() const;

  // Atomically replaces the target with the staging folder (renameat2 RENAME_EXCHANGE when the target
  // exists), then removes the old site.
  Result<void> commit();

 private:
  OutputTree(std::filesystem::path target, std::filesystem::path staging)
      : target_(std::move(target)), staging_(std::move(staging)) {}
  Result<std::filesystem::path> claim(std::string_view rel);

  std::filesystem::path target_, staging_;
  mutable std::mutex mu_;
  std::set<std::string> written_;
  std::set<std::string> dirs_made_;
  bool committed_ = false;
};

// The site a Sink last published, as the Builder keeps it between builds: every file's content key.
struct LiveSite {
  std::map<std::string, uint64_t> outputs;  // output path → content key, for the site now live
  std::filesystem::path target;             // the folder they were published to
};

// Where a build's files go. Without a live site from an earlier build (of the same Builder), a whole new
// site is staged beside the target in an OutputTree and swapped in atomically. With one, only files whose
// key changed are collected and written over the live site at commit, so a failed build changes nothing.
// Thread-safe, except commit().
class Sink {
 public:
  static Result<std::unique_ptr<Sink>> open(const std::filesystem::path& target, LiveSite& live);
  bool in_place() const { return !tree_; }
  // In place: the live file has this key already (or, without a key, exists); it is kept as it is.
  bool keep(const std::string& rel, std::optional<uint64_t> key);
  // `key` 0: the bytes' hash.
  Result<void> write(const std::string& rel, std::string_view bytes, uint64_t key = 0);
  Result<void> copy(const std::string& rel, const std::filesystem::path& source, uint64_t key);
  bool exists(const std::string& rel);
  std::set<std::string> paths();  // every path written or kept
  size_t files_written() const { return tree_ ? keys_.size() : pending_.size(); }
  const std::filesystem::path& target() const { return target_; }
  // Publishes: commits the staged tree, or writes each collected file (temp file and rename) and removes
  // the live files no longer part of the site. Then `live` describes the new site.
  Result<void> commit();

 private:
  explicit Sink(LiveSite& live) : live_(live) {}
  void record(const std::string& rel, uint64_t key);
  struct Pending {
    std::string rel, bytes;
    std::filesystem::path source;
  };
  LiveSite& live_;
  std::optional<OutputTree> tree_;
  std::filesystem::path target_;
  std::mutex mu_;
  std::map<std::string, uint64_t> keys_;
  std::vector<Pending> pending_;
};

}  // namespace oit
