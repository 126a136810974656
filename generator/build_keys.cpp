#include "generator/build_keys.h"

#include <string>

namespace fs = std::filesystem;

namespace oit {

FileStamp stamp_of(const fs::path& p) {
  std::error_code ec;
  FileStamp st;
  st.size = fs::file_size(p, ec);
  if (ec) return {};
  st.mtime = static_cast<int64_t>(fs::last_write_time(p, ec).time_since_epoch().count());
  return st;
}

uint64_t stamp_key(const fs::path& p) {
  FileStamp st = stamp_of(p);
  return hash_mix(hash_mix(hash_bytes(p.string()), st.size), static_cast<uint64_t>(st.mtime));
}

}  // namespace oit
