// RFC 4180 CSV with source positions: the tables officers attach to pages (สขร.1, O12 procurement, statistics).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "error.h"

namespace oit {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() cells
  std::vector<int> row_lines;                  // 1-based source line where each row starts
};

// Strips a UTF-8 BOM; accepts \n and \r\n; quoted fields with "" escapes and embedded newlines/commas
// (line breaks inside a quoted field, \r\n or \r, become \n). Cells are kept verbatim, spaces included.
// Errors carry Error.pos = {file, line, col} (col counts characters, not bytes) and a hint: empty file,
// ragged row, unbalanced quote, stray quote in an unquoted field, text after a closing quote, empty or
// duplicate header names, invalid UTF-8 (byte offset in the message), NUL bytes, UTF-16 or .xlsx content,
// a carriage return without line feed. Blank lines at the end are ignored; a blank line (empty or only
// spaces) anywhere else is an error, so a one-column table writes an empty cell as "".
Result<CsvTable> parse_csv(std::string_view text, const std::string& file);

// Array of records: [{"header1": "cell", ...}, ...] with keys in header order; every value is a string.
nlohmann::ordered_json csv_to_json(const CsvTable&);

// Writes CSV back (quoting only where needed), optional UTF-8 BOM (for Excel), \r\n line ends.
// parse_csv(write_csv(t)) gives t back for every table parse_csv produced.
std::string write_csv(const CsvTable&, bool with_bom);

}  // namespace oit
