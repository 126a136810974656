#include "generator/search_index.h"
#include "core/encoding.h"
#include "core/parallel.h"
#include "core/text.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace oit {
namespace {

using nlohmann::json;

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool bad = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, bad);
  if (!bad) out.append(buf, static_cast<size_t>(n));
}

// Decodes UTF-8 one code point at a time; invalid bytes come out as U+FFFD.
template <class F>
void for_each_code_point(std::string_view s, F&& f) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t len = static_cast<int32_t>(s.size()), i = 0;
  while (i < len) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, len, c);
    if (c < 0) c = 0xFFFD;
    f(c, static_cast<size_t>(start), static_cast<size_t>(i));
  }
}

bool is_zero_width(UChar32 c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

// NFC by way of UTF-16 and Normalizer2, as valid UTF-8 (invalid bytes become U+FFFD): for text that
// normalise_text finds is not plainly NFC already.
std::string nfc_slow(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_SUCCESS(st)) {
    icu::UnicodeString out = n->normalize(u, st);
    if (U_SUCCESS(st)) u = std::move(out);
  }
  std::string utf8;
  u.toUTF8String(utf8);
  return utf8;
}

constexpr uint8_t kNotNfcYes = 255;

// The canonical combining class of c, or kNotNfcYes when c's NFC_QC is not Yes.
uint8_t nfc_class(UChar32 c) {
  if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES) return kNotNfcYes;
  return u_getCombiningClass(c);
}

// nfc_class of U+0E00–U+0E7F, asked of ICU once.
const std::array<uint8_t, 128>& thai_nfc_classes() {
  static const std::array<uint8_t, 128> t = [] {
    std::array<uint8_t, 128> classes{};
    for (UChar32 i = 0; i < 128; ++i) classes[static_cast<size_t>(i)] = nfc_class(0x0E00 + i);
    return classes;
  }();
  return t;
}

// search_normalize's mapping (no zero-width characters, Thai digits → Arabic, simple lowercase, white space
// → ' ', ํ + า → ำ) of `text` into `out`.
//
// kTrusted: `text` is valid UTF-8 in NFC. Else it is checked on the way — valid UTF-8 and NFC by the quick
// check of UAX #15: every code point NFC_QC=Yes, combining marks in canonical order — and the answer is
// false (out unfinished) when it is not plainly so; the caller normalises it then. ASCII and Thai, nearly
// all of a page, are handled without asking ICU.
template <bool kTrusted>
bool normalise_text(std::string_view text, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t len = text.size();
  const std::array<uint8_t, 128>& thai = thai_nfc_classes();
  uint8_t last = 0;  // the combining class of the code point before (when checking)
  auto in_order = [&](uint8_t ccc) {
    if (ccc == kNotNfcYes || (ccc != 0 && last > ccc)) return false;
    last = ccc;
    return true;
  };
  // Written through a pointer: ASCII and Thai never write more than they read, so the room left always
  // covers what is left to read (other code points make sure of it themselves: a lowercase may be longer).
  out.assign(len + 4, '\0');
  char* w = out.data();
  for (size_t i = 0; i < len;) {
    const uint8_t b = p[i];
    if (b < 0x80) {  // ASCII: as below, without ICU
      char c = static_cast<char>(b);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      else if (c == ' ' || (c >= '\t' && c <= '\r')) c = ' ';
      *w++ = c, ++i, last = 0;
      continue;
    }
    if (b == 0xE0 && i + 2 < len && (p[i + 1] == 0xB8 || p[i + 1] == 0xB9) && (p[i + 2] & 0xC0) == 0x80) {
      // Thai: no case, no white space, no zero-width characters
      const uint8_t t = p[i + 2];
      if (!kTrusted && !in_order(thai[static_cast<size_t>((p[i + 1] - 0xB8) << 6 | (t & 0x3F))])) return false;
      if (p[i + 1] == 0xB9 && t == 0x8D && i + 5 < len && p[i + 3] == 0xE0 && p[i + 4] == 0xB8 && p[i + 5] == 0xB2) {
        if (!kTrusted && !in_order(thai[0x32])) return false;  // (า)
        *w++ = '\xE0', *w++ = '\xB8', *w++ = '\xB3';        // ํ + า typed for ำ
        i += 6;
      } else if (p[i + 1] == 0xB9 && t >= 0x90 && t <= 0x99) {
        *w++ = static_cast<char>('0' + (t - 0x90));
        i += 3;
      } else {
        w = std::copy(text.data() + i, text.data() + i + 3, w);
        i += 3;
      }
      continue;
    }
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    if (kTrusted) {
      U8_NEXT_UNSAFE(p, j, c);
    } else {
      U8_NEXT(p, j, static_cast<int32_t>(len), c);
      if (c < 0 || !in_order(nfc_class(c))) return false;
    }
    i = static_cast<size_t>(j);
    if (is_zero_width(c)) continue;
    c = u_isUWhiteSpace(c) ? ' ' : u_tolower(c);
    const auto at = static_cast<size_t>(w - out.data());
    if (out.size() < at + 4 + (len - i)) out.resize(at + 4 + (len - i) + len / 8), w = out.data() + at;
    int32_t k = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(w), k, c);
    w += k;
  }
  out.resize(static_cast<size_t>(w - out.data()));
  return true;
}

