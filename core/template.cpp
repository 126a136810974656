#include "core/template.h"
#include "core/source_file.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <forward_list>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace oit::tmpl {

using json = nlohmann::json;

namespace {

// Limits that keep hostile or broken templates from exhausting the stack, memory or time.
constexpr int kMaxTagNesting = 64;        // if/for/block nested inside one template
constexpr int kMaxParseDepth = 96;        // parser recursion inside one expression (parentheses, lists)
constexpr int kMaxExprHeight = 96;        // height of an expression tree (`a+a+a+...` chains too)
constexpr int kMaxIncludeDepth = 64;      // include/extends levels in one render
constexpr int kMaxRenderDepth = 512;      // nested node lists, blocks and includes in one render
constexpr uint64_t kMaxSteps = 20'000'000;  // nodes + loop iterations in one render
constexpr uint64_t kMaxCopies = 1'000'000;  // list/object elements copied in one render
constexpr size_t kMaxValueDepth = 200;    // nesting of lists/objects a template builds (`set x = [x]`)
constexpr size_t kMaxText = 64u << 20;    // longest string a render may produce
constexpr size_t kMaxSource = 16u << 20;  // longest template accepted

// ---------------------------------------------------------------------------------------------------
// Small text helpers

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of the UTF-8 sequence starting at s[i], 1 for an invalid byte, never past the end.
size_t utf8_step(std::string_view s, size_t i, uint32_t* cp = nullptr) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  uint32_t v = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  if (len == 0 || i + len > s.size()) {
    if (cp) *cp = 0xFFFD;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      if (cp) *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (c & 0x3F);
  }
  if (cp) *cp = v;
  return len;
}

size_t utf8_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += utf8_step(s, i)) ++n;
  return n;
}

// Marks that belong to the letter before them: cutting text between the two would change the letter.
bool is_combining(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) ||
         (cp >= 0x0E47 && cp <= 0x0E4E) || cp == 0x200D;
}

void append_escaped(std::string& out, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&#34;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out += rep;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

std::string ticked(std::string_view s) { return "`" + std::string(s) + "`"; }

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// "did you mean `title`?" or the list of what exists, for undefined-name errors.
std::string suggest(std::string_view wrong, const std::vector<std::string_view>& names, std::string_view where) {
  std::string_view best;
  size_t best_d = SIZE_MAX;
  for (auto n : names) {
    size_t d = edit_distance(wrong, n);
    if (d < best_d) best_d = d, best = n;
  }
  if (!best.empty() && best_d < wrong.size() && best_d <= std::max<size_t>(2, wrong.size() / 3)) return "did you mean " + ticked(best) + "?";
  if (names.empty()) return "use `is defined` or `| default(...)` when it may be absent";
  // "known filters: a, b" lists everything (a theme author needs the whole set); "`page` has: …" the first 15.
  const bool known = where.starts_with("known ");
  const size_t shown = known ? names.size() : 15;
  std::string s = std::string(where) + (known ? ": " : " has: ");
  for (size_t i = 0; i < names.size() && i < shown; ++i) s += (i ? ", " : "") + std::string(names[i]);
  if (names.size() > shown) s += ", ...";
  return s;
}

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::array: return "list";
    case json::value_t::object: return "object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "number";
    default: return "value";
  }
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// How a value is printed: strings as they are, null as nothing, lists/objects as JSON.
void append_plain(std::string& out, const json& j) {
  switch (j.type()) {
    case json::value_t::string: out += j.get_ref<const std::string&>(); break;
    case json::value_t::null: break;
    case json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += std::to_string(j.get<int64_t>()); break;
    case json::value_t::number_unsigned: out += std::to_string(j.get<uint64_t>()); break;
    default: out += dump(j);
  }
}

std::string plain(const json& j) {
  std::string s;
  append_plain(s, j);
  return s;
}

bool truthy(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return j.get<bool>();
    case json::value_t::string: return !j.get_ref<const std::string&>().empty();
    case json::value_t::array:
    case json::value_t::object: return !j.empty();
    case json::value_t::number_integer: return j.get<int64_t>() != 0;
    case json::value_t::number_unsigned: return j.get<uint64_t>() != 0;
    case json::value_t::number_float: return j.get<double>() != 0.0;
    default: return false;
  }
}

