// The index's bytes: JSON strings written as nlohmann::json writes them, an open-addressing hash
// index, and one term's postings in the codec of search_index.h.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/hash.h"

namespace oit::search_detail {

// nlohmann::json's compact form, invalid UTF-8 replaced.
std::string dump(const nlohmann::json& j);

// Appends `s` as a JSON string, byte for byte as dump() writes it: only '"', '\\' and control characters
// escaped (the short escapes where JSON has them, else \u00xx). Invalid UTF-8 is left to dump().
void append_json_string(std::string& out, std::string_view s);

inline uint64_t hash_key(uint64_t k) {
  k = (k ^ (k >> 33)) * 0xFF51AFD7ED558CCDull;
  return k ^ (k >> 33);
}

// An open-addressing hash index: the number (an index into the caller's own list of keys) kept under each
// key's hash; `same(n)` tells whether the key at number n is the one looked for.
class FlatIndex {
 public:
  template <class Same>
  std::optional<uint32_t> find(uint64_t hash, Same&& same) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (s.value == kEmpty) return std::nullopt;
      if (s.hash == hash && same(s.value)) return s.value;
    }
  }
  // For a key not in the index.
  void insert(uint64_t hash, uint32_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    place(hash, value);
    ++size_;
  }
  void clear() { slots_.clear(), size_ = 0; }
  size_t capacity() const { return slots_.size(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t value = kEmpty;
  };
  void place(uint64_t hash, uint32_t value) {
    size_t i = hash & (slots_.size() - 1);
    while (slots_[i].value != kEmpty) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = {hash, value};
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    for (const Slot& s : old)
      if (s.value != kEmpty) place(s.hash, s.value);
  }
  std::vector<Slot> slots_;  // a power of two of them
  size_t size_ = 0;
};

// Field bits of a posting's value (search.js reads them the same way).
constexpr uint32_t kTitleBit = 1;    // title, OIT item code
constexpr uint32_t kHeadingBit = 2;  // headings, summary, OIT item title
constexpr uint32_t kMaxTf = 7;       // BM25 saturates long before; keeps a value in one digit

constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

inline int digit_value(char c) {
  static const std::array<uint8_t, 256> values = [] {
    std::array<uint8_t, 256> v{};
    for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(kDigits[i])] = static_cast<uint8_t>(i);
    return v;
  }();
  return values[static_cast<unsigned char>(c)];
}

// One term's postings, built in doc order straight into the sparse form of search_index.h (a few bytes
// per posting: the 10,000-page benchmark holds some 18 million).
struct TermPostings {
  std::string sparse;
  uint32_t last = 0;

  void add(uint32_t doc, uint32_t value) {
    for (uint32_t d = doc - last;; d >>= 5) {
      bool more = d >= 32;
      sparse += kDigits[(d & 31) | (more ? 32 : 0)];
      if (!more) break;
    }
    sparse += kDigits[value];
    last = doc;
  }
  // Calls fn(doc, value) for each posting, in doc order.
  template <class F>
  void each(F&& fn) const {
    uint32_t doc = 0;
    for (size_t i = 0; i < sparse.size();) {
      uint32_t delta = 0;
      int shift = 0, c = 0;
      do {
        c = digit_value(sparse[i++]);
        delta |= static_cast<uint32_t>(c & 31) << shift;
        shift += 5;
      } while (c & 32);
      doc += delta;
      fn(doc, static_cast<uint32_t>(digit_value(sparse[i++])));
    }
  }
  // The same postings with `doc`'s value replaced (0: the doc no longer has the term).
  void replace(uint32_t doc, uint32_t value) {
    TermPostings out;
    bool placed = false;
    each([&](uint32_t d, uint32_t v) {
      if (!placed && d >= doc) {
        placed = true;
        if (value) out.add(doc, value);
        if (d == doc) return;
      }
      out.add(d, v);
    });
    if (!placed && value) out.add(doc, value);
    *this = std::move(out);
  }
  // The JSON string: the sparse form, or "~" and one value per doc when that is shorter.
  std::string json(size_t docs) const {
    if (sparse.size() <= docs + 1) return "\"" + sparse + "\"";
    std::string dense(docs, kDigits[0]);
    each([&](uint32_t doc, uint32_t value) { dense[doc] = kDigits[value]; });
    return "\"~" + dense + "\"";
  }
};

}  // namespace oit::search_detail
