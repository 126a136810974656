// A CSV data table shown to people: accessible HTML (caption, th scope, keyboard-scrollable wrapper),
// ISO dates as Thai dates, money and counts with thousands separators. The published files keep the
// ISO dates and plain digits.
#pragma once
#include <string>
#include <string_view>

#include "core/csv.h"
#include "core/text.h"  // html_escape, used by every caller of render_table_html

namespace oit {

struct TableOptions {
  std::string caption;   // shown in <caption>; defaults to the file name
  std::string id;        // id of the caption (for aria-labelledby), unique in the page
  std::string csv_url;   // download links under the table
  std::string json_url;
  bool thai_digits = false;
};

// How a cell is shown: "2025-03-31" → "31 มี.ค. 2568", "2024-12" → "ธันวาคม 2567", "1500000.5" in a money
// or count column → "1,500,000.50". `is_number` is set for right alignment.
std::string display_cell(std::string_view cell, std::string_view header, bool thai_digits, bool* is_number);

std::string render_table_html(const CsvTable& table, const TableOptions& options);


}  // namespace oit
