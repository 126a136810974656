// What every reader of a TOML file (site.toml, dataset sidecars, criteria) says about a node: where it
// stands, as the file:line:col of an error, and what kind of value it is, for "must be a string, not …".
#pragma once
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/error.h"

namespace oit {

SourcePos toml_pos(const std::string& file, const toml::source_region& r);

// "a string", "an integer", "a table", …
std::string_view toml_type_name(const toml::node& n);

}  // namespace oit
