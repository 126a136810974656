#include "generator/search_index.h"

#include <doctest/doctest.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <random>
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

// A postings string (search_index.h) as doc id → value.
std::map<uint32_t, uint32_t> decode_postings(const std::string& p) {
  auto digit = [](char c) {
    static const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t v = digits.find(c);
    REQUIRE(v != std::string::npos);
    return static_cast<uint32_t>(v);
  };
  std::map<uint32_t, uint32_t> out;
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
    if (!t[kind].contains(term)) return {};
    return decode_postings(t[kind][term]);
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
  for (const auto& f : *r) ix.files[f.path] = f.data();
  ix.meta = json::parse(ix.file("search/index.json"));
  return ix;
}

SearchDoc doc(std::string url, std::string title, std::string body) {
  SearchDoc d;
  d.url = std::move(url), d.title = std::move(title), d.body = std::move(body);
  return d;
}

// search_normalize done the plain way: the whole text through ICU's NFC, then every code point through ICU.
// The index's fast paths (ASCII and Thai without ICU, NFC text not normalised again) must give the same.
std::string reference_normalize(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode st = U_ZERO_ERROR;
  u = icu::Normalizer2::getNFCInstance(st)->normalize(u, st);
  REQUIRE(U_SUCCESS(st));
  std::string out;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD) continue;
    if (c == 0x0E4D && i < u.length() && u.charAt(i) == 0x0E32) c = 0x0E33, ++i;
    else if (c >= 0x0E50 && c <= 0x0E59) c = '0' + (c - 0x0E50);
    else if (u_isUWhiteSpace(c)) c = ' ';
    else c = u_tolower(c);
    icu::UnicodeString(c).toUTF8String(out);
  }
  return out;
}

// search_words done the plain way: one ICU word break iterator over the whole text, in UTF-16. The index
// cuts text by chunks and remembers them; the words must be the same.
Strings reference_words(const std::string& normalized) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createWordInstance(icu::Locale("th"), st));
  REQUIRE(U_SUCCESS(st));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(normalized);
  bi->setText(u);
  Strings out;
  for (int32_t start = bi->first(), end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    if (bi->getRuleStatus() == UBRK_WORD_NONE || u.countChar32(start, end - start) > 64) continue;
    std::string w;
    u.tempSubStringBetween(start, end).toUTF8String(w);
    out.push_back(w);
  }
  return out;
}

// search_grams done the plain way (search_index.h: runs of Thai letters, or of other letters and digits).
Strings reference_grams(const std::string& normalized) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(normalized);
  auto cls = [](UChar32 c) {
    if ((c >= 0x0E01 && c <= 0x0E3A) || (c >= 0x0E40 && c <= 0x0E4E && c != 0x0E46)) return 1;
    if (c >= 0x0E00 && c <= 0x0E7F) return 0;
    return u_isalpha(c) || u_isdigit(c) ? 2 : 0;
  };
  Strings out;
  std::vector<UChar32> run;
  int run_cls = 0;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    int k = cls(c);
    if (k == 0 || k != run_cls) run.clear();
    run_cls = k;
    if (k == 0) continue;
    run.push_back(c);
    for (size_t n : {2, 3})
      if (run.size() >= n) {
        std::string g;
        for (size_t j = run.size() - n; j < run.size(); ++j) icu::UnicodeString(run[j]).toUTF8String(g);
        out.push_back(g);
      }
  }
  return out;
}

