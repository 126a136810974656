#include "checks/office_text.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>

#include "core/text.h"

namespace oit {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (size_t from = 0;;) {
    size_t at = s.find(sep, from);
    out.emplace_back(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

// What every part of one file shares: the bytes inflated so far, the time left, the notes on what was cut.
struct Budget {
  const OfficeLimits& lim;
  Clock::time_point until;
  uint64_t inflated = 0;
  size_t chars = 0;  // text kept
  bool chars_cut = false;
  std::vector<std::string> notes;

  explicit Budget(const OfficeLimits& l) : lim(l) {
    auto own = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(l.max_seconds));
    until = std::min(own, l.deadline);
  }
  bool out_of_time() const { return Clock::now() >= until; }
  void note(std::string s) {
    if (std::find(notes.begin(), notes.end(), s) == notes.end()) notes.push_back(std::move(s));
  }
  // Room for n more characters of text; false (and noted once) when the file's text bound is reached.
  bool take_chars(size_t n) {
    if (chars + n > lim.max_chars) {
      if (!chars_cut) note("text: first " + std::to_string(chars) + " bytes kept");
      chars_cut = true;
      return false;
    }
    chars += n;
    return true;
  }
  // Room for a row of n cells (its gaps count: a row of one cell in column 256 holds 256 strings).
  size_t cells = 0;
  bool take_cells(size_t n) {
    if (cells + n > lim.max_cells) {
      note("cells: first " + std::to_string(cells) + " kept");
      return false;
    }
    cells += n;
    return true;
  }
  std::string limit() const { return join(notes, "; "); }
};

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// An XML part's handlers. Element names arrive as local names (the namespace dropped: transitional and
// strict OOXML name the same elements in different namespaces).
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view s) = 0;
  bool stop = false;  // set by a handler when it has all it may keep
};

std::string_view local_name(const XML_Char* n) {
  std::string_view s(n);
  auto bar = s.rfind('|');
  return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

std::string attribute(const XML_Char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i] && attrs[i + 1]; i += 2)
    if (local_name(attrs[i]) == name) return attrs[i + 1];
  return {};
}

struct Stream {
  XML_Parser parser;
  XmlHandler& handler;
  Budget& budget;
  int depth = 0;
  size_t calls = 0;
  std::string why_stopped;  // a bound or a refusal, said in the limit

  void halt(std::string why) {
    if (why_stopped.empty()) why_stopped = std::move(why);
    XML_StopParser(parser, XML_FALSE);
  }
  void tick() {
    if ((++calls & 1023) == 0 && budget.out_of_time()) halt("time: the file's time ran out");
  }
};

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto& s = *static_cast<Stream*>(data);
  if (++s.depth > s.budget.lim.max_depth) return s.halt("XML nested deeper than " + std::to_string(s.budget.lim.max_depth));
  s.handler.start(local_name(name), attrs);
  if (s.handler.stop) return s.halt("");
  s.tick();
}
void XMLCALL on_end(void* data, const XML_Char* name) {
  auto& s = *static_cast<Stream*>(data);
  --s.depth;
  s.handler.end(local_name(name));
  if (s.handler.stop) return s.halt("");
  s.tick();
}
void XMLCALL on_text(void* data, const XML_Char* text, int len) {
  auto& s = *static_cast<Stream*>(data);
  s.handler.text(std::string_view(text, static_cast<size_t>(len)));
  s.tick();
}
// OOXML parts never carry a DOCTYPE; one can only be there to declare entities (a billion laughs).
void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<Stream*>(data)->halt("a DOCTYPE (not allowed in an Office part): part not read");
}

// The outcome of streaming one part.
enum class PartRead { Whole, Cut, Missing, Broken };

// Where the archive's parts are, and whether any of them is locked.
struct Archive {
  ZipPtr zip;
  std::string encrypted;  // the first encrypted entry's name, "" when none
};

