#include "checks/match_text.h"
#include "checks/structure_evidence.h"

#include <algorithm>
#include <set>

#include "checks/restatement.h"
#include "core/text.h"

namespace oit {
namespace {

// Thai combining marks: a line starting with one is the tail of a word a PDF broke.
bool starts_with_combining_mark(std::string_view s) {
  if (s.size() < 3 || static_cast<unsigned char>(s[0]) != 0xE0) return false;
  unsigned char b1 = static_cast<unsigned char>(s[1]), b2 = static_cast<unsigned char>(s[2]);
  if (b1 == 0xB8) return b2 == 0xB1 || (b2 >= 0xB4 && b2 <= 0xBA);  // U+0E31, U+0E34–U+0E3A
  if (b1 == 0xB9) return b2 >= 0x87 && b2 <= 0x8E;                   // U+0E47–U+0E4E
  return false;
}

// Letters (Thai codepoints in the letter range, ASCII letters) in s.
size_t letter_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++n;
    if (c == 0xE0 && i + 2 < s.size()) {
      unsigned char b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      bool digit = b1 == 0xB9 && b2 >= 0x90 && b2 <= 0x99;
      if ((b1 == 0xB8 || b1 == 0xB9) && !digit) ++n;
      i += 2;
    }
  }
  return n;
}

bool contains_any(std::string_view hay, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    std::string nw = normalised(w);
    return !nw.empty() && hay.find(nw) != std::string_view::npos;
  });
}

// The number that begins a normalised line as a list marker ("1.", "1)", "(1)", "ขั้นตอนที่1"), or 0.
int list_number(std::string_view n) {
  static const std::string step_no = normalised("ขั้นตอนที่");
  bool paren = false;
  size_t i = 0;
  if (n.starts_with(step_no)) {
    i = step_no.size();
  } else if (n.starts_with("(")) {
    paren = true;
    i = 1;
  }
  size_t d = i;
  while (d < n.size() && n[d] >= '0' && n[d] <= '9') ++d;
  if (d == i || d - i > 2) return 0;  // no number, or a year ("2568.")
  int value = std::stoi(std::string(n.substr(i, d - i)));
  if (i == step_no.size() && !paren && n.starts_with(step_no)) return value;
  if (d >= n.size()) return 0;
  if (paren ? n[d] != ')' : (n[d] != '.' && n[d] != ')')) return 0;
  if (d + 1 < n.size() && n[d + 1] >= '0' && n[d + 1] <= '9') return 0;  // "1.5", "25/04" are not markers
  return value;
}

bool starts_with_bullet(std::string_view raw) {
  std::string_view t = trim(raw);
  for (std::string_view b : {"-", "*", "•", "●", "○", "◦", "▪", "■", "➢", "✓", "–"})
    if (t.starts_with(b)) return true;
  return false;
}

std::string joined_quote(const std::vector<std::string>& parts) {
  std::vector<std::string> trimmed;
  for (const auto& p : parts) trimmed.emplace_back(trim(p));
  return short_quote(join(trimmed, " / "));
}

struct MonthName {
  std::string_view full, abbrev;
};
constexpr MonthName kMonths[] = {
    {"มกราคม", "ม.ค."},  {"กุมภาพันธ์", "ก.พ."}, {"มีนาคม", "มี.ค."},   {"เมษายน", "เม.ย."},
    {"พฤษภาคม", "พ.ค."}, {"มิถุนายน", "มิ.ย."},  {"กรกฎาคม", "ก.ค."},   {"สิงหาคม", "ส.ค."},
    {"กันยายน", "ก.ย."}, {"ตุลาคม", "ต.ค."},    {"พฤศจิกายน", "พ.ย."}, {"ธันวาคม", "ธ.ค."},
};

