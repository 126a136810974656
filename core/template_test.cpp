#include "core/template.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

using nlohmann::json;
using oit::tmpl::Environment;

namespace {

const char* kFile = "themes/default/templates/t.html";
const char* kPage = "content/about.md";

// Renders `src` as template "t.html"; errors come back as "LOAD: ..." / "RENDER: ..." text.
std::string render(const std::string& src, const json& ctx = json::object()) {
  Environment env;
  auto added = env.add_template("t.html", src, kFile);
  if (!added) return "LOAD: " + added.error().str();
  auto out = env.render("t.html", ctx, kPage);
  if (!out) return "RENDER: " + out.error().str();
  return *out;
}

oit::Error load_error(const std::string& src) {
  Environment env;
  auto added = env.add_template("t.html", src, kFile);
  REQUIRE_FALSE(added.ok());
  return added.error();
}

oit::Error render_error(const std::string& src, const json& ctx = json::object()) {
  Environment env;
  auto added = env.add_template("t.html", src, kFile);
  REQUIRE_MESSAGE(added.ok(), added.error().str());
  auto out = env.render("t.html", ctx, kPage);
  REQUIRE_FALSE(out.ok());
  return out.error();
}

// An environment from name → source pairs; file paths are "tpl/<name>".
Environment env_of(std::initializer_list<std::pair<const char*, const char*>> templates) {
  Environment env;
  for (auto& [name, src] : templates) {
    auto r = env.add_template(name, src, std::string("tpl/") + name);
    REQUIRE_MESSAGE(r.ok(), r.error().str());
  }
  return env;
}

std::string render_env(const Environment& env, const char* name, const json& ctx = json::object()) {
  auto out = env.render(name, ctx, kPage);
  if (!out) return "RENDER: " + out.error().str();
  return *out;
}

}  // namespace

TEST_CASE("template: text, Thai text and comments pass through") {
  CHECK(render("") == "");
  CHECK(render("plain <b>html</b> { not a tag } %}") == "plain <b>html</b> { not a tag } %}");
  CHECK(render("สำนักงานเขตพื้นที่ {# ความเห็น {{ x }} #}การศึกษา") == "สำนักงานเขตพื้นที่ การศึกษา");
  CHECK(render("{{ name }} — {{ 'ข้อความ' }}", {{"name", "กรมบัญชีกลาง"}}) == "กรมบัญชีกลาง — ข้อความ");
  CHECK(render("{{ 'a' }}\xEF\xBB\xBF") == "a\xEF\xBB\xBF");  // only a leading BOM is dropped
  CHECK(render("\xEF\xBB\xBFx") == "x");
}

TEST_CASE("template: escaping by default, safe content untouched") {
  json ctx = {{"x", "<a href=\"u\">Tom & 'Jerry'</a>"}, {"n", 42}, {"f", 2.5}, {"t", true}, {"z", nullptr},
              {"list", {1, "<i>"}}};
  CHECK(render("{{ x }}", ctx) == "&lt;a href=&#34;u&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(render("{{ x | safe }}", ctx) == "<a href=\"u\">Tom & 'Jerry'</a>");
  CHECK(render("{{ x | e }}|{{ x | escape | e }}", ctx) == "&lt;a href=&#34;u&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;|"
                                                          "&lt;a href=&#34;u&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(render("{{ x | safe | escape }}", ctx) == "<a href=\"u\">Tom & 'Jerry'</a>");
  // Safety follows values: through set, default and string; not through ~, join, truncate.
  CHECK(render("{% set h = x | safe %}{{ h }}", ctx) == "<a href=\"u\">Tom & 'Jerry'</a>");
  CHECK(render("{{ missing | default(x | safe) }}", ctx) == "<a href=\"u\">Tom & 'Jerry'</a>");
  CHECK(render("{{ '<b>' | safe | string }}") == "<b>");
  CHECK(render("{{ '<b>' | safe ~ '<i>' }}") == "&lt;b&gt;&lt;i&gt;");
  CHECK(render("{{ '<b>' | safe ~ '<i>' | safe }}") == "<b><i>");
  CHECK(render("{{ ['<b>'] | join(', ') }}") == "&lt;b&gt;");
  CHECK(render("{{ '<b>xyz' | safe | truncate(2) }}") == "&lt;b…");
  CHECK(render("{{ n }} {{ f }} {{ t }} [{{ z }}] {{ list }}", ctx) == "42 2.5 true [] [1,&#34;&lt;i&gt;&#34;]");
  CHECK(render("{{ list | json }}", ctx) == "[1,\"\\u003ci\\u003e\"]");
  CHECK(render("{{ {'a': 1} }}") .rfind("LOAD: ", 0) == 0);  // no dict literals
}

TEST_CASE("template: whitespace control") {
  CHECK(render("a  {{- 'b' -}}  c") == "abc");
  CHECK(render("<ul>\n  {%- for x in [1, 2] %}\n  <li>{{ x }}</li>\n  {%- endfor %}\n</ul>") ==
        "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>");
  CHECK(render("a\n{#- note -#}\nb") == "ab");
  CHECK(render("x {%- if true -%} y {%- endif -%} z") == "xyz");
  CHECK(render("{{ 5 - 3 }} {{ 5-3 }}") == "2 2");
}