Result<Archive> open_archive(std::string_view bytes, const OfficeLimits& lim) {
  static const std::string_view kOle2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  if (bytes.starts_with(kOle2))
    return make_error({}, "ไฟล์ถูกล็อกด้วยรหัสผ่าน หรือเป็นไฟล์ Office รุ่นเก่า (.xls/.doc) ที่ตั้งชื่อเป็นไฟล์ใหม่ "
                          "(an OLE2 file: encrypted with a password, or an old-format document)");
  if (!bytes.starts_with("PK\x03\x04") && !bytes.starts_with("PK\x05\x06"))
    return make_error({}, "ไม่ใช่ไฟล์ ZIP ของ Office (not a ZIP file)");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return make_error({}, "เปิดไฟล์ ZIP ไม่ได้ (cannot open the ZIP)");
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!z) {
    std::string why = zip_error_strerror(&err);
    zip_source_free(src);
    zip_error_fini(&err);
    return make_error({}, "ไฟล์ ZIP เสียหาย เปิดไม่ได้ (damaged ZIP: " + why + ")");
  }
  zip_error_fini(&err);
  Archive a{ZipPtr(z), {}};
  zip_int64_t n = zip_get_num_entries(z, 0);
  if (n < 0 || static_cast<uint64_t>(n) > lim.max_entries)
    return make_error({}, "ไฟล์ ZIP มีไฟล์ย่อย " + std::to_string(n) + " รายการ เกินกว่า " +
                              std::to_string(lim.max_entries) + " ไม่ใช่เอกสาร Office ตามปกติ (too many entries)");
  return a;
}

// Streams the part named `name` through `h`; what a bound cut is noted in the budget.
PartRead stream_part(zip_t* z, const std::string& name, XmlHandler& h, Budget& b) {
  zip_int64_t idx = zip_name_locate(z, name.c_str(), 0);
  if (idx < 0) return PartRead::Missing;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, static_cast<zip_uint64_t>(idx), 0, &st) != 0) return PartRead::Broken;
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    b.note(name + ": encrypted, not read");
    return PartRead::Broken;
  }
  if (b.out_of_time()) {
    b.note(name + ": not read (time ran out)");
    return PartRead::Cut;
  }
  if (b.inflated >= b.lim.max_total_bytes) {
    b.note(name + ": not read (the file's " + std::to_string(b.lim.max_total_bytes >> 20) + " MB of XML were read)");
    return PartRead::Cut;
  }
  zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(idx), 0);
  if (!f) {
    b.note(name + ": cannot be opened (" + std::string(zip_strerror(z)) + ")");
    return PartRead::Broken;
  }
  XML_Parser p = XML_ParserCreateNS(nullptr, '|');
  Stream s{p, h, b, 0, 0, {}};
  XML_SetUserData(p, &s);
  XML_SetElementHandler(p, on_start, on_end);
  XML_SetCharacterDataHandler(p, on_text);
  XML_SetStartDoctypeDeclHandler(p, on_doctype);

  PartRead out = PartRead::Whole;
  std::string broken;
  // A part that packs far tighter than XML does is read no further than ratio_from: a bomb costs 1 MB, not 1 GB.
  // Its sizes come from the ZIP headers, which may lie: whatever they say, the bytes read are counted below.
  uint64_t bound = b.lim.max_part_bytes;
  std::string bound_why;
  if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.size > b.lim.ratio_from) {
    double ratio = st.comp_size ? static_cast<double>(st.size) / static_cast<double>(st.comp_size) : 1e9;
    if (ratio > b.lim.max_ratio) {
      bound = std::min(bound, b.lim.ratio_from);
      bound_why = "packed " + std::to_string(static_cast<long long>(ratio)) + "× (a ZIP bomb?): ";
    }
  }
  uint64_t part = 0;
  char buf[1 << 16];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      broken = std::string("damaged data (") + zip_file_strerror(f) + ")";
      break;
    }
    if (n == 0) {
      if (XML_Parse(p, buf, 0, XML_TRUE) == XML_STATUS_ERROR && XML_GetErrorCode(p) != XML_ERROR_ABORTED)
        broken = std::string("broken XML at line ") + std::to_string(XML_GetCurrentLineNumber(p)) + " (" +
                 XML_ErrorString(XML_GetErrorCode(p)) + ")";
      break;
    }
    // Bounds on the bytes inflated, before they are parsed.
    uint64_t room = std::min(bound - part, b.lim.max_total_bytes - b.inflated);
    uint64_t take = std::min<uint64_t>(static_cast<uint64_t>(n), room);
    part += take;
    b.inflated += take;
    if (take > 0 && XML_Parse(p, buf, static_cast<int>(take), XML_FALSE) == XML_STATUS_ERROR) {
      if (XML_GetErrorCode(p) != XML_ERROR_ABORTED)
        broken = std::string("broken XML at line ") + std::to_string(XML_GetCurrentLineNumber(p)) + " (" +
                 XML_ErrorString(XML_GetErrorCode(p)) + ")";
      else if (!s.why_stopped.empty())
        b.note(name + ": " + s.why_stopped), out = PartRead::Cut;
      break;
    }
    if (take < static_cast<uint64_t>(n)) {
      b.note(name + ": " + bound_why + "first " + std::to_string(part >> 20) + " MB" + (bound_why.empty() ? " of XML" : "") +
             " read" + (part >= bound ? "" : " (the file's bound on XML was reached)"));
      out = PartRead::Cut;
      break;
    }
    if (b.out_of_time()) {
      b.note(name + ": time ran out while reading");
      out = PartRead::Cut;
      break;
    }
  }
  if (!broken.empty()) {
    b.note(name + ": " + broken + ", read up to there");
    out = PartRead::Broken;
  }
  XML_ParserFree(p);
  zip_fclose(f);
  return out;
}

