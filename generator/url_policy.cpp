#include "generator/url_policy.h"

#include <cctype>

#include "core/control_chars.h"

namespace oit {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

// Characters that show as nothing (or as a space) but change what a URL is: zero-width and bidirectional
// marks and overrides, Unicode spaces, the BOM. `https://www.go.th\u202E…` displays one host and opens another.
bool is_invisible(char32_t c) {
  return c == 0xA0 || c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 || c == 0x1680 ||
         c == 0x180E || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) ||
         c == 0x3000 || c == 0x3164 || c == 0xFEFF || c == 0xFFA0;
}

// The scheme a browser reads: letters, then letters/digits/+/-/., then ':'. "" for a relative link.
std::string scheme_of(std::string_view url) {
  std::string scheme;
  for (size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return scheme;
    const bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
                    (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
    scheme += lower(c);
  }
  return {};
}

UrlVerdict refuse(UrlProblem problem, std::string reason, std::string scheme = {}) {
  return UrlVerdict{problem, std::move(reason), std::move(scheme)};
}

}  // namespace

UrlVerdict check_url(std::string_view url, UrlUse use) {
  if (url.empty()) return refuse(UrlProblem::Malformed, "it is empty");

  // 1. What a browser would silently remove or trim: control characters anywhere, spaces at the ends.
  const auto bad = first_forbidden_char(url);
  const size_t blank = url.find_first_of("\t\n\r");
  if (bad || blank != std::string_view::npos) {
    const char32_t c = bad && bad->byte < blank ? bad->code_point : static_cast<unsigned char>(url[blank]);
    return refuse(UrlProblem::Disguised, "it contains control characters (" + code_point_name(c) +
                                             "), which browsers drop or trim: \"java\\tscript:\" is javascript:");
  }
  if (url.front() == ' ' || url.back() == ' ') return refuse(UrlProblem::Disguised, "it starts or ends with a space");
  if (use == UrlUse::WebAddress && url.find(' ') != std::string_view::npos)
    return refuse(UrlProblem::Malformed, "it contains spaces (write them as %20)");

  const std::string scheme = scheme_of(url);
  // The scheme and host part (up to the first '/', '?' or '#' after "scheme:" and "//"); a relative path has
  // none, and may hold U+200B, which Thai text uses between words.
  std::string_view head;
  const bool two_slashes = url.size() >= 2 && (url[0] == '/' || url[0] == '\\') && (url[1] == '/' || url[1] == '\\');
  if (!scheme.empty() || two_slashes) {
    size_t from = scheme.empty() ? 0 : scheme.size() + 1;
    for (int k = 0; k < 2 && from < url.size() && (url[from] == '/' || url[from] == '\\'); ++k) ++from;
    head = url.substr(0, url.find_first_of("/?#", from));
  }
  for (size_t i = 0; i < head.size();) {
    const char32_t c = next_code_point(head, i);
    if (is_invisible(c))
      return refuse(UrlProblem::Disguised, "its scheme or host holds the invisible character " + code_point_name(c) +
                                               ", which makes it look like another address");
  }

  // 2. Paths on the author's computer, and backslashes (which browsers read as slashes).
  if (scheme == "file") return refuse(UrlProblem::LocalPath, "a file:// address on one computer", scheme);
  if (url.size() >= 2 && std::isalpha(static_cast<unsigned char>(url[0])) && url[1] == ':' &&
      (url.size() == 2 || url[2] == '\\' || url[2] == '/'))
    return refuse(UrlProblem::LocalPath, "a path on a Windows drive");
  if (scheme.empty()) {
    if (two_slashes && (url[0] == '\\' || url[1] == '\\'))
      return refuse(UrlProblem::LocalPath,
                    "a path on a network share (browsers read it as //" +
                        std::string(url.substr(2, url.find_first_of("/\\?#", 2) - 2)) + "/…, another site)");
    if (url.substr(0, url.find_first_of("?#")).find('\\') != std::string_view::npos)
      return refuse(UrlProblem::LocalPath, "a file path written with backslashes");
  } else if (head.find('\\') != std::string_view::npos) {
    // In a path a backslash is only odd (browsers read it as /); before the host it hides where the link goes.
    return refuse(UrlProblem::Malformed, "it has a backslash (\\) in its scheme or host, which browsers read as /", scheme);
  }

  // 3. The scheme.
  if (scheme.empty()) {
    if (two_slashes && url.substr(2, url.find_first_of("/?#", 2) - 2).find('@') != std::string_view::npos)
      return refuse(UrlProblem::Malformed, "it has a user name before its host (//…@host): browsers go to the host after the @");
    if (use == UrlUse::WebAddress) return refuse(UrlProblem::Malformed, "it has no http:// or https:// in front");
    return {};
  }
  if (scheme == "http" || scheme == "https") {
    std::string_view rest = url.substr(scheme.size() + 1);
    if (!rest.starts_with("//") || rest.size() == 2 || rest[2] == '/')
      return refuse(UrlProblem::Malformed, "it has no host name: write a web address in full, " + scheme + "://host/…", scheme);
    std::string_view host = rest.substr(2, rest.find_first_of("/?#", 2) - 2);
    if (host.find('@') != std::string_view::npos)
      return refuse(UrlProblem::Malformed,
                    "it has a user name before its host (…@" + std::string(host.substr(host.rfind('@') + 1)) +
                        "): browsers go to the host after the @",
                    scheme);
    return UrlVerdict{UrlProblem::None, {}, scheme};
  }
  if (use == UrlUse::WebAddress)
    return refuse(UrlProblem::Scheme, "only http and https URLs can be served", scheme);
  if (scheme == "mailto" || scheme == "tel" || scheme == "sms") return UrlVerdict{UrlProblem::None, {}, scheme};
  if (use == UrlUse::Image && scheme == "data")
    for (std::string_view type : {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"})
      if (starts_with_nocase(url, type) && url.size() > type.size() && (url[type.size()] == ';' || url[type.size()] == ','))
        return UrlVerdict{UrlProblem::None, {}, scheme};
  return refuse(UrlProblem::Scheme,
                "links with `" + scheme + ":` are not allowed (only http, https, mailto, tel and sms, and links within the site)",
                scheme);
}

std::string url_refusal_message(std::string_view what, const UrlVerdict& v) {
  if (v.problem == UrlProblem::LocalPath) return std::string(what) + " is " + v.reason + ", not a web address";
  return std::string(what) + " is not usable: " + v.reason;
}

}  // namespace oit
