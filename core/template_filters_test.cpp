#include "core/template_filters.h"

#include <doctest/doctest.h>

using nlohmann::json;
using namespace oit::tmpl;

namespace {

// A FilterHost that records the first failure and enforces an output-size budget, as the renderer does.
class RecordingHost final : public FilterHost {
 public:
  size_t max_size = SIZE_MAX;
  std::optional<std::pair<uint32_t, std::string>> failure;

  bool fail(uint32_t off, std::string msg, std::string hint) override {
    if (!failure) failure.emplace(off, hint.empty() ? msg : msg + " / " + hint);
    return false;
  }
  bool check_size(uint32_t off, size_t n) override { return n <= max_size || fail(off, "too big", ""); }
  bool charge_copy(uint32_t, const json&) override { return true; }
};

// `{{ base | name(args) }}` with the filter at offset 10 and the value named `x`.
struct Call {
  Expr e;
  Value base;
  std::vector<Value> args;
  Call(Builtin id, std::string name, json base_value, std::vector<json> arg_values = {}) {
    e.op = Op::Filter;
    e.off = 10;
    e.builtin = id;
    e.name = std::move(name);
    auto var = std::make_unique<Expr>();
    var->op = Op::Var;
    var->name = "x";
    e.kids.push_back(std::move(var));
    base.set_own(std::move(base_value));
    for (auto& a : arg_values) args.emplace_back().set_own(std::move(a));
  }
  bool run(FilterHost& h, Value& v) { return apply_builtin_filter(h, e, base, args, v); }
};

Value apply(Builtin id, const char* name, json base, std::vector<json> args = {}) {
  RecordingHost h;
  Call c(id, name, std::move(base), std::move(args));
  Value v;
  REQUIRE_MESSAGE(c.run(h, v), (h.failure ? h.failure->second : std::string()));
  return v;
}

}  // namespace

TEST_CASE("template_filters: case and trimming are ASCII only, as core/text.h's") {
  CHECK(apply(Builtin::Upper, "upper", "abc ไทย Éé").get() == "ABC ไทย Éé");
  CHECK(apply(Builtin::Lower, "lower", "ABC ไทย").get() == "abc ไทย");
  CHECK(apply(Builtin::Trim, "trim", " \t\n x y \r\f\v").get() == "x y");
  CHECK(apply(Builtin::Trim, "trim", "\xC2\xA0x").get() == "\xC2\xA0x");  // NBSP is not ASCII whitespace
}

TEST_CASE("template_filters: escape marks the result safe and escapes a quote as &#34;") {
  Value v = apply(Builtin::Escape, "escape", "\"<b>\"");
  CHECK(v.get() == "&#34;&lt;b&gt;&#34;");
  CHECK(v.safe);
  Value j = apply(Builtin::Json, "json", json{{"a", "</script>'"}});
  CHECK(j.get() == "{\"a\":\"\\u003c/script\\u003e\\u0027\"}");
  CHECK(j.safe);
  CHECK_FALSE(apply(Builtin::Join, "join", json::array({1, "<"}), {", "}).safe);
}

TEST_CASE("template_filters: truncate keeps Thai marks with their letter, sort by a nested key") {
  CHECK(apply(Builtin::Truncate, "truncate", "กี่วันแล้ว", {1}).get() == "กี่…");
  CHECK(apply(Builtin::Truncate, "truncate", "short", {10}).get() == "short");
  json items = json::array({json{{"d", {{"y", 3}}}}, json{{"d", {{"y", 1}}}}});
  CHECK(apply(Builtin::Sort, "sort", items, {"d.y"}).get() == json::array({items[1], items[0]}));
  CHECK(apply(Builtin::Length, "length", "ไทย").get() == 3);
  CHECK(apply(Builtin::Reverse, "reverse", "กข").get() == "ขก");
}

TEST_CASE("template_filters: failures go to the host at the filter's position") {
  RecordingHost h;
  Call c(Builtin::Upper, "upper", 5);
  Value v;
  CHECK_FALSE(c.run(h, v));
  REQUIRE(h.failure);
  CHECK(h.failure->first == 10);
  CHECK(h.failure->second == "filter `upper` needs text, `x` is a number");

  RecordingHost small;
  small.max_size = 4;
  Call join(Builtin::Join, "join", json::array({"ab", "cd", "ef"}));
  CHECK_FALSE(join.run(small, v));
  REQUIRE(small.failure);
  CHECK(small.failure->second == "too big");

  RecordingHost h2;
  Call sort(Builtin::Sort, "sort", json::array({1, "a"}));
  CHECK_FALSE(sort.run(h2, v));
  CHECK(h2.failure->second == "filter `sort` needs all numbers or all text to compare");
}
