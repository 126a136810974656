#include "core/mime.h"

#include <map>

#include "core/text.h"

namespace oit {

std::string media_type_for_extension(std::string_view ext) {
  static const std::map<std::string, std::string, std::less<>> types = {
      {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"}, {"js", "text/javascript"},
      {"json", "application/json"}, {"xml", "application/xml"}, {"txt", "text/plain"}, {"csv", "text/csv"},
      {"pdf", "application/pdf"}, {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
      {"gif", "image/gif"}, {"svg", "image/svg+xml"}, {"webp", "image/webp"}, {"ico", "image/x-icon"},
      {"woff2", "font/woff2"}, {"woff", "font/woff"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xls", "application/vnd.ms-excel"}, {"doc", "application/msword"}, {"zip", "application/zip"},
      {"atom", "application/atom+xml"}, {"rss", "application/rss+xml"},
      {"jsonld", "application/ld+json"}, {"ttl", "text/turtle"}};
  auto it = types.find(ascii_lower(ext));
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::string content_type_for_path(std::string_view path) {
  size_t slash = path.rfind('/'), dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "application/octet-stream";
  std::string type = media_type_for_extension(path.substr(dot + 1));
  if (type.starts_with("text/")) type += "; charset=utf-8";
  return type;
}

}  // namespace oit
