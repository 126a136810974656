#include "core/template_lexer.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "core/template_values.h"

namespace oit::tmpl {

namespace {

class Lexer {
 public:
  Lexer(const Template& t, std::vector<Piece>& pieces, std::vector<Token>& toks)
      : t_(t), src_(t.source), pieces_(pieces), toks_(toks) {}

  std::optional<Error> take_error() { return std::move(err_); }

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

 private:
  const Template& t_;
  std::string_view src_;
  std::vector<Piece>& pieces_;
  std::vector<Token>& toks_;
  std::optional<Error> err_;

  bool fail(uint32_t off, std::string msg, std::string hint = {}) {
    if (!err_) err_ = t_.error(off, std::move(msg), std::move(hint));
    return false;
  }
};

}  // namespace

std::optional<Error> split_pieces(const Template& t, std::vector<Piece>& pieces) {
  std::vector<Token> no_tokens;
  Lexer lx(t, pieces, no_tokens);
  return lx.split() ? std::nullopt : lx.take_error();
}

std::optional<Error> tokenize(const Template& t, uint32_t b, uint32_t e, std::vector<Token>& toks) {
  std::vector<Piece> no_pieces;
  Lexer lx(t, no_pieces, toks);
  return lx.tokenize(b, e) ? std::nullopt : lx.take_error();
}

}  // namespace oit::tmpl
