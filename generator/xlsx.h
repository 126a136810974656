// A dataset's table as an Excel workbook (libxlsxwriter): one sheet, the header row bold and frozen, numbers
// as numbers and ISO dates as dates (cell_type in dataset_table.h decides), everything else as text.
#pragma once
#include <string>

#include "core/csv.h"
#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

struct XlsxOptions {
  std::string sheet_name = "ข้อมูล";
  std::string title, author, company;  // document properties
  Date created{2000, 1, 1};            // the document's creation date, never the clock: same table, same bytes
};

// The .xlsx file's bytes. libxlsxwriter writes to a path, so the workbook goes through a temporary file that
// is removed again. Errors: a cell over Excel's 32,767 characters, more rows than a sheet holds, I/O.
Result<std::string> write_xlsx(const CsvTable& table, const XlsxOptions& options);

}  // namespace oit
