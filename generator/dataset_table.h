// The data of a published dataset. One normalised table is made from each CSV, and the CSV, JSON and XLSX
// copies under /opendata/ are all written from it, so the three always hold the same rows. Personal ID
// numbers are masked here, before any public file is made from the table.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/csv.h"

namespace oit {

// PDPA masking of personal ID numbers (sole traders are identified by their citizen ID in procurement data).
// A 13-digit number, written as one run or grouped 1-4-5-2-1 with '-' or spaces, in Arabic or Thai digits,
// is replaced digit for digit by 'X' (separators kept) when
//   - its first digit is not 0: ID numbers of natural persons start with 1-8, tax IDs of juristic persons
//     (companies, partnerships) start with 0; or
//   - the cell names no juristic person (no บริษัท, บจก., ห้างหุ้นส่วน, หจก., จำกัด, มหาชน, สหกรณ์, มูลนิธิ,
//     สมาคม, Co., Ltd, …): a sole trader's cell, whatever the number looks like.
// So a company's tax ID stays, a person's ID never appears. Returns how many numbers were masked.
int mask_personal_ids(std::string& cell);

// One cell as published: personal IDs masked; a whole-cell number with Thai digits or thousands separators
// becomes plain Arabic digits ("๑,๒๓๔.๕๐" → "1234.50"); a whole-cell Thai date becomes ISO
// ("31 มี.ค. 2568" → "2025-03-31"). Anything else is kept as written. `masked` (optional) is incremented.
std::string normalise_cell(std::string_view cell, int* masked = nullptr);
CsvTable normalise_table(const CsvTable& table, int* masked = nullptr);

// How a cell is typed in JSON and XLSX. Number: "-12", "1440000", "45.5" — no leading zeros, at most 15
// digits, and not in an identifier column (e-GP project numbers, codes and phone numbers stay text).
// Date: a valid "YYYY-MM-DD". Empty: nothing but spaces.
enum class CellType { Empty, Text, Number, Date };
CellType cell_type(std::string_view cell, bool identifier_column);

// A column of identifiers: its header has เลขที่, รหัส, เลขประจำตัว, หมายเลข, โทร, เลขบัญชี, or the word
// id/code/no/number/phone/tel.
bool is_identifier_column(std::string_view header);

// Array of records in header order: numbers as JSON numbers, empty cells as null, everything else (ISO dates
// included) as strings.
nlohmann::ordered_json table_records(const CsvTable& table);

}  // namespace oit
