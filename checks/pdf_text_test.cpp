#include "checks/pdf_text.h"

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

namespace {
// `pages` pages that all draw one content stream (a page tree of references: the file stays small).
std::string shared_stream_pdf(const std::string& content_stream, int pages) {
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += "3 0 R ";
  return "%PDF-1.4\n"
         "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >> endobj\n"
         "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
         "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
         "4 0 obj << /Length " + std::to_string(content_stream.size()) + " >> stream\n" + content_stream +
         "\nendstream endobj\n"
         "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
         "trailer << /Root 1 0 R >>\n%%EOF\n";
}

std::string many_text_operators(size_t n) {
  std::string s = "BT /F1 1 Tf ";
  for (size_t i = 0; i < n; ++i) s += "(ABCDEFGH) Tj 0.1 0 Td ";
  return s + "ET";
}
}  // namespace

TEST_CASE("pdf_text says which bound cut the text: pages, characters") {
  auto pages = pdf_text(shared_stream_pdf("BT /F1 12 Tf 20 100 Td (page) Tj ET", 3), 2);
  REQUIRE(pages.ok());
  CHECK(pages->pages == 3);
  CHECK(pages->pages_read == 2);
  CHECK(pages->limit == "2 of 3 pages read");
  auto chars = pdf_text(tiny_pdf("BT /F1 12 Tf 20 100 Td (Annual report FY 2567) Tj ET"), 60, 6);
  REQUIRE(chars.ok());
  CHECK(chars->text == "Annual");
  CHECK(chars->limit == "6 characters of text read, up to page 1 of 1");
  auto whole = pdf_text(tiny_pdf("BT /F1 12 Tf 20 100 Td (x) Tj ET"));
  REQUIRE(whole.ok());
  CHECK(whole->limit.empty());
}

TEST_CASE("a PDF that keeps the reader busy is stopped at its time, and the crawl's deadline is kept") {
  PdfLimits l;
  l.max_seconds = 0.3;
  auto t0 = std::chrono::steady_clock::now();
  auto r = pdf_text(shared_stream_pdf(many_text_operators(400000), 50), l);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(r.ok());
  CHECK(r->limit.starts_with("time: reading the text took over 0 s"));
  CHECK(r->pages == 50);
  CHECK_FALSE(r->scanned());
  CHECK(secs < 3);
  PdfLimits late;
  late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto none = pdf_text(tiny_pdf("BT /F1 12 Tf 20 100 Td (x) Tj ET"), late);
  REQUIRE(none.ok());
  CHECK(none->pages_read == 0);
  CHECK(none->limit == "the check's deadline had passed: the text was not read");
}

TEST_CASE("a PDF whose text needs more memory than allowed is stopped") {
  PdfLimits l;
  l.max_memory = 40u << 20;
  auto r = pdf_text(shared_stream_pdf(many_text_operators(400000), 5), l);
  REQUIRE(r.ok());
  CHECK(r->limit.starts_with("memory: reading the text needed over 40 MB"));
}

TEST_CASE("a truncated PDF and a PDF that is really HTML are refused or read, never a crash") {
  std::string whole = tiny_pdf("BT /F1 12 Tf 20 100 Td (Annual report FY 2567) Tj ET");
  for (size_t cut : {10ul, 100ul, 200ul, whole.size() / 2, whole.size() - 20}) {
    auto r = pdf_text(whole.substr(0, cut));
    if (r.ok()) CHECK(r->text.size() < 100);
  }
  CHECK_FALSE(pdf_text("<!DOCTYPE html><title>%PDF-1.4</title>").ok());
}