TEST_CASE("template: if / elif / else and truthiness") {
  const char* src = "{% if n > 10 %}big{% elif n > 5 %}mid{% elif n == 0 %}zero{% else %}small{% endif %}";
  CHECK(render(src, {{"n", 20}}) == "big");
  CHECK(render(src, {{"n", 7}}) == "mid");
  CHECK(render(src, {{"n", 0}}) == "zero");
  CHECK(render(src, {{"n", 3}}) == "small");
  json values = {{"s", ""}, {"l", json::array()}, {"o", json::object()}, {"i", 0}, {"f", 0.0}, {"z", nullptr}, {"b", false}};
  for (auto& [k, v] : values.items())
    CHECK_MESSAGE(render("{% if " + k + " %}T{% else %}F{% endif %}", values) == "F", k);
  json truthy = {{"s", "x"}, {"l", {0}}, {"o", {{"a", 0}}}, {"i", -1}, {"f", 0.5}, {"b", true}};
  for (auto& [k, v] : truthy.items())
    CHECK_MESSAGE(render("{% if " + k + " %}T{% else %}F{% endif %}", truthy) == "T", k);
}

TEST_CASE("template: for loops, loop variables, else, objects") {
  json ctx = {{"items", {"a", "b", "c"}}, {"empty", json::array()}, {"obj", {{"y", 2}, {"x", 1}}}};
  CHECK(render("{% for i in items %}{{ loop.index }}{{ loop.index0 }}{{ i }}{% if loop.first %}F{% endif %}"
               "{% if loop.last %}L{% endif %}/{{ loop.length }} {% endfor %}", ctx) == "10aF/3 21b/3 32cL/3 ");
  CHECK(render("{% for i in items %}{{ loop.revindex }}{{ loop.revindex0 }} {% endfor %}", ctx) == "32 21 10 ");
  CHECK(render("{% for i in empty %}x{% else %}none{% endfor %}", ctx) == "none");
  CHECK(render("{% for i in items %}{{ i }}{% else %}none{% endfor %}", ctx) == "abc");
  CHECK(render("{% for k, v in obj %}{{ k }}={{ v }};{% endfor %}", ctx) == "x=1;y=2;");
  CHECK(render("{% for k in obj %}{{ k }}{% endfor %}", ctx) == "xy");
  // the inner loop's `loop` shadows the outer one; the outer comes back after it
  CHECK(render("{% for a in [1, 2] %}{% for b in [1, 2, 3] %}{{ loop.index }}{% endfor %}|{{ loop.index }} {% endfor %}") ==
        "123|1 123|2 ");
  CHECK(render("{% for l in [[1, 2], [3]] %}{% for x in l %}{{ x }}{% endfor %};{% endfor %}") == "12;3;");
  CHECK(render("{% for i in items %}{{ loop | json }}{% endfor %}", {{"items", {1}}}) ==
        R"({"first":true,"index":1,"index0":0,"last":true,"length":1,"revindex":1,"revindex0":0})");
}

TEST_CASE("template: set scoping") {
  CHECK(render("{% set x = 1 %}{{ x }}{% set x = x + 1 %}{{ x }}") == "12");
  // if has no scope: set inside it is visible after it
  CHECK(render("{% if true %}{% set x = 'in' %}{% endif %}{{ x }}") == "in");
  // each loop iteration has its own scope: set inside does not leak or carry over
  CHECK(render("{% set n = 0 %}{% for i in [1, 2, 3] %}{% set n = n + i %}{{ n }}{% endfor %}|{{ n }}") == "123|0");
  // a set value lives as long as its scope, even when borrowed from a loop item
  CHECK(render("{% for i in [[1, 2]] %}{% set first = i[0] %}{% set i = 'x' %}{{ first }}{{ i }}{% endfor %}") == "1x");
  CHECK(render("{% set l = [1, [2, 3]] %}{% set inner = l[1] %}{% set l = 0 %}{{ inner[1] }}{{ l }}") == "30");
  CHECK(render("{{ x }}{% set x = 'local' %}{{ x }}", {{"x", "ctx"}}) == "ctxlocal");
}

TEST_CASE("template: include sees current variables, loop variables, and does not leak") {
  auto env = env_of({{"page.html", "{% set who = 'page' %}{% for item in items %}{% include \"partials/item.html\" %}{% endfor %}"
                                   "[{{ who }}]{% if leaked is defined %}LEAK{% endif %}"},
                     {"partials/item.html", "<li>{{ loop.index }}:{{ item.name }} by {{ who }} in {{ site.title }}</li>"
                                            "{% set leaked = 1 %}"}});
  json ctx = {{"site", {{"title", "กรม"}}}, {"items", {{{"name", "a"}}, {{"name", "b"}}}}};
  CHECK(render_env(env, "page.html", ctx) == "<li>1:a by page in กรม</li><li>2:b by page in กรม</li>[page]");
}

