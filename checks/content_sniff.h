// What a body is, from its first bytes, when the server's media type cannot be trusted (a soft-404
// page served under a document's name, or with no Content-Type at all). One function for the crawler
// and the open-data check: two copies once disagreed on "<body>…", so a soft-404 passed as a CSV file.
#pragma once
#include <string_view>

namespace oit {

// True when the body starts (after ASCII whitespace and a UTF-8 byte-order mark) with an HTML
// doctype or the <html>, <head> or <body> tag, in any case. Pages without any of them (a bare
// "<p>not found</p>") are not recognised: their first bytes say too little.
bool looks_like_html(std::string_view body);

}  // namespace oit
