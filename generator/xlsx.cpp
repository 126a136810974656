#include "generator/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "generator/dataset_table.h"

namespace oit {

namespace {

size_t utf8_length(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Midnight in Bangkok (UTC+7) of the date, as a time_t.
time_t bangkok_midnight(const Date& d) {
  std::tm tm{};
  tm.tm_year = d.year - 1900;
  tm.tm_mon = d.month - 1;
  tm.tm_mday = d.day;
  return timegm(&tm) - 7 * 3600;
}

Error xlsx_error(lxw_error e, const std::string& what) {
  return make_error({}, "cannot write the XLSX copy: " + what + ": " + lxw_strerror(e));
}

}  // namespace

Result<std::string> write_xlsx(const CsvTable& table, const XlsxOptions& options) {
  if (table.rows.size() + 1 > LXW_ROW_MAX)
    return make_error({}, "the table has " + std::to_string(table.rows.size()) + " rows, more than an Excel sheet holds",
                      "split it into several CSV files");
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec) /
                              ("oit-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".xlsx");
  if (ec) return make_error({}, "cannot write the XLSX copy: no temporary folder: " + ec.message());
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove(p, ignored);
    }
  } cleanup{tmp};

  lxw_workbook_options wopts{};
  wopts.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &wopts);
  if (!wb) return make_error({}, "cannot write the XLSX copy: cannot create " + tmp.string());

  lxw_doc_properties props{};
  props.title = const_cast<char*>(options.title.c_str());
  props.author = const_cast<char*>(options.author.c_str());
  props.company = const_cast<char*>(options.company.c_str());
  props.created = bangkok_midnight(options.created);
  workbook_set_properties(wb, &props);

  lxw_worksheet* ws = workbook_add_worksheet(wb, options.sheet_name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* date_format = workbook_add_format(wb);
  format_set_num_format(date_format, "yyyy-mm-dd");

  lxw_error err = LXW_NO_ERROR;
  std::string failed;
  auto check = [&](lxw_error e, size_t row, size_t col) {
    if (e != LXW_NO_ERROR && err == LXW_NO_ERROR) {
      err = e;
      failed = "row " + std::to_string(row + 1) + ", column " + std::to_string(col + 1);
    }
  };
  std::vector<size_t> width(table.header.size(), 8);
  std::vector<bool> ident;
  for (size_t c = 0; c < table.header.size(); ++c) {
    ident.push_back(is_identifier_column(table.header[c]));
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold), 0, c);
    width[c] = std::max(width[c], utf8_length(table.header[c]));
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto row = static_cast<lxw_row_t>(r + 1);
    for (size_t c = 0; c < table.header.size(); ++c) {
      const std::string& cell = table.rows[r][c];
      auto col = static_cast<lxw_col_t>(c);
      width[c] = std::max(width[c], utf8_length(cell));
      switch (cell_type(cell, ident[c])) {
        case CellType::Empty: break;
        case CellType::Number: {
          double v = 0;  // from_chars ignores the C locale's decimal point, unlike strtod
          std::string t = cell.substr(cell.find_first_not_of(" \t"));
          std::from_chars(t.data(), t.data() + t.size(), v);
          check(worksheet_write_number(ws, row, col, v, nullptr), r + 1, c);
          break;
        }
        case CellType::Date: {
          auto d = parse_iso_date(cell);
          lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0};
          check(worksheet_write_datetime(ws, row, col, &dt, date_format), r + 1, c);
          break;
        }
        case CellType::Text: check(worksheet_write_string(ws, row, col, cell.c_str(), nullptr), r + 1, c); break;
      }
    }
  }
  for (size_t c = 0; c < width.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         static_cast<double>(std::min<size_t>(width[c], 60)) + 2, nullptr);
  worksheet_freeze_panes(ws, 1, 0);

  lxw_error closed = workbook_close(wb);  // frees the workbook whatever happens
  if (err != LXW_NO_ERROR) return xlsx_error(err, failed);
  if (closed != LXW_NO_ERROR) return xlsx_error(closed, tmp.string());
  std::ifstream in(tmp, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return make_error({}, "cannot write the XLSX copy: cannot read back " + tmp.string());
  return bytes.str();
}

}  // namespace oit
