#include "core/template_lexer.h"

#include <doctest/doctest.h>

#include "core/template_test_util.h"

using namespace oit::tmpl;

TEST_CASE("template_lexer: pieces of text, output, tags and comments, with whitespace control") {
  Template t = make_template("a {{ x }}\n  {%- if y -%}  b{# note #}{ c");
  std::vector<Piece> pieces;
  REQUIRE_FALSE(split_pieces(t, pieces).has_value());
  REQUIRE(pieces.size() == 7);
  CHECK(pieces[0].kind == Piece::Text);
  CHECK(pieces[0].text == "a ");
  CHECK(pieces[1].kind == Piece::Output);
  CHECK(t.source.substr(pieces[1].b, pieces[1].e - pieces[1].b) == " x ");
  CHECK(pieces[2].text == "");  // "\n  " eaten by `{%-`
  CHECK(pieces[3].kind == Piece::Tag);
  CHECK(t.source.substr(pieces[3].b, pieces[3].e - pieces[3].b) == " if y ");
  CHECK(pieces[4].text == "b");  // "  " eaten by `-%}`
  CHECK(pieces[4].off == t.source.find('b', 10));
  CHECK(pieces[5].kind == Piece::Comment);
  CHECK(pieces[6].text == "{ c");
  // a lone `{` is text; the last piece is everything after the comment
  std::vector<Piece> more;
  Template t2 = make_template("{# c #}{ c");
  REQUIRE_FALSE(split_pieces(t2, more).has_value());
  REQUIRE(more.size() == 2);
  CHECK(more[1].text == "{ c");
}

TEST_CASE("template_lexer: a closer inside a string does not end the tag; an unterminated tag is an error") {
  Template t = make_template("{{ \"}}\" }}");
  std::vector<Piece> pieces;
  REQUIRE_FALSE(split_pieces(t, pieces).has_value());
  REQUIRE(pieces.size() == 1);
  CHECK(pieces[0].kind == Piece::Output);

  Template bad = make_template("line one\n  {% if x ");
  std::vector<Piece> none;
  auto err = split_pieces(bad, none);
  REQUIRE(err.has_value());
  CHECK(err->str() == "themes/t/t.html:2:3: unterminated `{%`\n  hint: add the closing `%}`");
}

TEST_CASE("template_lexer: tokens of one tag") {
  Template t = make_template("x.y | join(\", \") + 12 // 2.5e1 ~ 'a\\n' == -3");
  std::vector<Token> toks;
  REQUIRE_FALSE(tokenize(t, 0, uint32_t(t.source.size()), toks).has_value());
  std::vector<std::string_view> texts;
  for (auto& k : toks) texts.push_back(k.text);
  CHECK(texts == std::vector<std::string_view>{"x", ".", "y", "|", "join", "(", "\", \"", ")", "+", "12", "//", "2.5e1",
                                               "~", "'a\\n'", "==", "-", "3", ""});
  CHECK(toks[6].kind == Tok::Str);
  CHECK(toks[6].val == ", ");
  CHECK(toks[9].kind == Tok::Int);
  CHECK(toks[9].val == 12);
  CHECK(toks[11].kind == Tok::Float);
  CHECK(toks[11].val == 25.0);
  CHECK(toks[13].val == "a\n");
  CHECK(toks.back().kind == Tok::End);
  CHECK(toks.back().off == t.source.size());
  // tokenize replaces what was there
  REQUIRE_FALSE(tokenize(t, 0, 1, toks).has_value());
  CHECK(toks.size() == 2);
}

TEST_CASE("template_lexer: bad characters, strings and numbers point at themselves") {
  std::vector<Token> toks;
  Template amp = make_template("a & b");
  auto err = tokenize(amp, 0, uint32_t(amp.source.size()), toks);
  REQUIRE(err.has_value());
  CHECK(err->str() == "themes/t/t.html:1:3: unexpected character `&` in expression");
  Template str = make_template("'open");
  err = tokenize(str, 0, uint32_t(str.source.size()), toks);
  REQUIRE(err.has_value());
  CHECK(err->message == "unterminated string");
  Template big = make_template("1e999");
  err = tokenize(big, 0, uint32_t(big.source.size()), toks);
  REQUIRE(err.has_value());
  CHECK(err->message == "number `1e999` is out of range");
}
