#include "search_index.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace oit;
using nlohmann::json;
using Strings = std::vector<std::string>;

namespace {

// The shard rule of the index format (search_index.h), written out again as search.js does.
uint32_t fnv1a32(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

struct Index {
  json meta;
  std::map<std::string, std::string> files;

  const std::string& file(const std::string& path) const {
    auto it = files.find(path);
    REQUIRE_MESSAGE(it != files.end(), path);
    return it->second;
  }
  // doc id → posting value of `term` in the word ("w") or bigram ("g") table.
  std::map<uint32_t, uint32_t> postings(const std::string& kind, const std::string& term) const {
    size_t shard = fnv1a32(term) & (meta["term_shards"].get<size_t>() - 1);
    json t = json::parse(file("search/t/" + std::to_string(shard) + ".json"));
    std::map<uint32_t, uint32_t> out;
    if (!t[kind].contains(term)) return out;
    std::string p = t[kind][term];
    auto digit = [](char c) {
      static const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      size_t v = digits.find(c);
      REQUIRE(v != std::string::npos);
      return static_cast<uint32_t>(v);
    };
    if (!p.empty() && p[0] == '~') {  // dense: one value per doc
      for (size_t i = 1; i < p.size(); ++i)
        if (uint32_t v = digit(p[i])) out[static_cast<uint32_t>(i - 1)] = v;
      return out;
    }
    uint32_t doc = 0;
    for (size_t i = 0; i < p.size();) {
      uint32_t delta = 0, c = 0;
      int shift = 0;
      do {
        c = digit(p[i++]);
        delta |= (c & 31) << shift;
        shift += 5;
      } while (c & 32);
      doc += delta;
      REQUIRE(i < p.size());
      out[doc] = digit(p[i++]);
    }
    return out;
  }
  std::string raw(const std::string& kind, const std::string& term) const {
    size_t shard = fnv1a32(term) & (meta["term_shards"].get<size_t>() - 1);
    return json::parse(file("search/t/" + std::to_string(shard) + ".json"))[kind].value(term, "");
  }
  json doc(size_t id) const {
    size_t per = meta["docs_per_shard"];
    return json::parse(file("search/d/" + std::to_string(id / per) + ".json"))[id % per];
  }
};

Index build(const std::vector<SearchDoc>& docs, SearchLimits limits = {}) {
  auto r = build_search_index(docs, limits);
  if (!r) FAIL(r.error().str());
  Index ix;
  for (const auto& f : *r) ix.files[f.path] = f.bytes;
  ix.meta = json::parse(ix.file("search/index.json"));
  return ix;
}

SearchDoc doc(std::string url, std::string title, std::string body) {
  SearchDoc d;
  d.url = std::move(url), d.title = std::move(title), d.body = std::move(body);
  return d;
}

}  // namespace

TEST_CASE("normalisation: Thai digits, case, NFC, zero-width characters, sara am, white space") {
  CHECK(search_normalize("ปีงบประมาณ ๒๕๖๘") == "ปีงบประมาณ 2568");
  CHECK(search_normalize("E-Service No GIFT") == "e-service no gift");
  CHECK(search_normalize("cafe\xCC\x81") == "caf\xC3\xA9");                 // e + combining acute → é
  CHECK(search_normalize("เผย\u200bแพร่\u200d\ufeff") == "เผยแพร่");       // ZWSP, ZWJ, BOM dropped
  CHECK(search_normalize("ประจ\u0e4d\u0e32ปี") == "ประจำปี");              // ํ + า → ำ
  CHECK(search_normalize("a\u00a0b\tc\nd") == "a b c d");
  CHECK(search_normalize("ก\xff") == "ก\xEF\xBF\xBD");                     // invalid byte → U+FFFD
}

TEST_CASE("ICU words: Thai compounds cut by the dictionary, punctuation and spaces dropped") {
  CHECK(search_words("การจัดซื้อจัดจ้าง") == Strings{"การ", "จัด", "ซื้อ", "จัด", "จ้าง"});
  CHECK(search_words("ร้องเรียนการทุจริต") == Strings{"ร้อง", "เรียน", "การ", "ทุจริต"});
  CHECK(search_words("e-service, no gift") == Strings{"e", "service", "no", "gift"});
  CHECK(search_words("ประจำปีงบประมาณ พ.ศ. 2568 (o12)") == Strings{"ประจำ", "ปีงบประมาณ", "พ.ศ", "2568", "o12"});
  CHECK(search_words(" . , ").empty());
}

TEST_CASE("bigrams and trigrams stay inside runs of Thai or of other letters and digits") {
  CHECK(search_grams("ปีงบ") == Strings{"ปี", "ีง", "ปีง", "งบ", "ีงบ"});
  CHECK(search_grams("ab-cd e") == Strings{"ab", "cd"});
  CHECK(search_grams("ปี256") == Strings{"ปี", "25", "56", "256"});  // no gram across ี|2
  CHECK(search_grams("ต่างๆนา") == Strings{"ต่", "่า", "ต่า", "าง", "่าง", "นา"});  // ๆ ends a run
  CHECK(search_grams("ก").empty());
}

TEST_CASE("html_to_text keeps inline-split Thai words whole and separates blocks") {
  std::string t = html_to_text("<h2 id=\"x\">แผน</h2><p>การ<strong>จัดซื้อ</strong>จัดจ้าง &amp; A&lt;B &#3585;&#x0E02;</p>"
                               "<script>var x = '<p>';</script><!-- note --><ul><li>หนึ่ง</li><li>สอง</li></ul>");
  CHECK(t.find("การจัดซื้อจัดจ้าง & A<B กข") != std::string::npos);
  CHECK(t.find("แผน\n") != std::string::npos);
  CHECK(t.find("หนึ่ง\n") != std::string::npos);
  CHECK(t.find("var") == std::string::npos);
  CHECK(t.find("note") == std::string::npos);
  CHECK(html_to_text("a < b &bogus; &#xZZ;") == "a < b &bogus; &#xZZ;");
}

TEST_CASE("html_headings lists every heading's text") {
  CHECK(html_headings("<h1>หนึ่ง</h1><p>x</p><h3 id=\"a\">สอง <em>ย่อย</em></h3><hr><header>no</header>") ==
        Strings{"หนึ่ง", "สอง ย่อย"});
}

TEST_CASE("index: words and bigrams point at the right docs, with field bits and term counts") {
  SearchDoc a = doc("/procurement/monthly-2568/", "การจัดซื้อจัดจ้างประจำปีงบประมาณ ๒๕๖๘", "รายงาน การจัดซื้อ ซื้อ ซื้อ");
  a.item_ids = {"O12"};
  a.body += " \U0001D400\U0001D401\U0001D402";  // 𝐀𝐁𝐂: letters beyond U+FFFF
  a.item_titles = {"รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"};
  SearchDoc b = doc("/news/e-service/", "เปิดบริการ E-Service", "ติดตามเรื่อง");
  b.summary = "บริการออนไลน์";
  b.headings = {"วิธีใช้งาน"};
  for (int i = 0; i < 12; ++i) b.body += " ทดสอบ";
  Index ix = build({a, b});
  CHECK(ix.meta["docs"] == 2);
  CHECK(ix.meta["version"] == 1);
  CHECK(ix.meta["lengths"].size() == 2);
  CHECK(ix.meta["title_lengths"] == json::array({8, 4}));  // การ จัด ซื้อ จัด จ้าง ประจำ ปีงบประมาณ 2568 / เปิด บริการ e service

  auto buy = ix.postings("w", "ซื้อ");  // title 1×, item title 1×, body 3× ("จัดซื้อ" is cut จัด|ซื้อ)
  REQUIRE(buy.size() == 1);
  CHECK(buy.at(0) == 5 * 4 + 3);
  CHECK(ix.postings("w", "รายงาน").at(0) == 1 * 4);
  CHECK(ix.postings("w", "2568").at(0) == 1 * 4 + 1);  // Thai digits of the title, indexed as Arabic
  CHECK(ix.postings("w", "o12").at(0) % 4 == 1);       // item code: title bit
  CHECK(ix.postings("w", "service").at(1) == 1 * 4 + 1);
  CHECK(ix.postings("w", "ออนไลน์").at(1) % 4 == 2);    // summary: heading bit
  CHECK(ix.postings("w", "วิธี").at(1) % 4 == 2);
  CHECK(ix.postings("w", "เรื่อง").at(1) == 1 * 4);    // body only
  CHECK(ix.postings("w", "ทดสอบ").at(1) == 7 * 4);     // 12 times: tf capped at 7
  CHECK(ix.postings("g", "งบ").count(0) == 1);
  CHECK(ix.postings("g", "ปีง").count(0) == 1);
  CHECK(ix.postings("g", "ser").count(1) == 1);
  CHECK(ix.postings("g", "\U0001D400\U0001D401\U0001D402").count(0) == 1);
  CHECK(ix.postings("g", "\U0001D401\U0001D402").count(0) == 1);
  CHECK(ix.postings("g", "ร์").empty());
  CHECK(ix.postings("w", "nothing").empty());

  json d = ix.doc(1);
  CHECK(d[0] == "/news/e-service/");
  CHECK(d[1] == "เปิดบริการ E-Service");
  CHECK(d[2] == "บริการออนไลน์");
  CHECK(d[4].get<std::string>().rfind("ติดตามเรื่อง ทดสอบ ทดสอบ", 0) == 0);
  CHECK(ix.doc(0)[3] == json::array({"O12"}));
}

TEST_CASE("index: many docs shard by hash, excerpts are cut, the same input gives the same bytes") {
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 300; ++i)
    docs.push_back(doc("/p" + std::to_string(i) + "/", "หน้า " + std::to_string(i),
                       "เนื้อหา\u200b ข้อความ  ที่\n\nยาว " + std::string(50, 'x') + " คำ " + std::to_string(i * 7)));
  SearchLimits small;
  small.term_shard_bytes = 2000;
  small.doc_shard_bytes = 3000;
  small.excerpt_chars = 20;
  Index ix = build(docs, small);
  size_t shards = ix.meta["term_shards"];
  CHECK(shards >= 8);
  CHECK((shards & (shards - 1)) == 0);
  CHECK(ix.meta["docs_per_shard"].get<size_t>() < 300);
  // Every term lives in the shard its hash names, and each number word points at its doc only.
  for (int i : {0, 17, 299}) {
    auto p = ix.postings("w", std::to_string(i));
    CHECK(p.count(static_cast<uint32_t>(i)) == 1);
    CHECK(ix.doc(static_cast<size_t>(i))[0] == "/p" + std::to_string(i) + "/");
  }
  CHECK(ix.postings("w", "เนื้อหา").size() == 300);
  CHECK(ix.raw("w", "เนื้อหา") == "~" + std::string(300, 'E'));  // on every page: dense, tf 1 → E (4)
  CHECK(ix.raw("w", "2093") == "rJE");                          // doc 299 = 11 + 9·32: r = 11|32, J = 9
  CHECK(ix.postings("w", "2093") == std::map<uint32_t, uint32_t>{{299, 4}});
  CHECK(ix.doc(5)[4] == "เนื้อหา ข้อความ ที่");  // zero-width gone, space collapsed, ≤ 20 code points
  // Unchanged input, unchanged files (the build output is reproducible).
  auto again = build_search_index(docs, small);
  REQUIRE(again);
  for (const auto& f : *again) CHECK(ix.file(f.path) == f.bytes);
  docs[3].body += " ใหม่";
  auto changed = build_search_index(docs, small);
  REQUIRE(changed);
  CHECK(json::parse((*changed)[0].bytes)["id"] != ix.meta["id"]);
}

