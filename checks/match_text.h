// Text as the checker compares it, with a map back to the source so a match can be quoted.
// Real pages are messy: PDF text layers break Thai words with spaces at random ("ประจำปี งบประมาณ"),
// text copied out of PDFs drops ำ ("ประจาปี" for ประจำปี), CMSs scatter zero-width characters and
// no-break spaces, and Thai digits stand beside Arabic ones. Both the haystack and the needle go through
// the same normalisation, so a term matches whichever of these forms the page uses.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oit {

struct MatchText {
  std::string text;               // normalised
  std::vector<uint32_t> origin;   // source byte offset of each byte of text (origin.size() == text.size())
};

// Thai digits → ASCII; zero-width characters (U+200B/C/D, U+2060, U+FEFF) and the soft hyphen removed;
// all whitespace removed (ASCII, NBSP, U+2000–U+200A thin/figure spaces, U+202F, U+205F, U+3000);
// SARA AM (ำ U+0E33) and its decomposed form (ํา U+0E4D U+0E32) folded to า (U+0E32), so the dropped-ำ
// forms of PDF text match; the tone marks, mai taikhu and thanthakhat (U+0E47–U+0E4C) dropped, because PDF
// text layers put them after the next letter ("ขัน้ตอน" for ขั้นตอน) and OCR loses them (หน้าทิ for หน้าที่);
// vowels are kept, so words stay apart. ASCII lower-cased. Invalid UTF-8 bytes are kept as they are.
MatchText normalise_for_match(std::string_view source);

// normalise_for_match(s).text: for needles, which need no map.
std::string normalised(std::string_view s);

// Position in hay.text of the first occurrence of the normalised needle, from `from`; nullopt when absent
// or when the needle normalises to nothing.
std::optional<size_t> find(const MatchText& hay, std::string_view needle, size_t from = 0);

// The source text around a match (pos, len: in hay.text), for a report: whitespace collapsed, at most
// max_chars characters (code points), "…" where cut, never cutting a code point nor separating a Thai
// character from its combining marks.
std::string quote_at(std::string_view source, const MatchText& hay, size_t pos, size_t len, size_t max_chars = 120);

// The same from a byte range of the source itself [begin, end).
std::string quote_source(std::string_view source, size_t begin, size_t end, size_t max_chars = 120);

}  // namespace oit
