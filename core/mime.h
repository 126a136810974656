// The one table of media types by file extension: what `oit serve` sends and what the checker
// assumes a web server would send for a local file. One table so the two halves cannot drift.
#pragma once
#include <string>
#include <string_view>

namespace oit {

// The media type of a file extension without its dot, any case ("ttl" → "text/turtle");
// "application/octet-stream" for an extension not in the table.
std::string media_type_for_extension(std::string_view ext);

// The Content-Type header for a path ("a/catalog.jsonld" → "application/ld+json"): the media type
// of its extension, with "; charset=utf-8" for text types (oit writes every text file in UTF-8).
// A path without an extension in its last segment is "application/octet-stream".
std::string content_type_for_path(std::string_view path);

}  // namespace oit