// Random text from pieces that try the fast paths' edges: Thai with its marks in and out of canonical order,
// sara am typed in two parts, Thai digits, marks and format characters right after spaces, every kind of
// white space and zero-width character, letters whose lowercase is longer or shorter, emoji sequences,
// scripts ICU cuts by dictionary, and invalid UTF-8.
std::string random_text(std::mt19937& rng, int max_pieces) {
  static const std::vector<std::string> pieces = {
      "ก", "ข", "ค", "ง", "น", "ม", "ร", "ส", "อ", "เ", "แ", "โ", "ไ", "ะ", "า", "ำ", "ั", "ิ", "ี", "ุ", "ู", "่", "้",
      "๊", "็", "์", "ํ", "ๆ", "ฯ", "฿", "๏", "การ", "จัดซื้อ", "จัดจ้าง", "ประจำปี", "งบประมาณ", "ข้อมูล", "เผยแพร่",
      "ร้องเรียน", "ปีงบประมาณ", "สงกรานต์", "\u0e48\u0e38", "\u0e38\u0e48", "\u0e49\u0e3a", "\u0e4d\u0e32",
      "ประจ\u0e4d\u0e32ปี", "๒๕๖๘", "๑", "2568", "O12", "E-Service", "e-service", "U.S.A.", "1,234.50", "o'clock",
      "a", "Z", "x1", "\"", "'", ".", ",", ":", "(", ")", "-", "_", "/", "&", "<", " ", " ", " ", "  ", "\t", "\n",
      "\r\n", "\u00a0", "\u3000", "\u2028", "\u0085", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060",
      "\u200e", "\u0301", "\u0308", "e\u0301", "\u00e9", "A\u030a", "\u212b", "\u1e9b\u0323", "İ", "Ⱥ", "ẞ", "ß",
      "Ω", "ﬁ", "Σ", "한국어", "日本語", "ລາວ", "ខ្មែរ", "မြန်မာ", "👍", "👍🏽", "👨\u200d👩", "🇹🇭", "𝐀𝐁𝐂", "\xff",
      "\xe0\xb8", "\xed\xa0\x80", "\xc0\xaf"};
  std::string out;
  int n = std::uniform_int_distribution<int>(0, max_pieces)(rng);
  for (int i = 0; i < n; ++i) out += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
  return out;
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
  for (const auto& f : *again) CHECK(ix.file(f.path) == f.data());
  docs[3].body += " ใหม่";
  auto changed = build_search_index(docs, small);
  REQUIRE(changed);
  CHECK(json::parse((*changed)[0].data())["id"] != ix.meta["id"]);
}

TEST_CASE("index: the job count is the number of threads that analyse docs, and does not change the bytes") {
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 40; ++i)
    docs.push_back(doc("/p" + std::to_string(i) + "/", "หน้า " + std::to_string(i), "ข้อความ ยาว " + std::to_string(i)));
  SearchLimits one;
  one.jobs = 1;
  unsigned workers = 0;
  auto single = build_search_index(docs, one, nullptr, &workers);
  REQUIRE(single);
  CHECK(workers == 1);  // --jobs 1: one worker, whatever the machine's core count
  SearchLimits three;
  three.jobs = 3;
  auto several = build_search_index(docs, three, nullptr, &workers);
  REQUIRE(several);
  CHECK(workers == 3);
  REQUIRE(single->size() == several->size());
  for (size_t k = 0; k < single->size(); ++k) {
    CHECK((*single)[k].path == (*several)[k].path);
    CHECK((*single)[k].data() == (*several)[k].data());
  }
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
  for (const auto& f : e->files) ix.files[f.path] = f.data();
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
  for (const auto& f : again->files) ix.files[f.path] = f.data();
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
  for (size_t i = 0; i < fresh->files.size(); ++i) CHECK(with_memo->files[i].data() == fresh->files[i].data());
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
      CHECK((*incremental)[f].data() == (*fresh)[f].data());
    }
  }
  auto last = build_search_index(docs, small, memo);
  REQUIRE(last);
  Index ix;
  for (const auto& f : *last) ix.files[f.path] = f.data();
  ix.meta = json::parse(ix.file("search/index.json"));
  CHECK(ix.postings("w", "ประกาศ") == std::map<uint32_t, uint32_t>{{17, 4}});
  CHECK(ix.postings("w", "sunflower").empty());
  CHECK(ix.postings("w", "term199").count(250) == 1);
}

