#include "core/toml_node.h"

namespace oit {

SourcePos toml_pos(const std::string& file, const toml::source_region& r) {
  return {file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

std::string_view toml_type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "nothing";
  }
}

}  // namespace oit
