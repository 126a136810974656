// URLs as the checker compares them: parsed, normalised (RFC 3986 §6.2.2 plus the percent-encoding
// of raw non-ASCII bytes, so a raw Thai path and its percent-encoded form are the same URL), and
// resolved against a base (RFC 3986 §5.2). "Same site" means the same registered domain
// (www.example.go.th and example.go.th are one agency), from the public-suffix list (libpsl).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/url_path.h"

namespace oit {

struct Url {
  std::string scheme;  // lower case: "https"
  std::string host;    // lower case; empty for opaque URLs (mailto:, tel:, …)
  int port = 0;        // 0 = the scheme's default port
  std::string path;    // normalised, percent-encoded; "/" at least for http(s); opaque part otherwise
  std::optional<std::string> query;     // without '?'
  std::optional<std::string> fragment;  // without '#', still percent-encoded

  bool is_http() const { return scheme == "http" || scheme == "https"; }
  // "https://host[:port]/path[?query]" — the fragment only when asked for.
  std::string str(bool with_fragment = false) const;
  // "https://host[:port]" (explicit port only when it is not the scheme's default).
  std::string origin() const;
  int effective_port() const;  // port, or 80/443 for http/https
};

// Parses an absolute URL ("scheme:…") and normalises it. Errors name what is wrong.
Result<Url> parse_url(std::string_view text);

// Resolves `ref` (an href/src attribute value as written: surrounding whitespace, tabs and newlines
// removed as browsers do, backslashes read as '/' for http(s), raw Thai allowed) against `base`.
// nullopt when the reference cannot be a URL (e.g. "http://[bad").
std::optional<Url> resolve_url(const Url& base, std::string_view ref);

// Normalises percent-encoding of one component: upper-case hex, unreserved characters decoded,
// raw bytes that may not appear unencoded (non-ASCII, space, '"', '<', '>', '\\', '^', '`', '{', '|',
// '}') encoded. Reserved characters and existing escapes of them stay as written.
std::string normalize_percent_encoding(std::string_view component);
// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view path);

// Registered domain (eTLD+1) of a host: "www.example.go.th" → "example.go.th". An IP address,
// "localhost" or a bare public suffix is its own registered domain.
std::string registered_domain(std::string_view host);
// Same registered domain (scheme and port ignored): what "on the agency's main website" means.
bool same_site(const Url& a, const Url& b);

// Lower-cased file extension of the URL path's last segment, without the dot ("pdf"); "" when none.
std::string url_extension(const Url& u);

}  // namespace oit
