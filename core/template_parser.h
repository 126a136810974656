// The template engine's parser: pieces and tokens (core/template_lexer) → the syntax tree of a Template
// (core/template_ast.h), with every error a theme can make at load time reported as file:line:col.
// Internal; the rest of oit includes core/template.h.
#pragma once

#include <optional>

#include "core/error.h"
#include "core/template_ast.h"

namespace oit::tmpl {

// Parses t.source into t.body, t.parent, t.blocks and t.includes. `env` gives the filters known so far
// (an unknown filter is a load-time error).
std::optional<Error> parse_template(Template& t, const EnvState& env);

}  // namespace oit::tmpl
