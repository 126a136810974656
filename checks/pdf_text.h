// The text layer of a PDF attachment (libpoppler-cpp), so the checker can read the fiscal year
// and the required elements inside documents. A PDF with pages but no text is most likely a scan:
// the assessors cannot search it, and neither can we.
//
// Poppler cannot be interrupted, and a 13 KB PDF (a compressed content stream that unpacks to millions
// of text operators) kept it busy for half a minute and a gigabyte. So the text is read in a child
// process that streams it back page by page and is killed when the document's time, the crawl's
// deadline or its memory bound is reached: what was read by then is kept, and the cut is said.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"

namespace oit {

struct PdfText {
  std::string text;        // UTF-8, pages separated by '\f'
  int pages = 0;           // pages in the document
  int pages_read = 0;      // pages whose text was read (bounded by max_pages)
  // What a bound cut ("60 of 500 pages read", "time: …"), for the report's "not checked (limit: …)";
  // "" when the whole text was read.
  std::string limit;
  // Pages were read and none had text (a document stopped before its first page is not known to be one).
  bool scanned() const { return pages_read > 0 && text.find_first_not_of(" \t\r\n\f") == std::string::npos; }
};

struct PdfLimits {
  int max_pages = 60;
  size_t max_chars = 2'000'000;
  double max_seconds = 20;          // one document
  size_t max_memory = 768u << 20;   // resident memory of the reading process
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();  // the crawl's
};

// Errors: not a PDF, damaged, encrypted (locked).
Result<PdfText> pdf_text(std::string_view bytes, const PdfLimits& limits);
Result<PdfText> pdf_text(std::string_view bytes, int max_pages = 60, size_t max_chars = 2'000'000);

// "%PDF-" at the start (after at most 1 KiB of junk, as readers allow).
bool looks_like_pdf(std::string_view bytes);

}  // namespace oit