// Month (1–12) a cell or line starts with, or 0.
int month_at_start(std::string_view raw) {
  std::string n = normalised(raw);
  std::string_view v = n;
  static const std::string month_word = normalised("เดือน");
  if (v.starts_with(month_word)) v.remove_prefix(month_word.size());
  for (int m = 0; m < 12; ++m)
    if (v.starts_with(normalised(kMonths[m].full)) || v.starts_with(normalised(kMonths[m].abbrev)))
      return m + 1;
  return 0;
}

// A person's name at the start of a normalised text: a title then a name, or a name in parentheses.
bool name_at(std::string_view n, std::string_view raw_line) {
  if (n.starts_with("(")) n.remove_prefix(1);
  static const std::vector<std::string> titles = [] {
    std::vector<std::string> t;
    for (std::string_view s : {"นางสาว", "นาง", "นาย", "ดร.", "ว่าที่", "พล.", "พ.ต.", "พ.ท.", "พ.อ.", "ร.ต.", "ร.ท.",
                               "ร.อ.", "จ.ส.", "ส.ต.", "ด.ต.", "ศ.", "รศ.", "ผศ.", "ศาสตราจารย์", "รองศาสตราจารย์",
                               "ผู้ช่วยศาสตราจารย์", "พระ", "คุณ"})
      t.push_back(normalised(s));
    return t;
  }();
  static const std::vector<std::string> not_names = [] {  // นายก… is a position, not นาย + a name
    std::vector<std::string> t;
    for (std::string_view s : {"นายกเทศมนตรี", "นายกองค์การ", "นายกอบต", "นายกอบจ", "นายกรัฐมนตรี", "นายกสมาคม"})
      t.push_back(normalised(s));
    return t;
  }();
  for (const auto& nn : not_names)
    if (n.starts_with(nn)) return false;
  for (const auto& t : titles)
    if (n.starts_with(t) && letter_count(n.substr(t.size())) >= 2) return true;
  // "(ศิริพร วงศ์ธรรมรักษ์)": a line that is only a parenthesised name.
  std::string_view r = trim(raw_line);
  if (r.starts_with("(") && r.ends_with(")")) {
    std::string_view inner = r.substr(1, r.size() - 2);
    bool only_letters = std::all_of(inner.begin(), inner.end(), [](char c) {
      unsigned char u = static_cast<unsigned char>(c);
      return u >= 0x80 || c == ' ' || c == '.';
    });
    return only_letters && letter_count(inner) >= 4 && inner.find(' ') != std::string_view::npos;
  }
  return false;
}

// Characters a signature line puts between ลงนาม and the name: "(ลงนาม) ……… (นาย…)", "ลงชื่อ : ____".
std::string_view skip_signature_gap(std::string_view n) {
  while (!n.empty()) {
    if (std::string_view("().:_-/\\|").find(n.front()) != std::string_view::npos) {
      n.remove_prefix(1);
    } else if (n.starts_with("…")) {
      n.remove_prefix(std::string_view("…").size());
    } else {
      break;
    }
  }
  return n;
}

}  // namespace

