// The index itself: each doc analysed into terms (on --jobs workers), merged in doc order, folded into the
// last build's index when oit serve changes a few pages, and written as the files of search_index.h.
#include "generator/search_index.h"
#include "core/parallel.h"
#include "generator/search_postings.h"

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace oit {

using namespace search_detail;

namespace {

using nlohmann::json;

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
    const uint64_t h = published_file_hash(bytes) | 1;
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
  uint64_t id = kFnv64Offset;
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