TEST_CASE("index of no docs is still a valid index") {
  Index ix = build({});
  CHECK(ix.meta["docs"] == 0);
  CHECK(ix.meta["term_shards"] == 1);
  CHECK(json::parse(ix.file("search/d/0.json")).empty());
  CHECK(json::parse(ix.file("search/t/0.json"))["w"].empty());
}

TEST_CASE("emitter: every published page and the OIT hub, plus the /search/ page") {
  SiteConfig config;
  config.base_url = "https://www.example.go.th/sub/";
  PageMeta m1, m2;
  m1.title = "ติดต่อเรา";
  m2.title = "ข่าว ๑";
  m2.summary = "สรุป";
  std::string html1 = "<h2>Address</h2><p>ถนน<em>พระราม</em>หก</p>", html2 = "<p>ข่าว</p>";
  SiteModel site;
  site.config = &config;
  site.base_path = "/sub/";
  PageView p1, p2;
  p1.route = "contact/", p1.meta = &m1, p1.content_html = &html1, p1.item_ids = {"O3"};
  p2.route = "news/ข่าว/", p2.meta = &m2, p2.content_html = &html2;
  site.pages = {p1, p2};
  auto e = emit_search_index(site);
  REQUIRE(e);
  REQUIRE(e->pages.size() == 1);
  CHECK(e->pages[0].route == "search/");
  CHECK(e->pages[0].kind == "search");
  CHECK(e->pages[0].context["search"]["base"] == "/sub/search/");
  Index ix;
  for (const auto& f : e->files) ix.files[f.path] = f.bytes;
  ix.meta = json::parse(ix.file("search/index.json"));
  CHECK(ix.meta["docs"] == 2);  // no criteria: no hub entry
  CHECK(ix.doc(0)[0] == "/sub/contact/");
  CHECK(ix.doc(0)[4] == "Address ถนนพระรามหก");
  CHECK(ix.doc(1)[0] == "/sub/news/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/");
  CHECK(ix.postings("w", "address").at(0) % 4 == 2);  // heading
  CHECK(ix.postings("w", "o3").at(0) % 4 == 1);
  CHECK(ix.postings("w", "1").count(1) == 1);          // ๑ in the title
  CHECK(e->warnings.empty());
}

