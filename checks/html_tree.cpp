#include "checks/html_tree.h"

#include <malloc.h>

#include <csetjmp>
#include <cstdlib>

namespace oit {

// Every block gumbo holds, in a doubly linked list, so that a parse abandoned midway (or a finished tree,
// however deep) is freed by one loop. The header keeps the 16-byte alignment malloc gives.
struct HtmlTree::Arena {
  struct alignas(16) Block {
    Block* prev;
    Block* next;
  };
  // What a block really costs: malloc's usable size, this header and malloc's own (gumbo makes millions
  // of small allocations, so the overheads are a good part of the tree).
  static size_t cost(Block* b) { return malloc_usable_size(b) + sizeof(size_t); }
  Block head{&head, &head};
  size_t used = 0, budget = 0;
  std::chrono::steady_clock::time_point deadline;
  unsigned calls = 0;
  std::jmp_buf* escape = nullptr;
  int why = 0;  // 1: bytes, 2: time

  ~Arena() {
    for (Block* b = head.next; b != &head;) {
      Block* next = b->next;
      std::free(b);
      b = next;
    }
  }

  // Called by gumbo (C code): leaving by longjmp skips only gumbo's frames, which own nothing but arena
  // memory. Nothing in this function has a destructor.
  static void* allocate(void* self, size_t size) {
    auto* a = static_cast<Arena*>(self);
    if (a->used + size + sizeof(Block) > a->budget) a->why = 1;
    else if ((++a->calls & 255) == 0 && std::chrono::steady_clock::now() > a->deadline) a->why = 2;
    void* raw = a->why ? nullptr : std::malloc(sizeof(Block) + size);
    if (!raw) {
      if (!a->why) a->why = 1;
      std::longjmp(*a->escape, 1);
    }
    auto* b = static_cast<Block*>(raw);
    b->prev = &a->head;
    b->next = a->head.next;
    a->head.next->prev = b;
    a->head.next = b;
    a->used += cost(b);
    return b + 1;
  }

  static void release(void* self, void* p) {
    if (!p) return;
    auto* a = static_cast<Arena*>(self);
    Block* b = static_cast<Block*>(p) - 1;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    a->used -= cost(b);
    std::free(b);
  }
};

namespace {

// setjmp's caller keeps only trivially destructible locals, so the longjmp back into it is well defined.
GumboOutput* parse_or_null(const GumboOptions* options, const char* data, size_t size, std::jmp_buf* env) {
  if (setjmp(*env)) return nullptr;
  return gumbo_parse_with_options(options, data, size);
}

}  // namespace

size_t default_tree_budget(size_t input_bytes) {
  constexpr size_t kBase = size_t{64} << 20, kMax = size_t{768} << 20;
  return input_bytes > (kMax - kBase) / 16 ? kMax : kBase + 16 * input_bytes;
}

HtmlTree::HtmlTree(std::string_view html, const HtmlTreeLimits& limits) : arena_(std::make_unique<Arena>()) {
  arena_->budget = limits.max_bytes ? limits.max_bytes : default_tree_budget(html.size());
  arena_->deadline = limits.deadline;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not needed and cost memory on tag soup
  options.allocator = &Arena::allocate;
  options.deallocator = &Arena::release;
  options.userdata = arena_.get();
  std::jmp_buf env;
  arena_->escape = &env;
  output_ = parse_or_null(&options, html.data(), html.size(), &env);
  arena_->escape = nullptr;
  if (!output_)
    stopped_ = arena_->why == 2 ? "time: the page took too long to parse"
                                : "the page's element tree needed more than " + std::to_string(arena_->budget >> 20) + " MB";
}

// The arena frees the tree; gumbo_destroy_output would recurse once per level of nesting.
HtmlTree::~HtmlTree() = default;

const GumboNode* HtmlTree::root() const { return output_ ? output_->root : nullptr; }

size_t HtmlTree::bytes_used() const { return arena_->used; }

}  // namespace oit
