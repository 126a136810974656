#include "core/template_parser.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <string>
#include <string_view>
#include <vector>

#include "core/template_lexer.h"
#include "core/template_values.h"

namespace oit::tmpl {

namespace {

class Parser {
 public:
  Parser(Template& t, const EnvState& env) : t_(t), env_(env), src_(t.source) {}

  std::optional<Error> run() {
    if (!lexed(split_pieces(t_, pieces_))) return err_;
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

  // A lexer error becomes the parse error (the first error wins, as with fail()).
  bool lexed(std::optional<Error> lex_error) {
    if (!lex_error) return true;
    if (!err_) err_ = std::move(lex_error);
    return false;
  }

  bool tokenize(uint32_t b, uint32_t e) {
    ti_ = 0;
    return lexed(oit::tmpl::tokenize(t_, b, e, toks_));
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

}  // namespace

std::optional<Error> parse_template(Template& t, const EnvState& env) {
  Parser p(t, env);
  return p.run();
}

}  // namespace oit::tmpl
