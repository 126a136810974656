// The one mapping between a site's URL paths and the files of its built folder, as the web server
// (nginx, `oit serve`) and the checker's folder source both see it: "/base/x/" is x/index.html, the
// base itself is index.html, and a file is served at its name, index.html at its folder's path.
// Containment is compared by whole path components, after symlinks are resolved by the caller.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace oit {

// The part of `path` below `base` (both URL paths; `base` ends with '/'), or nothing when `path` does
// not lie under it. "/b/x.html" below "/b/" is "x.html"; "/b/" below "/b/" is "".
std::optional<std::string_view> path_below_base(std::string_view path, std::string_view base);

// The file a path below the base names: a folder path ("" or ending in '/') names its index.html.
std::string file_for_url_path(std::string_view relative);

// The inverse: the path below the base where `relative_file` (generic, '/'-separated) is served.
// "index.html" → "", "a/index.html" → "a/", "a/b.pdf" → "a/b.pdf".
std::string url_path_for_file(std::string_view relative_file);

// True when a segment of the '/'-separated `relative` is "..": the path would climb out of the folder.
bool has_parent_segment(std::string_view relative);

// Every byte outside the unreserved set (ALPHA DIGIT - . _ ~) and `keep` written as %XX (upper-case hex):
// percent_encode("ข่าว/a b", "/") is "%E0%B8%82…/a%20b".
std::string percent_encode(std::string_view s, std::string_view keep);
// "%E0%B8%81" → the raw bytes; malformed escapes ("%4", "%zz") stay as written.
std::string percent_decode(std::string_view s);

// True when `inner` is `outer` or below it, comparing whole components (so /srv/site2 is not inside
// /srv/site). Both should be canonical: this compares names, it does not resolve links.
bool path_inside(const std::filesystem::path& inner, const std::filesystem::path& outer);

}  // namespace oit
