#include "checks/restatement.h"
#include "checks/match_text.h"

#include <algorithm>

#include "core/text.h"
#include "core/thai_date.h"

namespace oit {
namespace {

// A line shorter than this (in letters) is a heading, a label or a value ("ขั้นตอนการขอรับบริการ",
// "ค่าธรรมเนียม: ไม่มี"), never dropped whole: the criteria's own words are the words such labels use.
constexpr size_t kMinLineLetters = 24;
// A line is a restatement when this share of its letters lies in windows of the criteria.
constexpr double kRestatedLineShare = 0.7;
// Inside a longer line (criterion pasted before the disclosure in one paragraph), a covered run this long
// is removed on its own: about a dozen Thai syllables in the criterion's order.
constexpr size_t kLongRunLetters = 40;
// Text of its own a page needs before its titles count as naming it (a sentence or two).
constexpr size_t kOwnTextLetters = 24;

struct Letter {
  char32_t cp;
  uint32_t begin, end;  // bytes in the line (a line is far below 4 GB: PDF text is bounded at 2 MB)
};

// Next UTF-8 codepoint at s[i]; advances i. Invalid bytes come back as U+FFFD, one byte each.
char32_t next_codepoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// The letter a codepoint counts as for matching, or 0 when it is not one (spaces, punctuation, digits).
char32_t letter_of(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 'a' && cp <= 'z') return cp;
  if (cp == 0x0E33) return 0x0E32;  // ำ as า: text copied out of PDFs drops the nikhahit
  if (cp == 0x0E4D) return 0;       // ํ (the nikhahit alone, as in a decomposed ำ)
  if (cp == 0x0E2F) return 0;       // ฯ
  if (cp >= 0x0E48 && cp <= 0x0E4C) return 0;  // tone marks and การันต์: PDF text layers put them out of order
  if (cp >= 0x0E01 && cp <= 0x0E4E && cp != 0x0E3F /* ฿ */) return cp;
  return 0;
}

std::vector<Letter> letters_of(std::string_view line) {
  std::vector<Letter> out;
  for (size_t i = 0; i < line.size();) {
    size_t at = i;
    char32_t l = letter_of(next_codepoint(line, i));
    if (l) out.push_back({l, static_cast<uint32_t>(at), static_cast<uint32_t>(i)});
  }
  return out;
}

uint64_t window_hash(const std::vector<Letter>& ls, size_t from) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the codepoints
  for (size_t k = from; k < from + RestatementIndex::kGram; ++k) {
    h ^= static_cast<uint64_t>(ls[k].cp);
    h *= 1099511628211ull;
  }
  return h;
}

std::string cut_utf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

std::string strip_for_placeholder(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '`' || c == '*' || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    r += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return r;
}

}  // namespace

