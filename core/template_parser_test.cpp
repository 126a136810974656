#include "core/template_parser.h"

#include <doctest/doctest.h>

#include "core/template_test_util.h"

using nlohmann::json;
using namespace oit::tmpl;

TEST_CASE("template_parser: output, filters and folded literals become a tree") {
  EnvState env;
  Template t = make_template("<p>{{ page.title | upper }}</p>{{ [1, 2] }}{{ -3 }}");
  REQUIRE_FALSE(parse_template(t, env).has_value());
  REQUIRE(t.body.size() == 5);
  CHECK(t.body[0].kind == NodeKind::Text);
  CHECK(t.body[0].text == "<p>");
  const Node& out = t.body[1];
  CHECK(out.kind == NodeKind::Output);
  CHECK(out.expr->op == Op::Filter);
  CHECK(out.expr->builtin == Builtin::Upper);
  CHECK(out.expr->kids[0]->op == Op::Attr);
  CHECK(out.expr->kids[0]->name == "title");
  CHECK(t.body[3].expr->op == Op::Lit);  // a constant list is built once
  CHECK(t.body[3].expr->lit == json::array({1, 2}));
  CHECK(t.body[4].expr->lit == -3);
}

TEST_CASE("template_parser: extends, blocks and includes are collected") {
  EnvState env;
  Template t = make_template("{% extends \"base.html\" %}\n{% block main %}{% include \"p.html\" %}{% endblock %}\n");
  REQUIRE_FALSE(parse_template(t, env).has_value());
  CHECK(t.parent == "base.html");
  REQUIRE(t.blocks.count("main") == 1);
  REQUIRE(t.includes.size() == 1);
  CHECK(t.includes[0].first == "p.html");
}

TEST_CASE("template_parser: a custom filter must be known when the template is parsed") {
  EnvState env;
  Template t = make_template("{{ x | thai_date }}");
  auto err = parse_template(t, env);
  REQUIRE(err.has_value());
  CHECK(err->pos.line == 1);
  CHECK(err->pos.col == 8);
  CHECK(err->message == "unknown filter `thai_date`");

  env.filters["thai_date"] = [](const json& v, const std::vector<json>&) -> oit::Result<json> { return v; };
  Template again = make_template("{{ x | thai_date }}");
  REQUIRE_FALSE(parse_template(again, env).has_value());
  CHECK(again.body[0].expr->builtin == Builtin::Custom);
}

TEST_CASE("template_parser: lexer errors and unclosed tags are reported with their position") {
  EnvState env;
  Template bad_char = make_template("\n{{ a ; b }}");
  auto err = parse_template(bad_char, env);
  REQUIRE(err.has_value());
  CHECK(err->str() == "themes/t/t.html:2:6: unexpected character `;` in expression");
  Template unclosed = make_template("{% if x %}open");
  err = parse_template(unclosed, env);
  REQUIRE(err.has_value());
  CHECK(err->str() == "themes/t/t.html:1:1: unclosed `{% if %}`\n  hint: add `{% endif %}`");
}
