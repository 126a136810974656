#include "core/source_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace fs = std::filesystem;
using namespace oit;

namespace {
fs::path scratch() {
  fs::path d = fs::temp_directory_path() / ("oit-source-file-test-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d / "site");
  return d;
}
void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
}  // namespace

TEST_CASE("a regular file inside the source folder is read whole, also through a link that stays inside") {
  fs::path dir = scratch();
  write(dir / "site" / "a.md", "สวัสดี\n");
  fs::create_symlink("a.md", dir / "site" / "b.md");
  auto a = read_source_file(dir / "site" / "a.md", "content/a.md", SourceKind::Page, dir / "site");
  REQUIRE(a.ok());
  CHECK(*a == "สวัสดี\n");
  auto b = read_source_file(dir / "site" / "b.md", "content/b.md", SourceKind::Page, dir / "site");
  REQUIRE(b.ok());
  CHECK(*b == "สวัสดี\n");
  write(dir / "site" / "empty.md", "");
  auto e = read_source_file(dir / "site" / "empty.md", "content/empty.md", SourceKind::Page, dir / "site");
  REQUIRE(e.ok());
  CHECK(e->empty());
  fs::remove_all(dir);
}

TEST_CASE("a FIFO is refused at once, without waiting for a writer") {
  fs::path dir = scratch();
  REQUIRE(::mkfifo((dir / "site" / "site.toml").c_str(), 0644) == 0);
  auto t0 = std::chrono::steady_clock::now();
  auto r = read_source_file(dir / "site" / "site.toml", "site.toml", SourceKind::SiteConfig, dir / "site");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str() == "site.toml: is a FIFO (named pipe), not a regular file\n"
                           "  hint: oit reads only regular files; replace it by a file holding the text");
  fs::remove_all(dir);
}

TEST_CASE("devices and folders are not read") {
  fs::path dir = scratch();
  fs::create_symlink("/dev/zero", dir / "site" / "site.toml");
  auto dev = read_source_file(dir / "site" / "site.toml", "site.toml", SourceKind::SiteConfig);  // no root: the type alone
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().message == "is a character device, not a regular file");
  fs::create_directory(dir / "site" / "page.md");
  auto folder = read_source_file(dir / "site" / "page.md", "content/page.md", SourceKind::Page);
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().message == "is a folder, not a regular file");
  auto missing = read_source_file(dir / "site" / "nothing.md", "content/nothing.md", SourceKind::Page);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "cannot read file: No such file or directory");
  fs::remove_all(dir);
}

TEST_CASE("a file over its kind's limit is refused by its size, before reading") {
  fs::path dir = scratch();
  const fs::path csv = dir / "site" / "big.csv";
  write(csv, "");
  const uintmax_t limit = source_limit(SourceKind::Table).max_bytes;
  CHECK(limit == 32u * 1024 * 1024);
  fs::resize_file(csv, limit);  // sparse: costs no disk
  CHECK(read_source_file(csv, "content/big.csv", SourceKind::Table, dir / "site").ok());
  fs::resize_file(csv, 104857600);
  auto r = read_source_file(csv, "content/big.csv", SourceKind::Table, dir / "site");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str() == "content/big.csv: file is 104857600 bytes, over the 33554432-byte limit for CSV tables\n"
                           "  hint: split the table into several files (for example one per fiscal year)");
  write(dir / "site" / "site.toml", std::string(1024 * 1024 + 1, '#'));
  auto toml = read_source_file(dir / "site" / "site.toml", "site.toml", SourceKind::SiteConfig, dir / "site");
  REQUIRE_FALSE(toml.ok());
  CHECK(toml.error().message == "file is 1048577 bytes, over the 1048576-byte limit for site.toml");
  fs::remove_all(dir);
}

TEST_CASE("a link that leads out of the source folder is refused, also through a linked folder") {
  fs::path dir = scratch();
  write(dir / "secret.toml", "password = \"x\"\n");
  fs::create_symlink(dir / "secret.toml", dir / "site" / "site.toml");
  auto r = read_source_file(dir / "site" / "site.toml", "site.toml", SourceKind::SiteConfig, dir / "site");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "is a symlink that leads outside the source folder");
  fs::create_directory_symlink(dir, dir / "site" / "up");
  auto via = read_source_file(dir / "site" / "up" / "secret.toml", "up/secret.toml", SourceKind::SiteConfig, dir / "site");
  REQUIRE_FALSE(via.ok());
  CHECK(via.error().message == "is a symlink that leads outside the source folder");
  // A source folder reached through a link is fine: its real location is compared with the file's.
  fs::create_directory_symlink(dir / "site", dir / "site-link");
  write(dir / "site" / "ok.toml", "a = 1\n");
  CHECK(read_source_file(dir / "site-link" / "ok.toml", "ok.toml", SourceKind::SiteConfig, dir / "site-link").ok());
  fs::remove_all(dir);
}

TEST_CASE("CSV rows are counted outside quoted fields, and a table over the row limit is refused") {
  CHECK(check_csv_row_count("h\n1\n2\n", "t.csv", 2).ok());
  CHECK(check_csv_row_count("h\n1\n2", "t.csv", 2).ok());
  CHECK(check_csv_row_count("h\n1\n2\n\n\n", "t.csv", 2).ok());  // blank lines at the end are no rows
  CHECK(check_csv_row_count("h\n\"a\nb\nc\"\n\"say \"\"hi\"\"\nthere\"\n", "t.csv", 2).ok());  // newlines inside quotes
  auto over = check_csv_row_count("h\n1\n2\n3\n", "content/t.csv", 2);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().str() == "content/t.csv:4:1: table has more than 2 rows, the limit for CSV tables\n"
                              "  hint: split the table into several files (for example one per fiscal year)");
  auto quoted = check_csv_row_count("h\n\"a\nb\"\n2\n3\n", "t.csv", 2);
  REQUIRE_FALSE(quoted.ok());
  CHECK(quoted.error().pos.line == 5);
  CHECK(kMaxCsvRows == 200'000);
}

TEST_CASE("the source folder may be given as `.`, with a trailing slash or through `..`") {
  fs::path dir = scratch();
  write(dir / "site" / "a.md", "x");
  const fs::path cwd = fs::current_path();
  fs::current_path(dir / "site");
  CHECK(read_source_file("a.md", "a.md", SourceKind::Page, ".").ok());
  CHECK(read_source_file("./a.md", "a.md", SourceKind::Page, "./").ok());
  CHECK(read_source_file("../site/a.md", "a.md", SourceKind::Page, "../site/").ok());
  write(dir / "b.md", "y");
  CHECK_FALSE(read_source_file("../b.md", "b.md", SourceKind::Page, ".").ok());
  CHECK_FALSE(read_source_file("./../b.md", "b.md", SourceKind::Page, "./").ok());
  fs::current_path(cwd);
  fs::remove_all(dir);
}
