#include "generator/serve_guard.h"

#include "core/url_path.h"

#include <algorithm>
#include <cctype>

namespace fs = std::filesystem;

namespace oit {

bool plain_request_path(std::string_view relative) {
  if (relative.size() > 4096) return false;
  size_t start = 0;
  while (start < relative.size()) {
    size_t slash = relative.find('/', start);
    bool last = slash == std::string_view::npos;
    std::string_view seg = relative.substr(start, last ? std::string_view::npos : slash - start);
    // An empty segment ("//", or a leading '/') would make the rest an absolute path when joined.
    if (seg.empty() || seg.size() > 255 || seg[0] == '.') return false;
    for (unsigned char c : seg)
      if (c < 0x20 || c == 0x7f || c == '\\') return false;
    if (last) break;
    start = slash + 1;  // a trailing '/' ends the loop here: it names a folder
  }
  return true;
}

std::optional<ServableFile> site_file(const fs::path& root, std::string_view relative) {
  if (!plain_request_path(relative)) return std::nullopt;
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  // canonical() resolves every symlink on the way and fails when the file does not exist: what is checked
  // below is the file that would be opened, wherever a link inside the folder points.
  fs::path resolved = fs::canonical(canonical_root / fs::path(std::string(relative)), ec);
  if (ec || !path_inside(resolved, canonical_root)) return std::nullopt;
  fs::file_status st = fs::status(resolved, ec);
  if (ec) return std::nullopt;
  if (fs::is_directory(st)) return ServableFile{resolved, true};
  if (fs::is_regular_file(st)) return ServableFile{resolved, false};
  return std::nullopt;  // a FIFO would block the reader forever; devices and sockets are no site files
}

bool host_allowed(std::string_view host, std::string_view listen_host, int port) {
  std::string h(host);
  for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string name = h;
  std::string port_text;
  // "[::1]:8080": the port follows the closing bracket; "localhost:8080": the last ':'.
  size_t colon = h.rfind(':');
  if (colon != std::string::npos && (h[0] != '[' || colon > h.find(']'))) {
    name = h.substr(0, colon);
    port_text = h.substr(colon + 1);
    if (port_text != std::to_string(port)) return false;
  } else if (port != 80) {
    return false;  // a browser leaves the port out only for 80
  }
  std::string listen(listen_host);
  for (auto& c : listen) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (listen.find(':') != std::string::npos) listen = "[" + listen + "]";
  return name == "127.0.0.1" || name == "localhost" || name == "[::1]" || (!listen.empty() && name == listen);
}

}  // namespace oit