// 0: separator, 1: Thai, 2: other letters and digits. search.js has the same classes.
int gram_class(UChar32 c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 2 : 0;
  if ((c >= 0x0E01 && c <= 0x0E3A) || (c >= 0x0E40 && c <= 0x0E4E && c != 0x0E46)) return 1;
  if (c >= 0x0E00 && c <= 0x0E7F) return 0;
  return (u_isalpha(c) || u_isdigit(c)) ? 2 : 0;
}

icu::BreakIterator* word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi = [] {
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(icu::BreakIterator::createWordInstance(icu::Locale("th"), st));
    if (U_FAILURE(st)) p.reset();
    return p;
  }();
  return bi.get();
}

constexpr int32_t kMaxWordChars = 64;  // longer "words" are URLs or digit strings nobody types

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Collapses runs of ASCII white space into one space and trims.
std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

// No zero-width characters, white space collapsed, at most `limit` code points of NFC text (`nfc_text`, valid
// UTF-8): the text kept for excerpts. search.js lowercases and maps digits itself, one code point at a time,
// to keep positions.
std::string display_text(std::string_view nfc_text, size_t limit) {
  std::string out;
  out.reserve(std::min(nfc_text.size(), limit * 3 + 1));
  const auto* p = reinterpret_cast<const uint8_t*>(nfc_text.data());
  const size_t len = nfc_text.size();
  size_t count = 0;
  bool pending = false;
  for (size_t i = 0; i < len && count < limit;) {
    size_t start = i;
    bool space;
    if (p[i] < 0x80) {  // ASCII and Thai (no zero-width characters there) without ICU
      space = p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r');
      ++i;
    } else if (p[i] == 0xE0 && (p[i + 1] == 0xB8 || p[i + 1] == 0xB9)) {
      space = false;
      i += 3;
    } else {
      int32_t j = static_cast<int32_t>(i);
      UChar32 c;
      U8_NEXT_UNSAFE(p, j, c);
      i = static_cast<size_t>(j);
      if (is_zero_width(c)) continue;
      space = u_isUWhiteSpace(c);
    }
    if (space) {
      pending = !out.empty();
      continue;
    }
    if (pending && count + 2 > limit) break;  // no trailing space
    if (pending) out += ' ', ++count;
    pending = false;
    out.append(nfc_text.data() + start, i - start);
    ++count;
  }
  return out;
}

constexpr std::string_view kBlockTags[] = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"};

bool is_block_tag(std::string_view name) {
  return std::any_of(std::begin(kBlockTags), std::end(kBlockTags), [&](std::string_view t) { return name == t; });
}

// Decodes the entity at s[at] ('&'); returns the bytes consumed (0 when it is not an entity we know).
size_t decode_entity(std::string_view s, size_t at, std::string& out) {
  size_t semi = s.substr(0, at + 11).find(';', at);  // (no further than a known entity can reach)
  if (semi == std::string_view::npos || semi - at > 10) return 0;
  std::string_view name = s.substr(at + 1, semi - at - 1);
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (auto [n, v] : named)
    if (name == n) return out += v, semi - at + 1;
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
      return 0;
    unsigned long v = std::stoul(digits.substr(0, 8), nullptr, hex ? 16 : 10);
    append_utf8(out, v > 0 && v <= 0x10FFFF ? static_cast<UChar32>(v) : 0xFFFD);
    return semi - at + 1;
  }
  return 0;
}

