// Writing a report to `oit check -o FILE`: never over a file that is not an earlier report (a typo such as
// `-o site.toml` or `-o content/index.md` must not destroy a source), and never half-written (the text goes
// to a temporary file beside FILE, renamed over it once complete).
#pragma once
#include <string>
#include <string_view>

#include "core/error.h"

namespace oit {

// Whether `head` (the first bytes of an existing file) is a report that `oit check` wrote, in any format.
bool looks_like_report(std::string_view head);

// Whether `path` may take a report: absent, a regular file holding an earlier report, or a stream
// (a character device such as /dev/null, or a named pipe), which is written directly.
Result<void> report_file_writable(const std::string& path);

Result<void> write_report_file(const std::string& path, std::string_view text);

}  // namespace oit