TEST_CASE("template: a partial can include itself to render a tree") {
  auto env = env_of({{"sitemap.html", "<ul>{% for node in sitemap %}{% include \"partials/tree.html\" %}{% endfor %}</ul>"},
                     {"partials/tree.html", "<li>{{ node.title }}{% if node.children %}<ul>{% for node in node.children %}"
                                            "{% include \"partials/tree.html\" %}{% endfor %}</ul>{% endif %}</li>"}});
  json ctx = {{"sitemap", {{{"title", "a"}, {"children", {{{"title", "a1"}, {"children", json::array()}}}}},
                           {{"title", "b"}, {"children", json::array()}}}}};
  CHECK(render_env(env, "sitemap.html", ctx) == "<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>");
}

TEST_CASE("template: extends three levels deep with blocks and super()") {
  auto env = env_of({
      {"baseof.html", "<title>{% block title %}Site{% endblock %}</title>"
                      "<main>{% block main %}base main{% endblock %}</main>"
                      "<nav>{{ nav | default('none') }}</nav>{% block footer %}base-footer{% endblock footer %}"},
      {"section.html", "{% extends \"baseof.html\" %}\n"
                       "{% block title %}{{ page.title }} | {{ super() }}{% endblock %}\n"
                       "{% block main %}<section>{% block list %}section list{% endblock %}</section>{% endblock %}\n"},
      {"news.html", "{% extends \"section.html\" %}\n{# a child sets what its layout shows #}\n"
                    "{% set nav = 'news' %}\n"
                    "{% block list %}news list ({{ super() }}){% endblock %}\n"
                    "{% block title %}ข่าว: {{ super() }}{% endblock %}"},
  });
  json ctx = {{"page", {{"title", "T"}}}};
  CHECK(render_env(env, "news.html", ctx) ==
        "<title>ข่าว: T | Site</title><main><section>news list (section list)</section></main><nav>news</nav>base-footer");
  CHECK(render_env(env, "section.html", ctx) ==
        "<title>T | Site</title><main><section>section list</section></main><nav>none</nav>base-footer");
  CHECK(render_env(env, "baseof.html", ctx) == "<title>Site</title><main>base main</main><nav>none</nav>base-footer");
  CHECK(env.validate().ok());
  CHECK(env.dependencies("news.html") == std::vector<std::string>{"baseof.html", "news.html", "section.html"});
}

TEST_CASE("template: expressions") {
  json ctx = {{"page", {{"title", "หน้า"}, {"tags", {"a", "b"}}, {"meta", {{"k", "v"}}}}}, {"n", 7}, {"key", "k"}};
  CHECK(render("{{ 'a' }}{{ \"b\" }}{{ 'it\\'s' }}{{ 1 }}{{ -2 }}{{ 1.5 }}{{ true }}{{ none }}{{ [1, 'x'] | length }}") ==
        "abit&#39;s1-21.5true2");
  CHECK(render("{{ page.title }} {{ page['title'] }} {{ page.tags[1] }} {{ page.tags[-1] }} {{ page.meta[key] }}", ctx) ==
        "หน้า หน้า b b v");
  CHECK(render("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 0.5 + 1 }}") ==
        "7 9 3.5 3 -4 1 2 1.5");
  CHECK(render("{{ 9223372036854775807 + 1 > 0 }}") == "true");  // overflow turns into a float, never UB
  CHECK(render("{{ 'a' ~ 1 ~ none ~ true }}") == "a1true");
  CHECK(render("{{ 1 < 2 }}{{ 2 <= 2 }}{{ 3 > 4 }}{{ 'b' >= 'a' }}{{ 1 == 1.0 }}{{ 'a' != 'b' }}{{ [1] == [1] }}") ==
        "truetruefalsetruetruetruetrue");
  CHECK(render("{{ 'a' in page.tags }}{{ 'z' not in page.tags }}{{ 'น' in page.title }}{{ 'k' in page.meta }}{{ 'x' in 'abc' }}", ctx) ==
        "truetruetruetruefalse");
  CHECK(render("{{ true and 'yes' }} {{ 0 or 'fallback' }} {{ not 0 }} {{ not 1 and true }} {{ false or 0 }}") == "yes fallback true false 0");
  CHECK(render("{{ 'big' if n > 5 else 'small' }}|{{ 'x' if n > 100 }}", ctx) == "big|");
  CHECK(render("{{ [1, 2] + [3] }} {{ 'ab' + 'c' }}") == "[1,2,3] abc");
  CHECK(render("{{ -n }} {{ +n }} {{ - (n) }}", ctx) == "-7 7 -7");
  CHECK(render("{{ 'a' if false else 'b' if true else 'c' }}") == "b");
}

TEST_CASE("template: tests") {
  json ctx = {{"page", {{"title", "t"}, {"date", nullptr}}}, {"n", 3}};
  CHECK(render("{{ page is defined }}{{ nope is defined }}{{ page.title is defined }}{{ page.nope is defined }}"
               "{{ page.nope.deeper is defined }}{{ page.title.x is defined }}{{ page.tags[3] is defined }}",
               ctx) == "truefalsetruefalsefalsefalsefalse");
  CHECK(render("{{ nope is not defined }}{{ page is not defined }}{{ nope is undefined }}", ctx) == "truefalsetrue");
  CHECK(render("{{ page.date is none }}{{ page.title is none }}{{ page.title is not none }}", ctx) == "truefalsetrue");
  CHECK(render("{{ n is odd }}{{ n is even }}{{ page is mapping }}{{ [1] is sequence }}{{ 'x' is string }}{{ n is number }}", ctx) ==
        "truefalsetruetruetruetrue");
  CHECK(render("{% if not nope is defined %}absent{% endif %}", ctx) == "absent");
}