uint32_t fnv1a32(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

uint64_t fnv1a64(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Appends `s` as a JSON string, byte for byte as dump() writes it: only '"', '\\' and control characters
// escaped (the short escapes where JSON has them, else \u00xx). Invalid UTF-8 is left to dump().
void append_json_string(std::string& out, std::string_view s) {
  if (first_invalid_utf8(s)) {
    out += dump(json(std::string(s)));
    return;
  }
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        char u[8];
        std::snprintf(u, sizeof u, "\\u%04x", c);
        out += u;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// The word-like ICU word segments of normalised (valid UTF-8) text as (start, end) byte offsets, in order,
// those longer than kMaxWordChars left out. ICU reads the UTF-8 in place (UText): no copy, no conversion.
template <class F>
void icu_words(std::string_view normalized, F&& fn) {
  icu::BreakIterator* bi = word_breaker();
  if (!bi) return;
  UErrorCode st = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, normalized.data(), static_cast<int64_t>(normalized.size()), &st);
  if (U_SUCCESS(st)) bi->setText(text, st);
  if (U_SUCCESS(st)) {
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
      if (bi->getRuleStatus() == UBRK_WORD_NONE) continue;
      int32_t chars = 0;
      for (int32_t i = start; i < end; ++i) chars += (static_cast<unsigned char>(normalized[static_cast<size_t>(i)]) & 0xC0) != 0x80;
      if (chars <= kMaxWordChars) fn(static_cast<uint32_t>(start), static_cast<uint32_t>(end));
    }
  }
  bi->setText(icu::UnicodeString());  // drop the iterator's reference to the text before closing it
  utext_close(text);
}

// Calls fn(key, gram) for each bigram and trigram of normalised text (see search_grams). The key packs the
// gram's code points, 21 bits each (a bigram's first slot is 0), so per-doc counting needs no strings.
template <class F>
void for_each_gram(std::string_view normalized, F&& fn) {
  int run_class = 0;
  size_t run_length = 0, starts[2] = {0, 0};  // byte offsets of the two previous code points of the run
  uint64_t prev[2] = {0, 0};                   // the two previous code points of the run
  for_each_code_point(normalized, [&](UChar32 c, size_t start, size_t end) {
    int cls = gram_class(c);
    run_length = cls != 0 && cls == run_class ? run_length + 1 : (cls != 0 ? 1 : 0);
    run_class = cls;
    auto cp = static_cast<uint64_t>(c);
    if (run_length >= 2) fn(prev[1] << 21 | cp, normalized.substr(starts[1], end - starts[1]));
    if (run_length >= 3) fn(prev[0] << 42 | prev[1] << 21 | cp, normalized.substr(starts[0], end - starts[0]));
    starts[0] = starts[1], starts[1] = start;
    prev[0] = prev[1], prev[1] = cp;
  });
}

std::string gram_text(uint64_t key) {
  std::string out;
  for (int shift : {42, 21, 0})
    if (UChar32 c = static_cast<UChar32>((key >> shift) & 0x1FFFFF)) append_utf8(out, c);
  return out;
}

// Whether ICU's word rules may join code point c to a space before it (UAX #29 WB4: Extend, Format and ZWJ
// attach to whatever precedes them).
bool joins_space(UChar32 c) {
  static const std::array<bool, 128> thai = [] {  // U+0E00–U+0E7F, asked once
    std::array<bool, 128> t{};
    for (UChar32 i = 0; i < 128; ++i) {
      int wb = u_getIntPropertyValue(0x0E00 + i, UCHAR_WORD_BREAK);
      t[static_cast<size_t>(i)] = wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ;
    }
    return t;
  }();
  if (c < 0x80) return false;
  if (c >= 0x0E00 && c <= 0x0E7F) return thai[static_cast<size_t>(c - 0x0E00)];
  int wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
  return wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ;
}

// A quick 64-bit hash of bytes: for the memo's tables, and each index file's key (the index id is made of those).
uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    h = (h ^ v) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  uint64_t v = 0;
  if (i < s.size()) std::memcpy(&v, s.data() + i, s.size() - i);
  h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

uint64_t hash_key(uint64_t k) {
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

// Field bits of a posting's value (search.js reads them the same way).
constexpr uint32_t kTitleBit = 1;    // title, OIT item code
constexpr uint32_t kHeadingBit = 2;  // headings, summary, OIT item title
constexpr uint32_t kMaxTf = 7;       // BM25 saturates long before; keeps a value in one digit

constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int digit_value(char c) {
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

// What one doc contributes to the index: its terms with their posting values, its lengths, its entry.
struct DocTerms {
  std::vector<std::pair<std::string, uint32_t>> words;
  std::vector<std::pair<uint64_t, uint32_t>> grams;
  uint32_t length = 0, title_length = 0;
  std::string entry;  // the doc shard's JSON array for it
};

// One worker's memo and per-doc counters, reused from doc to doc.
struct Analyser {
  struct Stats {
    uint32_t tf = 0, bits = 0;
  };
  TermMemo memo;
  std::vector<Stats> words, grams;     // by id; tf 0: not in the doc at hand
  std::vector<uint32_t> wseen, gseen;  // the ids counted for the doc at hand
};

// Where a doc's terms came from: the memo ids of DocTerms::words and ::grams, in their order (the merge finds
// each term's postings by id rather than by text).
struct Origin {
  bool analysed = false;  // (false: the doc's terms came from elsewhere)
  size_t worker = 0;      // whose memo
  uint64_t epoch = 0;     // the memo's epoch then
  std::vector<uint32_t> words, grams;
};

DocTerms analyse(const SearchDoc& given, const SearchLimits& limits, Analyser& a, Origin* origin = nullptr) {
  // A doc given as HTML gets its headings and text here, on the worker analysing it: in parallel, and only
  // a batch of pages' text is alive at a time.
  SearchDoc with_text;
  if (given.html) {
    with_text.url = given.url, with_text.title = given.title, with_text.summary = given.summary;
    with_text.item_ids = given.item_ids, with_text.item_titles = given.item_titles;
    with_text.headings = html_headings(*given.html);
    with_text.body = html_to_text(*given.html);
  }
  const SearchDoc& d = given.html ? with_text : given;
  a.memo.begin_doc(limits.memo_bytes);
  DocTerms out;
  auto count = [](std::vector<Analyser::Stats>& stats, std::vector<uint32_t>& seen, size_t ids,
                  std::span<const uint32_t> chunk, uint32_t bit) {
    if (stats.size() < ids) stats.resize(ids);
    for (uint32_t id : chunk) {
      Analyser::Stats& t = stats[id];
      if (!t.tf) seen.push_back(id);
      ++t.tf, t.bits |= bit;
    }
  };
  auto add_normalized = [&](const std::string& normalized, uint32_t bit) {
    uint32_t words = 0;
    a.memo.each(normalized, [&](const TermMemo::Chunk& c) {
      count(a.words, a.wseen, a.memo.word_ids(), c.words, bit);
      count(a.grams, a.gseen, a.memo.gram_ids(), c.grams, bit);
      words += static_cast<uint32_t>(c.words.size());
    });
    out.length += words;
    return words;
  };
  auto add = [&](std::string_view text, uint32_t bit) { return add_normalized(search_normalize(text), bit); };
  out.title_length = add(d.title, kTitleBit);
  for (const auto& s : d.item_ids) add(s, kTitleBit);
  add(d.summary, kHeadingBit);
  for (const auto& s : d.item_titles) add(s, kHeadingBit);
  for (const auto& s : d.headings) add(s, kHeadingBit);
  std::string normalised, slow;
  std::string_view body = d.body;  // in NFC: for the terms and for the excerpt
  if (!normalise_text<false>(body, normalised)) normalise_text<true>(body = slow = nfc_slow(body), normalised);
  add_normalized(normalised, 0);
  auto value = [](const Analyser::Stats& t) { return std::min(t.tf, kMaxTf) * 4 + t.bits; };
  out.words.reserve(a.wseen.size());
  for (uint32_t id : a.wseen) out.words.emplace_back(a.memo.word(id), value(a.words[id])), a.words[id] = {};
  out.grams.reserve(a.gseen.size());
  for (uint32_t id : a.gseen) out.grams.emplace_back(a.memo.gram(id), value(a.grams[id])), a.grams[id] = {};
  if (origin) {
    origin->analysed = true;
    origin->epoch = a.memo.epoch();
    origin->words.swap(a.wseen), origin->grams.swap(a.gseen);
  }
  a.wseen.clear(), a.gseen.clear();
  // [url, title, summary, [item ids], excerpt], as dump() writes it
  std::string& e = out.entry;
  e += '[';
  for (std::string_view field : {std::string_view(d.url), std::string_view(d.title), std::string_view(d.summary)})
    append_json_string(e, field), e += ',';
  e += '[';
  for (size_t i = 0; i < d.item_ids.size(); ++i) {
    if (i) e += ',';
    append_json_string(e, d.item_ids[i]);
  }
  e += "],";
  append_json_string(e, display_text(body, limits.excerpt_chars));
  e += ']';
  return out;
}

}  // namespace

namespace {
// The merged index of one build: postings by term, per-doc figures, and the serialised term shards.
struct MergedIndex {
  std::vector<uint64_t> keys;  // SearchDoc::key by doc id
  std::unordered_map<std::string, TermPostings> words;
  std::unordered_map<uint64_t, TermPostings> grams;
  std::vector<uint32_t> lengths, title_lengths;  // words per doc, words per title
  std::vector<std::string> entries;              // doc shard entries by doc id
  size_t total = 0;                              // bytes of all term entries (+1 each): picks the shard count
  std::vector<std::string> wpart, gpart;         // term shards' contents

  // A term's entry in its shard: "\"term\":\"postings\"".
  static std::string entry(const std::string& term, const TermPostings& p, size_t docs) {
    std::string out;
    append_json_string(out, term);
    return out + ":" + p.json(docs);
  }
  size_t shard_count(const SearchLimits& limits) const {
    size_t shards = 1;
    while (shards < 4096 && total / shards > limits.term_shard_bytes) shards *= 2;
    return shards;
  }
  // Serialises the term shards: all of them (and `total`, which picks their count), or only those marked in
  // `dirty` (the count stays). Each entry is made once; terms are sorted within their shard.
  void serialise(const SearchLimits& limits, const std::vector<bool>* dirty) {
    struct Term {
      uint32_t hash;
      std::string text, entry;
      const TermPostings* postings;
    };
    const size_t docs = keys.size();
    auto wanted = [&](uint32_t hash) { return !dirty || (*dirty)[hash & (dirty->size() - 1)]; };
    std::vector<Term> wterms, gterms;
    for (const auto& [w, p] : words)
      if (uint32_t h = fnv1a32(w); wanted(h)) wterms.push_back({h, w, {}, &p});
    for (const auto& [g, p] : grams)
      if (std::string text = gram_text(g); wanted(fnv1a32(text))) gterms.push_back({fnv1a32(text), std::move(text), {}, &p});
    if (!dirty) total = 0;
    for (auto* terms : {&wterms, &gterms})
      for (Term& t : *terms) {
        t.entry = entry(t.text, *t.postings, docs);
        if (!dirty) total += t.entry.size() + 1;
      }
    const size_t shards = dirty ? dirty->size() : shard_count(limits);
    if (!dirty) wpart.assign(shards, {}), gpart.assign(shards, {});
    for (auto [terms, parts] : {std::pair{&wterms, &wpart}, std::pair{&gterms, &gpart}}) {
      for (size_t k = 0; k < shards; ++k)
        if (dirty && (*dirty)[k]) (*parts)[k].clear();
      std::sort(terms->begin(), terms->end(), [](const Term& a, const Term& b) { return a.text < b.text; });
      for (const Term& t : *terms) {
        std::string& part = (*parts)[t.hash & (shards - 1)];
        part += part.empty() ? "" : ",";
        part += t.entry;
      }
    }
  }
};
}  // namespace

struct SearchMemo::State {
  std::unordered_map<uint64_t, std::shared_ptr<const DocTerms>> docs;  // by SearchDoc::key, last build's only
  std::shared_ptr<MergedIndex> merged;                                 // the last build's index
  // The last build's term shards then doc shards, with their hashes: a rebuild that folds a few docs in
  // assembles (and hashes) again only the shards whose terms or docs changed.
  std::vector<std::shared_ptr<const std::string>> files;
  std::vector<uint64_t> file_hash;
  size_t per_shard = 0;
  bool has(uint64_t key) const { return key != 0 && docs.count(key) > 0; }
};

std::string search_normalize(std::string_view text) {
  std::string out;
  if (!normalise_text<false>(text, out)) normalise_text<true>(nfc_slow(text), out);
  return out;
}

std::vector<std::string> search_words(std::string_view normalized) {
  std::vector<std::string> out;
  TermMemo memo;  // (by chunk, as the index cuts text)
  memo.each(normalized, [&](const TermMemo::Chunk& c) {
    for (uint32_t id : c.words) out.emplace_back(memo.word(id));
  });
  return out;
}

std::vector<std::string> search_grams(std::string_view normalized) {
  std::vector<std::string> out;
  for_each_gram(normalized, [&](uint64_t, std::string_view g) { out.emplace_back(g); });
  return out;
}

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    size_t text_end = i;  // text runs are copied whole
    while (text_end < html.size() && html[text_end] != '<' && html[text_end] != '&') ++text_end;
    out.append(html.data() + i, text_end - i);
    i = text_end;
    if (i == html.size()) break;
    char c = html[i];
    if (c == '&') {
      size_t used = decode_entity(html, i, out);
      if (used) {
        i += used;
        continue;
      }
      out += c;
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      size_t e = html.find("-->", i + 4);
      i = e == std::string_view::npos ? html.size() : e + 3;
      continue;
    }
    size_t e = html.find('>', i);
    if (e == std::string_view::npos) {  // a lone '<' is text
      out += c;
      ++i;
      continue;
    }
    size_t n = i + 1;
    bool closing = n < html.size() && html[n] == '/';
    if (closing) ++n;
    size_t name_end = n;
    while (name_end < e && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    i = e + 1;
    // The tag name in lowercase; a name longer than any we look for is none of them.
    char lower[12];
    if (name_end - n > sizeof lower) continue;
    for (size_t k = n; k < name_end; ++k)
      lower[k - n] = html[k] >= 'A' && html[k] <= 'Z' ? static_cast<char>(html[k] - 'A' + 'a') : html[k];
    const std::string_view name(lower, name_end - n);
    if (!closing && (name == "script" || name == "style")) {
      size_t close = ascii_lower(html.substr(i)).find("</" + std::string(name));
      i = close == std::string::npos ? html.size() : i + close;
      continue;
    }
    if (is_block_tag(name)) out += '\n';
  }
  return out;
}

std::vector<std::string> html_headings(std::string_view html) {
  std::vector<std::string> out;
  for (size_t at = html.find("<h"); at != std::string_view::npos; at = html.find("<h", at + 2)) {
    if (at + 3 >= html.size() || html[at + 2] < '1' || html[at + 2] > '6' || (html[at + 3] != '>' && html[at + 3] != ' '))
      continue;
    size_t open_end = html.find('>', at);
    std::string close = "</h" + std::string(1, html[at + 2]) + ">";
    size_t close_at = html.find(close, open_end);
    if (open_end == std::string_view::npos || close_at == std::string_view::npos) break;
    std::string text = collapse_space(html_to_text(html.substr(open_end + 1, close_at - open_end - 1)));
    if (!text.empty()) out.push_back(std::move(text));
    at = close_at;
  }
  return out;
}

namespace {
// Folds a few changed docs into the last build's index in place: each changed doc's old terms leave its
// postings, its new ones enter, and only the term shards those terms live in are serialised again. Returns
// false (index untouched) when the change is not of that kind: then the index is built afresh.
// What a fold-in changed: the docs, and the term shards serialised again (empty: all of them).
struct Folded {
  std::vector<size_t> docs;
  std::vector<bool> term_shards;
};

bool update_index(MergedIndex& m, const std::vector<SearchDoc>& docs, const SearchMemo::State& memo,
                  const SearchLimits& limits, SearchMemo::State& kept, Folded& folded) {
  constexpr size_t kMaxChanged = 64;  // beyond this a fresh merge is as quick
  if (m.keys.size() != docs.size()) return false;
  std::vector<size_t> changed;
  for (size_t i = 0; i < docs.size(); ++i)
    if (docs[i].key != m.keys[i]) {
      if (!docs[i].key || !memo.docs.count(m.keys[i]) || changed.size() == kMaxChanged) return false;
      changed.push_back(i);
    }
  std::vector<std::shared_ptr<const DocTerms>> fresh(changed.size());
  std::vector<Analyser> analysers(thread_count(limits.jobs, changed.size()));
  parallel_each(changed.size(), limits.jobs, [&](size_t c, unsigned w) {
    const SearchDoc& d = docs[changed[c]];
    fresh[c] = memo.has(d.key) ? memo.docs.at(d.key) : std::make_shared<const DocTerms>(analyse(d, limits, analysers[w]));
  });
  const size_t n = docs.size(), shards = m.shard_count(limits);
  std::vector<bool> dirty(shards, false);
  // Replaces doc's value in one term's postings, keeping the total entry size exact.
  auto replace = [&](auto& map, const auto& key, const std::string& term, uint32_t doc, uint32_t value) {
    auto it = map.find(key);
    if (it == map.end() && !value) return;
    if (it != map.end()) m.total -= MergedIndex::entry(term, it->second, n).size() + 1;
    TermPostings& p = it == map.end() ? map[key] : it->second;
    p.replace(doc, value);
    if (p.sparse.empty()) map.erase(key);
    else m.total += MergedIndex::entry(term, p, n).size() + 1;
    dirty[fnv1a32(term) & (shards - 1)] = true;
  };
  for (size_t c = 0; c < changed.size(); ++c) {
    const auto doc = static_cast<uint32_t>(changed[c]);
    const DocTerms& before = *memo.docs.at(m.keys[doc]);
    const DocTerms& after = *fresh[c];
    // Only the terms whose value for this doc changed are touched: a small edit leaves most alone.
    std::unordered_map<std::string_view, uint32_t> wnew;
    std::unordered_map<uint64_t, uint32_t> gnew;
    for (const auto& [w, v] : after.words) wnew.emplace(w, v);
    for (auto [g, v] : after.grams) gnew.emplace(g, v);
    for (const auto& [w, v] : before.words)
      if (auto it = wnew.find(w); it == wnew.end()) replace(m.words, w, w, doc, 0);
      else if (it->second == v) wnew.erase(it);
    for (auto [g, v] : before.grams)
      if (auto it = gnew.find(g); it == gnew.end()) replace(m.grams, g, gram_text(g), doc, 0);
      else if (it->second == v) gnew.erase(it);
    for (auto [w, v] : wnew) replace(m.words, std::string(w), std::string(w), doc, v);
    for (auto [g, v] : gnew) replace(m.grams, g, gram_text(g), doc, v);
    kept.docs.emplace(docs[doc].key, fresh[c]);
    m.keys[doc] = docs[doc].key;
    m.lengths[doc] = after.length;
    m.title_lengths[doc] = after.title_length;
    m.entries[doc] = after.entry;
  }
  for (uint64_t key : m.keys)
    if (auto it = memo.docs.find(key); it != memo.docs.end()) kept.docs.emplace(key, it->second);
  // A shard count that moved reshuffles every term: serialise them all.
  const bool same_shards = m.shard_count(limits) == shards;
  m.serialise(limits, same_shards ? &dirty : nullptr);
  folded.docs = std::move(changed);
  if (same_shards) folded.term_shards = std::move(dirty);
  return true;
}

// Merges every doc's analysis into a new index (docs analysed in parallel, a batch at a time, merged in doc
// order so postings stay ascending) and serialises all its shards. Keeps the analyses in `kept` when given.
MergedIndex merge_index(std::vector<SearchDoc>& docs, const SearchLimits& limits, const SearchMemo::State* memo,
                        SearchMemo::State* kept, unsigned* workers) {
  MergedIndex m;
  constexpr size_t kBatch = 512;
  std::vector<Analyser> analysers(thread_count(limits.jobs, kBatch));  // kept from batch to batch
  if (workers) *workers = static_cast<unsigned>(analysers.size());
  // By worker: the postings of each of its memo's word and gram ids (null: not looked up yet).
  struct Slots {
    uint64_t epoch = 0;
    std::vector<TermPostings*> words, grams;
  };
  std::vector<Slots> slots(analysers.size());
  struct Batch {
    size_t first = 0;
    std::vector<std::shared_ptr<const DocTerms>> terms;
    std::vector<Origin> origins;  // (empty words and grams for a doc the memo had)
  };
  // Folds an analysed batch into the index, in doc order.
  auto fold = [&](Batch& b) {
    for (size_t i = 0; i < b.terms.size(); ++i) {
      auto id = static_cast<uint32_t>(b.first + i);
      const DocTerms& t = *b.terms[i];
      const Origin& o = b.origins[i];
      if (o.analysed) {
        Slots& by = slots[o.worker];
        if (by.epoch != o.epoch) by = {o.epoch, {}, {}};
        auto postings = [](std::vector<TermPostings*>& slot, uint32_t local, auto& map, const auto& term) {
          if (local >= slot.size()) slot.resize(local + 1);
          return slot[local] ? slot[local] : (slot[local] = &map[term]);  // (map values stay put)
        };
        for (size_t k = 0; k < t.words.size(); ++k)
          postings(by.words, o.words[k], m.words, t.words[k].first)->add(id, t.words[k].second);
        for (size_t k = 0; k < t.grams.size(); ++k)
          postings(by.grams, o.grams[k], m.grams, t.grams[k].first)->add(id, t.grams[k].second);
      } else {  // from the memo of the last build
        for (const auto& [term, value] : t.words) m.words[term].add(id, value);
        for (auto [key, value] : t.grams) m.grams[key].add(id, value);
      }
      m.keys.push_back(docs[id].key);
      m.lengths.push_back(t.length);
      m.title_lengths.push_back(t.title_length);
      m.entries.push_back(t.entry);
      if (kept && docs[id].key) kept->docs.emplace(docs[id].key, std::move(b.terms[i]));
    }
  };
  // Each batch is folded in on a thread of its own while the next one is analysed (the fold touches only the
  // index, the slots, `kept` and the batch's own docs' keys; the analysis, the next batch's docs).
  struct Folder {
    Batch batch;
    std::thread thread;
    void wait() {
      if (thread.joinable()) thread.join();
    }
    ~Folder() { wait(); }
  } folder;
  for (size_t first = 0; first < docs.size(); first += kBatch) {
    Batch b;
    b.first = first;
    b.terms.resize(std::min(kBatch, docs.size() - first));
    b.origins.resize(b.terms.size());
    parallel_each(b.terms.size(), limits.jobs, [&](size_t i, unsigned w) {
      const SearchDoc& d = docs[first + i];
      if (memo && memo->has(d.key)) {
        b.terms[i] = memo->docs.at(d.key);  // (read-only while the workers run)
      } else {
        b.origins[i].worker = w;
        b.terms[i] = std::make_shared<const DocTerms>(analyse(d, limits, analysers[w], &b.origins[i]));
      }
      SearchDoc freed;  // the text is in the entry now; free it as we go (10,000 pages hold ~100 MB)
      freed.key = d.key;
      docs[first + i] = std::move(freed);
    });
    folder.wait();
    folder.batch = std::move(b);
    if (analysers.size() == 1) {  // one thread asked for (--jobs 1): fold here, between batches
      fold(folder.batch);
      continue;
    }
    try {
      folder.thread = std::thread([&] { fold(folder.batch); });
    } catch (const std::system_error&) {
      fold(folder.batch);  // no thread: fold it here
    }
  }
  folder.wait();
  m.serialise(limits, nullptr);
  return m;
}
}  // namespace

Result<std::vector<ExtraFile>> build_search_index(std::vector<SearchDoc> docs, const SearchLimits& limits, SearchMemo* memo,
                                                  unsigned* workers) {
  if (!word_breaker())
    return make_error({"(search index)", 0, 0}, "ICU has no Thai word break iterator",
                      "install the ICU data package (libicu72 on Debian 12)");
  // ICU loads its normalisation and property data on first use behind its own once-flags, which
  // ThreadSanitizer cannot see into (ICU is not instrumented): load them here, before the workers start, so
  // the order is plain.
  search_normalize("ก\u0301");  // the quick check's tables (Thai and not), then Normalizer2
  joins_space(0x0E31), joins_space(0x0301);

  // With a memo (oit serve), a few changed pages are folded into the last index; else it is built afresh.
  const std::shared_ptr<SearchMemo::State> previous = memo ? memo->state : nullptr;  // alive until the files are made
  const SearchMemo::State* last = previous.get();
  auto kept = std::make_shared<SearchMemo::State>();
  std::shared_ptr<MergedIndex> index;
  Folded folded;
  const SearchMemo::State* reuse = nullptr;  // whose files stand for the unchanged shards
  if (last && last->merged && update_index(*last->merged, docs, *last, limits, *kept, folded)) {
    index = last->merged;
    if (!folded.term_shards.empty() && last->files.size() >= folded.term_shards.size()) reuse = last;
  } else {
    kept = std::make_shared<SearchMemo::State>();
    index = std::make_shared<MergedIndex>(merge_index(docs, limits, last, memo ? kept.get() : nullptr, workers));
  }
  MergedIndex& m = *index;
  if (memo) {
    kept->merged = index;
    memo->state = std::move(kept);
  } else {
    m.words = {}, m.grams = {};  // nothing is kept: free the postings before the files are assembled
  }

  // The files: each with the hash of its bytes (its key for the build, and what the index id is made of).
  std::vector<ExtraFile> files;
  std::vector<std::shared_ptr<const std::string>> shared;
  std::vector<uint64_t> hashes;
  auto add = [&](std::string path, std::string bytes) {
    const uint64_t h = hash_bytes(bytes) | 1;
    hashes.push_back(h);
    if (memo) {
      shared.push_back(std::make_shared<const std::string>(std::move(bytes)));
      files.push_back({std::move(path), {}, shared.back(), h});
    } else {
      files.push_back({std::move(path), std::move(bytes), nullptr, h});
    }
  };
  auto reuse_file = [&](std::string path, size_t at) {
    shared.push_back(reuse->files[at]);
    hashes.push_back(reuse->file_hash[at]);
    files.push_back({std::move(path), {}, shared.back(), hashes.back()});
  };
  const size_t term_files = m.wpart.size();
  for (size_t k = 0; k < term_files; ++k) {
    std::string path = "search/t/" + std::to_string(k) + ".json";
    if (reuse && !folded.term_shards[k]) {
      reuse_file(std::move(path), k);
      continue;
    }
    std::string bytes;
    bytes.reserve(m.wpart[k].size() + m.gpart[k].size() + 16);
    bytes.append("{\"w\":{").append(m.wpart[k]).append("},\"g\":{").append(m.gpart[k]).append("}}");
    if (!memo) std::string().swap(m.wpart[k]), std::string().swap(m.gpart[k]);
    add(std::move(path), std::move(bytes));
  }

  // Doc shards: the entries shown in results.
  size_t doc_bytes = 0;
  for (const auto& e : m.entries) doc_bytes += e.size() + 1;
  const size_t n = m.entries.size();
  size_t per_shard = n == 0 ? 1 : std::max<size_t>(1, limits.doc_shard_bytes / std::max<size_t>(1, doc_bytes / n));
  const size_t doc_files = n == 0 ? 1 : (n + per_shard - 1) / per_shard;
  std::vector<bool> doc_changed(doc_files, reuse == nullptr || reuse->per_shard != per_shard ||
                                               reuse->files.size() != term_files + doc_files);
  for (size_t d : folded.docs) doc_changed[d / per_shard] = true;
  for (size_t first = 0, k = 0; first < n || k == 0; first += per_shard, ++k) {
    std::string path = "search/d/" + std::to_string(k) + ".json";
    if (!doc_changed[k]) {
      reuse_file(std::move(path), term_files + k);
      continue;
    }
    std::string bytes = "[";
    for (size_t i = first; i < std::min(n, first + per_shard); ++i) bytes.append(i > first ? ",\n" : "").append(m.entries[i]);
    bytes += "]\n";
    add(std::move(path), std::move(bytes));
  }
  if (memo) {
    memo->state->files = std::move(shared);
    memo->state->file_hash = hashes;
    memo->state->per_shard = per_shard;
  }
  // The id changes whenever a file does (browsers cache the shards by it): made of the files' hashes.
  uint64_t id = 14695981039346656037ull;
  for (uint64_t h : hashes) id = fnv1a64(id, std::string_view(reinterpret_cast<const char*>(&h), sizeof h));

  uint64_t sum = 0;
  for (uint32_t l : m.lengths) sum += l;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(id));
  json meta = {{"version", 1},
               {"id", hex},
               {"docs", n},
               {"avg_len", n == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(n)},
               {"lengths", m.lengths},
               {"title_lengths", m.title_lengths},
               {"term_shards", m.wpart.size()},
               {"docs_per_shard", per_shard},
               {"excerpt_chars", limits.excerpt_chars}};
  files.insert(files.begin(), {"search/index.json", dump(meta) + "\n"});
  return files;
}

