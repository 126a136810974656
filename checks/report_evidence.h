// The evidence of each item, as every report format shows it: per element what was found (a quote and
// where) or what was looked for, the elements a person must judge ("ตรวจด้วยตนเอง"), the fiscal years
// found. Quotes come from pages nobody vetted: every string is stripped of control characters, cut to a
// bound (UTF-8-safely, never between a letter and its marks) and escaped for its format here.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/audit.h"

namespace oit {

constexpr size_t kMaxQuoteChars = 120;          // a quote, in characters (code points)
constexpr size_t kMaxEvidenceFieldChars = 300;  // where, looked_for, an element's text, a manual check
constexpr size_t kMaxElementsListed = 40;       // elements (and manual checks) listed per item
constexpr size_t kMaxPeriodQuotesListed = 10;   // fiscal-year quotes listed per item

// `s` as one line of at most `max_chars` characters: control characters (C0, DEL, C1, U+FFFE/U+FFFF) and
// whitespace runs become one space, invalid UTF-8 reads as U+FFFD, and a longer text is cut before a
// whole character (with the Thai marks that sit on it) and ends with "…".
std::string bounded_evidence_text(std::string_view s, size_t max_chars);

std::string_view to_string(ElementState s);  // "found" | "missing" | "uncertain" | "manual"
std::optional<ElementState> parse_element_state(std::string_view s);

// The item has something for the evidence section: elements, a period, manual checks or a scope.
bool has_evidence(const ItemResult& it);

// Text and JUnit: one line per element ("✓ element — «quote» (where)", "✗ element — looked for …, not
// found", "? element — a person must look", "ตรวจด้วยตนเอง: …"), then the fiscal year. `color`: the
// marks in ANSI colours.
std::vector<std::string> evidence_lines(const ItemResult& it, bool color);

// JSON: adds "elements", "period", "manual_checks" and "scope" to an item's object, each only when the
// audit produced it (reports without evidence keep their shape). Elements: {key, text, grade, state,
// quote, where, looked_for} (quote, where, looked_for null when absent; "ocr": true when the quote was read
// by OCR). Period: {expected_fiscal_year, verdict, evidence: [{quote, where}]}.
void add_evidence_json(nlohmann::ordered_json& item, const ItemResult& it);
// Reads them back (parse_report_json); absent or malformed keys leave the item without them.
void read_evidence_json(const nlohmann::json& item, ItemResult& it);

// HTML: the item's evidence as a block for its findings cell ("" when the item has none).
std::string evidence_html(const ItemResult& it);
// Markdown (GFM): the item's evidence as a list under a heading naming the item ("" when none).
std::string evidence_markdown(const ItemResult& it);

}  // namespace oit