TEST_CASE("template: built-in filters") {
  json ctx = {{"items", {{{"t", "b"}, {"d", {{"y", 2}}}}, {{"t", "a"}, {"d", {{"y", 3}}}}, {{"t", "c"}, {"d", {{"y", 1}}}}}},
              {"thai", "ประกาศผลการจัดซื้อจัดจ้าง"},
              {"z", nullptr}};
  CHECK(render("{{ nope | default('d') }}|{{ z | default('null') }}|{{ 0 | default('x') }}|{{ '' | d('e') }}", ctx) == "d|null|0|");
  CHECK(render("{{ 'ไทย' | length }} {{ [1, 2] | length }} {{ {} | count }}").rfind("LOAD: ", 0) == 0);
  CHECK(render("{{ 'ไทย' | length }} {{ [1, 2] | length }} {{ items[0] | count }}", ctx) == "3 2 2");
  CHECK(render("{{ 'Ab ไทย' | upper }} {{ 'Ab ไทย' | lower }} [{{ ' \t x y \n' | trim }}]") == "AB ไทย ab ไทย [x y]");
  CHECK(render("{{ [1, 'a', none] | join(', ') }} {{ ['x', 'y'] | join }}") == "1, a,  xy");
  CHECK(render("{{ [1, 2] | first }}{{ [1, 2] | last }}[{{ [] | first }}]{{ 'กขค' | first }}{{ 'กขค' | last }}") == "12[]กค");
  CHECK(render("{{ {'a': 1} }}").rfind("LOAD: ", 0) == 0);
  CHECK(render("{{ 'ก ข/ค?a=1&b' | urlencode }}") == "%E0%B8%81%20%E0%B8%82/%E0%B8%84%3Fa%3D1%26b");
  CHECK(render("{{ 'a-b-c' | replace('-', '+') }} {{ 'aaa' | replace('', 'x') }} {{ 'ไทย ไทย' | replace('ไทย', 'TH') }}") ==
        "a+b+c aaa TH TH");
  CHECK(render("{{ [3, 1, 2] | sort }} {{ ['b', 'a'] | sort }} {{ [3, 1, 2] | sort | reverse }} {{ 'กขค' | reverse }}") ==
        "[1,2,3] [&#34;a&#34;,&#34;b&#34;] [3,2,1] คขก");
  CHECK(render("{% for i in items | sort('t') %}{{ i.t }}{% endfor %} {% for i in items | sort('d.y') %}{{ i.t }}{% endfor %}", ctx) ==
        "abc cba");
  CHECK(render("{{ '42' | int + 1 }} {{ ' 7 ' | int }} {{ 3.9 | int }} {{ -3.9 | int }} {{ true | int }} {{ '2567.5' | int }}") ==
        "43 7 3 -3 1 2567");
  CHECK(render("{{ 12 | string ~ 'x' }} {{ 2567 | string | length }}") == "12x 4");
  CHECK(render("{{ ['a', {'x': none}] | json }}").rfind("LOAD: ", 0) == 0);
  CHECK(render("{{ [\"a'<\", none, 1.5] | json }}") == R"(["a\u0027\u003c",null,1.5])");
}

TEST_CASE("template: truncate counts code points and keeps Thai letters whole") {
  CHECK(render("{{ 'hello world' | truncate(5) }}") == "hello…");
  CHECK(render("{{ 'hello world' | truncate(6) }}") == "hello…");  // trailing space dropped before …
  CHECK(render("{{ 'hello' | truncate(5) }}|{{ 'hello' | truncate(50) }}|{{ '' | truncate(0) }}") == "hello|hello|");
  // ประกาศ = ป ร ะ ก า ศ: six code points, 18 bytes
  CHECK(render("{{ 'ประกาศผลการจัดซื้อ' | truncate(6) }}") == "ประกาศ…");
  // สวัสดี: ส ว ั ส ด ี — cutting after ว would orphan the vowel mark ั, so it stays with ว
  CHECK(render("{{ 'สวัสดีครับ' | truncate(2) }}") == "สวั…");
  CHECK(render("{{ 'สวัสดี' | truncate(5) }}") == "สวัสดี");  // only the mark ี remains: nothing is cut
  // ซื้อ = ซ ื ้ อ: the vowel and tone marks stay with ซ whatever the count
  CHECK(render("{{ 'ซื้อจัดจ้าง' | truncate(1) }}") == "ซื้…");
  CHECK(render("{{ 'ซื้อจัดจ้าง' | truncate(4) }}") == "ซื้อ…");
}

