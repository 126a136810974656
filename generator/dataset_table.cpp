#include "generator/dataset_table.h"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "core/thai_date.h"

namespace oit {

namespace {

// One character of a cell: its digit value (-1 when not a digit, Arabic or Thai) and its bytes.
struct Char {
  int digit;
  size_t at, len;
};

std::vector<Char> chars_of(std::string_view s) {
  std::vector<Char> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > s.size()) len = s.size() - i;
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    // Thai digits ๐-๙ are U+0E50..U+0E59: E0 B9 90..99.
    if (len == 3 && c == 0xE0 && static_cast<unsigned char>(s[i + 1]) == 0xB9) {
      unsigned char last = static_cast<unsigned char>(s[i + 2]);
      if (last >= 0x90 && last <= 0x99) digit = last - 0x90;
    }
    out.push_back({digit, i, len});
    i += len;
  }
  return out;
}

bool names_juristic_person(std::string_view cell) {
  static constexpr std::array<std::string_view, 11> kThai{"บริษัท", "บจก", "บมจ", "ห้างหุ้นส่วน", "หจก", "จำกัด",
                                                          "มหาชน", "สหกรณ์", "มูลนิธิ", "สมาคม", "รัฐวิสาหกิจ"};
  for (auto w : kThai)
    if (cell.find(w) != std::string_view::npos) return true;
  std::string lower(cell);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view w : {"co.", "company", "ltd", "limited", "corporation", "inc.", "plc"})
    if (lower.find(w) != std::string::npos) return true;
  return false;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

bool is_plain_number(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t int_begin = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  size_t int_len = i - int_begin;
  if (int_len == 0 || (int_len > 1 && s[int_begin] == '0')) return false;
  size_t frac_len = 0;
  if (i < s.size() && s[i] == '.') {
    size_t b = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    frac_len = i - b;
    if (frac_len == 0) return false;
  }
  return i == s.size() && int_len + frac_len <= 15;
}

}  // namespace

int mask_personal_ids(std::string& cell) {
  const std::vector<Char> cs = chars_of(cell);
  // Chains of digit groups joined by single separators: "3-1012-34567-89-4" is one chain of 5 groups.
  struct Group {
    size_t first, last;  // indexes into cs, inclusive
    size_t len() const { return last - first + 1; }
  };
  std::vector<std::vector<Group>> chains;
  for (size_t i = 0; i < cs.size();) {
    if (cs[i].digit < 0) {
      ++i;
      continue;
    }
    std::vector<Group> chain;
    while (true) {
      size_t b = i;
      while (i < cs.size() && cs[i].digit >= 0) ++i;
      chain.push_back({b, i - 1});
      bool joined = i + 1 < cs.size() && cs[i + 1].digit >= 0 && cs[i].len == 1 &&
                    (cell[cs[i].at] == '-' || cell[cs[i].at] == ' ');
      if (!joined) break;
      ++i;
    }
    chains.push_back(std::move(chain));
  }

  const bool juristic = names_juristic_person(cell);
  std::vector<size_t> to_mask;  // first and last char index of each number to mask, pairwise
  for (const auto& chain : chains) {
    for (size_t k = 0; k < chain.size(); ++k) {
      size_t end_group = k;
      if (chain[k].len() == 13) {
        end_group = k;
      } else if (k + 4 < chain.size() && chain[k].len() == 1 && chain[k + 1].len() == 4 && chain[k + 2].len() == 5 &&
                 chain[k + 3].len() == 2 && chain[k + 4].len() == 1) {
        end_group = k + 4;
      } else {
        continue;
      }
      bool personal = cs[chain[k].first].digit != 0 || !juristic;
      if (personal) to_mask.insert(to_mask.end(), {chain[k].first, chain[end_group].last});
      k = end_group;
    }
  }
  if (to_mask.empty()) return 0;
  std::string out;
  size_t copied = 0;  // bytes of `cell` already handled
  for (size_t m = 0; m < to_mask.size(); m += 2) {
    for (size_t c = to_mask[m]; c <= to_mask[m + 1]; ++c) {
      out.append(cell, copied, cs[c].at - copied);
      out += cs[c].digit >= 0 ? std::string("X") : cell.substr(cs[c].at, cs[c].len);
      copied = cs[c].at + cs[c].len;
    }
  }
  out.append(cell, copied, std::string::npos);
  cell = std::move(out);
  return static_cast<int>(to_mask.size() / 2);
}

std::string normalise_cell(std::string_view cell, int* masked) {
  std::string s(cell);
  int n = mask_personal_ids(s);
  if (masked) *masked += n;
  if (n > 0) return s;
  std::string t = trim(s);
  if (t.empty()) return s;
  std::string arabic = to_arabic_digits(t);
  if (format_number(arabic)) {  // a number: digits only, no thousands separators
    std::string plain;
    for (char c : arabic)
      if (c != ',') plain += c;
    return plain;
  }
  if (auto d = parse_thai_date(t)) return to_iso(*d);
  return s;
}

CsvTable normalise_table(const CsvTable& table, int* masked) {
  CsvTable out = table;
  for (auto& row : out.rows)
    for (auto& cell : row) cell = normalise_cell(cell, masked);
  return out;
}

bool is_identifier_column(std::string_view header) {
  for (std::string_view w : {"เลขที่", "รหัส", "เลขประจำตัว", "หมายเลข", "โทร", "เลขบัญชี"})
    if (header.find(w) != std::string_view::npos) return true;
  std::string word;
  auto is_id_word = [](const std::string& w) {
    return w == "id" || w == "code" || w == "no" || w == "number" || w == "phone" || w == "tel";
  };
  for (size_t i = 0; i <= header.size(); ++i) {
    unsigned char c = i < header.size() ? static_cast<unsigned char>(header[i]) : ' ';
    if (c < 0x80 && std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else {
      if (is_id_word(word)) return true;
      word.clear();
    }
  }
  return false;
}

CellType cell_type(std::string_view cell, bool identifier_column) {
  std::string t = trim(cell);
  if (t.empty()) return CellType::Empty;
  if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
    auto d = parse_iso_date(t);
    if (d && to_iso(*d) == t) return CellType::Date;
  }
  if (!identifier_column && is_plain_number(t)) return CellType::Number;
  return CellType::Text;
}

nlohmann::ordered_json table_records(const CsvTable& table) {
  std::vector<bool> ident;
  for (const auto& h : table.header) ident.push_back(is_identifier_column(h));
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    // Appended in header order (names are unique): ordered_json's operator[] searches its keys one by one.
    nlohmann::ordered_json rec = nlohmann::ordered_json::object();
    auto& fields = rec.get_ref<nlohmann::ordered_json::object_t&>();
    fields.reserve(table.header.size());
    for (size_t c = 0; c < table.header.size(); ++c) {
      const std::string& cell = row[c];
      nlohmann::ordered_json value;
      switch (cell_type(cell, ident[c])) {
        case CellType::Empty: value = nullptr; break;
        case CellType::Number: {
          std::string t = trim(cell);
          long long v = 0;
          auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
          if (ec == std::errc() && end == t.data() + t.size()) {
            value = v;
          } else {
            double d = 0;  // from_chars, unlike strtod, ignores the C locale's decimal point
            std::from_chars(t.data(), t.data() + t.size(), d);
            value = d;
          }
          break;
        }
        default: value = cell; break;
      }
      fields.emplace_back(table.header[c], std::move(value));
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace oit
