// The character encoding of an HTML page, the way a browser settles it, for the one legacy encoding Thai
// sites still serve: TIS-620 / Windows-874. A UTF-8 BOM wins, then the Content-Type header's charset, then
// a <meta charset> or <meta http-equiv="Content-Type"> near the top; a page declaring nothing whose bytes
// are not UTF-8 but Thai CP874 is detected (as browsers do). Such a page is decoded to UTF-8 before it is
// parsed, so its Thai text is read as the assessors see it, not as mojibake.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace oit {

// The charset parameter of a Content-Type value ("text/html; charset=TIS-620" → "tis-620"); "" when none.
std::string charset_parameter(std::string_view content_type);

// The charset a <meta> declares within the page's head (its first 8 KiB), lower-cased; "" when none.
std::string meta_charset(std::string_view html);

// A label of Windows-874 in the WHATWG Encoding Standard (tis-620, windows-874, iso-8859-11, …) or cp874.
bool is_cp874_label(std::string_view label);

// The page as UTF-8 when it is TIS-620/Windows-874 (declared or detected); nullopt when it is to be read
// as it is.
std::optional<std::string> html_as_utf8(std::string_view body, std::string_view header_charset);

}  // namespace oit