TEST_CASE("normalisation fast paths: the same as every code point through ICU") {
  // Text not in NFC is still normalised: Thai marks out of canonical order, a letter and its accent.
  CHECK(search_normalize("ก\u0e48\u0e38") == "ก\u0e38\u0e48");  // mai ek (107) before sara u (103): reordered
  CHECK(search_normalize("\u212b") == "\u00e5");                   // angstrom sign → å
  CHECK(search_normalize("ส\u0e4d\u0e32คัญ") == "สำคัญ");
  CHECK(search_normalize("İ") == "i");  // simple lowercase: a byte shorter
  CHECK(search_normalize("Ⱥ") == "ⱥ");  // the lowercase is a byte longer
  // Every code point of the BMP (and a sample beyond) between ASCII and Thai neighbours.
  for (UChar32 c = 1; c <= 0x10FFFF; c += c < 0x10000 ? 1 : 97) {
    if (U_IS_SURROGATE(c)) continue;
    std::string s = "A";
    icu::UnicodeString(c).toUTF8String(s);
    s += "ก\u0e38";
    if (search_normalize(s) != reference_normalize(s)) FAIL_CHECK("U+" << std::hex << c);
  }
  std::mt19937 rng(20250808);
  for (int i = 0; i < 4000; ++i) {
    std::string s = random_text(rng, 24);
    if (search_normalize(s) != reference_normalize(s)) FAIL_CHECK(json(s).dump(-1, ' ', true, json::error_handler_t::replace));
  }
}

TEST_CASE("words by chunk: the same as ICU over the whole text, where chunks meet marks and spaces") {
  for (std::string s : {"ก \u0e31ข", " \u0e48ก", "ab \u0301cd", "x \u200e y", "การ  จัดซื้อ\u200eจัดจ้าง", "1 ,5 2. 3",
                        "👨 \u200d👩", "U.S. A", "  ประจำปี  ", "", " ", "\u0e31"}) {
    std::string n = search_normalize(s);
    CHECK_MESSAGE(search_words(n) == reference_words(n), s);
    CHECK(search_grams(n) == reference_grams(n));
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string n = search_normalize(random_text(rng, 30));
    if (search_words(n) != reference_words(n)) FAIL_CHECK(json(n).dump(-1, ' ', true));
    if (search_grams(n) != reference_grams(n)) FAIL_CHECK(json(n).dump(-1, ' ', true));
  }
}

