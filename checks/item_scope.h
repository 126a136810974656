// Which part of a page is the evidence for one OIT item. The commonest real layout is one ITA page
// listing O1…O28, each a heading, accordion title, list entry or table row followed by its links:
// the years and words of O14's block say nothing about O11. So when a page names several items
// (by O-code in its written forms — "O1", "o 1", "O.1", "O01", "O๑" — or by an item title of any
// round), the evidence for an item is only its block: from a line naming it to the line naming the
// next item. A page naming one item or none is all evidence.
//
// Markers are lines of Page::main_text (so the site's menus, in chrome, never count). A line is a
// marker when it starts with an O-code, or when it starts with an item title and is short and not a
// link to content (a link "แผนปฏิบัติการป้องกันการทุจริต 2568.pdf" inside the report's block is the
// report's evidence, not a new item). An item named by a title of another round is the item of this
// round that shares its primary topic. Links to anchors of the same page (a table of contents) are
// not markers. When an item is named more than once, its largest block is taken. A page that names
// other items but not this one is "not listed" when it is a list of items: one of its markers has an
// O-code, or it names three items or more (two titles in passing on a page about one item are not).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checks/extract.h"
#include "core/criteria.h"

namespace oit {

struct ItemScope {
  bool whole_page = true;     // the page names one item or none: all of it is evidence
  bool not_listed = false;    // the page names several other items but not this one: no evidence here
  std::string heading;        // the marker line that starts the block ("" for the whole page)
  size_t begin = 0, end = 0;  // the block, as a byte range of Page::main_text (whole page: all of it)
  std::vector<std::string> named;  // ids (of the round judged) the page names, in criteria order
  std::vector<size_t> markers;     // where the lines naming items start in main_text, ascending
};

// `fragment` (decoded, "" when none) is the submitted URL's: when it names an element of the page, the
// item's block starts there.
ItemScope find_item_scope(const Page& page, const Criteria& round, const std::vector<const Criteria*>& all_rounds,
                          const Item& item, std::string_view fragment = {});

// The page as far as the scope reaches: main text, headings, labels, links, images, lists and tables
// (a table cut by the block keeps its header and the rows inside) that lie in it, offsets rebased to
// the new main_text. What belongs to the whole page rather than a block (title, meta, <time>) is
// dropped: the ITA page's "OIT 2568" title is not O11's fiscal year. Chrome is dropped too. The whole
// page is returned as it is.
Page scoped_page(const Page& page, const ItemScope& scope);

// The finding for a page that lists other items but not this one (Thai): which items it lists, and
// what to submit instead.
std::string not_listed_message(const ItemScope& scope, const Item& item);

// The criteria of every round embedded in the binary, loaded once (thread-safe).
const std::vector<const Criteria*>& embedded_criteria();

}  // namespace oit