TEST_CASE("template: custom filters") {
  Environment env;
  env.add_filter("be_year", [](const json& v, const std::vector<json>&) -> oit::Result<json> {
    if (!v.is_number_integer()) return oit::make_error({}, "needs a year as an integer", "pass page.fiscal_year");
    return json(v.get<int>() + 543);
  });
  env.add_filter("wrap", [](const json& v, const std::vector<json>& args) -> oit::Result<json> {
    return json(args.at(0).get<std::string>() + v.get<std::string>() + args.at(1).get<std::string>());
  });
  REQUIRE(env.add_template("t.html", "{{ y | be_year }} {{ 'x' | wrap('<', '>') }}\n  {{ s | be_year }}", "tpl/t.html").ok());
  CHECK(render_env(env, "t.html", {{"y", 2024}, {"s", 1}}) == "2567 &lt;x&gt;\n  544");
  auto r = env.render("t.html", {{"y", 2024}, {"s", "x"}}, kPage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str() ==
        "tpl/t.html:2:10: filter `be_year`: needs a year as an integer (rendering content/about.md)\n  hint: pass page.fiscal_year");
  // an exception in a filter becomes an error at its position
  auto r2 = env.render("t.html", {{"y", 1}, {"s", 1}}, kPage);
  CHECK(r2.ok());
  REQUIRE(env.add_template("u.html", "{{ 1 | wrap('a') }}", "tpl/u.html").ok());
  auto r3 = env.render("u.html", json::object(), kPage);
  REQUIRE_FALSE(r3.ok());
  CHECK(r3.error().pos.line == 1);
  CHECK(r3.error().pos.col == 8);
}

TEST_CASE("template: load-time errors name file:line:col") {
  auto e = load_error("ok\n  {{ x ");
  CHECK(e.pos.file == kFile);
  CHECK(e.str() == std::string(kFile) + ":2:3: unterminated `{{`\n  hint: add the closing `}}`");
  e = load_error("{% if x %}\n{% for y in z %}");
  CHECK((e.pos.line == 2 && e.pos.col == 1));
  CHECK(e.message == "unclosed `{% for %}`");
  e = load_error("a {# never closed");
  CHECK(e.message == "unterminated `{#`");
  CHECK(e.pos.col == 3);
  e = load_error("{{ 'abc }}");
  CHECK(e.message == "unterminated `{{`");
  e = load_error("x\n\n   {% frobnicate a %}");
  CHECK((e.pos.line == 3 && e.pos.col == 7));
  CHECK(e.message == "unknown tag `{% frobnicate %}`");
  e = load_error("{% endfor %}");
  CHECK(e.message == "`{% endfor %}` without a matching opening tag");
  e = load_error("{% else %}");
  CHECK(e.message == "`{% else %}` without a matching opening tag");
  e = load_error("{% if a %}\n  {% endfor %}");
  CHECK((e.pos.line == 2 && e.pos.col == 3));
  CHECK(e.message == "`{% endfor %}` does not belong to the `{% if %}` opened at line 1:1");
  e = load_error("{% for a in b %}{% else %}{% else %}{% endfor %}");
  CHECK(e.message.find("`{% else %}` does not belong") == 0);
  e = load_error("{% block a %}{% endblock b %}");
  CHECK(e.message == "`{% endblock b %}` closes block `a`");
  e = load_error("สวัสดี {{ 1 + }}");
  CHECK((e.pos.line == 1 && e.pos.col == 15));  // columns count code points, not bytes
  CHECK(e.message == "expected an expression");
  e = load_error("{{ a b }}");
  CHECK(e.message == "unexpected `b` after the expression");
  CHECK(e.pos.col == 6);
  e = load_error("{{ a | nosuch }}");
  CHECK(e.message == "unknown filter `nosuch`");
  CHECK(e.pos.col == 8);
  CHECK(e.hint.rfind("known filters: escape, e, safe, ", 0) == 0);
  CHECK(e.hint.find("string") != std::string::npos);  // the whole list, not the first 15
  e = load_error("{{ a | truncat(3) }}");
  CHECK(e.hint == "did you mean `truncate`?");
  e = load_error("{{ a | truncate }}");
  CHECK(e.message == "filter `truncate` takes 1 argument, got 0");
  e = load_error("{{ a is nosuch }}");
  CHECK(e.message == "unknown test `nosuch`");
  e = load_error("{{ super() }}");
  CHECK(e.message == "`super()` is only allowed inside a `{% block %}`");
  e = load_error("{{ range(3) }}");
  CHECK(e.message == "calling `range()` is not supported");
  e = load_error("{{ 'ก' @ 2 }}");
  CHECK(e.message == "unexpected character `@` in expression");
  e = load_error("{{ x ก }}");
  CHECK(e.message == "unexpected character `ก` in expression");
  e = load_error("{% for x in xs if x %}{% endfor %}");
  CHECK(e.message == "loop filters (`for x in xs if ...`) are not supported");
  e = load_error("{% set x %}");
  CHECK(e.message == "expected `=` after `set x`, found the end of the tag");
  e = load_error("{% include partial %}");
  CHECK(e.message == "`include` needs a quoted template name, found `partial`");
  e = load_error("{% if a %}{% extends \"b.html\" %}{% endif %}");
  CHECK(e.message == "`{% extends %}` must be at the top level, not inside another tag");
  e = load_error("{% extends \"base.html\" %}\nhello {{ x }}");
  CHECK(e.pos.line == 2);
  CHECK(e.message == "content outside `{% block %}` in a template that extends `base.html` is never shown");
  e = load_error("{% block a %}{% endblock %}{% block a %}{% endblock %}");
  CHECK(e.message == "block `a` is defined twice in this template");
  e = load_error("{{ x | default(y=1) }}");
  CHECK(e.message == "keyword arguments are not supported");
}