std::optional<int64_t> as_int(const json& j) {
  if (j.is_number_unsigned()) {
    auto u = j.get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
    return std::nullopt;
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------
// Syntax tree

enum class Op : uint8_t {
  Lit, List, Var, Attr, Index, Not, Neg, Pos, Add, Sub, Mul, Div, FloorDiv, Mod, Concat,
  Eq, Ne, Lt, Gt, Le, Ge, In, NotIn, And, Or, Test, Filter, Cond, Super
};

enum class Builtin : uint8_t {
  Custom, Escape, Safe, Default, Length, Upper, Lower, Trim, Truncate, Join, First, Last, Json,
  Urlencode, Replace, Sort, Reverse, Int, String
};

struct BuiltinInfo {
  const char* name;
  Builtin id;
  int min_args, max_args;
};
constexpr BuiltinInfo kBuiltins[] = {
    {"escape", Builtin::Escape, 0, 0}, {"e", Builtin::Escape, 0, 0},      {"safe", Builtin::Safe, 0, 0},
    {"default", Builtin::Default, 1, 1}, {"d", Builtin::Default, 1, 1},   {"length", Builtin::Length, 0, 0},
    {"count", Builtin::Length, 0, 0},  {"upper", Builtin::Upper, 0, 0},   {"lower", Builtin::Lower, 0, 0},
    {"trim", Builtin::Trim, 0, 0},     {"truncate", Builtin::Truncate, 1, 1}, {"join", Builtin::Join, 0, 1},
    {"first", Builtin::First, 0, 0},   {"last", Builtin::Last, 0, 0},     {"json", Builtin::Json, 0, 0},
    {"tojson", Builtin::Json, 0, 0},   {"urlencode", Builtin::Urlencode, 0, 0},
    {"replace", Builtin::Replace, 2, 2}, {"sort", Builtin::Sort, 0, 1},   {"reverse", Builtin::Reverse, 0, 0},
    {"int", Builtin::Int, 0, 0},       {"string", Builtin::String, 0, 0},
};

enum class TestKind : uint8_t { Defined, Undefined, None, String, Number, Mapping, Sequence, Boolean, Odd, Even };
constexpr std::pair<const char*, TestKind> kTests[] = {
    {"defined", TestKind::Defined}, {"undefined", TestKind::Undefined}, {"none", TestKind::None},
    {"string", TestKind::String},   {"number", TestKind::Number},       {"mapping", TestKind::Mapping},
    {"sequence", TestKind::Sequence}, {"iterable", TestKind::Sequence}, {"boolean", TestKind::Boolean},
    {"odd", TestKind::Odd},         {"even", TestKind::Even},
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Expr {
  Op op = Op::Lit;
  uint32_t off = 0;     // where errors about this expression point
  int height = 1;
  bool negate = false;  // Test: `is not`
  Builtin builtin = Builtin::Custom;
  TestKind test = TestKind::Defined;
  std::string name;     // Var, Attr, Filter
  json lit;             // Lit
  std::vector<ExprPtr> kids;  // operands; Filter: [value, args...]; Cond: [then, test, else?]
};

enum class NodeKind : uint8_t { Text, Output, If, For, Set, Include, Block };
struct Node {
  NodeKind kind = NodeKind::Text;
  uint32_t off = 0;
  std::string text;   // Text: the text; Set/For: variable; Include: target; Block: name
  std::string text2;  // For: second variable of `for k, v in`
  ExprPtr expr;       // Output, Set, For (the sequence)
  std::vector<ExprPtr> conds;             // If: one per if/elif
  std::vector<std::vector<Node>> bodies;  // If: per branch, then else; For: body, else; Block: body
};

}  // namespace

struct Template {
  std::string name, file, source;
  std::vector<uint32_t> line_starts;
  std::vector<Node> body;
  std::string parent;  // `extends` target, empty when none
  uint32_t parent_off = 0;
  std::map<std::string, const Node*, std::less<>> blocks;     // every block, however deep
  std::vector<std::pair<std::string, uint32_t>> includes;    // every include target

  SourcePos pos(uint32_t off) const {
    auto it = std::upper_bound(line_starts.begin(), line_starts.end(), off);
    int line = static_cast<int>(it - line_starts.begin());
    uint32_t start = line_starts[line - 1];
    int col = 1;
    for (uint32_t i = start; i < off && i < source.size(); ++i)
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++col;
    return SourcePos{file, line, col};
  }
  Error error(uint32_t off, std::string message, std::string hint = {}) const {
    return make_error(pos(off), std::move(message), std::move(hint));
  }
};

struct EnvState {
  std::map<std::string, Filter, std::less<>> filters;
  std::map<std::string, std::unique_ptr<Template>, std::less<>> templates;
};
struct Environment::Impl : EnvState {};

namespace {

// ---------------------------------------------------------------------------------------------------
// Parser: source → pieces (text, {{ }}, {% %}, {# #}) → tree

struct Piece {
  enum Kind { Text, Output, Tag, Comment } kind;
  uint32_t off;     // start of the piece (the `{` of a tag)
  uint32_t b, e;    // inside of a tag, without delimiters and `-`
  bool trim_before = false, trim_after = false;
  std::string_view text;  // Text, after whitespace control
};

enum class Tok : uint8_t { Name, Str, Int, Float, Op, End };
struct Token {
  Tok kind;
  uint32_t off;
  std::string_view text;
  json val;
};

class Parser {
 public:
  Parser(Template& t, const EnvState& env) : t_(t), env_(env), src_(t.source) {}

  std::optional<Error> run() {
    if (!split()) return err_;
    std::vector<Node> body;
    size_t stop = 0;
    if (!parse_nodes(body, 0, stop)) return err_;
    if (stop < pieces_.size()) {
      auto kw = keyword(stop);
      return t_.error(pieces_[stop].off, "`{% " + std::string(kw) + " %}` without a matching opening tag",
                      kw == "else" || kw == "elif" ? "`else`/`elif` belong inside `{% if %}` (or `{% for %}` for else)"
                                                  : "remove it, or add the tag it closes");
    }
    t_.body = std::move(body);
    if (!t_.parent.empty() && !check_child_top_level()) return err_;
    if (!collect(t_.body)) return err_;
    return std::nullopt;
  }

 private:
  Template& t_;
  const EnvState& env_;
  std::string_view src_;
  std::vector<Piece> pieces_;
  size_t pi_ = 0;
  std::optional<Error> err_;
  std::vector<Token> toks_;
  size_t ti_ = 0;
  int parse_depth_ = 0;
  int in_block_ = 0;

  bool fail(uint32_t off, std::string msg, std::string hint = {}) {
    if (!err_) err_ = t_.error(off, std::move(msg), std::move(hint));
    return false;
  }

  // -- pieces ---------------------------------------------------------------------------------------

  bool split() {
    size_t n = src_.size(), i = 0;
    while (i < n) {
      size_t open = i;
      while (true) {
        open = src_.find('{', open);
        if (open == std::string_view::npos || open + 1 >= n) { open = std::string_view::npos; break; }
        char k = src_[open + 1];
        if (k == '{' || k == '%' || k == '#') break;
        ++open;
      }
      if (open == std::string_view::npos) {
        pieces_.push_back({Piece::Text, uint32_t(i), 0, 0, false, false, src_.substr(i)});
        break;
      }
      if (open > i) pieces_.push_back({Piece::Text, uint32_t(i), 0, 0, false, false, src_.substr(i, open - i)});
      char k = src_[open + 1];
      size_t p = open + 2;
      bool trim_before = p < n && src_[p] == '-';
      if (trim_before) ++p;
      size_t close = k == '#' ? find_comment_end(p) : find_tag_end(p, k == '{' ? '}' : '%');
      const char* closer = k == '{' ? "}}" : k == '%' ? "%}" : "#}";
      const char* what = k == '{' ? "{{" : k == '%' ? "{%" : "{#";
      if (close == std::string_view::npos)
        return fail(open, std::string("unterminated `") + what + "`", std::string("add the closing `") + closer + "`");
      size_t e = close;
      bool trim_after = e > p && src_[e - 1] == '-';
      if (trim_after) --e;
      Piece::Kind kind = k == '{' ? Piece::Output : k == '%' ? Piece::Tag : Piece::Comment;
      pieces_.push_back({kind, uint32_t(open), uint32_t(p), uint32_t(e), trim_before, trim_after, {}});
      i = close + 2;
    }
    // Whitespace control: `{%-` eats the whitespace before the tag, `-%}` the whitespace after it.
    for (size_t k = 0; k < pieces_.size(); ++k) {
      Piece& pc = pieces_[k];
      if (pc.kind == Piece::Text) continue;
      if (pc.trim_before && k > 0 && pieces_[k - 1].kind == Piece::Text) {
        auto& t = pieces_[k - 1].text;
        while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
      }
      if (pc.trim_after && k + 1 < pieces_.size() && pieces_[k + 1].kind == Piece::Text) {
        auto& t = pieces_[k + 1].text;
        size_t cut = 0;
        while (cut < t.size() && is_space(t[cut])) ++cut;
        pieces_[k + 1].off += uint32_t(cut);
        t.remove_prefix(cut);
      }
    }
    return true;
  }

  size_t find_comment_end(size_t p) const {
    size_t c = src_.find("#}", p);
    return c;
  }

  // End of `{{ ... }}` / `{% ... %}`: the first closer outside a string literal.
  size_t find_tag_end(size_t p, char closer) const {
    for (size_t i = p; i + 1 < src_.size(); ++i) {
      char c = src_[i];
      if (c == '"' || c == '\'') {
        for (++i; i < src_.size() && src_[i] != c; ++i)
          if (src_[i] == '\\') ++i;
        if (i >= src_.size()) return std::string_view::npos;
      } else if (c == closer && src_[i + 1] == '}') {
        return i;
      }
    }
    return std::string_view::npos;
  }

  // -- tokens ---------------------------------------------------------------------------------------

  bool tokenize(uint32_t b, uint32_t e) {
    toks_.clear();
    ti_ = 0;
    size_t i = b;
    while (i < e) {
      char c = src_[i];
      if (is_space(c)) { ++i; continue; }
      auto off = uint32_t(i);
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t j = i + 1;
        while (j < e && (std::isalnum(static_cast<unsigned char>(src_[j])) || src_[j] == '_')) ++j;
        toks_.push_back({Tok::Name, off, src_.substr(i, j - i), {}});
        i = j;
      } else if (c >= '0' && c <= '9') {
        size_t j = i;
        bool is_float = false;
        while (j < e && std::isdigit(static_cast<unsigned char>(src_[j]))) ++j;
        if (j + 1 < e && src_[j] == '.' && std::isdigit(static_cast<unsigned char>(src_[j + 1]))) {
          is_float = true;
          for (++j; j < e && std::isdigit(static_cast<unsigned char>(src_[j])); ++j) {}
        }
        if (j < e && (src_[j] == 'e' || src_[j] == 'E')) {
          size_t k = j + 1;
          if (k < e && (src_[k] == '+' || src_[k] == '-')) ++k;
          if (k < e && std::isdigit(static_cast<unsigned char>(src_[k]))) {
            is_float = true;
            for (j = k; j < e && std::isdigit(static_cast<unsigned char>(src_[j])); ++j) {}
          }
        }
        const char* first = src_.data() + i;
        const char* last = src_.data() + j;
        json val;
        int64_t iv = 0;
        if (!is_float && std::from_chars(first, last, iv).ec == std::errc()) {
          val = iv;
        } else {
          double d = 0;
          auto r = std::from_chars(first, last, d);
          if (r.ec != std::errc() || !std::isfinite(d)) return fail(off, "number " + ticked(src_.substr(i, j - i)) + " is out of range");
          val = d;
        }
        toks_.push_back({Tok::Float, off, src_.substr(i, j - i), std::move(val)});
        if (toks_.back().val.is_number_integer()) toks_.back().kind = Tok::Int;
        i = j;
      } else if (c == '"' || c == '\'') {
        std::string s;
        size_t j = i + 1;
        for (; j < e && src_[j] != c; ++j) {
          if (src_[j] == '\\' && j + 1 < e) {
            char x = src_[++j];
            switch (x) {
              case 'n': s += '\n'; break;
              case 't': s += '\t'; break;
              case 'r': s += '\r'; break;
              case '\\': case '"': case '\'': s += x; break;
              default: s += '\\'; s += x;
            }
          } else {
            s += src_[j];
          }
        }
        if (j >= e) return fail(off, "unterminated string", std::string("close it with ") + c);
        toks_.push_back({Tok::Str, off, src_.substr(i, j + 1 - i), json(std::move(s))});
        i = j + 1;
      } else {
        static constexpr std::string_view two[] = {"==", "!=", "<=", ">=", "//"};
        size_t len = 0;
        for (auto t : two)
          if (src_.substr(i, 2) == t && i + 2 <= e) len = 2;
        if (!len && std::string_view("<>+-*/%~|.,()[]=").find(c) != std::string_view::npos) len = 1;
        if (!len) {
          size_t l = utf8_step(src_, i);
          return fail(off, "unexpected character " + ticked(src_.substr(i, l)) + " in expression");
        }
        toks_.push_back({Tok::Op, off, src_.substr(i, len), {}});
        i += len;
      }
    }
    toks_.push_back({Tok::End, e, {}, {}});
    return true;
  }

  const Token& cur() const { return toks_[ti_]; }
  bool is_op(std::string_view s) const { return cur().kind == Tok::Op && cur().text == s; }
  bool is_name(std::string_view s) const { return cur().kind == Tok::Name && cur().text == s; }
  std::string describe_tok(const Token& t) const {
    return t.kind == Tok::End ? "the end of the tag" : ticked(t.text);
  }
  bool expect_op(std::string_view s) {
    if (is_op(s)) { ++ti_; return true; }
    return fail(cur().off, "expected " + ticked(s) + ", found " + describe_tok(cur()));
  }
  bool expect_end(std::string_view what) {
    if (cur().kind == Tok::End) return true;
    return fail(cur().off, "unexpected " + describe_tok(cur()) + " after " + std::string(what));
  }

  // -- expressions (precedence as in Jinja) ---------------------------------------------------------

  ExprPtr make(Op op, uint32_t off, std::vector<ExprPtr> kids = {}) {
    auto e = std::make_unique<Expr>();
    e->op = op;
    e->off = off;
    for (auto& k : kids)
      if (k) e->height = std::max(e->height, k->height + 1);
    e->kids = std::move(kids);
    if (e->height > kMaxExprHeight) {
      fail(off, "expression is too deeply nested (more than " + std::to_string(kMaxExprHeight) + " levels)",
           "split it with `{% set %}`");
      return nullptr;
    }
    return e;
  }
  ExprPtr make2(Op op, uint32_t off, ExprPtr a, ExprPtr b) {
    std::vector<ExprPtr> k;
    k.push_back(std::move(a));
    k.push_back(std::move(b));
    return make(op, off, std::move(k));
  }

  struct DepthGuard {
    int& d;
    explicit DepthGuard(int& depth) : d(++depth) {}
    ~DepthGuard() { --d; }
  };
  bool too_deep() {
    if (parse_depth_ <= kMaxParseDepth) return false;
    return fail(cur().off, "expression is too deeply nested", "split it with `{% set %}`"), true;
  }

  ExprPtr parse_expression() {
    DepthGuard g(parse_depth_);
    if (too_deep()) return nullptr;
    ExprPtr e = parse_or();
    while (e && is_name("if")) {
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr test = parse_or();
      if (!test) return nullptr;
      ExprPtr other;
      if (is_name("else")) {
        ++ti_;
        other = parse_expression();
        if (!other) return nullptr;
      }
      std::vector<ExprPtr> k;
      k.push_back(std::move(e));
      k.push_back(std::move(test));
      if (other) k.push_back(std::move(other));
      e = make(Op::Cond, off, std::move(k));
    }
    return e;
  }

  ExprPtr parse_or() {
    ExprPtr e = parse_and();
    while (e && is_name("or")) {
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr r = parse_and();
      if (!r) return nullptr;
      e = make2(Op::Or, off, std::move(e), std::move(r));
    }
    return e;
  }

  ExprPtr parse_and() {
    ExprPtr e = parse_not();
    while (e && is_name("and")) {
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr r = parse_not();
      if (!r) return nullptr;
      e = make2(Op::And, off, std::move(e), std::move(r));
    }
    return e;
  }

  ExprPtr parse_not() {
    if (is_name("not")) {
      DepthGuard g(parse_depth_);
      if (too_deep()) return nullptr;
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr e = parse_not();
      if (!e) return nullptr;
      std::vector<ExprPtr> k;
      k.push_back(std::move(e));
      return make(Op::Not, off, std::move(k));
    }
    return parse_compare();
  }

  ExprPtr parse_compare() {
    ExprPtr e = parse_sum();
    while (e) {
      Op op;
      const Token& t = cur();
      if (t.kind == Tok::Op && t.text == "==") op = Op::Eq;
      else if (t.kind == Tok::Op && t.text == "!=") op = Op::Ne;
      else if (t.kind == Tok::Op && t.text == "<") op = Op::Lt;
      else if (t.kind == Tok::Op && t.text == ">") op = Op::Gt;
      else if (t.kind == Tok::Op && t.text == "<=") op = Op::Le;
      else if (t.kind == Tok::Op && t.text == ">=") op = Op::Ge;
      else if (is_name("in")) op = Op::In;
      else if (is_name("not") && toks_[ti_ + 1].kind == Tok::Name && toks_[ti_ + 1].text == "in") op = Op::NotIn, ++ti_;
      else break;
      uint32_t off = t.off;
      ++ti_;
      ExprPtr r = parse_sum();
      if (!r) return nullptr;
      e = make2(op, off, std::move(e), std::move(r));
    }
    return e;
  }

  ExprPtr parse_sum() {
    ExprPtr e = parse_concat();
    while (e && (is_op("+") || is_op("-"))) {
      Op op = cur().text == "+" ? Op::Add : Op::Sub;
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr r = parse_concat();
      if (!r) return nullptr;
      e = make2(op, off, std::move(e), std::move(r));
    }
    return e;
  }

  ExprPtr parse_concat() {
    ExprPtr e = parse_product();
    while (e && is_op("~")) {
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr r = parse_product();
      if (!r) return nullptr;
      e = make2(Op::Concat, off, std::move(e), std::move(r));
    }
    return e;
  }

  ExprPtr parse_product() {
    ExprPtr e = parse_unary(true);
    while (e && (is_op("*") || is_op("/") || is_op("//") || is_op("%"))) {
      std::string_view t = cur().text;
      Op op = t == "*" ? Op::Mul : t == "/" ? Op::Div : t == "//" ? Op::FloorDiv : Op::Mod;
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr r = parse_unary(true);
      if (!r) return nullptr;
      e = make2(op, off, std::move(e), std::move(r));
    }
    return e;
  }

  ExprPtr parse_unary(bool with_filters) {
    DepthGuard g(parse_depth_);
    if (too_deep()) return nullptr;
    ExprPtr e;
    if (is_op("-") || is_op("+")) {
      bool neg = cur().text == "-";
      uint32_t off = cur().off;
      ++ti_;
      ExprPtr operand = parse_unary(false);
      if (!operand) return nullptr;
      if (operand->op == Op::Lit && operand->lit.is_number()) {  // fold `-1` into a literal
        e = std::move(operand);
        e->off = off;
        if (neg) {
          if (auto i = as_int(e->lit); i && *i != INT64_MIN) e->lit = -*i;
          else e->lit = -e->lit.get<double>();
        }
      } else {
        std::vector<ExprPtr> k;
        k.push_back(std::move(operand));
        e = make(neg ? Op::Neg : Op::Pos, off, std::move(k));
      }
    } else {
      e = parse_primary();
    }
    if (e) e = parse_postfix(std::move(e));
    if (e && with_filters) e = parse_filters(std::move(e));
    return e;
  }

  ExprPtr parse_primary() {
    const Token& t = cur();
    switch (t.kind) {
      case Tok::Str:
      case Tok::Int:
      case Tok::Float: {
        ExprPtr e = make(Op::Lit, t.off);
        e->lit = t.val;
        ++ti_;
        return e;
      }
      case Tok::Name: {
        std::string_view n = t.text;
        ExprPtr e = make(Op::Lit, t.off);
        ++ti_;
        if (n == "true" || n == "True") e->lit = true;
        else if (n == "false" || n == "False") e->lit = false;
        else if (n == "none" || n == "None" || n == "null") e->lit = nullptr;
        else if (n == "super") {
          if (!expect_op("(") || !expect_op(")")) return nullptr;
          if (!in_block_) return fail(t.off, "`super()` is only allowed inside a `{% block %}`"), nullptr;
          e->op = Op::Super;
        } else if (n == "and" || n == "or" || n == "not" || n == "in" || n == "is" || n == "if" || n == "else") {
          return fail(t.off, "expected a value, found " + ticked(n)), nullptr;
        } else {
          e->op = Op::Var;
          e->name = std::string(n);
          if (is_op("(")) return fail(t.off, "calling " + ticked(std::string(n) + "()") + " is not supported", "only `super()` can be called; use filters: `x | name(args)`"), nullptr;
        }
        return e;
      }
      case Tok::Op:
        if (t.text == "(") {
          ++ti_;
          ExprPtr e = parse_expression();
          if (!e || !expect_op(")")) return nullptr;
          return e;
        }
        if (t.text == "[") return parse_list();
        break;
      case Tok::End:
        return fail(t.off, "expected an expression"), nullptr;
    }
    return fail(t.off, "expected a value, found " + describe_tok(t)), nullptr;
  }

  ExprPtr parse_list() {
    uint32_t off = cur().off;
    ++ti_;  // [
    std::vector<ExprPtr> items;
    while (!is_op("]")) {
      ExprPtr item = parse_expression();
      if (!item) return nullptr;
      items.push_back(std::move(item));
      if (is_op(",")) { ++ti_; continue; }
      if (!is_op("]")) return fail(cur().off, "expected `,` or `]` in list, found " + describe_tok(cur())), nullptr;
    }
    ++ti_;  // ]
    bool constant = std::all_of(items.begin(), items.end(), [](const ExprPtr& x) { return x->op == Op::Lit; });
    ExprPtr e = make(Op::List, off, std::move(items));
    if (e && constant) {  // a list of literals is built once, here
      e->op = Op::Lit;
      e->lit = json::array();
      for (auto& k : e->kids) e->lit.push_back(std::move(k->lit));
      e->kids.clear();
    }
    return e;
  }

  ExprPtr parse_postfix(ExprPtr e) {
    while (e) {
      if (is_op(".")) {
        ++ti_;
        if (cur().kind != Tok::Name) return fail(cur().off, "expected a name after `.`, found " + describe_tok(cur())), nullptr;
        std::string name(cur().text);
        ++ti_;
        uint32_t off = e->off;
        std::vector<ExprPtr> k;
        k.push_back(std::move(e));
        e = make(Op::Attr, off, std::move(k));
        if (e) e->name = std::move(name);
      } else if (is_op("[")) {
        ++ti_;
        ExprPtr idx = parse_expression();
        if (!idx || !expect_op("]")) return nullptr;
        uint32_t off = e->off;
        e = make2(Op::Index, off, std::move(e), std::move(idx));
      } else if (is_op("(")) {
        return fail(cur().off, "only `super()` can be called", "use filters: `x | name(args)`"), nullptr;
      } else {
        break;
      }
    }
    return e;
  }

  ExprPtr parse_filters(ExprPtr e) {
    while (e) {
      if (is_op("|")) {
        ++ti_;
        if (cur().kind != Tok::Name) return fail(cur().off, "expected a filter name after `|`, found " + describe_tok(cur())), nullptr;
        const Token& nt = cur();
        std::string name(nt.text);
        uint32_t off = nt.off;
        ++ti_;
        std::vector<ExprPtr> k;
        k.push_back(std::move(e));
        if (is_op("(")) {
          ++ti_;
          while (!is_op(")")) {
            if (cur().kind == Tok::Name && toks_[ti_ + 1].kind == Tok::Op && toks_[ti_ + 1].text == "=")
              return fail(cur().off, "keyword arguments are not supported", "pass arguments by position"), nullptr;
            ExprPtr a = parse_expression();
            if (!a) return nullptr;
            k.push_back(std::move(a));
            if (is_op(",")) { ++ti_; continue; }
            if (!is_op(")")) return fail(cur().off, "expected `,` or `)` in filter arguments, found " + describe_tok(cur())), nullptr;
          }
          ++ti_;
        }
        int nargs = int(k.size()) - 1;
        Builtin id = Builtin::Custom;
        if (!env_.filters.count(name)) {
          const BuiltinInfo* info = nullptr;
          for (auto& b : kBuiltins)
            if (name == b.name) info = &b;
          if (!info) {
            std::vector<std::string_view> names;
            for (auto& b : kBuiltins) names.push_back(b.name);
            for (auto& [n, f] : env_.filters) names.push_back(n);
            return fail(off, "unknown filter " + ticked(name), suggest(name, names, "known filters")), nullptr;
          }
          if (nargs < info->min_args || nargs > info->max_args) {
            std::string want = info->min_args == info->max_args ? std::to_string(info->min_args)
                                                                : std::to_string(info->min_args) + " or " + std::to_string(info->max_args);
            return fail(off, "filter " + ticked(name) + " takes " + want + " argument" + (info->max_args == 1 && info->min_args == 1 ? "" : "s") +
                                 ", got " + std::to_string(nargs)), nullptr;
          }
          id = info->id;
        }
        e = make(Op::Filter, off, std::move(k));
        if (e) e->name = std::move(name), e->builtin = id;
      } else if (is_name("is")) {
        ++ti_;
        bool negate = false;
        if (is_name("not")) negate = true, ++ti_;
        if (cur().kind != Tok::Name) return fail(cur().off, "expected a test name after `is`, found " + describe_tok(cur())), nullptr;
        std::string_view n = cur().text;
        if (n == "None") n = "none";
        const std::pair<const char*, TestKind>* found = nullptr;
        for (auto& t : kTests)
          if (n == t.first) found = &t;
        if (!found) {
          std::vector<std::string_view> names;
          for (auto& t : kTests) names.push_back(t.first);
          return fail(cur().off, "unknown test " + ticked(n), suggest(n, names, "known tests")), nullptr;
        }
        uint32_t off = e->off;
        ++ti_;
        std::vector<ExprPtr> k;
        k.push_back(std::move(e));
        e = make(Op::Test, off, std::move(k));
        if (e) e->test = found->second, e->negate = negate;
      } else {
        break;
      }
    }
    return e;
  }

  // Parses the whole inside of the current tag (from ti_) as one expression.
  ExprPtr full_expression(std::string_view what) {
    ExprPtr e = parse_expression();
    if (e && !expect_end(what)) return nullptr;
    return e;
  }

  // -- statements -----------------------------------------------------------------------------------

  std::string_view keyword(size_t piece) {
    const Piece& p = pieces_[piece];
    size_t i = p.b;
    while (i < p.e && is_space(src_[i])) ++i;
    size_t j = i;
    while (j < p.e && (std::isalnum(static_cast<unsigned char>(src_[j])) || src_[j] == '_')) ++j;
    return src_.substr(i, j - i);
  }

  // Parses pieces into `out` until a tag that closes or continues an enclosing tag (else, elif, end*)
  // or the end of input; `stop` is that tag's piece index, or pieces_.size().
  bool parse_nodes(std::vector<Node>& out, int depth, size_t& stop) {
    for (; pi_ < pieces_.size(); ++pi_) {
      const Piece& p = pieces_[pi_];
      switch (p.kind) {
        case Piece::Comment: continue;
        case Piece::Text:
          if (!p.text.empty()) {
            Node n;
            n.kind = NodeKind::Text;
            n.off = p.off;
            n.text = std::string(p.text);
            out.push_back(std::move(n));
          }
          continue;
        case Piece::Output: {
          if (!tokenize(p.b, p.e)) return false;
          Node n;
          n.kind = NodeKind::Output;
          n.off = p.off;
          n.expr = full_expression("the expression");
          if (!n.expr) return false;
          out.push_back(std::move(n));
          continue;
        }
        case Piece::Tag: break;
      }
      if (!tokenize(p.b, p.e)) return false;
      if (cur().kind != Tok::Name) return fail(p.off, "expected a tag name after `{%`, found " + describe_tok(cur()));
      std::string_view kw = cur().text;
      uint32_t kw_off = cur().off;
      if (kw == "elif" || kw == "else" || kw == "endif" || kw == "endfor" || kw == "endblock") {
        stop = pi_;
        return true;
      }
      if (depth >= kMaxTagNesting)
        return fail(p.off, "tags are nested too deeply (more than " + std::to_string(kMaxTagNesting) + " levels)");
      ++ti_;
      Node n;
      n.off = p.off;
      bool ok;
      if (kw == "if") ok = parse_if(n, depth);
      else if (kw == "for") ok = parse_for(n, depth);
      else if (kw == "set") ok = parse_set(n);
      else if (kw == "include") ok = parse_include(n);
      else if (kw == "block") ok = parse_block(n, depth);
      else if (kw == "extends") {
        if (!parse_extends(depth)) return false;
        continue;
      } else {
        return fail(kw_off, "unknown tag " + ticked("{% " + std::string(kw) + " %}"),
                    "known tags: if, elif, else, endif, for, else, endfor, set, include, extends, block, endblock");
      }
      if (!ok) return false;
      out.push_back(std::move(n));
    }
    stop = pieces_.size();
    return true;
  }

  // After parse_nodes stopped: is it one of `allowed`? Explains what is wrong otherwise.
  bool expect_stop(size_t stop, std::initializer_list<std::string_view> allowed, std::string_view opener, uint32_t open_off,
                   std::string_view closer) {
    if (stop < pieces_.size()) {
      auto kw = keyword(stop);
      for (auto a : allowed)
        if (kw == a) return true;
      auto at = t_.pos(open_off);
      return fail(pieces_[stop].off, "`{% " + std::string(kw) + " %}` does not belong to the `{% " + std::string(opener) +
                                         " %}` opened at line " + std::to_string(at.line) + ":" + std::to_string(at.col),
                  "close it first with `{% " + std::string(closer) + " %}`");
    }
    return fail(open_off, "unclosed `{% " + std::string(opener) + " %}`", "add `{% " + std::string(closer) + " %}`");
  }

  bool parse_if(Node& n, int depth) {
    n.kind = NodeKind::If;
    while (true) {
      ExprPtr c = full_expression("the condition");
      if (!c) return false;
      n.conds.push_back(std::move(c));
      n.bodies.emplace_back();
      ++pi_;
      size_t stop;
      if (!parse_nodes(n.bodies.back(), depth + 1, stop)) return false;
      if (!expect_stop(stop, {"elif", "else", "endif"}, "if", n.off, "endif")) return false;
      auto kw = keyword(stop);
      if (!tokenize(pieces_[stop].b, pieces_[stop].e)) return false;
      ++ti_;
      if (kw == "elif") continue;
      if (kw == "else") {
        if (!expect_end("`else`")) return false;
        n.bodies.emplace_back();
        ++pi_;
        if (!parse_nodes(n.bodies.back(), depth + 1, stop)) return false;
        if (!expect_stop(stop, {"endif"}, "if", n.off, "endif")) return false;
        if (!tokenize(pieces_[stop].b, pieces_[stop].e)) return false;
        ++ti_;
      }
      return expect_end("`endif`");
    }
  }

  bool parse_for(Node& n, int depth) {
    n.kind = NodeKind::For;
    auto var = [&](std::string& into) {
      if (cur().kind != Tok::Name || cur().text == "in")
        return fail(cur().off, "expected a loop variable name, found " + describe_tok(cur()), "write `{% for item in list %}`");
      into = std::string(cur().text);
      ++ti_;
      return true;
    };
    if (!var(n.text)) return false;
    if (is_op(",")) {
      ++ti_;
      if (!var(n.text2)) return false;
    }
    if (!is_name("in")) return fail(cur().off, "expected `in`, found " + describe_tok(cur()), "write `{% for item in list %}`");
    ++ti_;
    n.expr = parse_or();
    if (!n.expr) return false;
    if (is_name("if")) return fail(cur().off, "loop filters (`for x in xs if ...`) are not supported", "put an `{% if %}` inside the loop");
    if (!expect_end("the loop sequence")) return false;
    n.bodies.resize(2);
    ++pi_;
    size_t stop;
    if (!parse_nodes(n.bodies[0], depth + 1, stop)) return false;
    if (!expect_stop(stop, {"else", "endfor"}, "for", n.off, "endfor")) return false;
    if (keyword(stop) == "else") {
      if (!tokenize(pieces_[stop].b, pieces_[stop].e)) return false;
      ++ti_;
      if (!expect_end("`else`")) return false;
      ++pi_;
      if (!parse_nodes(n.bodies[1], depth + 1, stop)) return false;
      if (!expect_stop(stop, {"endfor"}, "for", n.off, "endfor")) return false;
    }
    if (!tokenize(pieces_[stop].b, pieces_[stop].e)) return false;
    ++ti_;
    return expect_end("`endfor`");
  }

  bool parse_set(Node& n) {
    n.kind = NodeKind::Set;
    if (cur().kind != Tok::Name) return fail(cur().off, "expected a variable name after `set`, found " + describe_tok(cur()));
    n.text = std::string(cur().text);
    ++ti_;
    if (!is_op("=")) return fail(cur().off, "expected `=` after `set " + n.text + "`, found " + describe_tok(cur()), "block `set` is not supported; write `{% set x = value %}`");
    ++ti_;
    n.expr = full_expression("the value");
    return n.expr != nullptr;
  }

  bool template_name(std::string& into, uint32_t& off, std::string_view tag) {
    if (cur().kind != Tok::Str)
      return fail(cur().off, "`" + std::string(tag) + "` needs a quoted template name, found " + describe_tok(cur()),
                  "write `{% " + std::string(tag) + " \"partials/x.html\" %}`");
    into = cur().val.get<std::string>();
    off = cur().off;
    ++ti_;
    return expect_end("the template name");
  }

  bool parse_include(Node& n) {
    n.kind = NodeKind::Include;
    return template_name(n.text, n.off, "include");
  }

  bool parse_extends(int depth) {
    uint32_t tag_off = pieces_[pi_].off;
    if (depth > 0) return fail(tag_off, "`{% extends %}` must be at the top level, not inside another tag");
    if (!t_.parent.empty()) return fail(tag_off, "a template can extend only one other template");
    std::string parent;
    uint32_t off;
    if (!template_name(parent, off, "extends")) return false;
    if (parent == t_.name) return fail(off, "template " + ticked(parent) + " extends itself");
    t_.parent = std::move(parent);
    t_.parent_off = off;
    return true;
  }

  bool parse_block(Node& n, int depth) {
    n.kind = NodeKind::Block;
    if (cur().kind != Tok::Name) return fail(cur().off, "expected a block name, found " + describe_tok(cur()));
    n.text = std::string(cur().text);
    ++ti_;
    if (!expect_end("the block name")) return false;
    n.bodies.resize(1);
    ++pi_;
    size_t stop;
    ++in_block_;
    bool ok = parse_nodes(n.bodies[0], depth + 1, stop);
    --in_block_;
    if (!ok || !expect_stop(stop, {"endblock"}, "block " + n.text, n.off, "endblock")) return false;
    if (!tokenize(pieces_[stop].b, pieces_[stop].e)) return false;
    ++ti_;
    if (cur().kind == Tok::Name) {
      if (cur().text != n.text)
        return fail(cur().off, "`{% endblock " + std::string(cur().text) + " %}` closes block " + ticked(n.text));
      ++ti_;
    }
    return expect_end("`endblock`");
  }

  // In a template that extends another only blocks and `set` count: anything else would silently vanish.
  bool check_child_top_level() {
    for (const Node& n : t_.body) {
      bool blank = n.kind == NodeKind::Text && std::all_of(n.text.begin(), n.text.end(), is_space);
      if (blank || n.kind == NodeKind::Block || n.kind == NodeKind::Set) continue;
      uint32_t off = n.off;
      if (n.kind == NodeKind::Text)  // point at the text itself, not the line break before it
        for (size_t i = 0; i < n.text.size() && is_space(n.text[i]); ++i) ++off;
      return fail(off, "content outside `{% block %}` in a template that extends " + ticked(t_.parent) + " is never shown",
                  "move it into a block of " + ticked(t_.parent));
    }
    return true;
  }

  bool collect(const std::vector<Node>& nodes) {
    for (const Node& n : nodes) {
      if (n.kind == NodeKind::Include) t_.includes.emplace_back(n.text, n.off);
      if (n.kind == NodeKind::Block && !t_.blocks.emplace(n.text, &n).second)
        return fail(n.off, "block " + ticked(n.text) + " is defined twice in this template");
      for (auto& b : n.bodies)
        if (!collect(b)) return false;
    }
    return true;
  }
};

// ---------------------------------------------------------------------------------------------------
// Rendering

// An expression's result: borrowed from the context/AST/a scope when possible, owned otherwise.
struct Value {
  const json* ref = nullptr;
  json own;
  bool safe = false;
  const json& get() const { return ref ? *ref : own; }
  void set_ref(const json& j, bool s = false) { ref = &j, safe = s; }
  void set_own(json j, bool s = false) { ref = nullptr, own = std::move(j), safe = s; }
};

struct LoopInfo {
  size_t index0, length;
};

struct Binding {
  std::string_view name;
  Value value;
  const LoopInfo* loop = nullptr;  // the `loop` variable: its attributes are computed, not stored
};

struct Scope {
  const Scope* parent = nullptr;
  const json* globals = nullptr;     // the render context, in the outermost scope only
  Binding fixed[3];                  // loop variables, without allocating
  int nfixed = 0;
  std::forward_list<Binding> sets;   // `set`: newest first; nodes never move, so references stay valid
};

struct Found {
  const Binding* binding = nullptr;
  const json* global = nullptr;
};

Found lookup(const Scope* s, std::string_view name) {
  for (; s; s = s->parent) {
    for (const Binding& b : s->sets)
      if (b.name == name) return {&b, nullptr};
    for (int i = s->nfixed - 1; i >= 0; --i)
      if (s->fixed[i].name == name) return {&s->fixed[i], nullptr};
    if (s->globals) {
      auto it = s->globals->find(name);
      if (it != s->globals->end()) return {nullptr, &*it};
    }
  }
  return {};
}

// `page.title`, `items[0]`: how an expression is named in messages.
std::string describe(const Expr& e) {
  switch (e.op) {
    case Op::Var: return e.name;
    case Op::Attr: return describe(*e.kids[0]) + "." + e.name;
    case Op::Index: {
      const Expr& i = *e.kids[1];
      return describe(*e.kids[0]) + "[" + (i.op == Op::Lit ? dump(i.lit) : i.op == Op::Var ? i.name : "...") + "]";
    }
    case Op::Lit: return dump(e.lit).substr(0, 40);
    case Op::Filter: return describe(*e.kids[0]) + " | " + e.name;
    default: return "expression";
  }
}

struct BlockCtx {
  std::string_view name;
  size_t level;  // index in the chain of the template whose definition is being rendered
};

struct Frame {
  const Template* tmpl;                        // whose nodes are rendered (positions in errors)
  const std::vector<const Template*>* chain;   // inheritance chain of the rendered template, child first
  const BlockCtx* block;                       // innermost block, for super()
};

class Renderer {
 public:
  Renderer(const EnvState& env, std::string_view page) : env_(env), page_(page) {}

  std::string out;
  std::optional<Error> err;

  bool render_template(const Template& leaf, const Scope& parent) {
    std::vector<const Template*> chain{&leaf};
    while (!chain.back()->parent.empty()) {
      const Template& t = *chain.back();
      auto it = env_.templates.find(t.parent);
      Frame f{&t, nullptr, nullptr};
      if (it == env_.templates.end())
        return fail(f, t.parent_off, "template " + ticked(t.parent) + " not found", "templates are named relative to the templates folder");
      if (std::find(chain.begin(), chain.end(), it->second.get()) != chain.end()) {
        std::string cycle;
        for (auto* c : chain) cycle += c->name + " → ";
        return fail(f, t.parent_off, "`{% extends %}` cycle: " + cycle + t.parent);
      }
      if (chain.size() + size_t(include_depth_) >= size_t(kMaxIncludeDepth))
        return fail(f, t.parent_off, "include/extends nested more than " + std::to_string(kMaxIncludeDepth) + " levels deep");
      chain.push_back(it->second.get());
    }
    Scope scope;
    scope.parent = &parent;
    // Top-level `set` of the children runs first, so they can configure their parents.
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
      Frame f{chain[i], &chain, nullptr};
      for (const Node& n : chain[i]->body)
        if (n.kind == NodeKind::Set && !render_node(f, n, scope)) return false;
    }
    Frame f{chain.back(), &chain, nullptr};
    return render_nodes(f, chain.back()->body, scope);
  }

 private:
  const EnvState& env_;
  std::string_view page_;
  int depth_ = 0;
  int include_depth_ = 0;
  uint64_t steps_ = 0;
  uint64_t copies_ = 0;
  std::vector<std::pair<const Template*, uint32_t>> includes_;  // include tags being rendered, for messages

  bool fail(const Frame& f, uint32_t off, std::string msg, std::string hint = {}) {
    if (err) return false;
    if (!page_.empty()) {
      msg += " (rendering " + std::string(page_);
      // Innermost first; a run of the same include tag (a template including itself) is said once.
      for (auto it = includes_.rbegin(); it != includes_.rend();) {
        auto run_end = std::find_if(it, includes_.rend(), [&](const auto& inc) { return inc != *it; });
        SourcePos p = it->first->pos(it->second);
        msg += it == includes_.rbegin() ? "; included from " : ", from ";
        msg += p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
        if (auto times = std::distance(it, run_end); times > 1) msg += " (" + std::to_string(times) + " times)";
        it = run_end;
      }
      msg += ")";
    }
    err = f.tmpl->error(off, std::move(msg), std::move(hint));
    return false;
  }

  bool check_size(const Frame& f, uint32_t off, size_t n) {
    if (n <= kMaxText) return true;
    return fail(f, off, "text grows past " + std::to_string(kMaxText >> 20) + " MiB", "check for a runaway loop or recursive include");
  }

  bool step(const Frame& f, uint32_t off) {
    if (++steps_ <= kMaxSteps) return true;
    return fail(f, off, "rendering takes more than " + std::to_string(kMaxSteps) + " steps", "check for a runaway loop or recursive include");
  }

  // Copies are counted by size, so `{% set x = [x, x] %}` cannot double its way to gigabytes, and
  // values built by templates stay shallow enough for nlohmann's recursive copy/compare/dump.
  bool charge_copy(const Frame& f, uint32_t off, const json& j) {
    std::vector<std::pair<const json*, size_t>> todo{{&j, 1}};
    while (!todo.empty()) {
      auto [node, depth] = todo.back();
      todo.pop_back();
      if (++copies_ > kMaxCopies)
        return fail(f, off, "rendering copies more than " + std::to_string(kMaxCopies) + " values", "check for a list that grows with each `set`");
      if (depth > kMaxValueDepth) return fail(f, off, "value is nested more than " + std::to_string(kMaxValueDepth) + " levels deep");
      if (node->is_array() || node->is_object())
        for (const json& k : *node) todo.emplace_back(&k, depth + 1);
    }
    return true;
  }

  bool render_nodes(const Frame& f, const std::vector<Node>& nodes, Scope& scope) {
    if (depth_ >= kMaxRenderDepth)
      return fail(f, nodes.empty() ? 0 : nodes[0].off, "templates are nested more than " + std::to_string(kMaxRenderDepth) + " levels deep",
                  "check for a recursive include");
    ++depth_;
    bool ok = true;
    for (const Node& n : nodes)
      if (!(ok = render_node(f, n, scope))) break;
    --depth_;
    return ok;
  }

  void append_value(const Value& v) {
    const json& j = v.get();
    if (j.is_string()) {
      if (v.safe) out += j.get_ref<const std::string&>();
      else append_escaped(out, j.get_ref<const std::string&>());
    } else if (j.is_number_integer() || j.is_null() || j.is_boolean()) {
      append_plain(out, j);  // nothing to escape
    } else if (v.safe) {
      append_plain(out, j);
    } else {
      append_escaped(out, plain(j));
    }
  }

  bool render_node(const Frame& f, const Node& n, Scope& scope) {
    if (!step(f, n.off)) return false;
    switch (n.kind) {
      case NodeKind::Text:
        out += n.text;
        return check_size(f, n.off, out.size());
      case NodeKind::Output: {
        Value v;
        if (!eval(f, *n.expr, scope, v)) return false;
        append_value(v);
        return check_size(f, n.expr->off, out.size());
      }
      case NodeKind::If:
        for (size_t i = 0; i < n.conds.size(); ++i) {
          Value c;
          if (!eval(f, *n.conds[i], scope, c)) return false;
          if (truthy(c.get())) return render_nodes(f, n.bodies[i], scope);
        }
        if (n.bodies.size() > n.conds.size()) return render_nodes(f, n.bodies.back(), scope);
        return true;
      case NodeKind::For: return render_for(f, n, scope);
      case NodeKind::Set: {
        Binding b;
        b.name = n.text;
        if (!eval(f, *n.expr, scope, b.value)) return false;
        scope.sets.push_front(std::move(b));
        return true;
      }
      case NodeKind::Include: {
        auto it = env_.templates.find(n.text);
        if (it == env_.templates.end())
          return fail(f, n.off, "template " + ticked(n.text) + " not found", "templates are named relative to the templates folder");
        if (include_depth_ + 1 >= kMaxIncludeDepth)
          return fail(f, n.off, "include/extends nested more than " + std::to_string(kMaxIncludeDepth) + " levels deep",
                      "a template that includes itself needs an `{% if %}` that stops the recursion");
        ++include_depth_;
        includes_.emplace_back(f.tmpl, n.off);
        bool ok = render_template(*it->second, scope);
        includes_.pop_back();
        --include_depth_;
        return ok;
      }
      case NodeKind::Block: {
        size_t level = 0;
        const Node* def = &n;
        const Template* owner = f.tmpl;
        if (f.chain) {
          for (size_t i = 0; i < f.chain->size(); ++i) {
            auto it = (*f.chain)[i]->blocks.find(n.text);
            if (it != (*f.chain)[i]->blocks.end()) {
              level = i, def = it->second, owner = (*f.chain)[i];
              break;
            }
          }
        }
        BlockCtx bc{n.text, level};
        Frame inner{owner, f.chain, &bc};
        Scope s;
        s.parent = &scope;
        return render_nodes(inner, def->bodies[0], s);
      }
    }
    return true;
  }

  bool render_for(const Frame& f, const Node& n, Scope& scope) {
    Value seq;
    if (!eval(f, *n.expr, scope, seq)) return false;
    const json& j = seq.get();
    if (!j.is_array() && !j.is_object())
      return fail(f, n.expr->off, std::string("cannot loop over a ") + type_name(j) + " (" + ticked(describe(*n.expr)) + ")",
                  "`for` needs a list or an object");
    if (j.is_array() && !n.text2.empty())
      return fail(f, n.expr->off, "`for " + n.text + ", " + n.text2 + " in` needs an object, " + ticked(describe(*n.expr)) + " is a list");
    if (j.empty()) return render_nodes(f, n.bodies[1], scope);
    LoopInfo info{0, j.size()};
    for (auto it = j.begin(); it != j.end(); ++it, ++info.index0) {
      if (!step(f, n.off)) return false;
      Scope s;
      s.parent = &scope;
      s.fixed[0].name = "loop";
      s.fixed[0].loop = &info;
      s.fixed[1].name = n.text;
      if (j.is_array()) {
        s.fixed[1].value.set_ref(*it);
        s.nfixed = 2;
      } else if (n.text2.empty()) {
        s.fixed[1].value.set_own(it.key());
        s.nfixed = 2;
      } else {
        s.fixed[1].value.set_own(it.key());
        s.fixed[2].name = n.text2;
        s.fixed[2].value.set_ref(*it);
        s.nfixed = 3;
      }
      if (!render_nodes(f, n.bodies[0], s)) return false;
    }
    return true;
  }

  // -- expressions ----------------------------------------------------------------------------------

  static json loop_object(const LoopInfo& l) {
    return json{{"index", l.index0 + 1}, {"index0", l.index0}, {"first", l.index0 == 0}, {"last", l.index0 + 1 == l.length},
                {"length", l.length}, {"revindex", l.length - l.index0}, {"revindex0", l.length - l.index0 - 1}};
  }

  // The result of element `elem` of `base`: borrowed when base is, else copied out of it.
  static void take_element(Value& v, const Value& base, const json& elem) {
    if (base.ref) v.set_ref(elem);
    else v.set_own(elem);
  }

  std::vector<std::string_view> names_in_scope(const Scope& sc) const {
    std::vector<std::string_view> names;
    for (const Scope* s = &sc; s; s = s->parent) {
      for (auto& b : s->sets) names.push_back(b.name);
      for (int i = 0; i < s->nfixed; ++i) names.push_back(s->fixed[i].name);
      if (s->globals)
        for (auto it = s->globals->begin(); it != s->globals->end(); ++it) names.push_back(it.key());
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

  bool undefined(const Frame& f, const Expr& e, bool* undef, std::string hint) {
    if (undef) {
      *undef = true;
      return true;
    }
    return fail(f, e.off, "undefined variable " + ticked(describe(e)), std::move(hint));
  }

  bool eval(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef = nullptr) {
    switch (e.op) {
      case Op::Lit: v.set_ref(e.lit); return true;
      case Op::List: {
        json arr = json::array();
        for (auto& k : e.kids) {
          Value x;
          if (!eval(f, *k, sc, x) || !charge_copy(f, k->off, x.get())) return false;
          arr.push_back(x.ref ? *x.ref : std::move(x.own));
        }
        v.set_own(std::move(arr));
        return true;
      }
      case Op::Var: {
        const LoopInfo* loop = nullptr;
        if (!eval_var(f, e, sc, v, undef, &loop)) return false;
        if (loop) v.set_own(loop_object(*loop));
        return true;
      }
      case Op::Attr: return eval_attr(f, e, sc, v, undef);
      case Op::Index: return eval_index(f, e, sc, v, undef);
      case Op::Not: {
        Value a;
        if (!eval(f, *e.kids[0], sc, a)) return false;
        v.set_own(!truthy(a.get()));
        return true;
      }
      case Op::And:
      case Op::Or: {
        Value a;
        if (!eval(f, *e.kids[0], sc, a)) return false;
        bool t = truthy(a.get());
        if ((e.op == Op::And) != t) {  // `a and b` is a when a is falsy; `a or b` is a when a is truthy
          v = std::move(a);
          return true;
        }
        return eval(f, *e.kids[1], sc, v);
      }
      case Op::Cond: {
        Value c;
        if (!eval(f, *e.kids[1], sc, c)) return false;
        if (truthy(c.get())) return eval(f, *e.kids[0], sc, v);
        if (e.kids.size() > 2) return eval(f, *e.kids[2], sc, v);
        v.set_own("");
        return true;
      }
      case Op::Concat: {
        Value a, b;
        if (!eval(f, *e.kids[0], sc, a) || !eval(f, *e.kids[1], sc, b)) return false;
        std::string s = plain(a.get());
        append_plain(s, b.get());
        if (!check_size(f, e.off, s.size())) return false;
        v.set_own(std::move(s), a.safe && b.safe);
        return true;
      }
      case Op::Test: return eval_test(f, e, sc, v);
      case Op::Filter: return eval_filter(f, e, sc, v);
      case Op::Super: return eval_super(f, e, sc, v);
      default: return eval_binary(f, e, sc, v);
    }
  }

  // A variable's value; for `loop`, sets *loop instead so callers can read its attributes directly.
  bool eval_var(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef, const LoopInfo** loop) {
    Found found = lookup(&sc, e.name);
    if (found.global) v.set_ref(*found.global);
    else if (found.binding && found.binding->loop) *loop = found.binding->loop;
    else if (found.binding) v.set_ref(found.binding->value.get(), found.binding->value.safe);
    else return undefined(f, e, undef, suggest(e.name, names_in_scope(sc), "the context"));
    return true;
  }

  bool eval_attr(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef) {
    const Expr& base_e = *e.kids[0];
    Value base;
    if (base_e.op == Op::Var) {
      const LoopInfo* loop = nullptr;
      if (!eval_var(f, base_e, sc, base, undef, &loop)) return false;
      if (loop) {  // `loop.index` without building a loop object
        const LoopInfo& l = *loop;
        const std::string& a = e.name;
        if (a == "index") v.set_own(l.index0 + 1);
        else if (a == "index0") v.set_own(l.index0);
        else if (a == "first") v.set_own(l.index0 == 0);
        else if (a == "last") v.set_own(l.index0 + 1 == l.length);
        else if (a == "length") v.set_own(l.length);
        else if (a == "revindex") v.set_own(l.length - l.index0);
        else if (a == "revindex0") v.set_own(l.length - l.index0 - 1);
        else return undefined(f, e, undef, "`loop` has: index, index0, first, last, length, revindex, revindex0");
        return true;
      }
    } else if (!eval(f, base_e, sc, base, undef)) {
      return false;
    }
    if (undef && *undef) return true;
    const json& b = base.get();
    if (!b.is_object()) {
      if (undef) return *undef = true, true;
      return fail(f, e.off, "cannot read " + ticked("." + e.name) + " of " + ticked(describe(base_e)) + ", which is a " + type_name(b),
                  b.is_null() ? "check it first with `{% if " + describe(base_e) + " %}`" : "");
    }
    auto it = b.find(e.name);
    if (it == b.end()) {
      std::vector<std::string_view> keys;
      for (auto k = b.begin(); k != b.end(); ++k) keys.push_back(k.key());
      return undefined(f, e, undef, suggest(e.name, keys, ticked(describe(base_e))));
    }
    take_element(v, base, *it);
    return true;
  }

  bool eval_index(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef) {
    Value base, idx;
    if (!eval(f, *e.kids[0], sc, base, undef)) return false;
    if (undef && *undef) return true;
    if (!eval(f, *e.kids[1], sc, idx)) return false;
    const json& b = base.get();
    const json& i = idx.get();
    if (b.is_array() && i.is_number_integer()) {
      auto n = as_int(i);
      int64_t size = int64_t(b.size());
      int64_t k = n ? (*n < 0 ? *n + size : *n) : -1;
      if (k < 0 || k >= size) {
        if (undef) return *undef = true, true;
        return fail(f, e.off, "index " + dump(i) + " is out of range: " + ticked(describe(*e.kids[0])) + " has " + std::to_string(size) + " items");
      }
      take_element(v, base, b[size_t(k)]);
      return true;
    }
    if (b.is_object() && i.is_string()) {
      auto it = b.find(i.get_ref<const std::string&>());
      if (it == b.end()) {
        if (undef) return *undef = true, true;
        return fail(f, e.off, "undefined variable " + ticked(describe(*e.kids[0]) + "[" + dump(i) + "]"));
      }
      take_element(v, base, *it);
      return true;
    }
    if (undef && (b.is_null() || b.is_array() || b.is_object())) return *undef = true, true;
    return fail(f, e.off, std::string("cannot index a ") + type_name(b) + " (" + ticked(describe(*e.kids[0])) + ") with a " + type_name(i),
                "lists take integer indexes, objects take string keys");
  }

  bool eval_test(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    bool r;
    if (e.test == TestKind::Defined || e.test == TestKind::Undefined) {
      bool u = false;
      Value a;
      if (!eval(f, *e.kids[0], sc, a, &u)) return false;
      r = (e.test == TestKind::Defined) != u;
    } else {
      Value a;
      if (!eval(f, *e.kids[0], sc, a)) return false;
      const json& j = a.get();
      switch (e.test) {
        case TestKind::None: r = j.is_null(); break;
        case TestKind::String: r = j.is_string(); break;
        case TestKind::Number: r = j.is_number(); break;
        case TestKind::Mapping: r = j.is_object(); break;
        case TestKind::Sequence: r = j.is_array(); break;
        case TestKind::Boolean: r = j.is_boolean(); break;
        default: {
          auto n = as_int(j);
          if (!n) return fail(f, e.off, "`is odd`/`is even` need an integer, " + ticked(describe(*e.kids[0])) + " is a " + type_name(j));
          r = (*n % 2 != 0) == (e.test == TestKind::Odd);
        }
      }
    }
    v.set_own(r != e.negate);
    return true;
  }

  bool eval_super(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    if (!f.block || !f.chain)
      return fail(f, e.off, "`super()` is only allowed inside a `{% block %}`");
    const auto& chain = *f.chain;
    for (size_t i = f.block->level + 1; i < chain.size(); ++i) {
      auto it = chain[i]->blocks.find(f.block->name);
      if (it == chain[i]->blocks.end()) continue;
      BlockCtx bc{f.block->name, i};
      Frame inner{chain[i], f.chain, &bc};
      Scope s;
      s.parent = &sc;
      std::string saved;
      std::swap(saved, out);
      bool ok = render_nodes(inner, it->second->bodies[0], s);
      std::swap(saved, out);
      if (!ok) return false;
      v.set_own(std::move(saved), true);
      return true;
    }
    return fail(f, e.off, "block " + ticked(f.block->name) + " has no parent block for `super()` to render");
  }

  bool eval_binary(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    Value av, bv;
    if (!eval(f, *e.kids[0], sc, av)) return false;
    if (e.op == Op::Neg || e.op == Op::Pos) {
      const json& a = av.get();
      if (!a.is_number()) return fail(f, e.off, std::string("unary `") + (e.op == Op::Neg ? "-" : "+") + "` needs a number, got a " + type_name(a));
      if (e.op == Op::Pos) v.set_own(a);
      else if (auto i = as_int(a); i && *i != INT64_MIN) v.set_own(-*i);
      else v.set_own(-a.get<double>());
      return true;
    }
    if (!eval(f, *e.kids[1], sc, bv)) return false;
    const json& a = av.get();
    const json& b = bv.get();
    switch (e.op) {
      case Op::Eq: v.set_own(a == b); return true;
      case Op::Ne: v.set_own(a != b); return true;
      case Op::Lt:
      case Op::Gt:
      case Op::Le:
      case Op::Ge: {
        int c;
        if (a.is_number() && b.is_number()) {
          auto ia = as_int(a), ib = as_int(b);
          if (ia && ib) c = *ia < *ib ? -1 : *ia > *ib;
          else {
            double x = a.get<double>(), y = b.get<double>();
            c = x < y ? -1 : x > y;
          }
        } else if (a.is_string() && b.is_string()) {
          c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
        } else {
          return fail(f, e.off, std::string("cannot compare a ") + type_name(a) + " with a " + type_name(b), "compare numbers with numbers, text with text");
        }
        bool r = e.op == Op::Lt ? c < 0 : e.op == Op::Gt ? c > 0 : e.op == Op::Le ? c <= 0 : c >= 0;
        v.set_own(r);
        return true;
      }
      case Op::In:
      case Op::NotIn: {
        bool r;
        if (b.is_array()) r = std::find(b.begin(), b.end(), a) != b.end();
        else if (b.is_string() && a.is_string()) r = b.get_ref<const std::string&>().find(a.get_ref<const std::string&>()) != std::string::npos;
        else if (b.is_object()) r = a.is_string() && b.contains(a.get_ref<const std::string&>());
        else return fail(f, e.off, std::string("`in` needs a list, an object or text on its right, got a ") + type_name(b));
        v.set_own(r != (e.op == Op::NotIn));
        return true;
      }
      default: return arithmetic(f, e, a, b, v);
    }
  }

  bool arithmetic(const Frame& f, const Expr& e, const json& a, const json& b, Value& v) {
    if (e.op == Op::Add && a.is_string() && b.is_string()) {
      if (!check_size(f, e.off, a.get_ref<const std::string&>().size() + b.get_ref<const std::string&>().size())) return false;
      v.set_own(a.get<std::string>() + b.get_ref<const std::string&>());
      return true;
    }
    if (e.op == Op::Add && a.is_array() && b.is_array()) {
      if (!charge_copy(f, e.off, a) || !charge_copy(f, e.off, b)) return false;
      json r = a;
      r.insert(r.end(), b.begin(), b.end());
      v.set_own(std::move(r));
      return true;
    }
    static const char* const sym[] = {"+", "-", "*", "/", "//", "%"};
    const char* s = sym[int(e.op) - int(Op::Add)];
    if (!a.is_number() || !b.is_number())
      return fail(f, e.off, std::string("`") + s + "` needs two numbers, got a " + type_name(a) + " and a " + type_name(b),
                  e.op == Op::Add ? "join text with `~`" : "");
    auto ia = as_int(a), ib = as_int(b);
    bool zero = ib ? *ib == 0 : b.get<double>() == 0.0;
    if (zero && (e.op == Op::Div || e.op == Op::FloorDiv || e.op == Op::Mod)) return fail(f, e.off, "division by zero");
    if (ia && ib && e.op != Op::Div) {
      int64_t x = *ia, y = *ib, r = 0;
      bool overflow = false;
      switch (e.op) {
        case Op::Add: overflow = __builtin_add_overflow(x, y, &r); break;
        case Op::Sub: overflow = __builtin_sub_overflow(x, y, &r); break;
        case Op::Mul: overflow = __builtin_mul_overflow(x, y, &r); break;
        default:  // floor division and modulo as in Python/Jinja: the sign follows the divisor
          if (x == INT64_MIN && y == -1) { overflow = true; break; }
          r = e.op == Op::FloorDiv ? x / y : x % y;
          if (e.op == Op::FloorDiv && (x % y != 0) && ((x < 0) != (y < 0))) --r;
          if (e.op == Op::Mod && r != 0 && ((r < 0) != (y < 0))) r += y;
      }
      if (!overflow) {
        v.set_own(r);
        return true;
      }
    }
    double x = a.get<double>(), y = b.get<double>(), r;
    switch (e.op) {
      case Op::Add: r = x + y; break;
      case Op::Sub: r = x - y; break;
      case Op::Mul: r = x * y; break;
      case Op::Div: r = x / y; break;
      case Op::FloorDiv: r = std::floor(x / y); break;
      default: r = std::fmod(x, y); if (r != 0 && ((r < 0) != (y < 0))) r += y;
    }
    v.set_own(r);
    return true;
  }

  // -- filters --------------------------------------------------------------------------------------

  bool eval_filter(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    Value base;
    bool undef = false;
    if (!eval(f, *e.kids[0], sc, base, e.builtin == Builtin::Default ? &undef : nullptr)) return false;
    std::vector<Value> args(e.kids.size() - 1);
    for (size_t i = 1; i < e.kids.size(); ++i)
      if (!eval(f, *e.kids[i], sc, args[i - 1])) return false;
    if (e.builtin == Builtin::Custom) return call_custom(f, e, base, args, v);
    if (e.builtin == Builtin::Default) {
      v = std::move(undef || base.get().is_null() ? args[0] : base);
      return true;
    }
    return builtin(f, e, base, args, v);
  }

  bool call_custom(const Frame& f, const Expr& e, const Value& base, const std::vector<Value>& args, Value& v) {
    auto it = env_.filters.find(e.name);
    if (it == env_.filters.end() || !it->second) return fail(f, e.off, "unknown filter " + ticked(e.name));
    std::vector<json> plain_args;
    plain_args.reserve(args.size());
    for (auto& a : args) {
      if (!charge_copy(f, e.off, a.get())) return false;
      plain_args.push_back(a.get());
    }
    std::optional<Result<json>> r;
    try {
      r.emplace(it->second(base.get(), plain_args));
    } catch (const std::exception& ex) {
      return fail(f, e.off, "filter " + ticked(e.name) + " failed: " + ex.what());
    }
    if (!*r) return fail(f, e.off, "filter " + ticked(e.name) + ": " + r->error().message, r->error().hint);
    v.set_own(std::move(**r));
    return true;
  }

  bool type_error(const Frame& f, const Expr& e, const Value& base, const char* wants) {
    return fail(f, e.off, "filter " + ticked(e.name) + " needs " + wants + ", " + ticked(describe(*e.kids[0])) + " is a " + type_name(base.get()));
  }

  bool builtin(const Frame& f, const Expr& e, Value& base, std::vector<Value>& args, Value& v) {
    const json& j = base.get();
    switch (e.builtin) {
      case Builtin::Safe:
        v = std::move(base);
        v.safe = true;
        return true;
      case Builtin::Escape: {
        if (base.safe) {
          v = std::move(base);
          return true;
        }
        std::string s;
        append_escaped(s, plain(j));
        v.set_own(std::move(s), true);
        return true;
      }
      case Builtin::String:
        v.set_own(plain(j), base.safe);
        return true;
      case Builtin::Length:
        if (j.is_string()) v.set_own(utf8_count(j.get_ref<const std::string&>()));
        else if (j.is_array() || j.is_object()) v.set_own(j.size());
        else return type_error(f, e, base, "text, a list or an object");
        return true;
      case Builtin::Upper:
      case Builtin::Lower: {
        if (!j.is_string()) return type_error(f, e, base, "text");
        std::string s = j.get<std::string>();
        for (char& c : s)
          if (c >= 'a' && c <= 'z' && e.builtin == Builtin::Upper) c = char(c - 32);
          else if (c >= 'A' && c <= 'Z' && e.builtin == Builtin::Lower) c = char(c + 32);
        v.set_own(std::move(s));
        return true;
      }
      case Builtin::Trim: {
        if (!j.is_string()) return type_error(f, e, base, "text");
        std::string_view s = j.get_ref<const std::string&>();
        while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
        while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
        v.set_own(std::string(s));
        return true;
      }
      case Builtin::Truncate: return truncate(f, e, base, args[0].get(), v);
      case Builtin::Join: {
        if (!j.is_array()) return type_error(f, e, base, "a list");
        std::string sep = args.empty() ? "" : plain(args[0].get());
        std::string s;
        for (size_t i = 0; i < j.size(); ++i) {
          if (i) s += sep;
          append_plain(s, j[i]);
          if (!check_size(f, e.off, s.size())) return false;
        }
        v.set_own(std::move(s));
        return true;
      }
      case Builtin::First:
      case Builtin::Last: {
        bool first = e.builtin == Builtin::First;
        if (j.is_array()) {
          if (j.empty()) v.set_own(nullptr);
          else take_element(v, base, first ? j.front() : j.back());
        } else if (j.is_string()) {
          const std::string& s = j.get_ref<const std::string&>();
          if (s.empty()) {
            v.set_own("");
          } else if (first) {
            v.set_own(s.substr(0, utf8_step(s, 0)));
          } else {
            size_t i = 0, last = 0;
            for (; i < s.size(); i += utf8_step(s, i)) last = i;
            v.set_own(s.substr(last));
          }
        } else {
          return type_error(f, e, base, "a list or text");
        }
        return true;
      }
      case Builtin::Json: {
        // Like Jinja's tojson: safe to put inside <script> and single-quoted attributes.
        std::string s;
        for (char c : dump(j)) {
          switch (c) {
            case '<': s += "\\u003c"; break;
            case '>': s += "\\u003e"; break;
            case '&': s += "\\u0026"; break;
            case '\'': s += "\\u0027"; break;
            default: s += c;
          }
        }
        if (!check_size(f, e.off, s.size())) return false;
        v.set_own(std::move(s), true);
        return true;
      }
      case Builtin::Urlencode: {
        if (j.is_array() || j.is_object() || j.is_null()) return type_error(f, e, base, "text or a number");
        static const char hex[] = "0123456789ABCDEF";
        std::string s;
        for (char ch : plain(j)) {
          auto c = static_cast<unsigned char>(ch);
          if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            s += ch;
          } else {
            s += '%';
            s += hex[c >> 4];
            s += hex[c & 15];
          }
        }
        if (!check_size(f, e.off, s.size())) return false;
        v.set_own(std::move(s));
        return true;
      }
      case Builtin::Replace: {
        if (!j.is_string()) return type_error(f, e, base, "text");
        std::string from = plain(args[0].get()), to = plain(args[1].get());
        const std::string& s = j.get_ref<const std::string&>();
        if (from.empty()) {
          v.set_own(s);
          return true;
        }
        std::string r;
        size_t pos = 0;
        for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
          r.append(s, pos, hit - pos);
          r += to;
          if (!check_size(f, e.off, r.size())) return false;
        }
        r.append(s, pos);
        v.set_own(std::move(r));
        return true;
      }
      case Builtin::Sort: return sort(f, e, base, args, v);
      case Builtin::Reverse:
        if (j.is_array()) {
          if (!charge_copy(f, e.off, j)) return false;
          json r = json::array();
          for (auto it = j.rbegin(); it != j.rend(); ++it) r.push_back(*it);
          v.set_own(std::move(r));
        } else if (j.is_string()) {
          const std::string& s = j.get_ref<const std::string&>();
          std::string r;
          r.reserve(s.size());
          for (size_t end = s.size(); end > 0;) {  // by code point, so UTF-8 stays valid
            size_t start = end - 1;
            while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
            r.append(s, start, end - start);
            end = start;
          }
          v.set_own(std::move(r));
        } else {
          return type_error(f, e, base, "a list or text");
        }
        return true;
      case Builtin::Int: {
        if (j.is_number_integer()) {
          v.set_own(j);
        } else if (j.is_boolean()) {
          v.set_own(j.get<bool>() ? 1 : 0);
        } else if (j.is_number_float() || j.is_string()) {
          double d = 0;
          if (j.is_string()) {
            std::string_view s = j.get_ref<const std::string&>();
            while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
            if (!s.empty() && s.front() == '+') s.remove_prefix(1);
            if (std::from_chars(s.data(), s.data() + s.size(), d).ec != std::errc())
              return fail(f, e.off, "filter `int`: " + ticked(s) + " is not a number");
          } else {
            d = j.get<double>();
          }
          if (!(std::fabs(d) < 9.2e18)) return fail(f, e.off, "filter `int`: " + dump(j) + " is out of range");
          v.set_own(static_cast<int64_t>(d));
        } else {
          return type_error(f, e, base, "a number or text");
        }
        return true;
      }
      default: return fail(f, e.off, "internal error: filter " + ticked(e.name) + " has no implementation");
    }
  }

  bool truncate(const Frame& f, const Expr& e, const Value& base, const json& n_arg, Value& v) {
    const json& j = base.get();
    if (!j.is_string()) return type_error(f, e, base, "text");
    auto n = as_int(n_arg);
    if (!n || *n < 0) return fail(f, e.off, "filter `truncate` needs a length of 0 or more, got " + dump(n_arg));
    const std::string& s = j.get_ref<const std::string&>();
    size_t i = 0;
    for (int64_t count = 0; i < s.size() && count < *n; ++count) i += utf8_step(s, i);
    while (i < s.size()) {  // keep vowel and tone marks with their consonant
      uint32_t cp;
      size_t len = utf8_step(s, i, &cp);
      if (!is_combining(cp)) break;
      i += len;
    }
    if (i >= s.size()) {
      v.set_own(s);
      return true;
    }
    std::string r = s.substr(0, i);
    while (!r.empty() && is_space(r.back())) r.pop_back();
    r += "…";
    v.set_own(std::move(r));
    return true;
  }

  bool sort(const Frame& f, const Expr& e, const Value& base, const std::vector<Value>& args, Value& v) {
    const json& j = base.get();
    if (!j.is_array()) return type_error(f, e, base, "a list");
    std::vector<std::string> path;  // sort("a.b") sorts by item.a.b
    if (!args.empty()) {
      if (!args[0].get().is_string()) return fail(f, e.off, "filter `sort` takes an attribute name, got a " + std::string(type_name(args[0].get())));
      std::string_view p = args[0].get().get_ref<const std::string&>();
      for (size_t dot; (dot = p.find('.')) != std::string_view::npos; p.remove_prefix(dot + 1)) path.emplace_back(p.substr(0, dot));
      path.emplace_back(p);
    }
    std::vector<const json*> keys;
    keys.reserve(j.size());
    for (const json& item : j) {
      const json* k = &item;
      for (const auto& part : path) {
        auto it = k->is_object() ? k->find(part) : k->end();
        if (!k->is_object() || it == k->end())
          return fail(f, e.off, "filter `sort`: an item has no " + ticked(args[0].get().get<std::string>()), "every item needs the attribute sorted by");
        k = &*it;
      }
      keys.push_back(k);
    }
    bool numbers = std::all_of(keys.begin(), keys.end(), [](const json* k) { return k->is_number(); });
    bool strings = std::all_of(keys.begin(), keys.end(), [](const json* k) { return k->is_string(); });
    if (!numbers && !strings) return fail(f, e.off, "filter `sort` needs all numbers or all text to compare");
    std::vector<size_t> order(j.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      if (numbers) return keys[x]->get<double>() < keys[y]->get<double>();
      return keys[x]->get_ref<const std::string&>() < keys[y]->get_ref<const std::string&>();
    });
    if (!charge_copy(f, e.off, j)) return false;
    json r = json::array();
    for (size_t i : order) r.push_back(j[i]);
    v.set_own(std::move(r));
    return true;
  }
};

