#include "pdf_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

namespace oit {
namespace {
// Poppler prints every complaint about damaged files to stderr; the checker reports them itself.
void quiet(const std::string&, void*) {}
}  // namespace

bool looks_like_pdf(std::string_view bytes) {
  return bytes.substr(0, 1024 + 5).find("%PDF-") != std::string_view::npos;
}

Result<PdfText> pdf_text(std::string_view bytes, int max_pages, size_t max_chars) {
  if (!looks_like_pdf(bytes)) return make_error({}, "not a PDF file (no %PDF- header)");
  poppler::set_debug_error_function(quiet, nullptr);
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return make_error({}, "damaged PDF file: it cannot be opened");
  if (doc->is_locked()) return make_error({}, "PDF file is locked with a password", "publish it without a password");
  PdfText out;
  out.pages = doc->pages();
  for (int i = 0; i < out.pages && i < max_pages && out.text.size() < max_chars; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    if (i) out.text += '\f';
    out.text.append(utf8.begin(), utf8.end());
    ++out.pages_read;
  }
  if (out.text.size() > max_chars) out.text.resize(max_chars);
  return out;
}

}  // namespace oit
