// Hashing, in one place. Two kinds, kept apart on purpose:
// - keys that never leave the process (the build's content keys, hash tables): xxHash's XXH3, the fastest
//   well-kept hash Debian ships (libxxhash-dev), as ccache uses it;
// - hashes whose values are written into the output (search shard names, the search index id, dataset ids):
//   frozen, because changing them would change every published site and break browsers' caches and links.
#pragma once
#include <cstdint>
#include <string_view>

namespace oit {

// XXH3 64 of the bytes, seeded: a content key. Never written out.
uint64_t hash_bytes(std::string_view bytes, uint64_t seed = 0);
// Folds a value into a running key.
uint64_t hash_mix(uint64_t h, uint64_t v);

// ---- published: their values appear in built sites, so they must never change ----

// FNV-1a 32 (search shard of a term — themes/default/static/search.js hashes the same way; dataset ids).
uint32_t fnv1a32(std::string_view s);
// FNV-1a 64 continued from h (the search index id is folded from its files' hashes with it).
uint64_t fnv1a64(uint64_t h, std::string_view s);
inline constexpr uint64_t kFnv64Offset = 14695981039346656037ull;
// The word-wise hash of a search index file whose values make the index id.
uint64_t published_file_hash(std::string_view s);

}  // namespace oit
