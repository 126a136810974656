// The words and grams of normalised text, cut chunk by chunk and remembered (TermMemo), for the search index.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "generator/search_postings.h"
#include "generator/search_text.h"

namespace oit {

// The word-like ICU word segments (Locale "th") of normalised text, in order, repeats kept.
std::vector<std::string> search_words(std::string_view normalized);

namespace search_detail {

// The words and grams of normalised text, remembered by chunk.
//
// Normalised text has one kind of white space, ' '. ICU's word rules always break between a space and a
// following character that does not join it (above): no rule, and no dictionary range, reaches across such
// a boundary. Grams never span a space. So a text's words and grams are those of its chunks — the text cut
// at those boundaries, spaces trimmed — each taken on its own. Pages repeat their chunks (words, phrases,
// numbers) over and over: each worker keeps the terms of the chunks it has met, as ids into its own tables
// of words and grams, and asks ICU only about new chunks, all of one text's new chunks in one pass.
// Not shared between threads: one per worker.
class TermMemo {
 public:
  struct Chunk {
    std::span<const uint32_t> words, grams;  // ids, in text order, repeats kept
  };

  // Call before each doc: the memo forgets everything once it has grown past max_bytes (so ids stay valid
  // for the doc, and sites of endless different text do not grow it without end).
  void begin_doc(size_t max_bytes) {
    if (bytes() <= max_bytes) return;
    chunk_index_.clear(), known_.clear(), word_index_.clear(), words_.clear(), gram_index_.clear(), grams_.clear();
    word_bytes_ = 0;
    ++epoch_;
  }
  // Changes whenever ids are given anew.
  uint64_t epoch() const { return epoch_; }
  std::string_view word(uint32_t id) const { return words_[id]; }
  uint64_t gram(uint32_t id) const { return grams_[id]; }  // the key for_each_gram gives
  size_t word_ids() const { return words_.size(); }
  size_t gram_ids() const { return grams_.size(); }

  // Calls fn(const Chunk&) for the chunks of `normalized` (valid UTF-8), in order: together, the words that
  // icu_words finds in the whole text and the grams of for_each_gram.
  template <class F>
  void each(std::string_view normalized, F&& fn) {
    found_.clear();
    misses_.clear();
    temp_.clear();
    const auto* p = reinterpret_cast<const uint8_t*>(normalized.data());
    const size_t len = normalized.size();
    size_t at = 0, misses = 0;
    while (at < len && p[at] == ' ') ++at;
    if (at < len) {
      UChar32 c;
      U8_GET_UNSAFE(p, at, c);
      if (joins_space(c)) {  // joined to the spaces before it: no special case
        whole(normalized);
        return fn(chunk(temp_, 0));
      }
    }
    while (at < len) {
      size_t end = at, next = at;  // the chunk: up to the next space that a non-joining character follows
      for (;;) {
        while (end < len && p[end] != ' ') ++end;
        next = end;
        while (next < len && p[next] == ' ') ++next;
        if (next == len) break;
        UChar32 c;
        U8_GET_UNSAFE(p, next, c);
        if (!joins_space(c)) break;
        end = next;
      }
      const std::string_view text = normalized.substr(at, end - at);
      Found f{static_cast<uint32_t>(at), static_cast<uint32_t>(end - at), 0, kUnknown, hash_bytes(text)};
      if (auto known = find(text, f.hash)) {
        f.record = *known;
      } else {
        if (!misses_.empty()) misses_ += ' ';
        f.miss_at = static_cast<uint32_t>(misses_.size());
        misses_.append(text);
        ++misses;
      }
      found_.push_back(f);
      at = next;
    }
    if (misses && !cut_misses(normalized, misses)) {  // (never: see above)
      temp_.clear();
      whole(normalized);
      return fn(chunk(temp_, 0));
    }
    for (const Found& f : found_) fn(f.record & kTemp ? chunk(temp_, f.record & ~kTemp) : chunk(known_, f.record));
  }

 private:
  static constexpr size_t kMaxChunkBytes = 1024;  // longer chunks are not remembered
  static constexpr uint32_t kTemp = 1u << 31;     // a record in temp_, not known_
  static constexpr uint32_t kUnknown = UINT32_MAX;
  struct Found {
    uint32_t at, size;  // the chunk in the text
    uint32_t miss_at;   // in misses_, when it was new
    uint32_t record;    // where its terms are (kTemp: in temp_), once cut_misses has run
    uint64_t hash;      // of its text
  };

