#include "core/mime.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("mime: the DCAT catalogue files have their own media types") {
  CHECK(media_type_for_extension("jsonld") == "application/ld+json");
  CHECK(media_type_for_extension("ttl") == "text/turtle");
  CHECK(content_type_for_path("opendata/catalog.jsonld") == "application/ld+json");
  CHECK(content_type_for_path("opendata/catalog.ttl") == "text/turtle; charset=utf-8");
}

TEST_CASE("mime: extensions in any case; unknown and missing extensions are octet-stream") {
  CHECK(media_type_for_extension("PDF") == "application/pdf");
  CHECK(media_type_for_extension("exe") == "application/octet-stream");
  CHECK(media_type_for_extension("") == "application/octet-stream");
  CHECK(content_type_for_path("a.b/noext") == "application/octet-stream");
  CHECK(content_type_for_path("x.CSV") == "text/csv; charset=utf-8");
  CHECK(content_type_for_path("a/index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for_path("feed.xml") == "application/xml");  // XML declares its own encoding
}