std::string utf8_path(const std::filesystem::path& p) {
  auto u = p.generic_u8string();
  return std::string(u.begin(), u.end());
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Environment

Environment::Environment() : impl_(std::make_unique<Impl>()) {}
Environment::~Environment() = default;
Environment::Environment(Environment&&) noexcept = default;
Environment& Environment::operator=(Environment&&) noexcept = default;

void Environment::add_filter(std::string name, Filter f) { impl_->filters[std::move(name)] = std::move(f); }

Result<void> Environment::add_template(std::string name, std::string source, std::string file) {
  if (source.size() > kMaxSource)
    return make_error({file, 0, 0}, "template is larger than " + std::to_string(kMaxSource >> 20) + " MiB");
  if (source.rfind("\xEF\xBB\xBF", 0) == 0) source.erase(0, 3);  // a BOM would be printed, or break `extends`
  auto t = std::make_unique<Template>();
  t->name = std::move(name);
  t->file = std::move(file);
  t->source = std::move(source);
  t->line_starts.push_back(0);
  for (size_t i = 0; i < t->source.size(); ++i)
    if (t->source[i] == '\n') t->line_starts.push_back(uint32_t(i + 1));
  try {
    Parser p(*t, *impl_);
    if (auto err = p.run()) return *err;
  } catch (const std::exception& ex) {
    return make_error({t->file, 0, 0}, std::string("internal error while parsing the template: ") + ex.what());
  }
  std::string key = t->name;
  impl_->templates[key] = std::move(t);
  return {};
}

Result<void> Environment::load_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error({utf8_path(dir), 0, 0}, "template folder not found", "check the theme name in site.toml");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    auto ext = it->path().extension();
    if (it->is_regular_file(ec) && (ext == ".html" || ext == ".xml" || ext == ".txt")) files.push_back(it->path());
  }
  if (ec) return make_error({utf8_path(dir), 0, 0}, "cannot list the template folder: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    auto text = read_source_file(p, utf8_path(p), SourceKind::Template, dir);  // bounded, inside `dir`
    if (!text) return text.error();
    auto r = add_template(utf8_path(p.lexically_relative(dir)), std::move(*text), utf8_path(p));
    if (!r) return r;
  }
  return {};
}

