#include "checks/url.h"
#include "core/text.h"

#include <libpsl.h>

#include <algorithm>
#include <cctype>

namespace oit {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) { return is_digit(c) ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10); }
bool is_unreserved(unsigned char c) {
  return is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}
// Bytes that may not stand unencoded in a URL component.
bool must_encode(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
         c == '{' || c == '|' || c == '}';
}
int default_port(std::string_view scheme) { return scheme == "http" ? 80 : scheme == "https" ? 443 : 0; }

// Length of "scheme:" prefix (including ':'), 0 when the text has no scheme.
size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i + 1;
    if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.')) return 0;
  }
  return 0;
}

// A reference split into its five raw components (RFC 3986 appendix B).
struct Parts {
  std::optional<std::string> scheme, authority, query, fragment;
  std::string path;
};

Parts split(std::string_view s) {
  Parts p;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    p.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  if (size_t n = scheme_length(s)) {
    p.scheme = ascii_lower(s.substr(0, n - 1));
    s = s.substr(n);
  }
  if (s.substr(0, 2) == "//") {
    s = s.substr(2);
    size_t end = s.find('/');
    p.authority = std::string(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view{} : s.substr(end);
  }
  p.path = std::string(s);
  return p;
}

// Fills host and port of `u` from an authority; false when it is malformed.
bool set_authority(Url& u, std::string_view auth) {
  if (auto at = auth.rfind('@'); at != std::string_view::npos) auth = auth.substr(at + 1);  // drop userinfo
  std::string_view host = auth, port;
  if (!auth.empty() && auth[0] == '[') {
    auto close = auth.find(']');
    if (close == std::string_view::npos) return false;
    host = auth.substr(0, close + 1);
    std::string_view rest = auth.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      port = rest.substr(1);
    }
  } else if (auto colon = auth.rfind(':'); colon != std::string_view::npos) {
    host = auth.substr(0, colon);
    port = auth.substr(colon + 1);
  }
  u.host = ascii_lower(percent_decode(host));
  if (u.host.empty() && u.is_http()) return false;
  for (unsigned char c : u.host)
    if (c <= 0x20 || c == '/' || c == '\\' || c == '?' || c == '#' || c == '@' || c == '%') return false;
  u.port = 0;
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) return false;
    int n = std::stoi(std::string(port));
    if (n > 65535) return false;
    if (n != default_port(u.scheme)) u.port = n;
  }
  return true;
}

void finish(Url& u, std::string_view path, const std::optional<std::string>& query,
            const std::optional<std::string>& fragment) {
  u.path = normalize_percent_encoding(path);
  if (u.is_http() || !u.host.empty()) {
    u.path = remove_dot_segments(u.path);
    if (u.path.empty()) u.path = "/";
  }
  u.query = query ? std::optional(normalize_percent_encoding(*query)) : std::nullopt;
  u.fragment = fragment ? std::optional(normalize_percent_encoding(*fragment)) : std::nullopt;
}

// What browsers do to an attribute value before parsing it as a URL.
std::string clean_reference(std::string_view ref, bool special) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= 0x20) ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= 0x20) ref.remove_suffix(1);
  std::string r;
  r.reserve(ref.size());
  for (char c : ref) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    r += (special && c == '\\') ? '/' : c;
  }
  return r;
}

bool is_ip_address(std::string_view host) {
  if (!host.empty() && host[0] == '[') return true;
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) { return is_digit(c) || c == '.'; });
}

}  // namespace

std::string normalize_percent_encoding(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string r;
  r.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      unsigned char v = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(v)) {
        r += static_cast<char>(v);
      } else {
        r += '%';
        r += hex[v >> 4];
        r += hex[v & 15];
      }
      i += 2;
    } else if (c == '%' || must_encode(c)) {
      r += '%';
      r += hex[c >> 4];
      r += hex[c & 15];
    } else {
      r += static_cast<char>(c);
    }
  }
  return r;
}

