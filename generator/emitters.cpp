// The output stages that run after the pages are loaded. Add a stage here: one line, in output order.
#include "site_model.h"

namespace oit {

const std::vector<std::pair<std::string_view, Emitter>>& output_emitters() {
  static const std::vector<std::pair<std::string_view, Emitter>> emitters = {
  };
  return emitters;
}

}  // namespace oit
