#include "core/hash.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace oit;

TEST_CASE("hash_bytes: XXH3, seeded, sensitive to every byte") {
  CHECK(hash_bytes("") == 0x2D06800538D394C2ull);  // XXH3_64bits("") as published by xxHash
  CHECK(hash_bytes("abc") != hash_bytes("abd"));
  CHECK(hash_bytes("abc", 1) != hash_bytes("abc", 2));
  std::set<uint64_t> seen;
  std::string s;
  for (int i = 0; i < 1000; ++i) seen.insert(hash_bytes(s += 'x'));
  CHECK(seen.size() == 1000);
}

TEST_CASE("published hashes keep their values (built sites and search.js depend on them)") {
  CHECK(fnv1a32("") == 2166136261u);
  CHECK(fnv1a32("a") == 0xE40C292Cu);        // the FNV-1a 32 test vector
  CHECK(fnv1a32("foobar") == 0xBF9CF968u);
  CHECK(fnv1a64(kFnv64Offset, "a") == 0xAF63DC4C8601EC8Cull);
  CHECK(fnv1a64(kFnv64Offset, "foobar") == 0x85944171F73967E8ull);
  // Today's values of the search index file hash: a change here changes every site's search/index.json id.
  CHECK(published_file_hash("") == 0x90f8749b0fb13233ull);
  CHECK(published_file_hash("search/t/0.json") == 0x9173a056a45c74bbull);
}

TEST_CASE("hash_mix: order matters") {
  CHECK(hash_mix(hash_mix(1, 2), 3) != hash_mix(hash_mix(1, 3), 2));
  CHECK(hash_bytes("b", hash_bytes("a")) != hash_bytes("a", hash_bytes("b")));
}
