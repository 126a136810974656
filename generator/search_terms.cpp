#include "generator/search_terms.h"

namespace oit {
using search_detail::TermMemo;

std::vector<std::string> search_words(std::string_view normalized) {
  std::vector<std::string> out;
  TermMemo memo;  // (by chunk, as the index cuts text)
  memo.each(normalized, [&](const TermMemo::Chunk& c) {
    for (uint32_t id : c.words) out.emplace_back(memo.word(id));
  });
  return out;
}

}  // namespace oit
