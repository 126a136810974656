#include "generator/output_guard.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

#include "generator/output.h"

namespace fs = std::filesystem;
using namespace oit;

TEST_CASE("an output over the sources, over home or at / is a conflict; a folder beside or inside them is not") {
  const fs::path src = "/srv/sites/agency", home = "/home/officer";
  auto why = [&](const char* out) { return output_conflict(src, out, home).value_or(""); };
  CHECK(why("/srv/sites/agency") == "`/srv/sites/agency` is the site's source folder: publishing there would delete site.toml and content/");
  CHECK(why("/srv/sites") == "`/srv/sites` contains the site's source folder /srv/sites/agency: publishing there would delete it");
  CHECK(why("/srv") != "");
  CHECK(why("/srv/sites/agency/content") ==
        "`/srv/sites/agency/content` is inside the site's content/ folder: publishing there would replace the site's sources");
  CHECK(why("/srv/sites/agency/content/news/public") != "");
  CHECK(why("/srv/sites/agency/themes/default") != "");
  CHECK(why("/srv/sites/agency/static") != "");
  CHECK(why("/srv/sites/agency/criteria") != "");
  CHECK(why("/") != "");
  CHECK(why("/home/officer") == "`/home/officer` is your home folder: publishing there would delete it");
  CHECK(why("/home") == "`/home` contains your home folder: publishing there would delete it");
  // Allowed: the default public/, other folders of the source, siblings, folders under home.
  CHECK_FALSE(output_conflict(src, "/srv/sites/agency/public", home));
  CHECK_FALSE(output_conflict(src, "/srv/sites/agency/contents", home));  // a name that only starts like content
  CHECK_FALSE(output_conflict(src, "/srv/sites/agency-public", home));
  CHECK_FALSE(output_conflict(src, "/var/www/oit", home));
  CHECK_FALSE(output_conflict(src, "/home/officer/www", home));
  CHECK_FALSE(output_conflict(src, "/srv/x", {}));
}

namespace {
fs::path scratch() {
  fs::path d = fs::temp_directory_path() / ("oit-output-guard-test-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d / "site" / "content");
  std::ofstream(d / "site" / "site.toml") << "";
  return d;
}
}  // namespace

TEST_CASE("oit's outputs are told from other folders by the marker, or by an old oit's manifest") {
  fs::path dir = scratch();
  fs::create_directories(dir / "a");
  CHECK_FALSE(is_oit_output(dir / "a"));
  std::ofstream(dir / "a" / kOutputMarker) << "";
  CHECK(is_oit_output(dir / "a"));
  fs::create_directories(dir / "b");
  std::ofstream(dir / "b" / "oit.json") << "{\n  \"base_url\": \"https://x.go.th/\",\n  \"generator\": \"oit\",\n  \"items\": []\n}\n";
  CHECK(is_oit_output(dir / "b"));
  fs::create_directories(dir / "c");
  std::ofstream(dir / "c" / "oit.json") << "{\"generator\": \"other\"}";
  CHECK_FALSE(is_oit_output(dir / "c"));
  fs::create_directories(dir / "d" / kOutputMarker);  // a folder by that name is no marker
  CHECK_FALSE(is_oit_output(dir / "d"));
  fs::remove_all(dir);
}

TEST_CASE("check_output_folder resolves links and `..` before comparing, and keeps other folders safe") {
  fs::path dir = scratch();
  const fs::path site = dir / "site";
  auto check = [&](const fs::path& out, bool force = false) { return check_output_folder(site, out, force); };
  REQUIRE(check(site / "public").ok());
  CHECK(*check(site / "public") == site / "public");  // a new folder
  CHECK_FALSE(check(site).ok());
  CHECK_FALSE(check(site / "public" / ".." / "content").ok());
  CHECK_FALSE(check(site / "new" / ".." / "..").ok());  // `..` after a part that does not exist
  fs::create_directory_symlink(site, dir / "link-to-site");
  auto via_link = check(dir / "link-to-site");
  REQUIRE_FALSE(via_link.ok());
  CHECK(via_link.error().message.find("is the site's source folder") != std::string::npos);
  CHECK_FALSE(check(dir / "nothing" / ".." / "link-to-site", true).ok());  // --force never allows it
  fs::create_directory_symlink(site / "content", dir / "link-to-content");
  CHECK_FALSE(check(dir / "link-to-content" / "out").ok());
  // A link to an ordinary folder is followed: the folder it leads to is built into.
  fs::create_directories(dir / "www");
  fs::create_directory_symlink(dir / "www", dir / "link-to-www");
  CHECK(*check(dir / "link-to-www") == dir / "www");
  // Non-empty folders: only oit's own, unless --force.
  std::ofstream(dir / "www" / "notes.txt") << "mine";
  auto mine = check(dir / "www");
  REQUIRE_FALSE(mine.ok());
  CHECK(mine.error().message.find("is not empty and oit did not build it") != std::string::npos);
  CHECK(check(dir / "www", true).ok());
  std::ofstream(dir / "www" / kOutputMarker) << "";
  CHECK(check(dir / "www").ok());
  // The source must be a folder.
  auto file_source = check_output_folder(site / "site.toml", dir / "out", false);
  REQUIRE_FALSE(file_source.ok());
  CHECK(file_source.error().message == "`" + (site / "site.toml").string() + "` is not a folder");
  fs::remove_all(dir);
}
