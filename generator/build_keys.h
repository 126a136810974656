// Content keys for the incremental build (Builder): the same input gives the same key within one process
// (keys are never stored). std::hash of bytes is a fast word-wise hash; hash_mix folds values into a running key.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace oit {

uint64_t hash_mix(uint64_t h, uint64_t v);
uint64_t hash_bytes(std::string_view bytes, uint64_t h = 1469598103934665603ull);

// A file's size and modification time: a source whose stamp is unchanged is not read again.
struct FileStamp {
  uintmax_t size = 0;
  int64_t mtime = 0;
  bool operator==(const FileStamp&) const = default;
};
FileStamp stamp_of(const std::filesystem::path& p);  // {} when the file cannot be looked at

// Key of a file copied as is: its path and stamp (a copy is redone when the source changes).
uint64_t stamp_key(const std::filesystem::path& p);

}  // namespace oit
