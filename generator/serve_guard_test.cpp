#include "generator/serve_guard.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace oit;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("oit-serve-guard-test-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const fs::path& file, const std::string& text) const {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
};

}  // namespace

TEST_CASE("a request path is plain: single '/' between names, none empty, '.', '..' or hidden, no control bytes") {
  for (const char* ok : {"", "index.html", "news/", "news/2567/report.pdf", "ข่าว/ประกาศ.html", "a-b_c~d/e.f.g"})
    CHECK_MESSAGE(plain_request_path(ok), ok);
  // "/etc/passwd" is what "//etc/passwd" and "/%2Fetc%2Fpasswd" leave after the site's base "/".
  for (const char* bad : {"/etc/passwd", "a//b", "//", "..", "../etc/passwd", "a/../../b", "a/..", ".", "./a", "a/./b",
                          ".hidden", "a/.git/config", "a\\..\\b", "a\\b", "a\r\nLocation: x", "a\tb", "a\x7f"})
    CHECK_FALSE_MESSAGE(plain_request_path(bad), bad);
  CHECK_FALSE(plain_request_path(std::string("a\0b", 3)));
  CHECK_FALSE(plain_request_path(std::string(256, 'a')));
  CHECK(plain_request_path(std::string(255, 'a')));
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "abcd/";
  CHECK_FALSE(plain_request_path(deep));  // over 4096 bytes
}

TEST_CASE("site_file: files and folders inside the root, never what a symlink points to outside it") {
  TempDir tmp;
  fs::path root = tmp.path / "site";
  tmp.write(root / "index.html", "home");
  tmp.write(root / "news" / "a.html", "news");
  tmp.write(tmp.path / "secret.txt", "secret");
  tmp.write(tmp.path / "site2" / "secret.txt", "sibling");  // shares the root's name as a prefix
  fs::create_directories(tmp.path / "outside-dir");
  tmp.write(tmp.path / "outside-dir" / "x.html", "outside");
  fs::create_symlink(tmp.path / "secret.txt", root / "leak.txt");
  fs::create_symlink("../secret.txt", root / "news" / "relative-leak.txt");
  fs::create_symlink(tmp.path / "site2" / "secret.txt", root / "sibling.txt");
  fs::create_symlink(tmp.path / "outside-dir", root / "linked-dir");
  fs::create_symlink("/", root / "fs-root");
  fs::create_symlink(root / "news" / "a.html", root / "alias.html");  // inside: fine
  REQUIRE(mkfifo((root / "pipe").c_str(), 0600) == 0);

  auto found = site_file(root, "index.html");
  REQUIRE(found);
  CHECK_FALSE(found->directory);
  CHECK(found->path == fs::canonical(root / "index.html"));
  found = site_file(root, "");
  REQUIRE(found);
  CHECK(found->directory);
  found = site_file(root, "news/");
  REQUIRE(found);
  CHECK(found->directory);
  found = site_file(root, "alias.html");
  REQUIRE(found);
  CHECK(found->path == fs::canonical(root / "news" / "a.html"));

  for (const char* refused : {"leak.txt", "news/relative-leak.txt", "sibling.txt", "linked-dir", "linked-dir/x.html", "fs-root/etc/passwd",
                              "fs-root", "pipe", "missing.html", "../secret.txt", "/etc/passwd", "news/../../secret.txt"})
    CHECK_FALSE_MESSAGE(site_file(root, refused), refused);
  CHECK_FALSE(site_file(tmp.path / "no-such-root", "index.html"));

  // The root itself reached through a symlink (as /tmp is on some systems) still serves its files.
  fs::create_symlink(root, tmp.path / "root-link");
  found = site_file(tmp.path / "root-link", "news/a.html");
  REQUIRE(found);
  CHECK(found->path == fs::canonical(root / "news" / "a.html"));
}

TEST_CASE("host_allowed: only the loopback names with the port listened on") {
  for (const char* ok : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080"})
    CHECK_MESSAGE(host_allowed(ok, "127.0.0.1", 8080), ok);
  for (const char* bad : {"attacker.example:8080", "attacker.example", "127.0.0.1", "localhost", "127.0.0.1:8081", "127.0.0.1:08080",
                          "127.0.0.1:", "", ":8080", "localhost.:8080", "evil.localhost:8080", "127.0.0.2:8080", "[::1]", "0.0.0.0:8080",
                          "127.0.0.1:8080@evil.example", "127.0.0.1:8080 evil"})
    CHECK_FALSE_MESSAGE(host_allowed(bad, "127.0.0.1", 8080), bad);
  // Port 80 is the one a browser leaves out.
  CHECK(host_allowed("localhost", "127.0.0.1", 80));
  CHECK(host_allowed("127.0.0.1:80", "127.0.0.1", 80));
  // The address listened on, when it is another loopback address.
  CHECK(host_allowed("127.0.0.5:9000", "127.0.0.5", 9000));
  CHECK(host_allowed("[::1]:9000", "::1", 9000));
}