TEST_CASE("template: deep nesting is an error, not a crash") {
  std::string tags;
  for (int i = 0; i < 100; ++i) tags += "{% if true %}";
  CHECK(load_error(tags).message == "tags are nested too deeply (more than 64 levels)");
  std::string parens = "{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}";
  CHECK(load_error(parens).message == "expression is too deeply nested");
  std::string lists = "{{ " + std::string(5000, '[') + std::string(5000, ']') + " }}";
  CHECK(load_error(lists).message == "expression is too deeply nested");
  std::string chain = "{{ 1";
  for (int i = 0; i < 5000; ++i) chain += " + 1";
  CHECK(load_error(chain + " }}").message.find("expression is too deeply nested") == 0);
  std::string nots = "{{ " ;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  CHECK(load_error(nots + "1 }}").message == "expression is too deeply nested");
  std::string filters = "{{ 'x'" ;
  for (int i = 0; i < 5000; ++i) filters += " | e";
  CHECK(load_error(filters + " }}").message.find("expression is too deeply nested") == 0);
  // within the limits everything works
  CHECK(render("{{ " + std::string(20, '(') + "1" + std::string(20, ')') + " }}") == "1");
}

TEST_CASE("template: runaway values and recursion end in errors, not exhaustion") {
  std::string doubling = "{% set x = [1] %}";
  for (int i = 0; i < 40; ++i) doubling += "{% set x = [x, x] %}";
  CHECK(render_error(doubling).message.find("rendering copies more than 1000000 values") == 0);
  std::string deep = "{% set x = 1 %}";
  for (int i = 0; i < 300; ++i) deep += "{% set x = [x] %}";
  CHECK(render_error(deep).message.find("value is nested more than 200 levels deep") == 0);
  std::string growing = "{% set s = 'ab' %}";
  for (int i = 0; i < 40; ++i) growing += "{% set s = s ~ s %}";
  CHECK(render_error(growing).message.find("text grows past 64 MiB") == 0);
}

TEST_CASE("template: render errors name file:line:col and the page") {
  json ctx = {{"page", {{"title", "t"}, {"url", "/a/"}, {"n", 5}, {"date", nullptr}, {"tags", {"a"}}}}};
  auto e = render_error("<h1>{{ page.title }}</h1>\n<p>{{ page.titel }}</p>", ctx);
  CHECK(e.str() == std::string(kFile) + ":2:7: undefined variable `page.titel` (rendering content/about.md)\n"
                                        "  hint: did you mean `title`?");
  e = render_error("สวัสดี {{ pgae.title }}", ctx);
  CHECK((e.pos.line == 1 && e.pos.col == 11));
  CHECK(e.message == "undefined variable `pgae` (rendering content/about.md)");
  CHECK(e.hint == "did you mean `page`?");
  e = render_error("{{ page.zzzzzzzz }}", ctx);
  CHECK(e.hint == "`page` has: date, n, tags, title, url");
  e = render_error("{% if page.missing %}x{% endif %}", ctx);  // strict: plain tests do not tolerate undefined
  CHECK(e.message == "undefined variable `page.missing` (rendering content/about.md)");
  e = render_error("{{ page.missing | upper | default('x') }}", ctx);
  CHECK(e.message == "undefined variable `page.missing` (rendering content/about.md)");
  e = render_error("\n {% for x in page.n %}{% endfor %}", ctx);
  CHECK((e.pos.line == 2 && e.pos.col == 14));
  CHECK(e.message == "cannot loop over a number (`page.n`) (rendering content/about.md)");
  e = render_error("{{ page.date.year }}", ctx);
  CHECK(e.message == "cannot read `.year` of `page.date`, which is a null (rendering content/about.md)");
  e = render_error("{{ page.tags[1] }}", ctx);
  CHECK(e.message == "index 1 is out of range: `page.tags` has 1 items (rendering content/about.md)");
  e = render_error("{{ page.n / 0 }}", ctx);
  CHECK(e.message == "division by zero (rendering content/about.md)");
  CHECK(e.pos.col == 11);
  e = render_error("{{ page.n < 'a' }}", ctx);
  CHECK(e.message == "cannot compare a number with a string (rendering content/about.md)");
  e = render_error("{{ page.title + 1 }}", ctx);
  CHECK(e.message == "`+` needs two numbers, got a string and a number (rendering content/about.md)");
  e = render_error("{{ page.n | upper }}", ctx);
  CHECK(e.message == "filter `upper` needs text, `page.n` is a number (rendering content/about.md)");
  e = render_error("{{ page.tags | sort('x') }}", ctx);
  CHECK(e.message.find("filter `sort`: an item has no `x`") == 0);
  e = render_error("{{ page.title | truncate(-1) }}", ctx);
  CHECK(e.message.find("filter `truncate` needs a length of 0 or more") == 0);
  e = render_error("{% for a in page %}{{ loop.idx }}{% endfor %}", ctx);
  CHECK(e.message == "undefined variable `loop.idx` (rendering content/about.md)");
  e = render_error("{{ x }}", json::object());
  CHECK(e.hint == "use `is defined` or `| default(...)` when it may be absent");
  e = render_error("{% include \"partials/none.html\" %}", ctx);
  CHECK(e.message == "template `partials/none.html` not found (rendering content/about.md)");
  CHECK(e.pos.col == 12);

  Environment env;
  CHECK_FALSE(env.render("nope.html", json::object(), kPage).ok());
  REQUIRE(env.add_template("t.html", "x", "t.html").ok());
  CHECK(env.render("t.html", json::array(), kPage).error().message == "the template context must be a JSON object (rendering content/about.md)");
}

