// RFC 4180 CSV with source positions: the tables officers attach to pages (สขร.1, O12 procurement, statistics).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace oit {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() cells
  std::vector<int> row_lines;                  // 1-based source line where each row starts
};

// What one table may hold. A table wider than this is no table a person reads (an export gone wrong, or an
// attack on the build's time); a cell longer than this is a document pasted into a cell.
inline constexpr size_t kMaxCsvColumns = 1000;
inline constexpr size_t kMaxCsvCellBytes = 2 * 1024 * 1024;

// Strips a UTF-8 BOM; accepts \n and \r\n; quoted fields with "" escapes and embedded newlines/commas
// (line breaks inside a quoted field, \r\n or \r, become \n). Cells are kept verbatim, spaces included.
// Errors carry Error.pos = {file, line, col} (col counts characters, not bytes) and a hint: empty file,
// ragged row, unbalanced quote, stray quote in an unquoted field, text after a closing quote, empty or
// duplicate header names, invalid UTF-8 (byte offset in the message), NUL bytes, UTF-16 or .xlsx content,
// a carriage return without line feed, control characters that XML and HTML cannot hold (control_chars.h), more
// than kMaxCsvColumns columns, a cell over kMaxCsvCellBytes. Blank lines at the end are ignored; a blank line (empty or only
// spaces) anywhere else is an error, so a one-column table writes an empty cell as "".
Result<CsvTable> parse_csv(std::string_view text, const std::string& file);

// Lenient reading, for CSV files the checker finds on websites: it must read what Excel would open and
// report on it, never refuse it. Never fails: a UTF-8 BOM is stripped; \n, \r\n and a lone \r end a
// record; quoted fields with "" escapes span lines; a quote inside an unquoted field opens a quoted run
// there; an unclosed quote runs to the end; rows keep their own widths (ragged); blank lines are skipped.
// Cells are verbatim, spaces included. The caller bounds the text's size.
std::vector<std::vector<std::string>> parse_csv_lenient(std::string_view text);

// CSV injection (OWASP): a spreadsheet runs a cell that starts with = + - @, a tab or a carriage return as a
// formula (=HYPERLINK(…) sends the reader to any site, +cmd|… starts programs through DDE). True for such a
// cell unless it is inert: a sign followed only by digits, thousands commas and at most one decimal point
// ("-12.5", "+1,500", "-"), which no spreadsheet can run and which stays a usable number.
bool is_formula_cell(std::string_view cell);

// The copy of a table meant for spreadsheets: every formula cell (header included) gets a leading ' so a
// spreadsheet shows it as text. `count` (optional) is incremented per cell changed. The JSON, XLSX and HTML
// copies keep the true value.
CsvTable neutralise_formulas(const CsvTable& table, int* count = nullptr);

// Array of records: [{"header1": "cell", ...}, ...] with keys in header order; every value is a string.
nlohmann::ordered_json csv_to_json(const CsvTable&);

// Writes CSV back (quoting only where needed), optional UTF-8 BOM (for Excel), \r\n line ends.
// parse_csv(write_csv(t)) gives t back for every table parse_csv produced.
std::string write_csv(const CsvTable&, bool with_bom);

}  // namespace oit
