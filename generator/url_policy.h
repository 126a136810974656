// One rule for every URL the site publishes from what its authors wrote: site.toml menus (main, footer,
// [languages.en]), map_url, license_url (site.toml and dataset sidecars), Markdown links, images and
// autolinks. Each caller decides only what a refusal costs (a build error, or — for Markdown in safe mode — a
// link that loses its URL); what is refused is decided here, so a URL cannot pass in one place and fail in
// another.
//
// Allowed: relative links, #fragments, //host links, http(s)://host…, mailto:, tel:, sms:; data:image/png,
// gif, jpeg or webp for images. Refused, as a browser would read the URL (tabs and newlines dropped, outer
// spaces and controls trimmed, scheme case-insensitive):
//   Disguised — control characters (C0, DEL, C1) anywhere, a space at either end, invisible or
//               bidirectional characters in the scheme or host: "java\tscript:" is javascript: to a browser.
//   LocalPath — file:, C:\… or C:/…, and backslashes (browsers read `\` as `/`, so `\\evil.example\x` and
//               `/\evil.example` lead to another site; on the author's PC they are network-share paths).
//   Malformed — a backslash in an absolute URL before its query, http(s) without `//host`, a user name before
//               the host (`https://www.example.go.th@evil.example/` goes to evil.example), an empty URL.
//   Scheme    — any other scheme: javascript:, vbscript:, data: (but the images above), livescript:, …
#pragma once
#include <string>
#include <string_view>

namespace oit {

enum class UrlUse {
  Link,        // <a href>: every allowed form
  Image,       // <img src>: as Link, plus data:image/{png,gif,jpeg,webp}
  WebAddress,  // must be an absolute http(s) URL (map_url, license_url)
};

enum class UrlProblem { None, Disguised, LocalPath, Malformed, Scheme };

struct UrlVerdict {
  UrlProblem problem = UrlProblem::None;
  std::string reason;  // reads after "… is not usable: " ("links with `javascript:` are not allowed (…)")
  std::string scheme;  // lower case, as a browser reads it; "" for a relative link
  bool ok() const { return problem == UrlProblem::None; }
};

UrlVerdict check_url(std::string_view url, UrlUse use = UrlUse::Link);

// "<what> is a path on a Windows drive, not a web address" for a LocalPath, else "<what> is not usable: <reason>".
// `what` names the URL and where it was written: "menu `url` \"…\"", "link `…`".
std::string url_refusal_message(std::string_view what, const UrlVerdict& v);

// The hint every refusal of a link carries.
inline constexpr const char* kUrlHint =
    "link a page of the site by its path (/news/), a file beside the page by its name (report.pdf), or a web "
    "address written in full (https://…); mailto: and tel: are allowed too";

}  // namespace oit