// A part's path from a relationship's Target, relative to the part that names it ("xl/workbook.xml").
std::string resolve_target(const std::string& from_part, const std::string& target) {
  std::vector<std::string> segs;
  std::string_view t = target;
  if (t.starts_with('/')) {
    t.remove_prefix(1);
  } else {
    auto dir = from_part.substr(0, from_part.rfind('/') == std::string::npos ? 0 : from_part.rfind('/'));
    for (auto& seg : split(dir, '/'))
      if (!seg.empty()) segs.push_back(seg);
  }
  for (auto& seg : split(t, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else {
      segs.push_back(seg);
    }
  }
  return join(segs, "/");
}

std::string rels_of(const std::string& part) {
  auto slash = part.rfind('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

struct Relationship {
  std::string id, type, target;
};

class RelsHandler : public XmlHandler {
 public:
  std::vector<Relationship> rels;
  size_t max = 10'000;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    if (rels.size() >= max) {
      stop = true;
      return;
    }
    rels.push_back({attribute(attrs, "Id"), attribute(attrs, "Type"), attribute(attrs, "Target")});
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

std::vector<Relationship> read_rels(zip_t* z, const std::string& part, Budget& b) {
  RelsHandler h;
  h.max = b.lim.max_entries;
  stream_part(z, rels_of(part), h, b);
  return std::move(h.rels);
}

// The main part (xl/workbook.xml, word/document.xml) as the package's relationships name it.
std::string main_part(zip_t* z, Budget& b, const std::string& fallback) {
  for (const auto& r : read_rels(z, "", b))
    if (r.type.ends_with("/officeDocument")) return resolve_target("", r.target);
  return fallback;
}

// ---- XLSX ----

class WorkbookHandler : public XmlHandler {
 public:
  struct Sheet {
    std::string name, rid;
  };
  std::vector<Sheet> sheets;
  size_t listed = 0;
  size_t max = 20;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "sheet") return;
    if (++listed <= max) sheets.push_back({attribute(attrs, "name"), attribute(attrs, "id")});
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

// Appends s to out, keeping out within max characters (bytes of UTF-8, cut on a character boundary).
void append_bounded(std::string& out, std::string_view s, size_t max) {
  if (out.size() >= max) return;
  if (out.size() + s.size() > max) {
    size_t n = max - out.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
  }
  out.append(s);
}

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(Budget& b) : b_(b) {}
  std::vector<std::string> strings;
  bool cut = false;
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") in_si_ = true, cur_.clear();
    else if (name == "rPh") ++phonetic_;  // the reading guide of East Asian text, not the text
    else if (name == "t" && in_si_ && phonetic_ == 0) in_t_ = true;
  }
  void end(std::string_view name) override {
    if (name == "t") in_t_ = false;
    else if (name == "rPh") --phonetic_;
    else if (name == "si") {
      in_si_ = false;
      // Bounded apart from the cells' text: the same strings are counted again when cells use them.
      chars_ += cur_.size();
      if (strings.size() >= b_.lim.max_shared_strings || chars_ > b_.lim.max_chars) {
        cut = stop = true;
        b_.note("shared strings: first " + std::to_string(strings.size()) + " read");
        return;
      }
      strings.push_back(std::move(cur_));
      cur_.clear();
    }
  }
  void text(std::string_view s) override {
    if (in_t_) append_bounded(cur_, s, b_.lim.max_cell_chars);
  }

 private:
  Budget& b_;
  bool in_si_ = false, in_t_ = false;
  int phonetic_ = 0;
  size_t chars_ = 0;
  std::string cur_;
};

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(Budget& b, const std::vector<std::string>& shared, PageTable& table)
      : b_(b), shared_(shared), table_(table) {}
  size_t bad_shared = 0, wide_cells = 0, rows_cut = 0;

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "row") {
      row_.clear();
      next_col_ = 0;
    } else if (name == "c") {
      in_c_ = true;
      value_.clear();
      type_ = attribute(attrs, "t");
      uint32_t col = 0, r = 0;
      std::string ref = attribute(attrs, "r");
      col_ = !ref.empty() && parse_cell_reference(ref, col, r) ? col - 1 : next_col_;
      next_col_ = col_ + 1;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (in_c_ && phonetic_ == 0 && (name == "v" || (name == "t" && type_ == "inlineStr"))) {
      in_value_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "v" || name == "t") in_value_ = false;
    else if (name == "rPh") --phonetic_;
    else if (name == "c") end_cell();
    else if (name == "row") end_row();
  }
  void text(std::string_view s) override {
    if (in_value_) append_bounded(value_, s, b_.lim.max_cell_chars);
  }

 private:
  void end_cell() {
    in_c_ = false;
    std::string v;
    if (type_ == "s") {
      auto t = trim(value_);
      size_t i = 0;
      bool digits = !t.empty() && t.size() <= 9 && t.find_first_not_of("0123456789") == std::string::npos;
      if (digits) i = std::stoul(std::string(t));
      if (digits && i < shared_.size()) v = shared_[i];
      else ++bad_shared;
    } else {
      v = value_;
    }
    if (v.empty()) return;
    if (col_ >= b_.lim.max_columns) {  // never allocated by the reference: XFD is column 16384
      ++wide_cells;
      return;
    }
    if (!b_.take_chars(v.size())) {
      stop = true;
      return;
    }
    if (row_.size() <= col_) row_.resize(col_ + 1);
    row_[col_] = std::move(v);
  }
  void end_row() {
    while (!row_.empty() && row_.back().empty()) row_.pop_back();
    if (row_.empty()) return;
    if (!b_.take_cells(row_.size())) {
      stop = true;
      return;
    }
    if (!have_headers_) {
      table_.headers = std::move(row_);
      have_headers_ = true;
    } else if (table_.rows.size() < b_.lim.max_rows) {
      table_.rows.push_back(std::move(row_));
    } else {
      ++rows_cut;
    }
    row_.clear();
  }

  Budget& b_;
  const std::vector<std::string>& shared_;
  PageTable& table_;
  std::vector<std::string> row_;
  std::string value_, type_;
  size_t col_ = 0, next_col_ = 0;
  bool in_c_ = false, in_value_ = false, have_headers_ = false;
  int phonetic_ = 0;
};