std::string short_quote(std::string_view s) {
  if (s.size() <= 120) return std::string(s);
  size_t n = 117;  // room for "…"
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

std::vector<std::string> evidence_lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find_first_of("\n\f", start);
    std::string_view line = trim(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (!out.empty() && starts_with_combining_mark(line)) {
      out.back() += std::string(line);
    } else if (!line.empty()) {
      out.emplace_back(line);
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::optional<std::string> find_steps(const std::vector<std::string>& list_items, bool ordered, std::string_view text,
                                      const std::vector<std::string>& step_words) {
  std::vector<std::string> lines = evidence_lines(text);
  std::vector<std::string> norm;
  norm.reserve(lines.size());
  for (const auto& l : lines) norm.push_back(normalised(l));
  auto reads_as_text = [](const std::string& item) { return letter_count(item) >= 4; };
  size_t real_items = static_cast<size_t>(std::count_if(list_items.begin(), list_items.end(), reads_as_text));
  if (ordered && real_items >= 2) return joined_quote({list_items.begin(), list_items.begin() + std::min<size_t>(3, list_items.size())});
  if (!ordered && real_items >= 2 && contains_any(normalised(text), step_words))
    return joined_quote({list_items.begin(), list_items.begin() + std::min<size_t>(3, list_items.size())});

  // Numbered lines: a run 1, 2, 3… where a wrapped item may take up to two more lines.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (list_number(norm[i]) != 1 || letter_count(lines[i]) < 4) continue;
    std::vector<size_t> run = {i};
    int next = 2;
    for (size_t j = i + 1; j < lines.size() && j <= run.back() + 3; ++j) {
      int n = list_number(norm[j]);
      if (n == next && letter_count(lines[j]) >= 4) {
        run.push_back(j);
        ++next;
      } else if (n != 0) {
        break;
      }
    }
    bool word_before = (i >= 1 && contains_any(norm[i - 1], step_words)) || (i >= 2 && contains_any(norm[i - 2], step_words)) ||
                       contains_any(norm[i], step_words);
    if (run.size() >= 3 || (run.size() >= 2 && word_before)) {
      std::vector<std::string> quoted;
      for (size_t k = 0; k < std::min<size_t>(3, run.size()); ++k) quoted.push_back(lines[run[k]]);
      return joined_quote(quoted);
    }
  }
  // A step word, then bulleted lines.
  for (size_t i = 0; i + 2 < lines.size(); ++i) {
    if (!contains_any(norm[i], step_words)) continue;
    if (starts_with_bullet(lines[i + 1]) && starts_with_bullet(lines[i + 2]))
      return joined_quote({lines[i], lines[i + 1], lines[i + 2]});
  }
  return std::nullopt;
}

std::optional<std::string> find_steps_table(const std::vector<std::string>& headers,
                                            const std::vector<std::vector<std::string>>& rows,
                                            const std::vector<std::string>& step_words) {
  if (rows.size() < 2) return std::nullopt;
  for (const auto& h : headers)
    if (contains_any(normalised(h), step_words)) {
      std::vector<std::string> parts = {"ตาราง: " + join(headers, " | ")};
      parts.push_back(join(rows.front(), " | "));
      return joined_quote(parts);
    }
  return std::nullopt;
}

std::optional<std::string> find_monthly_table(const std::vector<std::string>& headers,
                                              const std::vector<std::vector<std::string>>& rows) {
  std::set<int> in_headers, in_rows;
  std::vector<std::string> head_cells, row_cells;
  for (const auto& h : headers)
    if (int m = month_at_start(h); m && in_headers.insert(m).second) head_cells.push_back(h);
  for (const auto& r : rows)
    if (!r.empty())
      if (int m = month_at_start(r.front()); m && in_rows.insert(m).second) row_cells.push_back(r.front());
  if (in_headers.size() >= 3) return joined_quote({head_cells.begin(), head_cells.begin() + 3});
  if (in_rows.size() >= 3) return joined_quote({row_cells.begin(), row_cells.begin() + 3});
  return std::nullopt;
}

std::optional<std::string> find_monthly_lines(std::string_view text) {
  std::set<int> months;
  std::vector<std::string> quoted;
  for (const auto& l : evidence_lines(text))
    if (int m = month_at_start(l); m && months.insert(m).second) quoted.push_back(l);
  if (months.size() >= 3) return joined_quote({quoted.begin(), quoted.begin() + 3});
  return std::nullopt;
}

std::optional<std::string> find_chart_image(const std::vector<std::string>& image_texts,
                                            const std::vector<std::string>& chart_words) {
  for (const auto& t : image_texts)
    if (contains_any(normalised(t), chart_words)) return short_quote(std::string(trim(t)));
  return std::nullopt;
}

std::optional<std::string> find_signature(std::string_view text, const std::vector<std::string>& positions) {
  std::vector<std::string> lines = evidence_lines(text);
  std::vector<std::string> norm;
  norm.reserve(lines.size());
  for (const auto& l : lines) norm.push_back(normalised(l));
  static const std::string by = normalised("โดย");
  static const std::vector<std::string> lead_ins = {normalised("ลงนาม"), normalised("ลงชื่อ")};
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const auto& lead : lead_ins) {
      for (size_t p = norm[i].find(lead); p != std::string::npos; p = norm[i].find(lead, p + 1)) {
        bool at_line_start = skip_signature_gap(std::string_view(norm[i]).substr(0, p)).empty();
        std::string_view rest = skip_signature_gap(std::string_view(norm[i]).substr(p + lead.size()));
        bool connector = rest.starts_with(by);
        if (connector) rest = skip_signature_gap(rest.substr(by.size()));
        // Where the name is: right after ลงนาม(โดย), or — for a signature line "(ลงนาม) ……" — on one of
        // the next two lines. An incidental "ลงนามใน…" has neither.
        std::optional<size_t> name_line;
        if (name_at(rest, "")) {
          name_line = i;
        } else if (at_line_start || rest.empty()) {
          for (size_t k = i + 1; k < lines.size() && k <= i + 2; ++k)
            if (name_at(norm[k], lines[k])) {
              name_line = k;
              break;
            }
        }
        if (!name_line) continue;
        for (size_t k = *name_line; k < lines.size() && k <= *name_line + 2; ++k) {
          std::string_view hay = norm[k];
          if (k == i) hay = rest;
          if (!contains_any(hay, positions)) continue;
          std::vector<std::string> quoted(lines.begin() + static_cast<long>(i), lines.begin() + static_cast<long>(k) + 1);
          return joined_quote(quoted);
        }
      }
    }
  }
  return std::nullopt;
}

