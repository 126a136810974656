#include "pdf_text.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
// A one-page PDF written by hand without an xref table: poppler rebuilds it, as it must for the
// many damaged PDFs agencies publish.
std::string tiny_pdf(const std::string& content_stream) {
  return "%PDF-1.4\n"
         "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
         "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
         "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
         "4 0 obj << /Length " + std::to_string(content_stream.size()) + " >> stream\n" + content_stream +
         "\nendstream endobj\n"
         "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
         "trailer << /Root 1 0 R >>\n%%EOF\n";
}
}  // namespace

TEST_CASE("pdf_text reads the text layer of a PDF") {
  auto r = pdf_text(tiny_pdf("BT /F1 12 Tf 20 100 Td (Annual report FY 2567) Tj ET"));
  REQUIRE(r.ok());
  CHECK(r->pages == 1);
  CHECK(r->pages_read == 1);
  CHECK(r->text.find("Annual report FY 2567") != std::string::npos);
  CHECK_FALSE(r->scanned());
}

TEST_CASE("a PDF whose pages carry no text is a scan") {
  auto r = pdf_text(tiny_pdf("0 0 m 100 100 l S"));
  REQUIRE(r.ok());
  CHECK(r->pages == 1);
  CHECK(r->scanned());
}

TEST_CASE("pdf_text refuses what is not a PDF and bounds the pages read") {
  auto html = pdf_text("<!DOCTYPE html><title>404</title>");
  REQUIRE_FALSE(html.ok());
  CHECK(html.error().message.find("not a PDF") != std::string::npos);
  CHECK_FALSE(pdf_text("%PDF-1.4\ngarbage only").ok());
  auto none = pdf_text(tiny_pdf("BT /F1 12 Tf 20 100 Td (x) Tj ET"), 0);
  REQUIRE(none.ok());
  CHECK(none->pages_read == 0);
  CHECK(looks_like_pdf("\n\n%PDF-1.7"));
  CHECK_FALSE(looks_like_pdf("PK\x03\x04"));
}
