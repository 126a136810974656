// `oit serve`: builds the site into a private folder, serves it on 127.0.0.1 (cpp-httplib), rebuilds when
// site.toml, content/, themes/ or criteria/ change, and reloads the browser.
//
// Watching is by inotify first (generator/watch.h: every folder of the sources, with the changed paths handed
// to the Builder so a rebuild neither walks content/ nor stats the other files); where inotify cannot watch
// (shared folders such as WSL /mnt/c, VirtualBox or network drives, or the watch limit reached) it falls back
// to polling every 100 ms (path, size and modification time of every file; a very large site is polled less
// often, never more than a tenth of a core).
//
// Reload: every HTML response gets a small script (never written to disk) that polls /__oit/version
// and reloads the page when a build has finished since the page was served. While the last build failed,
// HTML pages also show the error (file, line and the offending lines) above the last good site, which
// keeps being served.
//
// What it answers (serve_guard.h, serve_connections.h): only files inside the private output folder, once
// symlinks are resolved; only requests whose Host is 127.0.0.1, localhost or [::1] with the port it listens on
// (403 otherwise: DNS rebinding), or that have no Host at all under HTTP/1.0 (a program on this machine, never
// a browser); no request bodies (413/400); idle connections closed after 2 s, a request that takes over 5 s
// from its first byte to its last cut off (slowloris).
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace oit {

struct ServeOptions {
  std::filesystem::path source = ".";  // folder with site.toml, content/, themes/
  std::string host = "127.0.0.1";
  int port = 8080;                     // 0: any free port (printed at start)
  bool drafts = false;                 // publish drafts and future-dated pages too
  int poll_ms = 100;                   // how often the sources are looked at
};

// Runs until SIGINT/SIGTERM. Returns 0 after a clean stop, 2 when the server cannot start (port in use,
// no site.toml).
int run_serve(const ServeOptions& options);

// ---- pieces, exposed for tests ----

struct SourceStamp {
  std::int64_t mtime_ns = 0;
  std::uintmax_t size = 0;
  bool operator==(const SourceStamp&) const = default;
};
// Every file that affects a build (site.toml, content/, themes/, criteria/), hidden files skipped; keys are
// paths relative to the source folder.
using SourceSnapshot = std::map<std::string, SourceStamp>;
SourceSnapshot snapshot_sources(const std::filesystem::path& source);

// The script that reloads the page when /__oit/version no longer answers `version`.
std::string live_reload_script(std::uint64_t version);

// `top` inserted right after the <body …> tag and `bottom` right before </body> (case-insensitive); when
// the page has no such tags, at its start and end.
std::string inject_html(std::string_view html, std::string_view top, std::string_view bottom);

// Lines line-context .. line+context of `text`, numbered, the offending line marked with '>'.
std::string source_excerpt(std::string_view text, int line, int context = 2);

// The error panel shown at the top of every page while the last build failed (HTML, escaped). The excerpt
// is read from the file the error names, relative to `source`.
std::string build_error_panel(const Error& error, const std::filesystem::path& source, bool showing_last_good);

struct ServedResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::string location;  // redirects
  bool html = false;     // the body is an HTML page (gets the script and the error panel)
};

// The response for a request path (decoded, without query) from the built site in `root` published under
// `base_path` ("/" or "/sub/"): files, folder index.html, a redirect adding the final '/' (percent-encoded),
// else the site's 404.html with status 404. Never reads outside `root`: see site_file.
ServedResponse serve_path(const std::filesystem::path& root, std::string_view request_path, std::string_view base_path);

std::string content_type_for(std::string_view path);

}  // namespace oit