TEST_CASE("index: every posting as a plain count of each doc's words and grams gives it, memo bound or not") {
  std::mt19937 rng(2568);
  std::vector<SearchDoc> docs;
  std::vector<std::string> html(700);  // more than one batch of docs
  for (size_t i = 0; i < html.size(); ++i) {
    SearchDoc d;
    d.url = "/p" + std::to_string(i) + "/";
    d.title = random_text(rng, 6);
    d.summary = random_text(rng, 6);
    if (i % 3 == 0) d.item_ids = {"O" + std::to_string(i % 40)}, d.item_titles = {random_text(rng, 5)};
    if (i % 2) {  // as a page gives it: HTML, read when analysed
      html[i] = "<h2>" + random_text(rng, 4) + "</h2><p>" + random_text(rng, 60) + "</p><ul><li>" + random_text(rng, 8) +
                "</li></ul><p>" + random_text(rng, 40) + "</p>";
      d.html = &html[i];
    } else {
      d.headings = {random_text(rng, 4)};
      d.body = random_text(rng, 100);
    }
    docs.push_back(std::move(d));
  }
  // What each doc's terms should be: words and grams of each field, counted plainly.
  std::map<std::pair<std::string, std::string>, std::map<uint32_t, uint32_t>> expected;
  std::vector<uint32_t> lengths, title_lengths;
  for (size_t i = 0; i < docs.size(); ++i) {
    const SearchDoc& d = docs[i];
    std::map<std::pair<std::string, std::string>, std::pair<uint32_t, uint32_t>> tf;  // → tf, field bits
    uint32_t length = 0;
    auto add = [&](const std::string& text, uint32_t bit) {
      std::string n = reference_normalize(text);
      Strings words = reference_words(n);
      for (const auto& w : words) ++tf[{"w", w}].first, tf[{"w", w}].second |= bit;
      for (const auto& g : reference_grams(n)) ++tf[{"g", g}].first, tf[{"g", g}].second |= bit;
      length += static_cast<uint32_t>(words.size());
      return static_cast<uint32_t>(words.size());
    };
    title_lengths.push_back(add(d.title, 1));
    for (const auto& s : d.item_ids) add(s, 1);
    add(d.summary, 2);
    for (const auto& s : d.item_titles) add(s, 2);
    for (const auto& s : d.html ? html_headings(*d.html) : d.headings) add(s, 2);
    add(d.html ? html_to_text(*d.html) : d.body, 0);
    lengths.push_back(length);
    for (const auto& [term, t] : tf) expected[term][static_cast<uint32_t>(i)] = std::min(t.first, 7u) * 4 + t.second;
  }
  SearchLimits tiny;
  tiny.memo_bytes = 0;  // each worker forgets its chunks before every doc
  std::vector<std::vector<ExtraFile>> builds;
  for (const SearchLimits& limits : {SearchLimits{}, tiny}) {
    auto files = build_search_index(docs, limits);
    REQUIRE(files);
    std::map<std::pair<std::string, std::string>, std::map<uint32_t, uint32_t>> got;
    json meta;
    for (const auto& f : *files) {
      if (f.path == "search/index.json") meta = json::parse(f.data());
      if (f.path.rfind("search/t/", 0) != 0) continue;
      json t = json::parse(f.data());
      for (const char* kind : {"w", "g"})
        for (const auto& [term, p] : t[kind].items()) got[{kind, term}] = decode_postings(p);
    }
    CHECK(got.size() == expected.size());
    for (const auto& [term, p] : expected)
      if (got[term] != p) FAIL_CHECK(term.first << " " << json(term.second).dump(-1, ' ', true));
    CHECK(meta["lengths"] == json(lengths));
    CHECK(meta["title_lengths"] == json(title_lengths));
    builds.push_back(std::move(*files));
  }
  REQUIRE(builds[0].size() == builds[1].size());
  for (size_t f = 0; f < builds[0].size(); ++f) CHECK(builds[0][f].data() == builds[1][f].data());
}

TEST_CASE("index: a doc's entry is written as nlohmann::json writes it, and non-NFC text indexes as its NFC") {
  SearchDoc d = doc("/a/\"q\"/", "t\"\\\x01\x1f\x7f\b\f\n\r\t/ก", "bad \xff\xe0\xb8 utf-8");
  d.item_ids = {"O1", "O\u00e9"};
  d.body = "x";
  Index ix = build({d});
  json entry = json::array({d.url, d.title, d.summary, d.item_ids, "x"});
  CHECK(ix.file("search/d/0.json") == "[" + entry.dump(-1, ' ', false, json::error_handler_t::replace) + "]\n");

  auto files = [](const std::string& body) {
    auto r = build_search_index({doc("/x/", "ก", body)});
    REQUIRE(r);
    return *r;
  };
  auto canonical = files("ก\u0e38\u0e48 cafe\u0301 x");
  auto reordered = files("ก\u0e48\u0e38 café x");
  REQUIRE(canonical.size() == reordered.size());
  for (size_t f = 0; f < canonical.size(); ++f) CHECK(canonical[f].data() == reordered[f].data());
}

TEST_CASE("html_to_text: tag names in any case, unknown long names, entities cut short") {
  CHECK(html_to_text("<DIV>a</Div><P CLASS=x>b") == "\na\n\nb");
  CHECK(html_to_text("<blockquotex>a</blockquotex>b<figcaption>c") == "ab\nc");
  CHECK(html_to_text("a &amp b &ampxxxxxxxxxxxxxxxxx; c &#3585;") == "a &amp b &ampxxxxxxxxxxxxxxxxx; c ก");
  CHECK(html_to_text("<SCRIPT>x</script>y<Style>z</STYLE>w") == "yw");
}
