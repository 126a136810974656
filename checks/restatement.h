// Text that restates an OIT criterion is not evidence for it. Agencies paste the NACC's criterion
// ("แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม…") onto the item page, and `oit new` writes the
// criterion's guidance and element texts on every page it makes; either holds every keyword the element
// checks look for. This module recognises such text and removes it before elements are matched.
//
// How: Thai has no spaces between words, and PDF text layers put spaces in the middle of words
// ("ขัน ้ ตอน", "ผู้อ ำนวยการ"), so word segmentation (ICU) sees different words in the same sentence
// depending on where it came from. Character n-grams over letters only (spaces, punctuation and digits
// dropped; ำ folded to า so "ประจาปี" copied out of a PDF matches "ประจำปี"; tone marks dropped, as PDFs
// misplace them) are immune to both. Every
// kGram-letter window of every criterion text is indexed; a line of the page whose letters are mostly
// covered by indexed windows is a restatement, and so is a long covered run inside a longer line.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/criteria.h"

namespace oit {

struct Restatement {
  std::string kept;                   // the text with restated lines and long restated runs removed
  double restated_share = 0;          // letters removed / letters in the text (0 when it has none)
  size_t kept_letters = 0;            // letters left in `kept`, outside the page's headings
  size_t heading_letters = 0;         // letters of the page's headings (they name, they do not disclose)
  size_t restated_letters = 0;        // letters removed
  bool placeholder = false;           // the text carries the `oit new` placeholder phrase
  std::vector<std::string> examples;  // a few removed lines (≤ 120 bytes each), for the report
};

class RestatementIndex {
 public:
  // Windows of this many letters (Thai codepoints or ASCII letters). 8 letters are about two Thai
  // syllables: long enough that ordinary words shared with the criteria ("ประจำปี", "งบประมาณ") do not
  // chain into a covered run unless the sentence around them is the criterion's too.
  static constexpr size_t kGram = 8;

  void add(std::string_view criterion_text);
  // Guidance, element texts and the `restated` wording (titles are headings, not restatement: see .cpp).
  void add(const Criteria& criteria);

  // The index over every round embedded in the binary, built once (thread-safe) and kept.
  static const RestatementIndex& embedded();

  // Linear in the text's length. `headings` (the page's title, own headings, link texts) are the page's
  // names for things: a short one is kept; a long one in the criteria's words (the item's title with its
  // year) is removed from `kept` but counted in heading_letters, not as restatement, unless it is the NACC's
  // wording (`restated`).
  Restatement strip_restated(std::string_view text, const std::vector<std::string>& headings = {}) const;

  size_t size() const { return grams_.size(); }

 private:
  std::unordered_set<uint64_t> grams_;    // every indexed text
  std::unordered_set<uint64_t> wording_;  // the NACC's wording only: stripped even from headings
};

// A page that only restates the criterion: more than a title's worth of restated text, hardly any text
// of its own, and nothing else that could hold the disclosure (`has_other_content`: an image, a document,
// an embedded viewer). Such a page "restates the criterion but discloses nothing".
bool restates_only(const Restatement& r, bool has_other_content);

// True when `text` holds kOitNewPlaceholderPhrase (compared without `, *, whitespace and ASCII case).
bool has_oit_new_placeholder(std::string_view text);


}  // namespace oit
