// File stamps for the incremental build (Builder): a source whose size and modification time are unchanged is
// not read again. Content keys are core/hash.h's (keys are never stored).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/hash.h"

namespace oit {

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