TEST_CASE("emitter with a memo: a rebuild reuses unchanged pages' analyses and gives the same files as a fresh one") {
  SiteConfig config;
  config.base_url = "https://www.example.go.th/";
  std::vector<PageMeta> metas(3);
  std::vector<std::string> html = {"<p>หนึ่ง</p>", "<p>สอง</p>", "<p>สาม</p>"};
  SiteModel site;
  site.config = &config;
  site.base_path = "/";
  for (size_t i = 0; i < 3; ++i) {
    metas[i].title = "หน้า " + std::to_string(i);
    PageView v;
    v.route = "p" + std::to_string(i) + "/", v.meta = &metas[i], v.content_html = &html[i], v.content_key = 100 + i;
    site.pages.push_back(v);
  }
  StageMemo memo;
  site.memo = &memo;
  REQUIRE(emit_search_index(site));
  // Page 1 changes (new body, new key); page 0's body changes but its key does not: the memo's analysis of
  // page 0 is used, which proves it is reused (a real build changes the key with the body).
  html[1] = "<p>ใหม่</p>";
  site.pages[1].content_key = 201;
  html[0] = "<p>ไม่ถูกอ่าน</p>";
  auto again = emit_search_index(site);
  REQUIRE(again);
  Index ix;
  for (const auto& f : again->files) ix.files[f.path] = f.bytes;
  ix.meta = json::parse(ix.file("search/index.json"));
  CHECK(ix.postings("w", "ใหม่").count(1) == 1);
  CHECK(ix.postings("w", "สอง").empty());
  CHECK(ix.postings("w", "หนึ่ง").count(0) == 1);  // from the memo
  CHECK(ix.postings("w", "อ่าน").empty());
  // With page 0's key changed too, the memo's result equals a build without any memo.
  site.pages[0].content_key = 300;
  auto with_memo = emit_search_index(site);
  site.memo = nullptr;
  auto fresh = emit_search_index(site);
  REQUIRE(with_memo);
  REQUIRE(fresh);
  REQUIRE(with_memo->files.size() == fresh->files.size());
  for (size_t i = 0; i < fresh->files.size(); ++i) CHECK(with_memo->files[i].bytes == fresh->files[i].bytes);
}