Result<Emitted> emit_search_index(const SiteModel& site) {
  SearchMemo* memo = site.memo ? &site.memo->slot<SearchMemo>("search") : nullptr;
  std::vector<SearchDoc> docs;
  for (const auto& p : site.pages) {
    SearchDoc d;
    d.url = site.url(p.route);
    if (p.meta) d.title = p.meta->title, d.summary = p.meta->summary;
    d.item_ids = p.item_ids;
    if (site.criteria)
      for (const auto& id : p.item_ids)
        if (const Item* it = site.criteria->find(id)) d.item_titles.push_back(it->title);
    // The page's content key covers its body and front matter; the URL and item titles come from elsewhere.
    d.key = fnv1a64(p.content_key | 1, d.url);
    for (const auto& t : d.item_titles) d.key = fnv1a64(d.key, t);
    d.html = p.content_html;  // its text is taken when (and only if) the page is analysed
    docs.push_back(std::move(d));
  }
  // The OIT hub (written by the build itself): found by "OIT", "ITA" and every item's code and title.
  if (site.criteria) {
    SearchDoc hub;
    hub.url = site.url("oit/");
    hub.title = "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. " + std::to_string(site.criteria->round);
    hub.summary = site.criteria->title;
    for (const auto& it : site.criteria->items) hub.body += it.id + " " + it.title + "\n";
    docs.push_back(std::move(hub));
  }
  size_t indexed = docs.size();
  SearchLimits limits;
  limits.jobs = site.jobs;
  auto files = build_search_index(std::move(docs), limits, memo);
  if (!files) return files.error();
  Emitted e;
  e.files = std::move(*files);
  e.pages.push_back({"search/", "search", "ค้นหา",
                     {{"search", {{"base", site.url("search/")}, {"docs", indexed}}}}});
  return e;
}

}  // namespace oit
