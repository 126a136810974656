#include "checks/element_evidence.h"

#include "core/text.h"

namespace oit {

ElementTexts::ElementTexts(const std::vector<EvidencePart>& parts,
                           std::vector<std::pair<std::string, const PageTable*>> tables,
                           const std::vector<std::string>& headings, const RestatementIndex& index)
    : tables_(std::move(tables)) {
  for (const auto& h : headings) headings_.insert(normalised(h));
  for (const auto& p : parts) {
    Restatement r = index.strip_restated(p.text, headings);
    total_.placeholder |= r.placeholder;
    total_.kept_letters += r.kept_letters;
    total_.restated_letters += r.restated_letters;
    total_.heading_letters = std::max(total_.heading_letters, r.heading_letters);  // the same headings each time
    for (auto& e : r.examples)
      if (total_.examples.size() < 3) total_.examples.push_back(std::move(e));
    total_.kept += r.kept + "\n";
    kept_.push_back({p.where, std::move(r.kept), std::nullopt});
  }
  const size_t letters = total_.kept_letters + total_.restated_letters;
  total_.restated_share = letters ? static_cast<double>(total_.restated_letters) / static_cast<double>(letters) : 0;
  std::string all = total_.kept;
  for (const auto& [where, t] : tables_) {
    all += join(t->headers, " ") + "\n";
    for (const auto& row : t->rows) all += join(row, " ") + "\n";
  }
  haystack_ = normalised(all);
}

bool ElementTexts::has(std::string_view term) const {
  std::string n = normalised(term);
  return !n.empty() && haystack_.find(n) != std::string::npos;
}

std::optional<EvidenceQuote> ElementTexts::quote_any(const std::vector<std::string>& terms) const {
  std::optional<EvidenceQuote> in_heading;
  for (const auto& k : kept_) {
    if (!k.norm) k.norm = normalise_for_match(k.text);
    for (const auto& t : terms) {
      const size_t len = normalised(t).size();
      for (auto at = find(*k.norm, t); at; at = find(*k.norm, t, *at + len)) {
        // The source line the match stands in.
        const size_t src = k.norm->origin[*at];
        const size_t from = k.text.rfind('\n', src), to = k.text.find('\n', src);
        const std::string_view line = std::string_view(k.text).substr(
            from == std::string::npos ? 0 : from + 1, (to == std::string::npos ? k.text.size() : to) - (from == std::string::npos ? 0 : from + 1));
        EvidenceQuote q{quote_at(k.text, *k.norm, *at, len), k.where};
        if (!headings_.count(normalised(line))) return q;
        if (!in_heading) in_heading = std::move(q);
      }
    }
  }
  if (in_heading) return in_heading;
  for (const auto& [where, table] : tables_) {
    auto try_row = [&](const std::vector<std::string>& row) -> std::optional<EvidenceQuote> {
      std::string line = join(row, " | ");
      MatchText n = normalise_for_match(line);
      for (const auto& t : terms)
        if (auto at = find(n, t)) return EvidenceQuote{quote_at(line, n, *at, normalised(t).size()), where};
      return std::nullopt;
    };
    if (auto q = try_row(table->headers)) return q;
    for (const auto& row : table->rows)
      if (auto q = try_row(row)) return q;
  }
  return std::nullopt;
}

EvidenceQuote ElementTexts::place_of(std::string_view text) const {
  // A detector's quote joins lines with " / " and may be cut ("…"): its first line is what stands in a part.
  std::string needle(text.substr(0, text.find(" / ")));
  if (size_t cut = needle.find("…"); cut != std::string::npos) needle.resize(cut);
  for (const auto& k : kept_) {
    if (!k.norm) k.norm = normalise_for_match(k.text);
    if (find(*k.norm, needle)) return {std::string(text), k.where};
  }
  // A table's rows or steps: where the first table is, else the page.
  if (!tables_.empty()) return {std::string(text), tables_.front().first};
  return {std::string(text), kept_.empty() ? std::string() : kept_.front().where};
}

}  // namespace oit
