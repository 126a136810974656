// The texts an item's elements are looked for in, each kept with where it comes from (the page, a
// document and its page number, a table), with restated criteria removed part by part — so a term that
// is found can be shown to a person as a quote of at most 120 characters and its place, and the decision
// (found or not) reads the same text the quote is taken from.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "checks/audit.h"
#include "checks/extract.h"
#include "checks/match_text.h"
#include "checks/restatement.h"

namespace oit {

struct EvidencePart {
  std::string where;  // "หน้า https://…/o8/", "เอกสาร https://…/manual.pdf หน้า 3"
  std::string text;   // as read
};

class ElementTexts {
 public:
  // `headings`: the page's own names for things (title, headings, link texts), see strip_restated.
  ElementTexts(const std::vector<EvidencePart>& parts, std::vector<std::pair<std::string, const PageTable*>> tables,
               const std::vector<std::string>& headings, const RestatementIndex& index);

  // All parts' restatement together: placeholder, letters kept and removed, a few removed lines.
  const Restatement& restatement() const { return total_; }
  // Every part's kept text and every table's cells, normalised (match_text.h): what terms are found in.
  const std::string& haystack() const { return haystack_; }
  bool has(std::string_view term) const;

  // The first place one of `terms` stands (parts in order, then tables): its quote and where. A line of the
  // page's own text is preferred to one of its headings (which name the item in the criterion's words).
  std::optional<EvidenceQuote> quote_any(const std::vector<std::string>& terms) const;
  // The place `text` (a structure detector's short quote) stands, or the first part when it is not found.
  EvidenceQuote place_of(std::string_view text) const;

 private:
  struct Kept {
    std::string where, text;
    mutable std::optional<MatchText> norm;  // made when first quoted from
  };
  std::vector<Kept> kept_;
  std::unordered_set<std::string> headings_;  // normalised: a quote from a heading only names the item
  std::vector<std::pair<std::string, const PageTable*>> tables_;
  Restatement total_;
  std::string haystack_;
};

}  // namespace oit
