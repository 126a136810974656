#include "generator/datatable.h"

#include "core/thai_date.h"

namespace oit {

namespace {
// Columns whose numbers are amounts or counts. Other numeric columns (row numbers, fiscal years,
// e-GP project numbers, tax IDs) must keep their digits ungrouped.
bool is_quantity_header(std::string_view h) {
  for (std::string_view word : {"บาท", "ราคา", "วงเงิน", "มูลค่า", "จำนวน", "งบประมาณที่", "ทั้งหมด", "แล้วเสร็จ",
                                "ระหว่างดำเนินการ", "amount", "Amount", "value", "count", "total"})
    if (h.find(word) != std::string_view::npos) return true;
  return false;
}
}  // namespace

std::string display_cell(std::string_view cell, std::string_view header, bool thai_digits, bool* is_number) {
  *is_number = false;
  std::string shown;
  if (cell.size() == 10 && cell[4] == '-' && cell[7] == '-') {
    if (auto d = parse_iso_date(cell); d.ok()) shown = thai_date_short(*d, false);
  } else if (cell.size() == 7 && cell[4] == '-') {
    if (auto ym = parse_year_month(cell)) shown = thai_year_month(*ym, false);
  }
  if (shown.empty()) {
    if (auto n = format_number(cell); n && is_quantity_header(header)) {
      shown = *n;
      *is_number = true;
    } else if (n) {
      shown = std::string(cell);
      *is_number = cell.find_first_not_of("0123456789") == std::string_view::npos && cell.size() <= 4;
    } else {
      shown = std::string(cell);
    }
  }
  return thai_digits ? to_thai_digits(shown) : shown;
}

std::string render_table_html(const CsvTable& table, const TableOptions& o) {
  std::string h;
  h.reserve(256 + table.rows.size() * table.header.size() * 48);
  h += "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"" + html_escape(o.id) + "\">";
  h += "<table class=\"data-table\"><caption id=\"" + html_escape(o.id) + "\">" + html_escape(o.caption) +
       "</caption>\n<thead><tr>";
  for (const auto& col : table.header) h += "<th scope=\"col\">" + html_escape(col) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    h += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      bool num = false;
      std::string shown = display_cell(row[i], table.header[i], o.thai_digits, &num);
      h += num ? "<td class=\"num\">" : "<td>";
      h += html_escape(shown);
      h += "</td>";
    }
    h += "</tr>\n";
  }
  h += "</tbody></table></div>\n";
  if (!o.csv_url.empty()) {
    h += "<p class=\"table-downloads\">ดาวน์โหลดข้อมูลชุดนี้: <a href=\"" + html_escape(o.csv_url) +
         "\" type=\"text/csv\">CSV</a> · <a href=\"" + html_escape(o.json_url) + "\" type=\"application/json\">JSON</a></p>\n";
    // The CSV download is the spreadsheet copy, whose formula cells carry a leading ' (csv.h): say so here.
    size_t formulas = 0;
    for (const auto& col : table.header) formulas += is_formula_cell(col);
    for (const auto& row : table.rows)
      for (const auto& cell : row) formulas += is_formula_cell(cell);
    if (formulas)
      h += "<p class=\"table-note\">ในไฟล์ CSV มี " + std::to_string(formulas) +
           " เซลล์ที่ขึ้นต้นด้วย = + - @ หรืออักขระแท็บ ซึ่ง Excel จะทำงานเป็นสูตร จึงเติมเครื่องหมาย ' ไว้หน้าเซลล์ "
           "(ตัวเลขอย่าง -12.5 คงไว้ตามเดิม) ไฟล์ JSON เก็บค่าจริง</p>\n";
  }
  return h;
}

}  // namespace oit