TEST_CASE("template: errors inside includes and parents point into that file") {
  auto env = env_of({{"page.html", "{% extends \"baseof.html\" %}{% block main %}\n  {% include \"partials/x.html\" %}{% endblock %}"},
                     {"baseof.html", "<main>{% block main %}{% endblock %}</main>{{ site.nope }}"},
                     {"partials/x.html", "ok\n{{ item.name }}"}});
  auto r = env.render("page.html", {{"site", json::object()}}, kPage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str().rfind("tpl/partials/x.html:2:4: undefined variable `item` (rendering content/about.md; "
                              "included from tpl/page.html:2:14)", 0) == 0);
  r = env.render("page.html", {{"site", json::object()}, {"item", {{"name", "n"}}}}, kPage);
  REQUIRE_FALSE(r.ok());
  INFO(r.error().str());
  CHECK(r.error().str().rfind("tpl/baseof.html:1:47: undefined variable `site.nope` (rendering content/about.md)", 0) == 0);
}

TEST_CASE("template: missing parents, extends cycles and runaway includes") {
  auto env = env_of({{"a.html", "{% extends \"b.html\" %}"},
                     {"b.html", "{% extends \"a.html\" %}"},
                     {"orphan.html", "{% extends \"gone.html\" %}"},
                     {"loop.html", "x{% include \"loop.html\" %}"},
                     {"bad-super.html", "{% extends \"plain.html\" %}{% block b %}{% block c %}{{ super() }}{% endblock %}{% endblock %}"},
                     {"plain.html", "{% block b %}{% endblock %}"}});
  auto r = env.render("a.html", json::object(), kPage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "`{% extends %}` cycle: a.html → b.html → a.html (rendering content/about.md)");
  CHECK(r.error().pos.file == "tpl/b.html");
  r = env.render("orphan.html", json::object(), kPage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().str().rfind("tpl/orphan.html:1:12: template `gone.html` not found", 0) == 0);
  r = env.render("loop.html", json::object(), kPage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("include/extends nested more than 64 levels deep") == 0);
  // The 63 identical frames of the recursion are said once, with their count.
  CHECK(r.error().message.find("; included from tpl/loop.html:1:13 (63 times))") != std::string::npos);
  r = env.render("bad-super.html", json::object(), kPage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("block `c` has no parent block for `super()` to render") == 0);

  CHECK(load_error("{% extends \"t.html\" %}").message == "template `t.html` extends itself");
}

TEST_CASE("template: validate() finds missing targets and cycles before any render") {
  {
    auto env = env_of({{"page.html", "{% extends \"baseof.html\" %}"}, {"baseof.html", "x\n {% include \"partials/nav.html\" %}"}});
    auto v = env.validate();
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().str().rfind("tpl/baseof.html:2:13: `{% include %}`: template `partials/nav.html` not found", 0) == 0);
    REQUIRE(env.add_template("partials/nav.html", "nav", "tpl/partials/nav.html").ok());
    CHECK(env.validate().ok());
    CHECK(env.dependencies("page.html") == std::vector<std::string>{"baseof.html", "page.html", "partials/nav.html"});
    CHECK(env.dependencies("partials/nav.html") == std::vector<std::string>{"partials/nav.html"});
  }
  {
    auto env = env_of({{"a.html", "{% extends \"missing.html\" %}"}});
    CHECK(env.validate().error().message == "`{% extends %}`: template `missing.html` not found");
  }
  {
    auto env = env_of({{"a.html", "{% extends \"b.html\" %}"}, {"b.html", "{% extends \"a.html\" %}"}});
    CHECK(env.validate().error().message == "`{% extends %}` cycle: a.html → b.html → a.html");
  }
}

TEST_CASE("template: filters must be registered before templates that use them") {
  Environment env;
  auto early = env.add_template("t.html", "{{ d | thai_date }}", "tpl/t.html");
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().message == "unknown filter `thai_date`");
  CHECK_FALSE(env.has("t.html"));
  env.add_filter("thai_date", [](const json& v, const std::vector<json>&) -> oit::Result<json> { return json("วันที่ " + v.get<std::string>()); });
  REQUIRE(env.add_template("t.html", "{{ d | thai_date }}", "tpl/t.html").ok());
  CHECK(env.has("t.html"));
  CHECK(render_env(env, "t.html", {{"d", "2568"}}) == "วันที่ 2568");
}

