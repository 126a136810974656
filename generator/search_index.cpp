#include "search_index.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <deque>
#include <memory>
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

icu::UnicodeString nfc(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return u;
  icu::UnicodeString out = n->normalize(u, st);
  return U_FAILURE(st) ? u : out;
}

// 0: separator, 1: Thai, 2: other letters and digits. search.js has the same classes.
int gram_class(UChar32 c) {
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

// NFC, no zero-width characters, white space collapsed, at most `limit` code points: the text kept for
// excerpts. search.js lowercases and maps digits itself, one code point at a time, to keep positions.
std::string display_text(std::string_view text, size_t limit) {
  icu::UnicodeString u = nfc(text);
  std::string utf8, out;
  u.toUTF8String(utf8);
  size_t count = 0;
  bool pending = false;
  for_each_code_point(utf8, [&](UChar32 c, size_t, size_t) {
    if (count >= limit || is_zero_width(c)) return;
    if (u_isUWhiteSpace(c)) {
      pending = !out.empty();
      return;
    }
    if (pending && count + 2 > limit) count = limit;  // no trailing space
    if (count >= limit) return;
    if (pending) out += ' ', ++count;
    pending = false;
    append_utf8(out, c);
    ++count;
  });
  return out;
}

const char* const kBlockTags[] = {"address", "article", "aside",  "blockquote", "br",     "caption", "dd",     "details",
                                  "div",     "dl",      "dt",     "figcaption", "figure", "footer",  "h1",     "h2",
                                  "h3",      "h4",      "h5",     "h6",         "header", "hr",      "li",     "nav",
                                  "ol",      "p",       "pre",    "section",    "summary", "table",  "tbody",  "td",
                                  "tfoot",   "th",      "thead",  "tr",         "ul"};

bool is_block_tag(std::string_view name) {
  return std::any_of(std::begin(kBlockTags), std::end(kBlockTags), [&](const char* t) { return name == t; });
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Decodes the entity at s[at] ('&'); returns the bytes consumed (0 when it is not an entity we know).
size_t decode_entity(std::string_view s, size_t at, std::string& out) {
  size_t semi = s.find(';', at);
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

// Calls fn(word) for each word-like ICU word segment of normalised (valid UTF-8) text; the words are views
// into `normalized`. ICU reads the UTF-8 in place (UText): no copy, no conversion per word.
template <class F>
void for_each_word(std::string_view normalized, F&& fn) {
  icu::BreakIterator* bi = word_breaker();
  if (!bi) return;
  UErrorCode st = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, normalized.data(), static_cast<int64_t>(normalized.size()), &st);
  if (U_SUCCESS(st)) bi->setText(text, st);
  if (U_SUCCESS(st)) {
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
      if (bi->getRuleStatus() == UBRK_WORD_NONE) continue;
      std::string_view w = normalized.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
      int32_t chars = 0;
      for (char c : w) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      if (chars <= kMaxWordChars) fn(w);
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

// Field bits of a posting's value (search.js reads them the same way).
constexpr uint32_t kTitleBit = 1;    // title, OIT item code
constexpr uint32_t kHeadingBit = 2;  // headings, summary, OIT item title
constexpr uint32_t kMaxTf = 7;       // BM25 saturates long before; keeps a value in one digit

constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int digit_value(char c) {
  const char* at = std::strchr(kDigits, c);
  return c != 0 && at ? static_cast<int>(at - kDigits) : 0;
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

DocTerms analyse(const SearchDoc& given, const SearchLimits& limits) {
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
  struct Stats {
    uint32_t tf = 0, bits = 0;
  };
  std::deque<std::string> texts;  // normalised fields; the word views point into them (stable addresses)
  std::unordered_map<std::string_view, Stats> dw;
  std::unordered_map<uint64_t, Stats> dg;
  dg.reserve(4096);
  DocTerms out;
  auto add = [&](std::string_view text, uint32_t bit) {
    const std::string& n = texts.emplace_back(search_normalize(text));
    uint32_t words = 0;
    for_each_word(n, [&](std::string_view w) {
      auto& t = dw[w];
      ++t.tf, t.bits |= bit, ++words;
    });
    for_each_gram(n, [&](uint64_t key, std::string_view) {
      auto& t = dg[key];
      ++t.tf, t.bits |= bit;
    });
    out.length += words;
    return words;
  };
  out.title_length = add(d.title, kTitleBit);
  for (const auto& s : d.item_ids) add(s, kTitleBit);
  add(d.summary, kHeadingBit);
  for (const auto& s : d.item_titles) add(s, kHeadingBit);
  for (const auto& s : d.headings) add(s, kHeadingBit);
  add(d.body, 0);
  auto value = [](const Stats& t) { return std::min(t.tf, kMaxTf) * 4 + t.bits; };
  out.words.reserve(dw.size());
  for (const auto& [w, t] : dw) out.words.emplace_back(std::string(w), value(t));
  out.grams.reserve(dg.size());
  for (const auto& [k, t] : dg) out.grams.emplace_back(k, value(t));
  out.entry = dump(json::array({d.url, d.title, d.summary, d.item_ids, display_text(d.body, limits.excerpt_chars)}));
  return out;
}

// Runs fn(i) for every i < n on a few threads (ICU break iterators are per thread); inline when threads
// cannot be started.
template <class F>
void parallel_each(size_t n, F&& fn) {
  size_t workers = std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, n});
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> threads;
  try {
    for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  } catch (const std::system_error&) {
    // fewer threads: the ones started and this one still cover every index
  }
  work();
  for (auto& t : threads) t.join();
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
    return dump(json(term)) + ":" + p.json(docs);
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
  bool has(uint64_t key) const { return key != 0 && docs.count(key) > 0; }
};

std::string search_normalize(std::string_view text) {
  icu::UnicodeString u = nfc(text);
  std::string out;
  out.reserve(text.size());
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (is_zero_width(c)) continue;
    if (c == 0x0E4D && i < u.length() && u.charAt(i) == 0x0E32) {  // ํ + า typed for ำ
      c = 0x0E33;
      ++i;
    } else if (c >= 0x0E50 && c <= 0x0E59) {
      c = '0' + (c - 0x0E50);
    } else if (u_isUWhiteSpace(c)) {
      c = ' ';
    } else {
      c = u_tolower(c);
    }
    append_utf8(out, c);
  }
  return out;
}

std::vector<std::string> search_words(std::string_view normalized) {
  std::vector<std::string> out;
  for_each_word(normalized, [&](std::string_view w) { out.emplace_back(w); });
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
    if (c != '<') {
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
    std::string name = lower_ascii(html.substr(n, name_end - n));
    i = e + 1;
    if (!closing && (name == "script" || name == "style")) {
      size_t close = lower_ascii(html.substr(i)).find("</" + name);
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
bool update_index(MergedIndex& m, const std::vector<SearchDoc>& docs, const SearchMemo::State& memo,
                  const SearchLimits& limits, SearchMemo::State& kept) {
  constexpr size_t kMaxChanged = 64;  // beyond this a fresh merge is as quick
  if (m.keys.size() != docs.size()) return false;
  std::vector<size_t> changed;
  for (size_t i = 0; i < docs.size(); ++i)
    if (docs[i].key != m.keys[i]) {
      if (!docs[i].key || !memo.docs.count(m.keys[i]) || changed.size() == kMaxChanged) return false;
      changed.push_back(i);
    }
  std::vector<std::shared_ptr<const DocTerms>> fresh(changed.size());
  parallel_each(changed.size(), [&](size_t c) {
    const SearchDoc& d = docs[changed[c]];
    fresh[c] = memo.has(d.key) ? memo.docs.at(d.key) : std::make_shared<const DocTerms>(analyse(d, limits));
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
  m.serialise(limits, m.shard_count(limits) == shards ? &dirty : nullptr);
  return true;
}

// Merges every doc's analysis into a new index (docs analysed in parallel, a batch at a time, merged in doc
// order so postings stay ascending) and serialises all its shards. Keeps the analyses in `kept` when given.
MergedIndex merge_index(std::vector<SearchDoc>& docs, const SearchLimits& limits, const SearchMemo::State* memo,
                        SearchMemo::State* kept) {
  MergedIndex m;
  constexpr size_t kBatch = 512;
  for (size_t first = 0; first < docs.size(); first += kBatch) {
    std::vector<std::shared_ptr<const DocTerms>> batch(std::min(kBatch, docs.size() - first));
    parallel_each(batch.size(), [&](size_t i) {
      const SearchDoc& d = docs[first + i];
      if (memo && memo->has(d.key)) batch[i] = memo->docs.at(d.key);  // (read-only while the workers run)
      else batch[i] = std::make_shared<const DocTerms>(analyse(d, limits));
      SearchDoc freed;  // the text is in the entry now; free it as we go (10,000 pages hold ~100 MB)
      freed.key = d.key;
      docs[first + i] = std::move(freed);
    });
    for (size_t i = 0; i < batch.size(); ++i) {
      auto id = static_cast<uint32_t>(first + i);
      const DocTerms& t = *batch[i];
      for (const auto& [term, value] : t.words) m.words[term].add(id, value);
      for (auto [key, value] : t.grams) m.grams[key].add(id, value);
      m.keys.push_back(docs[id].key);
      m.lengths.push_back(t.length);
      m.title_lengths.push_back(t.title_length);
      m.entries.push_back(t.entry);
      if (kept && docs[id].key) kept->docs.emplace(docs[id].key, std::move(batch[i]));
    }
  }
  m.serialise(limits, nullptr);
  return m;
}
}  // namespace

Result<std::vector<ExtraFile>> build_search_index(std::vector<SearchDoc> docs, const SearchLimits& limits, SearchMemo* memo) {
  if (!word_breaker())
    return make_error({"(search index)", 0, 0}, "ICU has no Thai word break iterator",
                      "install the ICU data package (libicu72 on Debian 12)");
  // ICU loads its normalisation data on first use behind its own once-flag, which ThreadSanitizer cannot
  // see into (ICU is not instrumented): load it here, before the workers start, so the order is plain.
  search_normalize("ก");

  // With a memo (oit serve), a few changed pages are folded into the last index; else it is built afresh.
  const SearchMemo::State* last = memo ? memo->state.get() : nullptr;
  auto kept = std::make_shared<SearchMemo::State>();
  std::shared_ptr<MergedIndex> index;
  if (last && last->merged && update_index(*last->merged, docs, *last, limits, *kept)) {
    index = last->merged;
  } else {
    kept = std::make_shared<SearchMemo::State>();
    index = std::make_shared<MergedIndex>(merge_index(docs, limits, last, memo ? kept.get() : nullptr));
  }
  MergedIndex& m = *index;
  if (memo) {
    kept->merged = index;
    memo->state = std::move(kept);
  } else {
    m.words = {}, m.grams = {};  // nothing is kept: free the postings before the files are assembled
  }

  std::vector<ExtraFile> files;
  uint64_t id = 14695981039346656037ull;
  for (size_t k = 0; k < m.wpart.size(); ++k) {
    files.push_back({"search/t/" + std::to_string(k) + ".json", "{\"w\":{" + m.wpart[k] + "},\"g\":{" + m.gpart[k] + "}}"});
    if (!memo) std::string().swap(m.wpart[k]), std::string().swap(m.gpart[k]);
    id = fnv1a64(id, files.back().bytes);
  }

  // Doc shards: the entries shown in results.
  size_t doc_bytes = 0;
  for (const auto& e : m.entries) doc_bytes += e.size() + 1;
  const size_t n = m.entries.size();
  size_t per_shard = n == 0 ? 1 : std::max<size_t>(1, limits.doc_shard_bytes / std::max<size_t>(1, doc_bytes / n));
  for (size_t first = 0, k = 0; first < n || k == 0; first += per_shard, ++k) {
    std::string bytes = "[";
    for (size_t i = first; i < std::min(n, first + per_shard); ++i) bytes += (i > first ? ",\n" : "") + m.entries[i];
    files.push_back({"search/d/" + std::to_string(k) + ".json", bytes + "]\n"});
    id = fnv1a64(id, files.back().bytes);
  }

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
  auto files = build_search_index(std::move(docs), {}, memo);
  if (!files) return files.error();
  Emitted e;
  e.files = std::move(*files);
  e.pages.push_back({"search/", "search", "ค้นหา",
                     {{"search", {{"base", site.url("search/")}, {"docs", indexed}}}}});
  return e;
}

}  // namespace oit
