#include "generator/build_keys.h"

#include <doctest/doctest.h>

#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace oit;

TEST_CASE("build keys: a file's stamp and copy key change with its size; a missing file has the empty stamp") {
  fs::path dir = fs::temp_directory_path() / ("oit-build-keys-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path f = dir / "a.txt";
  { std::ofstream(f) << "one"; }
  const FileStamp before = stamp_of(f);
  const uint64_t key_before = stamp_key(f);
  CHECK(before.size == 3);
  CHECK(stamp_key(f) == key_before);
  { std::ofstream(f) << "three"; }
  CHECK(stamp_of(f).size == 5);
  CHECK(stamp_key(f) != key_before);
  CHECK(stamp_of(dir / "missing") == FileStamp{});
  fs::remove_all(dir);
}
