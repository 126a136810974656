// What `oit serve` agrees to answer: which file a request path may name (only files inside the built
// site's folder, after resolving symlinks), and which Host names a request may carry (only the loopback
// address and port the preview listens on, so a web page using DNS rebinding cannot read the preview).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace oit {

// True when `relative` (a decoded request path below the site's base, without its leading '/') is a plain
// path: segments separated by single '/', none empty (a trailing '/' is allowed), none ".", ".." or hidden
// (starting with '.'), no backslash, NUL or other control character, no segment over 255 bytes, 4096 bytes
// in all. "" (the site's root) is plain.
bool plain_request_path(std::string_view relative);

struct ServableFile {
  std::filesystem::path path;  // canonical: symlinks resolved
  bool directory = false;
};

// The file or folder `relative` names under `root`, when the path is plain and, once every symlink is
// resolved, it is `root` itself or inside it and is a regular file or a folder. Otherwise nothing: a
// symlink inside `root` that points outside it, a FIFO or a device are never served.
std::optional<ServableFile> site_file(const std::filesystem::path& root, std::string_view relative);

// True when a request's Host header names the server as the browser on this machine reaches it:
// 127.0.0.1, localhost, [::1] or `listen_host`, with `port` (the port may be left out only when it is 80).
// Case-insensitive. Anything else (a DNS-rebinding name such as attacker.example:PORT, another port, an
// empty value) is refused.
bool host_allowed(std::string_view host, std::string_view listen_host, int port);

}  // namespace oit