std::string match_text(std::string_view kept, const std::vector<const PageTable*>& tables) {
  std::string text = normalised(kept);
  for (const PageTable* t : tables) {
    text += "\n" + normalised(join(t->headers, " "));
    for (const auto& row : t->rows) text += "\n" + normalised(join(row, " "));
  }
  return text;
}

bool is_embedded_kind(std::string_view kind) {
  return kind == "iframe" || kind == "embed" || kind == "object" || kind == "video";
}

StructureResult judge_structure(const Element& el, std::string_view text, const std::vector<const PageTable*>& tables,
                                bool has_picture, const std::vector<std::string>& list_items, bool ordered) {
  StructureResult r;
  switch (el.check) {
    case ElementCheck::Steps: {
      r.quote = find_steps(list_items, ordered, text, el.terms);
      for (const PageTable* t : tables)
        if (!r.quote) r.quote = find_steps_table(t->headers, t->rows, el.terms);
      if (r.quote) return r;
      r.missing = "ไม่พบขั้นตอนเรียงลำดับ (รายการลำดับเลข หรือตารางขั้นตอน)";
      bool word = contains_any(normalised(text), el.terms);
      r.person_must_look = has_picture || word;
      if (word) r.missing += " มีเพียงคำว่า \"" + join(el.terms, "\", \"") + "\"";
      return r;
    }
    case ElementCheck::Signature:
      r.quote = find_signature(text, el.terms);
      if (r.quote) return r;
      r.missing = "ไม่พบส่วนลงนาม (ลงนาม/ลงชื่อ ชื่อผู้ลงนาม และตำแหน่ง)";
      r.person_must_look = has_picture;  // declarations are nearly always scans
      return r;
    case ElementCheck::MonthlyTable:
      for (const PageTable* t : tables)
        if (!r.quote) r.quote = find_monthly_table(t->headers, t->rows);
      if (!r.quote) r.quote = find_monthly_lines(text);
      if (r.quote) return r;
      r.missing = "ไม่พบตารางที่มีแถวหรือคอลัมน์ของแต่ละเดือน";
      r.person_must_look = has_picture;
      return r;
    default:
      return r;
  }
}

}  // namespace oit
