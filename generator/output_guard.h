// Where `oit build` may publish a site. A build replaces its output folder whole, so the folder must
// never be the site's own sources (or hold them), nor a folder of the user's that oit did not make.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.h"

namespace oit {

// The folders of a source that a build reads: an output there would replace or feed the sources.
inline constexpr const char* kSourceFolders[] = {"content", "themes", "static", "criteria"};

// Why `out` may not be the output folder of the site in `source`, or nullopt when it may. Pure: both
// paths (and `home`, the user's home folder; may be empty) are absolute, with every symlink and `..`
// resolved already. Refused: the source folder itself, a folder that contains it, a folder inside one
// of its kSourceFolders, `/`, the home folder and any folder that contains it.
std::optional<std::string> output_conflict(const std::filesystem::path& source, const std::filesystem::path& out,
                                           const std::filesystem::path& home);

// True when `dir` holds a site oit built: the marker file oit writes into every output (kOutputMarker,
// output.h), or — for outputs of oit versions before the marker — an oit.json whose first 4 KiB name
// `"generator": "oit"`.
bool is_oit_output(const std::filesystem::path& dir);

// Resolves `out` (relative paths, `..` and symlinks, also of the parts that do not exist yet) and checks
// it against `source`: an output_conflict is always refused; an existing folder that is not empty and is
// not an oit output is refused unless `force`. Returns the resolved folder to build into.
Result<std::filesystem::path> check_output_folder(const std::filesystem::path& source, const std::filesystem::path& out,
                                                  bool force);

}  // namespace oit
