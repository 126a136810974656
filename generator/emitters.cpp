// The output stages that run after the pages are loaded. Add a stage here: one line, in output order.
#include "generator/site_model.h"
#include "generator/opendata.h"
#include "generator/search_index.h"

namespace oit {

const std::vector<std::pair<std::string_view, Emitter>>& output_emitters() {
  static const std::vector<std::pair<std::string_view, Emitter>> emitters = {
      {"opendata", emit_open_data},
      {"search", emit_search_index},
  };
  return emitters;
}

}  // namespace oit