std::string remove_dot_segments(std::string_view in) {
  std::string input(in), out;
  while (!input.empty()) {
    if (input.starts_with("../")) {
      input.erase(0, 3);
    } else if (input.starts_with("./")) {
      input.erase(0, 2);
    } else if (input.starts_with("/./")) {
      input.erase(0, 2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.starts_with("/../") || input == "/..") {
      input = input.size() == 3 ? std::string("/") : input.substr(3);
      auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (input == "." || input == "..") {
      input.clear();
    } else {
      size_t start = input[0] == '/' ? 1 : 0;
      size_t next = input.find('/', start);
      out += input.substr(0, next);
      input.erase(0, next == std::string::npos ? input.size() : next);
    }
  }
  return out;
}

std::string Url::str(bool with_fragment) const {
  std::string s = scheme + ":";
  if (!host.empty() || is_http()) {
    s += "//" + host;
    if (port) s += ":" + std::to_string(port);
  }
  s += path;
  if (query) s += "?" + *query;
  if (with_fragment && fragment) s += "#" + *fragment;
  return s;
}

std::string Url::origin() const {
  std::string s = scheme + "://" + host;
  if (port) s += ":" + std::to_string(port);
  return s;
}

int Url::effective_port() const { return port ? port : default_port(scheme); }

Result<Url> parse_url(std::string_view text) {
  std::string cleaned = clean_reference(text, false);
  Parts p = split(cleaned);
  if (!p.scheme)
    return make_error({}, "not an absolute URL: \"" + std::string(text) + "\"",
                      "write it with its scheme, e.g. https://www.example.go.th/");
  Url u;
  u.scheme = *p.scheme;
  if (u.is_http()) {
    // Re-split with backslashes read as slashes, as browsers do for http(s).
    p = split(clean_reference(text, true));
    if (!p.authority)
      return make_error({}, "URL has no host: \"" + std::string(text) + "\"", "write it as " + u.scheme + "://host/path");
  }
  if (p.authority && !set_authority(u, *p.authority))
    return make_error({}, "URL has a malformed host or port: \"" + std::string(text) + "\"");
  finish(u, p.path, p.query, p.fragment);
  return u;
}

std::optional<Url> resolve_url(const Url& base, std::string_view ref_text) {
  std::string ref = clean_reference(ref_text, base.is_http());
  Parts r = split(ref);
  // "http:foo" against an http base is relative (WHATWG URL, special schemes).
  if (r.scheme && *r.scheme == base.scheme && base.is_http() && !r.authority) r.scheme.reset();
  if (r.scheme) {
    auto u = parse_url(ref);
    if (!u) return std::nullopt;
    return std::move(u).value();
  }
  Url t;
  t.scheme = base.scheme;
  std::string path;
  std::optional<std::string> query;
  if (r.authority) {
    if (!set_authority(t, *r.authority)) return std::nullopt;
    path = r.path;
    query = r.query;
  } else {
    t.host = base.host;
    t.port = base.port;
    if (r.path.empty()) {
      path = base.path;
      query = r.query ? r.query : base.query;
    } else {
      if (r.path[0] == '/') {
        path = r.path;
      } else {
        // Merge (§5.2.3): base path without its last segment, then the reference path.
        if (base.path.empty() && !base.host.empty()) {
          path = "/" + r.path;
        } else {
          auto slash = base.path.rfind('/');
          path = (slash == std::string::npos ? std::string() : base.path.substr(0, slash + 1)) + r.path;
        }
      }
      query = r.query;
    }
  }
  finish(t, path, query, r.fragment);
  return t;
}

std::string registered_domain(std::string_view host_in) {
  std::string host = ascii_lower(host_in);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || is_ip_address(host) || host.find('.') == std::string::npos) return host;
  const char* reg = psl_registrable_domain(psl_builtin(), host.c_str());
  return reg ? std::string(reg) : host;
}

bool same_site(const Url& a, const Url& b) {
  return !a.host.empty() && registered_domain(a.host) == registered_domain(b.host);
}

std::string url_extension(const Url& u) {
  std::string_view p = u.path;
  auto slash = p.rfind('/');
  std::string_view last = slash == std::string_view::npos ? p : p.substr(slash + 1);
  auto dot = last.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == last.size()) return {};
  return ascii_lower(percent_decode(last.substr(dot + 1)));
}

}  // namespace oit
