// The template engine's built-in filters (`escape`, `length`, `truncate`, `sort`, ...; the list is kBuiltins
// in core/template_ast.h). `default` and custom filters need the renderer and stay in core/template_render.
// Internal; the rest of oit includes core/template.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/template_ast.h"
#include "core/template_values.h"

namespace oit::tmpl {

// What a filter may ask of the render it runs in: an error at a position of the template being
// rendered (the renderer adds the page and include chain), and the render's output and copy budgets.
class FilterHost {
 public:
  virtual ~FilterHost() = default;
  virtual bool fail(uint32_t off, std::string msg, std::string hint = {}) = 0;
  virtual bool check_size(uint32_t off, size_t n) = 0;
  virtual bool charge_copy(uint32_t off, const json& j) = 0;
};

// Applies built-in filter e.builtin (not Custom, not Default) to `base` with the evaluated `args` (their
// count is checked by the parser), into `v`. False after h.fail().
bool apply_builtin_filter(FilterHost& h, const Expr& e, Value& base, std::vector<Value>& args, Value& v);

}  // namespace oit::tmpl