TEST_CASE("index with a memo: changed docs folded into the last index give the bytes of a fresh build") {
  auto make = [](int i, const std::string& extra) {
    SearchDoc d = doc("/p" + std::to_string(i) + "/", "หน้า " + std::to_string(i),
                      "เนื้อหา ข้อความ ที่ ยาว คำ " + std::to_string(i * 7) + " " + extra);
    d.key = 1000 + static_cast<uint64_t>(i) * 7919 + std::hash<std::string>{}(extra);
    return d;
  };
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 300; ++i) docs.push_back(make(i, ""));
  SearchLimits small;
  small.term_shard_bytes = 2000;
  small.doc_shard_bytes = 3000;
  SearchMemo memo_store;
  SearchMemo* memo = &memo_store;
  REQUIRE(build_search_index(docs, small, memo));
  // Edits: a new word in one doc, a word gone from another (its number), a third with many new terms (the
  // shard count may move), then nothing changed.
  for (auto edit : std::vector<std::vector<std::pair<int, std::string>>>{
           {{5, "คำใหม่ sunflower"}},
           {{5, "คำใหม่ sunflower"}, {17, "ประกาศ"}},
           {{5, ""}, {17, "ประกาศ"}, {250, std::string(400, 'q') + " " + [] {
              std::string many;
              for (int k = 0; k < 200; ++k) many += "term" + std::to_string(k) + " ";
              return many;
            }()}},
           {}}) {
    for (auto& [i, extra] : edit) docs[static_cast<size_t>(i)] = make(i, extra);
    auto incremental = build_search_index(docs, small, memo);
    auto fresh = build_search_index(docs, small);
    REQUIRE(incremental);
    REQUIRE(fresh);
    REQUIRE(incremental->size() == fresh->size());
    for (size_t f = 0; f < fresh->size(); ++f) {
      CHECK((*incremental)[f].path == (*fresh)[f].path);
      CHECK((*incremental)[f].bytes == (*fresh)[f].bytes);
    }
  }
  auto last = build_search_index(docs, small, memo);
  REQUIRE(last);
  Index ix;
  for (const auto& f : *last) ix.files[f.path] = f.bytes;
  ix.meta = json::parse(ix.file("search/index.json"));
  CHECK(ix.postings("w", "ประกาศ") == std::map<uint32_t, uint32_t>{{17, 4}});
  CHECK(ix.postings("w", "sunflower").empty());
  CHECK(ix.postings("w", "term199").count(250) == 1);
}
