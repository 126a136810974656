// The template engine's renderer: walks a parsed Template (core/template_ast.h) over a JSON context,
// appending into one string, within the limits of core/template_ast.h. Internal; the rest of oit includes
// core/template.h (Environment::render).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/template_ast.h"

namespace oit::tmpl {

// Renders `t` (a template of `env`) with `context`, which must be a JSON object. `page` names what is
// rendered in error messages. Thread-safe: reads `env` only.
Result<std::string> render_page(const EnvState& env, const Template& t, const json& context, std::string_view page);

}  // namespace oit::tmpl
