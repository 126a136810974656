// The text layer of a PDF attachment (libpoppler-cpp), so the checker can read the fiscal year
// and the required elements inside documents. A PDF with pages but no text is most likely a scan:
// the assessors cannot search it, and neither can we.
#pragma once
#include <string>
#include <string_view>

#include "../generator/error.h"

namespace oit {

struct PdfText {
  std::string text;        // UTF-8, pages separated by '\f'
  int pages = 0;           // pages in the document
  int pages_read = 0;      // pages whose text was read (bounded by max_pages)
  bool scanned() const { return pages > 0 && text.find_first_not_of(" \t\r\n\f") == std::string::npos; }
};

// Reads at most `max_pages` pages and `max_chars` characters of text. Errors: not a PDF, damaged,
// encrypted (locked).
Result<PdfText> pdf_text(std::string_view bytes, int max_pages = 60, size_t max_chars = 2'000'000);

// "%PDF-" at the start (after at most 1 KiB of junk, as readers allow).
bool looks_like_pdf(std::string_view bytes);

}  // namespace oit
