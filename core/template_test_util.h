// For the template engine's unit tests only: a Template holding `source`, with its line starts, as the
// Environment would load it from themes/t/NAME.
#pragma once
#include <string>
#include <utility>

#include "core/template_ast.h"

namespace oit::tmpl {

inline Template make_template(std::string source, const std::string& name = "t.html") {
  Template t;
  t.name = name;
  t.file = "themes/t/" + name;
  t.source = std::move(source);
  t.line_starts.push_back(0);
  for (size_t i = 0; i < t.source.size(); ++i)
    if (t.source[i] == '\n') t.line_starts.push_back(uint32_t(i + 1));
  return t;
}

}  // namespace oit::tmpl
