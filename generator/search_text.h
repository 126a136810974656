// The text side of the search index (search_index.h): search_normalize's normalisation, ICU word segments,
// character grams, and the text kept for excerpts. search.js mirrors the normalisation and the gram classes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace oit {

// The normalised form of `text` used for both index terms and queries (see search_index.h). Invalid UTF-8
// becomes U+FFFD.
std::string search_normalize(std::string_view text);

// The character bigrams and trigrams of normalised text (at each code point: the bigram, then the trigram
// ending there), repeats kept. Runs are maximal sequences of Thai letters/vowels/marks (U+0E01–U+0E3A,
// U+0E40–U+0E4E without ๆ U+0E46) or of other letters and decimal digits; a gram never spans two runs.
std::vector<std::string> search_grams(std::string_view normalized);

// The pieces the index is built from (generator/search_*.cpp only).
namespace search_detail {

inline void append_utf8(std::string& out, UChar32 c) {
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

inline bool is_zero_width(UChar32 c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

// NFC by way of UTF-16 and Normalizer2, as valid UTF-8 (invalid bytes become U+FFFD): for text that
// normalise_text finds is not plainly NFC already.
std::string nfc_slow(std::string_view text);

// search_normalize's mapping (no zero-width characters, Thai digits → Arabic, simple lowercase, white space
// → ' ', ํ + า → ำ) of `text` into `out`.
//
// kTrusted: `text` is valid UTF-8 in NFC. Else it is checked on the way — valid UTF-8 and NFC by the quick
// check of UAX #15: every code point NFC_QC=Yes, combining marks in canonical order — and the answer is
// false (out unfinished) when it is not plainly so; the caller normalises it then. ASCII and Thai, nearly
// all of a page, are handled without asking ICU.
template <bool kTrusted>
bool normalise_text(std::string_view text, std::string& out);

// 0: separator, 1: Thai, 2: other letters and digits. search.js has the same classes.
inline int gram_class(UChar32 c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 2 : 0;
  if ((c >= 0x0E01 && c <= 0x0E3A) || (c >= 0x0E40 && c <= 0x0E4E && c != 0x0E46)) return 1;
  if (c >= 0x0E00 && c <= 0x0E7F) return 0;
  return (u_isalpha(c) || u_isdigit(c)) ? 2 : 0;
}

// This thread's ICU word break iterator (Locale "th"); null when ICU has none.
icu::BreakIterator* word_breaker();

constexpr int32_t kMaxWordChars = 64;  // longer "words" are URLs or digit strings nobody types

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Collapses runs of ASCII white space into one space and trims.
std::string collapse_space(std::string_view s);

// No zero-width characters, white space collapsed, at most `limit` code points of NFC text (`nfc_text`, valid
// UTF-8): the text kept for excerpts. search.js lowercases and maps digits itself, one code point at a time,
// to keep positions.
std::string display_text(std::string_view nfc_text, size_t limit);

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

// The gram of a key of for_each_gram.
std::string gram_text(uint64_t key);

// Whether ICU's word rules may join code point c to a space before it (UAX #29 WB4: Extend, Format and ZWJ
// attach to whatever precedes them).
bool joins_space(UChar32 c);

}  // namespace search_detail
}  // namespace oit
