// Site search without a server: a static index written at build time and read by
// themes/default/static/js/search.js in the browser.
//
// Thai has no spaces between words and the build (ICU 72) and the browser (Intl.Segmenter, another ICU)
// do not always cut the same words. So the index holds two kinds of terms for every page:
//   - words: ICU word segmentation (Locale "th"), word-like segments only;
//   - grams: character bigrams and trigrams of every run of Thai letters and of every run of other
//     letters/digits.
// A query word matches a page when the page has it as a word, or has all of its trigrams (its bigram
// when it is two characters long); a query chunk typed without spaces must also have all of its own
// trigrams on the page. Whatever the two segmenters disagree on (ปีงบประมาณ, เผยแพร่) still meets through
// the grams; an exact word ranks above a gram match. Trigrams, not bigrams, keep partial words precise:
// the bigrams of สงกราน are on most Thai pages, its trigrams only where สงกราน(ต์) is.
//
// Text is normalised the same way on both sides (search_normalize here, norm() in search.js — keep the two
// in step): NFC, zero-width characters removed, Thai digits → Arabic, simple lowercase, every white space
// → ' ', and ํ + า → ำ.
//
// Files (paths under the output root):
//   search/index.json    {"version","id","docs","avg_len","lengths":[words per doc],"title_lengths":[words per
//                         title],"term_shards","docs_per_shard","excerpt_chars"}
//   search/t/<k>.json    {"w":{word:postings}, "g":{gram:postings}} for the terms whose FNV-1a 32 hash of
//                        their UTF-8 bytes is k modulo term_shards
//   search/d/<k>.json    [[url, title, summary, [item ids], text], …] for docs k*docs_per_shard…
// postings: a string over the digits A–Z a–z 0–9 - _ (0…63). Sparse form: for each doc, ascending, the
//           difference from the previous doc id (from 0) as a little-endian varint of 5-bit groups (digit
//           bit 32 = more groups follow), then the value as one digit. Dense form, used when shorter: "~"
//           and one value digit per doc id (A = absent).
//           value = min(tf, 7) * 4 + field bits (1: title or item code, 2: heading, summary or item title).
// text: the page's body text, white space collapsed, cut to excerpt_chars code points (for excerpts only).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "generator/html_text.h"     // html_to_text, html_headings
#include "generator/search_terms.h"  // search_words
#include "generator/search_text.h"   // search_normalize, search_grams
#include "generator/site_model.h"

namespace oit {

// One page as the index sees it.
struct SearchDoc {
  std::string url;      // "/news/a/" (with the site's base path)
  std::string title;
  std::string summary;
  std::vector<std::string> item_ids;     // "O12"
  std::vector<std::string> item_titles;  // the OIT items' official titles
  std::vector<std::string> headings;
  std::string body;     // plain text
  const std::string* html = nullptr;  // instead of headings and body: the page's HTML, read when analysed
  // Nonzero: docs with the same key are the same doc, so an analysis kept in a SearchMemo is reused and
  // the fields above may be left empty when the memo has it.
  uint64_t key = 0;
};

// What build_search_index keeps from one build to the next (oit serve keeps one per Builder): each doc's
// analysis and the merged index, so a one-page edit analyses one doc and re-serialises only the term shards
// its changed terms live in. Starts empty.
struct SearchMemo {
  struct State;
  std::shared_ptr<State> state;
};

struct SearchLimits {
  size_t excerpt_chars = 1500;         // body text kept per doc for excerpts (code points)
  size_t term_shard_bytes = 48 * 1024; // aim for term shards about this size (power-of-two count, ≤ 4096)
  size_t doc_shard_bytes = 64 * 1024;  // aim for doc shards about this size
  size_t memo_bytes = 32 << 20;        // about what each worker keeps of the text chunks it has cut (a cache)
  unsigned jobs = 0;                   // threads analysing docs (the build's --jobs); 0 = one per core
};

// The index files for `docs` (doc id = position in `docs`). Deterministic: same docs, same bytes.
// Takes the docs by value and frees each one's text once it is analysed.
// `workers`, when given, receives the number of threads a fresh merge analysed docs on.
Result<std::vector<ExtraFile>> build_search_index(std::vector<SearchDoc> docs, const SearchLimits& limits = {},
                                                  SearchMemo* memo = nullptr, unsigned* workers = nullptr);

// The output stage: indexes every published page (and the OIT hub) and adds the /search/ page (kind "search").
Result<Emitted> emit_search_index(const SiteModel& site);

}  // namespace oit
