#include "core/template_render.h"

#include <doctest/doctest.h>

#include "core/template_test_util.h"

#include <stdexcept>

#include "core/template_parser.h"

using nlohmann::json;
using namespace oit::tmpl;

namespace {

// Parses `source` as template `name` into `env`.
const Template& add(EnvState& env, const std::string& name, std::string source) {
  auto t = std::make_unique<Template>(make_template(std::move(source), name));
  auto err = parse_template(*t, env);
  REQUIRE_MESSAGE(!err.has_value(), err->str());
  auto& slot = env.templates[name];
  slot = std::move(t);
  return *slot;
}

}  // namespace

TEST_CASE("template_render: a page renders through its layout, its includes and the builtin filters") {
  EnvState env;
  add(env, "base.html", "<title>{% block title %}base{% endblock %}</title>{% include \"nav.html\" %}");
  add(env, "nav.html", "{% for m in menu %}{{ loop.index }}:{{ m | upper }};{% endfor %}");
  const Template& page = add(env, "page.html", "{% extends \"base.html\" %}{% block title %}{{ t }} | {{ super() }}{% endblock %}");
  auto out = render_page(env, page, json{{"t", "<a>"}, {"menu", {"x", "y"}}}, "content/a.md");
  REQUIRE_MESSAGE(out.ok(), out.error().str());
  CHECK(*out == "<title>&lt;a&gt; | base</title>1:X;2:Y;");
}

TEST_CASE("template_render: errors name the template position, the page and the include") {
  EnvState env;
  add(env, "part.html", "\n  {{ missing }}");
  const Template& page = add(env, "page.html", "{% include \"part.html\" %}");
  auto out = render_page(env, page, json::object(), "content/a.md");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().str() ==
        "themes/t/part.html:2:6: undefined variable `missing` (rendering content/a.md; included from themes/t/page.html:1:12)\n"
        "  hint: use `is defined` or `| default(...)` when it may be absent");
}

TEST_CASE("template_render: a custom filter that throws becomes an error, not a crash") {
  EnvState env;
  env.filters["boom"] = [](const json&, const std::vector<json>&) -> oit::Result<json> { throw std::runtime_error("bad"); };
  const Template& page = add(env, "page.html", "{{ 1 | boom }}");
  auto out = render_page(env, page, json::object(), "content/a.md");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().message == "filter `boom` failed: bad (rendering content/a.md)");
  CHECK(out.error().pos.col == 8);
}
