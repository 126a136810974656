// The cells of an XLSX workbook and the text of a DOCX document, read from the bytes in memory, so the
// checker can use an agency's procurement table (O12) or plan (DOCX) as evidence like a PDF's text layer.
//
// The container is a ZIP (libzip, over the buffer); its XML parts are streamed through expat as they are
// inflated, so no part is ever held whole. A workbook is hostile input like any other: a part of 1 GB of
// zeros deflates from 1 MB, a cell reference may say column XFD of row 1048576, a shared-string index may
// point past the table. Every bound below is counted on the bytes actually inflated (never on what the ZIP
// headers claim) and every cut is said in `limit`, never dropped silently.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checks/extract.h"
#include "core/error.h"

namespace oit {

struct OfficeLimits {
  size_t max_entries = 10'000;             // ZIP entries; a real workbook or document has dozens
  uint64_t max_part_bytes = 32u << 20;     // inflated bytes of one XML part
  uint64_t max_total_bytes = 64u << 20;    // inflated bytes of all parts read
  // Inflated/compressed ratio of a part, looked at past ratio_from bytes (small parts may pack tightly and
  // cost nothing): real sheets pack 5–30×, a bomb of zeros ~1000×.
  double max_ratio = 200;
  uint64_t ratio_from = 1u << 20;
  int max_sheets = 20;                      // sheets read, in workbook order
  size_t max_rows = 20'000;                 // non-empty rows kept per sheet
  size_t max_columns = 256;                 // columns kept per row (a reference past them is not allocated)
  size_t max_cell_chars = 32'767;           // Excel's own limit on one cell
  size_t max_cells = 1'000'000;             // cells kept over the whole workbook, empty ones in a row included
  size_t max_shared_strings = 1'000'000;
  size_t max_chars = 4'000'000;             // bytes of text kept over the whole file (cells or document),
                                            // and of shared strings
  int max_depth = 256;                      // XML element nesting
  double max_seconds = 20;                  // one file
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();  // the crawl's
};

struct XlsxTables {
  // One table per sheet read, in workbook order: the sheet's name as caption, its first non-empty row as
  // headers, the other non-empty rows as rows. Cells as written: shared and inline strings, numbers and
  // dates as the stored number, booleans as 0/1; a merged range's value in its first cell only.
  std::vector<PageTable> sheets;
  int sheet_count = 0;  // sheets the workbook lists
  // What a bound cut or what could not be read ("sheets: first 20 of 300 read; …"), for the report's
  // "not checked (limit: …)"; "" when the whole workbook was read.
  std::string limit;
};

struct DocxText {
  // The document body: one line per paragraph; a table row on one line, its cells separated by '\t'.
  std::string text;
  std::string limit;  // as XlsxTables::limit
};

// Errors (Thai, with the English in brackets): not a ZIP, locked with a password (an encrypted OOXML is an
// OLE2 file, or a ZIP entry is encrypted), no workbook/document part, the part's XML is not readable at all.
Result<XlsxTables> xlsx_tables(std::string_view bytes, const OfficeLimits& limits = {});
Result<DocxText> docx_text(std::string_view bytes, const OfficeLimits& limits = {});

// "A1" → (column 1, row 1); false for anything that is not a reference within Excel's grid (XFD1048576).
bool parse_cell_reference(std::string_view ref, uint32_t& column, uint32_t& row);

}  // namespace oit