Result<void> Environment::validate() const {
  for (const auto& [name, t] : impl_->templates) {
    if (!t->parent.empty()) {
      if (!has(t->parent))
        return t->error(t->parent_off, "`{% extends %}`: template " + ticked(t->parent) + " not found",
                        "templates are named relative to the templates folder, e.g. \"baseof.html\"");
      std::vector<const Template*> chain{t.get()};
      while (!chain.back()->parent.empty()) {
        auto it = impl_->templates.find(chain.back()->parent);
        if (it == impl_->templates.end()) break;  // reported for that template
        if (std::find(chain.begin(), chain.end(), it->second.get()) != chain.end()) {
          std::string cycle;
          for (auto* c : chain) cycle += c->name + " → ";
          return t->error(t->parent_off, "`{% extends %}` cycle: " + cycle + it->first);
        }
        chain.push_back(it->second.get());
      }
    }
    for (const auto& [target, off] : t->includes)
      if (!has(target))
        return t->error(off, "`{% include %}`: template " + ticked(target) + " not found",
                        "templates are named relative to the templates folder, e.g. \"partials/header.html\"");
  }
  return {};
}

bool Environment::has(std::string_view name) const { return impl_->templates.find(name) != impl_->templates.end(); }

Result<std::string> Environment::render(std::string_view name, const json& context, std::string_view page) const {
  std::string suffix = page.empty() ? "" : " (rendering " + std::string(page) + ")";
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end())
    return make_error({}, "template " + ticked(name) + " not found" + suffix, "check the page's `layout`, or add the template to the theme");
  if (!context.is_object()) return make_error({}, "the template context must be a JSON object" + suffix);
  Renderer r(*impl_, page);
  r.out.reserve(16384);
  Scope root;
  root.globals = &context;
  try {
    if (!r.render_template(*it->second, root)) return *r.err;
  } catch (const std::exception& ex) {
    return make_error({it->second->file, 0, 0}, std::string("internal error while rendering: ") + ex.what() + suffix);
  }
  return std::move(r.out);
}

std::vector<std::string> Environment::dependencies(std::string_view name) const {
  std::set<std::string> seen{std::string(name)};
  std::vector<std::string> todo{std::string(name)};
  while (!todo.empty()) {
    std::string n = std::move(todo.back());
    todo.pop_back();
    auto it = impl_->templates.find(n);
    if (it == impl_->templates.end()) continue;
    const Template& t = *it->second;
    auto visit = [&](const std::string& target) {
      if (seen.insert(target).second) todo.push_back(target);
    };
    if (!t.parent.empty()) visit(t.parent);
    for (const auto& inc : t.includes) visit(inc.first);
  }
  return {seen.begin(), seen.end()};
}

}  // namespace oit::tmpl
