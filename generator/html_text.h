// Plain text and headings of the HTML fragments pages are rendered to, for the search index.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace oit {

// Plain text of an HTML fragment: block elements become line breaks, inline tags vanish (so a Thai word
// split by <strong> stays one word), entities are decoded, <script>/<style> contents dropped.
std::string html_to_text(std::string_view html);

// The text of each <h1>…<h6> of an HTML fragment, in order.
std::vector<std::string> html_headings(std::string_view html);

}  // namespace oit
