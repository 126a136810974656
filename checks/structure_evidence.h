// Evidence an assessor reads from a page's structure, not from a keyword: steps are a numbered list,
// monthly data is a table with a row or column per month, a chart is an image near chart words, a signed
// declaration ends with a signature block. Pure functions over plain data (list items, table cells,
// text), so they work on HTML lists, HTML tables, CSV files and PDF text layers alike. Each returns what
// it found as a short quote (at most 120 bytes) for the report, or nothing.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/extract.h"
#include "core/criteria.h"

namespace oit {

// Lines of a text with PDF line-break artefacts mended: a line that begins with a Thai combining mark
// ("ขัน\n ้ ตอน") continues the line before it.
std::vector<std::string> evidence_lines(std::string_view text);

// Steps: the items of an HTML list (`ordered` for <ol>), when the caller has them, and the text (page
// text or a PDF's text layer). Found when: an ordered list of at least 2 items; an unordered list of at
// least 2 items right after a step word; in the text, at least 3 consecutively numbered lines ("1.", "๑.",
// "1)", "(1)", "ขั้นตอนที่ 1"), or 2 when a step word is on the line before the first; or a step word
// followed by at least 2 bulleted lines. `step_words` are the criteria's terms ("ขั้นตอน", …).
std::optional<std::string> find_steps(const std::vector<std::string>& list_items, bool ordered, std::string_view text,
                                      const std::vector<std::string>& step_words);

// Steps as a table: a header cell holds a step word and the table has at least 2 rows.
std::optional<std::string> find_steps_table(const std::vector<std::string>& headers,
                                            const std::vector<std::vector<std::string>>& rows,
                                            const std::vector<std::string>& step_words);

// Monthly data: at least 3 different months (Thai names or abbreviations, "ต.ค. 67", "เดือนตุลาคม")
// among the header cells, or among the first cells of the rows.
std::optional<std::string> find_monthly_table(const std::vector<std::string>& headers,
                                              const std::vector<std::vector<std::string>>& rows);
// The same in text (a PDF table): at least 3 different months each starting a line.
std::optional<std::string> find_monthly_lines(std::string_view text);

// A chart: one of the texts around an image (alt, caption, nearby heading) holds a chart word.
std::optional<std::string> find_chart_image(const std::vector<std::string>& image_texts,
                                            const std::vector<std::string>& chart_words);

// A signature block: ลงนาม / ลงชื่อ (optionally "โดย"), then, on the same line or one of the next two, a
// person's name (a title such as นาย/นาง/นางสาว/ดร./ยศ, or a name in parentheses), then one of
// `positions` on the name's line or one of the next two lines. An incidental phrase ("การลงนามในสมุด
// อวยพร") is not one: after ลงนาม must come the name, not more words.
std::optional<std::string> find_signature(std::string_view text, const std::vector<std::string>& positions);

// What an element check of kind steps, signature or monthly-table found in an item's evidence.
struct StructureResult {
  std::optional<std::string> quote;  // what was found (≤ 120 bytes)
  std::string missing;               // what was looked for, when nothing was found
  bool person_must_look = false;     // not found in text, but the evidence may hold it where text cannot show
                                     // it (a scan, an image: a flowchart, a signed declaration) or a step word
                                     // stands without a list
};

// `text` is the item's own text (restated criteria already removed), `tables` its HTML tables and data
// files, `list_items`/`ordered` an HTML list when the caller has one, `has_picture` an image or a scanned PDF
// in the evidence. Elements of other kinds come back with an empty `missing` and no quote.
StructureResult judge_structure(const Element& el, std::string_view text, const std::vector<const PageTable*>& tables,
                                bool has_picture, const std::vector<std::string>& list_items = {}, bool ordered = false);

// The text term checks search: `kept` and every table's cells, normalised (match_text.h). Table
// cells are the disclosure's own structure, so they count whatever words they share with the criteria.
std::string match_text(std::string_view kept, const std::vector<const PageTable*>& tables);

// A link kind that embeds content the page's text does not show: a document viewer (FlowPaper, Google
// Docs iframes) or media.
bool is_embedded_kind(std::string_view kind);

// At most 120 bytes of `s`, cut at a UTF-8 boundary, with "…" when cut.
std::string short_quote(std::string_view s);

}  // namespace oit
