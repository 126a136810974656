// The template engine's lexer: a template's source → pieces (text, {{ }}, {% %}, {# #}) with whitespace
// control applied, and the inside of one tag → tokens. Internal; the rest of oit includes core/template.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/template_ast.h"

namespace oit::tmpl {

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

// Splits t.source into `pieces` (views into t.source). Errors (an unterminated tag) point into `t`.
std::optional<Error> split_pieces(const Template& t, std::vector<Piece>& pieces);

// Replaces `toks` with the tokens of t.source[b, e), the inside of one tag, ending with a Tok::End at e.
std::optional<Error> tokenize(const Template& t, uint32_t b, uint32_t e, std::vector<Token>& toks);

}  // namespace oit::tmpl
