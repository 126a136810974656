// gumbo's HTML5 parse, bounded. gumbo 0.10 has no limit of its own: some tag soup makes it build a tree
// far larger than the page (every paragraph re-opening thousands of distinct unclosed <b id=…>: a 170 KB
// page became 7.5 GB), and deep nesting of elements that are not scope markers costs it quadratic time
// (50,000 nested <div>: 7 s). Every allocation gumbo makes goes through a counting allocator that stops
// the parse when the tree outgrows its byte budget or the time is up; the whole tree is then freed in one
// sweep of the allocation list, never by gumbo's recursive destroy (which a deep tree would overflow).
#pragma once
#include <gumbo.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace oit {

struct HtmlTreeLimits {
  size_t max_bytes = 0;  // the tree's memory; 0 = default_tree_budget(input size)
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// 64 MiB plus 16 bytes per input byte (an ordinary page's tree is 3-8x its size), at most 768 MiB.
size_t default_tree_budget(size_t input_bytes);

class HtmlTree {
 public:
  // Never throws and never aborts: when a bound stops the parse, root() is null and stopped() says why.
  HtmlTree(std::string_view html, const HtmlTreeLimits& limits = {});
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  const GumboNode* root() const;  // the <html> element; null when the parse was stopped
  // "" when the parse finished; else what stopped it ("the page's tree needed more than 768 MB", "time").
  const std::string& stopped() const { return stopped_; }
  size_t bytes_used() const;

 private:
  struct Arena;
  std::unique_ptr<Arena> arena_;
  GumboOutput* output_ = nullptr;
  std::string stopped_;
};

}  // namespace oit