// ---- DOCX ----

class DocumentHandler : public XmlHandler {
 public:
  explicit DocumentHandler(Budget& b) : b_(b) {}
  std::string lines;  // the text read

  void start(std::string_view name, const XML_Char**) override {
    if (name == "Fallback") ++fallback_;  // mc:AlternateContent repeats text boxes in its fallback
    if (fallback_) return;
    if (name == "t") in_t_ = true;
    else if (name == "tab" || name == "br" || name == "cr") add(" ");
    else if (name == "tbl") ++tables_;
  }
  void end(std::string_view name) override {
    if (name == "Fallback") {
      --fallback_;
      return;
    }
    if (fallback_) return;
    if (name == "t") in_t_ = false;
    else if (name == "tbl") --tables_;
    else if (name == "p") tables_ > 0 ? add(" ") : flush();
    else if (name == "tc" && tables_ == 1) add("\t");
    else if (name == "tr" && tables_ == 1) flush();
  }
  void text(std::string_view s) override {
    if (in_t_ && !fallback_) add(s);
  }
  void finish() { flush(); }

 private:
  void add(std::string_view s) { append_bounded(line_, s, b_.lim.max_chars); }
  void flush() {
    std::string line = collapse_whitespace_keep_tabs(line_);
    line_.clear();
    if (line.empty()) return;
    if (!b_.take_chars(line.size() + 1)) {
      stop = true;
      return;
    }
    lines += line;
    lines += '\n';
  }
  static std::string collapse_whitespace_keep_tabs(const std::string& s) {
    std::vector<std::string> cells;
    for (auto& c : split(s, '\t')) cells.push_back(collapse_whitespace(c));
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    return join(cells, "\t");
  }

  Budget& b_;
  std::string line_;
  bool in_t_ = false;
  int tables_ = 0, fallback_ = 0;
};

}  // namespace

bool parse_cell_reference(std::string_view ref, uint32_t& column, uint32_t& row) {
  size_t i = 0;
  uint32_t c = 0;
  while (i < ref.size() && i < 3 && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    c = c * 26 + static_cast<uint32_t>((ref[i] | 0x20) - 'a' + 1);
    ++i;
  }
  if (i == 0 || c > 16384) return false;
  size_t digits = 0;
  uint32_t r = 0;
  while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9' && digits < 8) {
    r = r * 10 + static_cast<uint32_t>(ref[i] - '0');
    ++i, ++digits;
  }
  if (digits == 0 || i != ref.size() || r == 0 || r > 1'048'576) return false;
  column = c;
  row = r;
  return true;
}