TEST_CASE("template: load_dir names templates relative to the folder") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("oit-template-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "partials");
  std::ofstream(dir / "baseof.html") << "<body>{% block main %}{% endblock %}{% include \"partials/foot.html\" %}</body>";
  std::ofstream(dir / "page.html") << "{% extends \"baseof.html\" %}{% block main %}{{ page.title }}{% endblock %}";
  std::ofstream(dir / "partials" / "foot.html") << "<footer>{{ site.title }}</footer>";
  std::ofstream(dir / "robots.txt") << "Sitemap: {{ site.base_url }}sitemap.xml";
  std::ofstream(dir / "notes.md") << "{{ not loaded";
  Environment env;
  auto r = env.load_dir(dir);
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  CHECK(env.has("partials/foot.html"));
  CHECK(env.has("robots.txt"));
  CHECK_FALSE(env.has("notes.md"));
  CHECK(env.validate().ok());
  json ctx = {{"page", {{"title", "หน้าแรก"}}}, {"site", {{"title", "กรม"}, {"base_url", "https://x.go.th/"}}}};
  CHECK(render_env(env, "page.html", ctx) == "<body>หน้าแรก<footer>กรม</footer></body>");
  CHECK(render_env(env, "robots.txt", ctx) == "Sitemap: https://x.go.th/sitemap.xml");

  std::ofstream(dir / "partials" / "broken.html") << "\n{% if %}";
  Environment env2;
  auto bad = env2.load_dir(dir);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pos.file == (dir / "partials" / "broken.html").generic_string());
  CHECK(bad.error().pos.line == 2);
  CHECK_FALSE(env2.load_dir(dir / "nope").ok());
  fs::remove_all(dir);
}

TEST_CASE("template: rendering from two threads at once gives the same pages") {
  auto env = env_of({{"baseof.html", "<h1>{% block title %}{% endblock %}</h1>{% block main %}{% endblock %}"},
                     {"list.html", "{% extends \"baseof.html\" %}{% block title %}{{ page.title }}{% endblock %}"
                                   "{% block main %}{% for c in page.children %}{% include \"partials/row.html\" %}{% endfor %}{% endblock %}"},
                     {"partials/row.html", "{% set label = c.title | truncate(6) %}<li>{{ loop.index }} {{ label }} {{ c.n * 2 }}</li>"}});
  json children = json::array();
  for (int i = 0; i < 200; ++i) children.push_back({{"title", "ประกาศ " + std::to_string(i)}, {"n", i}});
  json ctx_a = {{"page", {{"title", "A"}, {"children", children}}}};
  json ctx_b = {{"page", {{"title", "B"}, {"children", json::array()}}}};
  std::string want_a = render_env(env, "list.html", ctx_a), want_b = render_env(env, "list.html", ctx_b);
  REQUIRE(want_a.find("<li>200 ประกาศ… 398</li>") != std::string::npos);
  int bad_a = 0, bad_b = 0;
  std::thread ta([&] {
    for (int i = 0; i < 30; ++i) bad_a += render_env(env, "list.html", ctx_a) != want_a;
  });
  std::thread tb([&] {
    for (int i = 0; i < 30; ++i) bad_b += render_env(env, "list.html", ctx_b) != want_b;
  });
  ta.join();
  tb.join();
  CHECK(bad_a == 0);
  CHECK(bad_b == 0);
}

TEST_CASE("template: every prefix of a template loads or fails cleanly") {
  // A small deterministic stand-in for fuzzing: cut a template at every byte (mid-tag, mid-UTF-8).
  const std::string src =
      "{% extends \"b.html\" %}{% set nav = 'ข่าว' %}{% block main %}{%- for k in [['k1', 1]] | default([]) -%}"
      "{{ loop.index ~ k | string | upper }}{% else %}{{ -x.y[0] | truncate(3) if x is defined else 'ไม่มี' }}{% endfor %}"
      "{# c #}{% if a and not b or 'x' in ['x'] %}{{ super() }}{% elif 1 // 2 %}{% include \"p.html\" %}{% endif %}{% endblock %}";
  int loaded = 0;
  for (size_t n = 0; n <= src.size(); ++n) {
    Environment env;
    auto r = env.add_template("a.html", src.substr(0, n), "a.html");
    (void)env.add_template("b.html", "{% block main %}[{{ nav }}]{% endblock %}", "b.html");
    (void)env.add_template("p.html", "{{ 1 }}", "p.html");
    if (!r) {
      CHECK(r.error().pos.line >= 1);
      continue;
    }
    ++loaded;
    auto out = env.render("a.html", {{"a", 1}, {"b", 0}}, "p");
    if (!out) CHECK(out.error().pos.line >= 1);
  }
  CHECK(loaded > 3);
  auto env = env_of({{"a.html", src.c_str()}, {"b.html", "{% block main %}[{{ nav }}]{% endblock %}"}, {"p.html", "{{ 1 }}"}});
  CHECK(render_env(env, "a.html", {{"a", 1}, {"b", 0}}) == "1[&#34;K1&#34;,1][ข่าว]");
}
