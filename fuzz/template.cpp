// libFuzzer harness: the template engine's parser, validator and renderer. The input is one template
// (it may include or extend itself or "base.html"); it is rendered against a small page context, so
// runaway loops and recursion must end in the engine's own limits, never in a crash or a hang.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/template.h"

using json = nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // the engine's limits are about structure, not size
  oit::tmpl::Environment env;
  if (!env.add_template("base.html", "<html>{% block main %}base{% endblock %}</html>", "themes/t/base.html")) std::abort();
  auto added = env.add_template("page.html", std::string(reinterpret_cast<const char*>(data), size), "themes/t/page.html");
  if (!added) {
    if (added.error().message.empty()) std::abort();
    return 0;
  }
  if (!env.validate()) return 0;
  static const json ctx = {
      {"site", {{"title", "สำนักงาน <ทดสอบ>"}, {"menu", json::array({{{"title", "a"}, {"url", "/a/"}}})}}},
      {"page",
       {{"title", "<script>alert(1)</script>"},
        {"content", "<p>x</p>"},
        {"children", json::array({{{"title", "b"}, {"date", "2025-01-15"}}, {{"title", "a"}, {"date", nullptr}}})},
        {"fiscal_year", 2568},
        {"weight", -3.5}}},
      {"n", 3},
      {"list", json::array({3, 1, 2})}};
  auto out = env.render("page.html", ctx, "content/fuzz.md");
  if (!out && out.error().message.empty()) std::abort();
  return 0;
}