namespace {
void add_grams(std::unordered_set<uint64_t>& grams, std::string_view criterion_text) {
  // Line by line, as pages show them: a window never spans two of the criteria's paragraphs.
  size_t start = 0;
  while (start <= criterion_text.size()) {
    size_t nl = criterion_text.find('\n', start);
    std::string_view line = criterion_text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    std::vector<Letter> ls = letters_of(line);
    for (size_t i = 0; i + RestatementIndex::kGram <= ls.size(); ++i) grams.insert(window_hash(ls, i));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}
}  // namespace

void RestatementIndex::add(std::string_view criterion_text) { add_grams(grams_, criterion_text); }

void RestatementIndex::add(const Criteria& c) {
  // Titles are not indexed: a heading that names the item or its section ("อำนาจหน้าที่", "ขั้นตอนการ
  // ขอรับบริการ") is the page's own structure, and the disclosure under it often never repeats the word.
  for (const auto& item : c.items) {
    add(item.guidance);
    for (const auto& el : item.elements) add(el.text);
  }
  for (const auto& phrase : c.restated) {
    add(phrase);
    add_grams(wording_, phrase);
  }
}

const RestatementIndex& RestatementIndex::embedded() {
  static const RestatementIndex index = [] {
    RestatementIndex i;
    for (int round : embedded_rounds())
      if (auto c = load_criteria(round)) i.add(*c);
    return i;
  }();
  return index;
}

Restatement RestatementIndex::strip_restated(std::string_view text, const std::vector<std::string>& headings) const {
  std::unordered_set<std::string> heading_set;
  for (const auto& h : headings) heading_set.insert(normalised(h));
  Restatement r;
  r.placeholder = has_oit_new_placeholder(text);
  r.kept.reserve(text.size());
  std::string bare;  // `kept` without the naming headings, for a page with nothing of its own
  bare.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find_first_of("\n\f", start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    std::vector<Letter> ls = letters_of(line);
    std::vector<char> covered(ls.size(), 0);
    size_t count = 0;
    for (size_t i = 0; i + kGram <= ls.size(); ++i)
      if (grams_.count(window_hash(ls, i)))
        for (size_t k = i; k < i + kGram; ++k) covered[k] = 1;
    for (char c : covered) count += c;
    bool restated = ls.size() >= kMinLineLetters && count >= kRestatedLineShare * static_cast<double>(ls.size());
    // Letters of the line inside a window of the NACC's wording.
    auto in_wording = [&] {
      std::vector<char> w(ls.size(), 0);
      for (size_t i = 0; i + kGram <= ls.size(); ++i)
        if (wording_.count(window_hash(ls, i)))
          for (size_t k = i; k < i + kGram; ++k) w[k] = 1;
      return static_cast<size_t>(std::count(w.begin(), w.end(), 1));
    };
    // A short line is the page's own unless every letter of it is the NACC's wording: the numbered parts
    // of a pasted criterion ("(3) ผลจากการมีส่วนร่วม") are each too short to be judged by share.
    if (!restated && ls.size() >= kGram && count == ls.size()) restated = in_wording() == ls.size();
    bool heading = !heading_set.empty() && !ls.empty() && heading_set.count(normalised(line));
    bool named = false;  // a heading of the page that names its item in the criteria's words
    if (restated && heading) named = static_cast<double>(in_wording()) < kRestatedLineShare * static_cast<double>(ls.size());
    if (named) {
      // A title in the criteria's words names what the page holds: evidence of what the document is
      // ("แผนปฏิบัติราชการ ประจำปี…") when the page holds something of its own, and nothing when it does
      // not (the title alone holds the item's keywords). Not a restatement either: a page with a title
      // and an image is not "only the criterion".
      r.heading_letters += ls.size();
      r.kept.append(line);
    } else if (heading && !restated) {
      r.heading_letters += ls.size();
      r.kept.append(line);
      bare.append(line);
    } else if (restated) {
      r.restated_letters += ls.size();
      if (r.examples.size() < 3) r.examples.push_back(cut_utf8(std::string(trim(line)), 120));
    } else {
      // Long covered runs inside a line that is mostly the page's own.
      size_t from = 0;  // bytes of `line` copied so far
      for (size_t i = 0; i < ls.size();) {
        if (!covered[i]) {
          ++i;
          continue;
        }
        size_t j = i;
        while (j < ls.size() && covered[j]) ++j;
        if (j - i >= kLongRunLetters) {
          r.kept.append(line.substr(from, ls[i].begin - from));
          bare.append(line.substr(from, ls[i].begin - from));
          from = ls[j - 1].end;
          r.restated_letters += j - i;
          if (r.examples.size() < 3)
            r.examples.push_back(cut_utf8(line.substr(ls[i].begin, ls[j - 1].end - ls[i].begin), 120));
        } else {
          r.kept_letters += j - i;
        }
        i = j;
      }
      r.kept.append(line.substr(from));
      bare.append(line.substr(from));
      r.kept_letters += static_cast<size_t>(std::count(covered.begin(), covered.end(), 0));
    }
    if (nl == std::string_view::npos) break;
    r.kept += text[nl];
    bare += text[nl];
    start = nl + 1;
  }
  if (r.kept_letters < kOwnTextLetters) r.kept = std::move(bare);
  size_t all = r.kept_letters + r.restated_letters;
  r.restated_share = all ? static_cast<double>(r.restated_letters) / static_cast<double>(all) : 0;
  return r;
}

bool restates_only(const Restatement& r, bool has_other_content) {
  constexpr size_t kTitleLetters = 40;  // an item title with its fiscal year is about this long
  return !has_other_content && r.restated_letters >= kTitleLetters && r.kept_letters < kTitleLetters;
}

bool has_oit_new_placeholder(std::string_view text) {
  static const std::string phrase = strip_for_placeholder(kOitNewPlaceholderPhrase);
  // Cheap first test on the phrase's one ASCII word that stays intact whatever the markup.
  if (text.find("placeholder") == std::string_view::npos && text.find("Placeholder") == std::string_view::npos)
    return false;
  return strip_for_placeholder(text).find(phrase) != std::string::npos;
}

}  // namespace oit
