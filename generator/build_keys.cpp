#include "generator/build_keys.h"

#include <functional>
#include <string>

namespace fs = std::filesystem;

namespace oit {

uint64_t hash_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

uint64_t hash_bytes(std::string_view bytes, uint64_t h) { return hash_mix(h, std::hash<std::string_view>{}(bytes)); }

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