  // A chunk's record in known_ (or temp_): its text's size in bytes, its numbers of words and of grams, the
  // text (4 bytes to a slot), the word ids, the gram ids. One record holds all a lookup reads.
  static Chunk chunk(const std::vector<uint32_t>& records, uint32_t at) {
    const uint32_t* r = records.data() + at;
    const uint32_t* words = r + 3 + (r[0] + 3) / 4;
    return {{words, r[1]}, {words + r[1], r[2]}};
  }
  static uint32_t add_record(std::vector<uint32_t>& records, std::string_view text, const std::vector<uint32_t>& words,
                             const std::vector<uint32_t>& grams) {
    const auto at = static_cast<uint32_t>(records.size());
    const size_t text_slots = (text.size() + 3) / 4;
    records.resize(at + 3 + text_slots + words.size() + grams.size());
    uint32_t* r = records.data() + at;
    r[0] = static_cast<uint32_t>(text.size()), r[1] = static_cast<uint32_t>(words.size());
    r[2] = static_cast<uint32_t>(grams.size());
    if (!text.empty()) std::memcpy(r + 3, text.data(), text.size());
    std::copy(words.begin(), words.end(), r + 3 + text_slots);
    std::copy(grams.begin(), grams.end(), r + 3 + text_slots + words.size());
    return at;
  }
  std::optional<uint32_t> find(std::string_view text, uint64_t hash) const {
    return chunk_index_.find(hash, [&](uint32_t at) {
      const uint32_t* r = known_.data() + at;
      return r[0] == text.size() && std::memcmp(r + 3, text.data(), text.size()) == 0;
    });
  }
  size_t bytes() const { return 4 * known_.size() + 16 * chunk_index_.capacity() + word_bytes_ + 32 * grams_.size(); }

  uint32_t word_id(std::string_view w) {
    const uint64_t h = hash_bytes(w);
    if (auto n = word_index_.find(h, [&](uint32_t i) { return words_[i] == w; })) return *n;
    const auto id = static_cast<uint32_t>(words_.size());
    words_.emplace_back(w);
    word_index_.insert(h, id);
    word_bytes_ += w.size() + 64;
    return id;
  }
  uint32_t gram_id(uint64_t key) {
    const uint64_t h = hash_key(key);
    if (auto n = gram_index_.find(h, [&](uint32_t i) { return grams_[i] == key; })) return *n;
    const auto id = static_cast<uint32_t>(grams_.size());
    grams_.push_back(key);
    gram_index_.insert(h, id);
    return id;
  }
  // The ids of text's grams, into grams_out.
  void grams_of(std::string_view text, std::vector<uint32_t>& grams_out) {
    grams_out.clear();
    for_each_gram(text, [&](uint64_t key, std::string_view) { grams_out.push_back(gram_id(key)); });
  }
  // All of `normalized` as one chunk, a record in temp_.
  void whole(std::string_view normalized) {
    grams_of(normalized, grams_buf_);
    words_buf_.clear();
    icu_words(normalized, [&](uint32_t s, uint32_t e) { words_buf_.push_back(word_id(normalized.substr(s, e - s))); });
    add_record(temp_, {}, words_buf_, grams_buf_);
  }
  // Cuts the new chunks of found_ into words, in one ICU pass over misses_ (the chunks joined by single
  // spaces), and remembers them. False when a word crossed two chunks.
  bool cut_misses(std::string_view normalized, size_t misses) {
    std::vector<Found*> which;
    which.reserve(misses);
    for (Found& f : found_)
      if (f.record == kUnknown) which.push_back(&f);
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> cut(which.size());
    size_t k = 0;
    bool ok = true;
    icu_words(misses_, [&](uint32_t s, uint32_t e) {
      while (k < which.size() && s >= which[k]->miss_at + which[k]->size) ++k;
      if (k == which.size() || s < which[k]->miss_at || e > which[k]->miss_at + which[k]->size) ok = false;
      else cut[k].emplace_back(s - which[k]->miss_at, e - which[k]->miss_at);
    });
    if (!ok) return false;
    for (size_t i = 0; i < which.size(); ++i) {
      Found& f = *which[i];
      std::string_view text = normalized.substr(f.at, f.size);
      if (auto known = find(text, f.hash)) {  // twice in this text
        f.record = *known;
        continue;
      }
      grams_of(text, grams_buf_);
      words_buf_.clear();
      for (auto [s, e] : cut[i]) words_buf_.push_back(word_id(text.substr(s, e - s)));
      if (text.size() <= kMaxChunkBytes) {
        f.record = add_record(known_, text, words_buf_, grams_buf_);
        chunk_index_.insert(f.hash, f.record);
      } else {
        f.record = add_record(temp_, {}, words_buf_, grams_buf_) | kTemp;
      }
    }
    return true;
  }

  FlatIndex chunk_index_, word_index_, gram_index_;
  std::vector<uint32_t> known_;    // the chunks' records, one after another
  std::deque<std::string> words_;  // by id
  std::vector<uint64_t> grams_;    // by id
  size_t word_bytes_ = 0;
  uint64_t epoch_ = 0;
  std::vector<Found> found_;  // the chunks of the text at hand
  std::string misses_;
  std::vector<uint32_t> temp_;  // records of the text at hand's chunks that are not remembered
  std::vector<uint32_t> words_buf_, grams_buf_;
};

}  // namespace search_detail
}  // namespace oit
