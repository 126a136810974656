#include "core/template_values.h"

#include <doctest/doctest.h>

#include "core/text.h"

using nlohmann::json;
using namespace oit::tmpl;

TEST_CASE("template_values: the template escaper writes &#34; for a quote, unlike core/text.h's html_escape") {
  std::string out = "x";
  append_escaped(out, "a&b<c>d\"e'f ไทย");
  CHECK(out == "xa&amp;b&lt;c&gt;d&#34;e&#39;f ไทย");
  // Why the engine keeps its own escaper: the shared one differs on `"`, and themes' output must not change.
  CHECK(oit::html_escape("\"") == "&quot;");
  std::string q;
  append_escaped(q, "\"");
  CHECK(q != oit::html_escape("\""));
  std::string plain_text;
  append_escaped(plain_text, "no specials");
  CHECK(plain_text == "no specials");
}

TEST_CASE("template_values: UTF-8 stepping never runs past the end and counts code points") {
  uint32_t cp = 0;
  CHECK(utf8_step("ก", 0, &cp) == 3);
  CHECK(cp == 0x0E01);
  std::string truncated = "\xE0\xB8";  // the first two bytes of a three-byte sequence
  CHECK(utf8_step(truncated, 0, &cp) == 1);
  CHECK(cp == 0xFFFD);
  CHECK(utf8_step("\xFF", 0, &cp) == 1);
  CHECK(utf8_count("สวัสดี") == 6);
  CHECK(utf8_count("abc") == 3);
  CHECK(is_combining(0x0E31));   // mai han-akat
  CHECK(is_combining(0x0E48));   // mai ek
  CHECK_FALSE(is_combining(0x0E01));
}

TEST_CASE("template_values: suggestions use the shared edit distance") {
  CHECK(suggest("titel", {"title", "date"}, "the context") == "did you mean `title`?");
  CHECK(suggest("zzzzzz", {"title", "date"}, "`page`") == "`page` has: title, date");
  CHECK(suggest("zz", {"upper", "lower"}, "known filters") == "known filters: upper, lower");
  CHECK(suggest("x", {}, "the context") == "use `is defined` or `| default(...)` when it may be absent");
}

TEST_CASE("template_values: printing and truth as in Jinja") {
  CHECK(plain(json(nullptr)) == "");
  CHECK(plain(json(true)) == "true");
  CHECK(plain(json(42)) == "42");
  CHECK(plain(json::array({1, "a"})) == "[1,\"a\"]");
  CHECK_FALSE(truthy(json("")));
  CHECK_FALSE(truthy(json::array()));
  CHECK(truthy(json(0.5)));
  CHECK(as_int(json(7)) == 7);
  CHECK_FALSE(as_int(json(uint64_t(1) << 63)).has_value());  // does not fit int64
  CHECK_FALSE(as_int(json(1.5)).has_value());
  CHECK(std::string(type_name(json::object())) == "object");
}

TEST_CASE("template_values: an element of a borrowed value is borrowed, of an owned one copied") {
  json list = json::array({1, 2});
  Value borrowed;
  borrowed.set_ref(list);
  Value v;
  take_element(v, borrowed, list[1]);
  CHECK(v.ref == &list[1]);
  Value owned;
  owned.set_own(json::array({3}));
  take_element(v, owned, owned.own[0]);
  CHECK(v.ref == nullptr);
  CHECK(v.get() == 3);
}
