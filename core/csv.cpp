#include "core/csv.h"

#include <cstdio>
#include <unordered_map>

#include "core/control_chars.h"

namespace oit {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kZipMagic = "PK\x03\x04";  // .xlsx and .ods files are ZIP archives
constexpr const char* kEncodingHint =
    "save the table as UTF-8 CSV (Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"); "
    "old Thai files are usually TIS-620 / Windows-874";

// Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and code points above U+10FFFF
// included) or is NUL; npos when the text is clean.
size_t first_bad_byte(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c >= 0x01 && c < 0x80) {
      ++i;
      continue;
    }
    if (c == 0) return i;
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + 1 >= n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if (i + k >= n || p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

// 1-based column of byte `at` on a line starting at byte `line_start`, counting characters.
int column(std::string_view s, size_t line_start, size_t at) {
  int col = 1;
  for (size_t i = line_start; i < at && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++col;
  return col;
}

bool is_blank(std::string_view cell) { return cell.find_first_not_of(" \t") == std::string_view::npos; }

std::string quote_for_message(std::string_view name) { return "\"" + std::string(name) + "\""; }

struct Place {  // where a field or record starts, col computed only when an error needs it
  size_t at;
  int line;
  size_t line_start;
};

class Parser {
 public:
  Parser(std::string_view text, size_t start, const std::string& file) : s_(text), i_(start), file_(file) {
    line_start_ = start;
  }

  Result<CsvTable> run() {
    CsvTable table;
    std::vector<std::string> record;
    std::vector<Place> fields;
    std::vector<Place> pending_blanks;  // blank lines not yet known to be trailing
    bool have_header = false;
    std::unordered_map<std::string, size_t> column_of;

    while (i_ < s_.size()) {
      const int record_line = line_;
      Place end{};
      bool quoted_any = false;
      if (auto err = read_record(record, fields, end, quoted_any)) return *err;

      if (record.size() == 1 && !quoted_any && is_blank(record[0])) {
        pending_blanks.push_back(fields[0]);
        continue;
      }
      if (!pending_blanks.empty()) {
        return error(pending_blanks.front(),
                     have_header ? "blank line inside the table" : "blank line before the header row",
                     have_header ? "delete the blank line; an empty cell in a one-column table is written \"\""
                                 : "the first line of the file must be the header row; delete the lines above it");
      }

      if (!have_header) {
        for (size_t k = 0; k < record.size(); ++k) {
          if (is_blank(record[k]))
            return error(fields[k], "header cell " + std::to_string(k + 1) + " is empty",
                         "every column needs a name in the first row; delete empty columns at the right");
          auto [it, inserted] = column_of.emplace(record[k], k);
          if (!inserted)
            return error(fields[k],
                         "column name " + quote_for_message(record[k]) + " appears twice (columns " +
                             std::to_string(it->second + 1) + " and " + std::to_string(k + 1) + ")",
                         "give every column a different name: names become the keys of the JSON export");
        }
        table.header = std::move(record);
        record = {};
        have_header = true;
        continue;
      }

      const size_t want = table.header.size();
      if (record.size() != want) {
        const Place& where = record.size() > want ? fields[want] : end;
        return error(where,
                     "row has " + std::to_string(record.size()) + " field" + (record.size() == 1 ? "" : "s") +
                         " but the header has " + std::to_string(want),
                     "every row needs one cell per header column; put a cell that contains a comma in double "
                     "quotes, e.g. \"1,000\"");
      }
      table.rows.push_back(std::move(record));
      record = {};
      table.row_lines.push_back(record_line);
    }
    if (!have_header)
      return make_error({file_, 1, 1}, "CSV file is empty: a data table needs a header row",
                        "put the column names on the first line, e.g. ลำดับที่,รายการ,จำนวนเงิน");
    return table;
  }

 private:
  Place here() const { return Place{i_, line_, line_start_}; }

  Error error(const Place& p, std::string message, std::string hint) const {
    return make_error({file_, p.line, column(s_, p.line_start, p.at)}, std::move(message), std::move(hint));
  }

  void newline(size_t next) {
    i_ = next;
    ++line_;
    line_start_ = next;
  }

  // Reads one record and its line end. `end` is where the record's last field stops.
  std::optional<Error> read_record(std::vector<std::string>& record, std::vector<Place>& fields, Place& end,
                                   bool& quoted_any) {
    record.clear();
    fields.clear();
    const size_t n = s_.size();
    for (;;) {
      fields.push_back(here());
      std::string cell;
      if (i_ < n && s_[i_] == '"') {
        quoted_any = true;
        const Place open = here();
        ++i_;
        for (;;) {
          size_t j = i_;
          while (j < n && s_[j] != '"' && s_[j] != '\n' && s_[j] != '\r') ++j;
          cell.append(s_, i_, j - i_);
          i_ = j;
          if (i_ >= n)
            return error(open, "quoted field opened here is never closed",
                         "end the field with a double quote; a quote inside a quoted field is written twice (\"\")");
          if (s_[i_] == '"') {
            if (i_ + 1 < n && s_[i_ + 1] == '"') {
              cell += '"';
              i_ += 2;
              continue;
            }
            ++i_;
            break;
          }
          if (s_[i_] == '\r' && i_ + 1 < n && s_[i_ + 1] == '\n') {
            cell += '\n';
            newline(i_ + 2);
          } else if (s_[i_] == '\n') {
            cell += '\n';
            newline(i_ + 1);
          } else {
            cell += '\n';  // a lone CR (old Mac line end) is a line break too; cells never keep '\r'
            ++i_;
          }
        }
        if (i_ < n && s_[i_] != ',' && s_[i_] != '\n' && !(s_[i_] == '\r' && i_ + 1 < n && s_[i_ + 1] == '\n'))
          return error(here(), "unexpected text after the closing quote of a quoted field",
                       "a quoted field ends at its closing quote: put the whole cell inside the quotes and write "
                       "a quote inside it twice (\"\")");
      } else {
        size_t j = i_;
        while (j < n && s_[j] != ',' && s_[j] != '\n' && s_[j] != '\r' && s_[j] != '"') ++j;
        cell.assign(s_, i_, j - i_);
        i_ = j;
        if (i_ < n && s_[i_] == '"')
          return error(here(), "stray double quote inside an unquoted field",
                       "put the whole cell in double quotes and write each quote inside it twice, "
                       "e.g. \"ตามหนังสือ \"\"ด่วน\"\"\"");
        if (i_ < n && s_[i_] == '\r' && !(i_ + 1 < n && s_[i_ + 1] == '\n'))
          return error(here(), "carriage return without a line feed",
                       "save the file with Windows (CRLF) or Unix (LF) line ends");
      }
      if (cell.size() > kMaxCsvCellBytes)
        return error(fields.back(), "cell of " + std::to_string(cell.size()) + " bytes is over the limit of " +
                                        std::to_string(kMaxCsvCellBytes) + " bytes (2 MB)",
                     "a table cell holds a short value; publish a long text as a page or a PDF beside the table");
      record.push_back(std::move(cell));
      if (i_ < n && s_[i_] == ',') {
        if (record.size() == kMaxCsvColumns)
          return error(Place{i_ + 1, line_, line_start_}, "row has more than " + std::to_string(kMaxCsvColumns) + " columns (the limit)",
                       "split the table into several files, or check the export: a comma as the decimal mark or "
                       "the wrong separator makes many columns");
        ++i_;
        continue;
      }
      end = here();
      if (i_ < n) newline(i_ + (s_[i_] == '\r' ? 2 : 1));
      return std::nullopt;
    }
  }

  std::string_view s_;
  size_t i_;
  const std::string& file_;
  int line_ = 1;
  size_t line_start_ = 0;
};

bool needs_quotes(std::string_view cell) { return cell.find_first_of(",\"\r\n") != std::string_view::npos; }

void append_cell(std::string& out, std::string_view cell, bool force_quotes) {
  if (!force_quotes && !needs_quotes(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_record(std::string& out, const std::vector<std::string>& cells, bool first_in_file) {
  // A lone empty or all-space cell would read back as a blank line, and a first cell starting with U+FEFF
  // would be taken for the file's BOM, one starting with a ZIP signature for an .xlsx file: all need quotes.
  const bool lone_blank = cells.size() == 1 && is_blank(cells[0]);
  for (size_t k = 0; k < cells.size(); ++k) {
    if (k > 0) out += ',';
    const bool opens_file = first_in_file && k == 0 && (cells[k].starts_with(kBom) || cells[k].starts_with(kZipMagic));
    append_cell(out, cells[k], lone_blank || opens_file);
  }
  out += "\r\n";
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, const std::string& file) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
    return make_error({file, 1, 1}, "the file is UTF-16 text, not UTF-8", kEncodingHint);
  const size_t start = text.starts_with(kBom) ? kBom.size() : 0;
  if (text.substr(start).starts_with(kZipMagic))
    return make_error({file, 1, 1}, "the file is a ZIP archive (an .xlsx workbook?), not CSV",
                      "open it in Excel or LibreOffice Calc and save it as \"CSV UTF-8\"");

  // The place of the byte at `at`, for the two checks below.
  auto place = [&](size_t at) {
    int line = 1;
    size_t line_start = start;
    for (size_t k = start; k < at; ++k)
      if (text[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    return SourcePos{file, line, column(text, line_start, at)};
  };
  if (const size_t bad = first_bad_byte(text.substr(start)); bad != std::string_view::npos) {
    const size_t at = start + bad;
    const SourcePos pos = place(at);
    if (text[at] == '\0')
      return make_error(pos, "NUL byte at byte offset " + std::to_string(at) + ": this is not a text file",
                        "export the table as CSV UTF-8; UTF-16 (\"Unicode text\") and .xlsx files are not CSV");
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[at])));
    return make_error(pos, "invalid UTF-8 at byte offset " + std::to_string(at) + " (byte " + hex + ")",
                      kEncodingHint);
  }
  if (auto bad = first_forbidden_char(text.substr(start))) {
    const size_t at = start + bad->byte;
    return make_error(place(at),
                      "control character " + code_point_name(bad->code_point) + " at byte offset " + std::to_string(at) +
                          ": web pages, XML and spreadsheets cannot hold it",
                      "delete it in the spreadsheet (it usually comes with text copied from a PDF or an old program) "
                      "and export the CSV again");
  }
  return Parser(text, start, file).run();
}

nlohmann::ordered_json csv_to_json(const CsvTable& table) {
  nlohmann::ordered_json records = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    // Appended in header order: header names are unique (parse_csv), and ordered_json's operator[] would look
    // each key up in a list, which made a 100,000-column table take half a minute.
    nlohmann::ordered_json record = nlohmann::ordered_json::object();
    auto& fields = record.get_ref<nlohmann::ordered_json::object_t&>();
    fields.reserve(table.header.size());
    for (size_t k = 0; k < table.header.size(); ++k)
      fields.emplace_back(table.header[k], k < row.size() ? row[k] : std::string());
    records.push_back(std::move(record));
  }
  return records;
}

bool is_formula_cell(std::string_view cell) {
  if (cell.empty() || std::string_view("=+-@\t\r").find(cell[0]) == std::string_view::npos) return false;
  if (cell[0] != '+' && cell[0] != '-') return true;
  bool point = false;
  for (char c : cell.substr(1)) {
    if (c == '.' && !point) point = true;
    else if (!(c >= '0' && c <= '9') && c != ',') return true;
  }
  return false;
}

CsvTable neutralise_formulas(const CsvTable& table, int* count) {
  CsvTable out = table;
  auto fix = [&](std::string& cell) {
    if (!is_formula_cell(cell)) return;
    cell.insert(0, 1, '\'');
    if (count) ++*count;
  };
  for (auto& h : out.header) fix(h);
  for (auto& row : out.rows)
    for (auto& cell : row) fix(cell);
  return out;
}

std::vector<std::vector<std::string>> parse_csv_lenient(std::string_view csv) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, any = false;  // any: the record has a comma or a quote, so it is not blank
  for (size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      rec.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        rec.push_back(std::move(field));
        records.push_back(std::move(rec));
      }
      rec.clear();
      field.clear();
      any = false;
    } else {
      field += c;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(std::move(field));
    records.push_back(std::move(rec));
  }
  return records;
}

std::string write_csv(const CsvTable& table, bool with_bom) {
  std::string out = with_bom ? std::string(kBom) : std::string();
  if (table.header.empty() && table.rows.empty()) return out;
  append_record(out, table.header, /*first_in_file=*/true);
  for (const auto& row : table.rows) append_record(out, row, false);
  return out;
}

}  // namespace oit