Result<XlsxTables> xlsx_tables(std::string_view bytes, const OfficeLimits& limits) {
  auto archive = open_archive(bytes, limits);
  if (!archive) return archive.error();
  zip_t* z = archive->zip.get();
  Budget b(limits);
  const std::string book_part = main_part(z, b, "xl/workbook.xml");

  WorkbookHandler book;
  book.max = static_cast<size_t>(std::max(0, limits.max_sheets));
  PartRead br = stream_part(z, book_part, book, b);
  if (br == PartRead::Missing)
    return make_error({}, "ไม่พบสมุดงานในไฟล์ XLSX (no workbook part " + book_part + ")");
  if (book.listed == 0) {
    std::string why = b.limit();
    return make_error({}, "อ่านรายชื่อแผ่นงานในไฟล์ XLSX ไม่ได้ (no sheet listed" + (why.empty() ? "" : ": " + why) + ")");
  }
  XlsxTables out;
  out.sheet_count = static_cast<int>(book.listed);
  if (book.listed > book.sheets.size())
    b.note("sheets: first " + std::to_string(book.sheets.size()) + " of " + std::to_string(book.listed) + " read");

  std::map<std::string, std::string> targets;  // relationship id → part
  std::string shared_part;
  for (const auto& r : read_rels(z, book_part, b)) {
    targets[r.id] = resolve_target(book_part, r.target);
    if (r.type.ends_with("/sharedStrings")) shared_part = resolve_target(book_part, r.target);
  }
  SharedStringsHandler shared(b);
  if (!shared_part.empty()) stream_part(z, shared_part, shared, b);

  bool encrypted_or_broken = false;
  for (const auto& sheet : book.sheets) {
    auto t = targets.find(sheet.rid);
    if (t == targets.end()) {
      b.note("sheet " + sheet.name + ": its part is not named");
      continue;
    }
    PageTable table;
    table.caption = sheet.name;
    SheetHandler h(b, shared.strings, table);
    PartRead r = stream_part(z, t->second, h, b);
    if (r == PartRead::Missing) {
      b.note("sheet " + sheet.name + ": part " + t->second + " missing");
      continue;
    }
    if (r == PartRead::Broken) encrypted_or_broken = true;
    if (h.bad_shared) b.note("sheet " + sheet.name + ": " + std::to_string(h.bad_shared) +
                             " cells name a shared string that was not read (left empty)");
    if (h.wide_cells) b.note("sheet " + sheet.name + ": " + std::to_string(h.wide_cells) + " cells past column " +
                             std::to_string(limits.max_columns) + " not read");
    if (h.rows_cut) b.note("sheet " + sheet.name + ": first " + std::to_string(limits.max_rows) + " rows of " +
                           std::to_string(limits.max_rows + h.rows_cut) + " read");
    out.sheets.push_back(std::move(table));
  }
  bool any_cell = std::any_of(out.sheets.begin(), out.sheets.end(),
                              [](const PageTable& t) { return !t.headers.empty(); });
  if (encrypted_or_broken && !any_cell)
    return make_error({}, "อ่านแผ่นงานในไฟล์ XLSX ไม่ได้ ไฟล์อาจเสียหายหรือถูกเข้ารหัส (sheets unreadable: " + b.limit() + ")");
  out.limit = b.limit();
  return out;
}

Result<DocxText> docx_text(std::string_view bytes, const OfficeLimits& limits) {
  auto archive = open_archive(bytes, limits);
  if (!archive) return archive.error();
  zip_t* z = archive->zip.get();
  Budget b(limits);
  const std::string doc_part = main_part(z, b, "word/document.xml");
  DocumentHandler h(b);
  PartRead r = stream_part(z, doc_part, h, b);
  if (r == PartRead::Missing)
    return make_error({}, "ไม่พบเนื้อหาเอกสารในไฟล์ DOCX (no document part " + doc_part + ")");
  h.finish();
  if (r == PartRead::Broken && h.lines.empty())
    return make_error({}, "อ่านเนื้อหาไฟล์ DOCX ไม่ได้ ไฟล์อาจเสียหายหรือถูกเข้ารหัส (document unreadable: " + b.limit() + ")");
  DocxText out;
  out.text = std::move(h.lines);
  out.limit = b.limit();
  return out;
}

}  // namespace oit
