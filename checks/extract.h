// What the checker needs from one HTML page, collected in a single pass of the gumbo HTML5
// parser (which copes with the tag soup CMSs produce and decodes entities): title, headings,
// visible text, meta tags, element ids, links with their kind and text, tables, images.
// "Chrome" marks what sits in the site's header, navigation, sidebar or footer rather than the
// page's own content, so the same menu on every page is not read as evidence for an item.
//
// Offsets: headings, links, images, labels, lists (and their entries) and tables (and their rows) say
// where they start in Page::main_text, as a byte offset: the position of their first visible character
// there (of the next visible character when they show none). So a block of the page (one item of an
// ITA page listing O1…O28, see checks/item_scope.h) can be cut out with everything inside it. What sits
// in chrome is not in main_text: its offset is where it would have been, and means nothing.
#pragma once
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oit {

struct PageLink {
  std::string href;  // attribute value as written (one srcset candidate per entry)
  std::string kind;  // "a", "img", "srcset", "script", "link", "iframe", "source", "video", "audio", "embed", "object", "track"
  std::string text;  // for "a": its visible text, else img alt / aria-label / title inside it
  bool in_chrome = false;
  size_t offset = 0;  // in Page::main_text
};

struct PageHeading {
  int level = 1;
  std::string text;
  bool in_chrome = false;
  size_t offset = 0;  // in Page::main_text
};

// A short element that CMS pages use as an item's header where a heading would do: <summary> (the
// title of a Gutenberg or Bootstrap accordion), <dt>, and <strong>/<b>. Kept apart from headings so
// that "headings" keeps meaning <h1>..<h6>; a <strong> inside a sentence is a label too, so a reader
// that wants headers only takes labels that start a line of main_text.
struct PageLabel {
  std::string tag;   // "summary", "dt", "strong", "b"
  std::string text;
  bool in_chrome = false;
  size_t offset = 0;  // in Page::main_text
};

// An <ol> or <ul> and the text of its own <li> entries (an entry's text includes its nested lists').
struct PageList {
  bool ordered = false;
  std::vector<std::string> items;
  size_t offset = 0;                // in Page::main_text
  bool in_chrome = false;
  std::vector<size_t> item_offsets;  // in Page::main_text, one per entry of items
};

struct PageImage {
  std::string src, alt;
  bool in_chrome = false;
  size_t offset = 0;  // in Page::main_text
};

struct PageTable {
  std::string caption;
  std::vector<std::string> headers;            // header cells (th of thead / first row), text
  std::vector<std::vector<std::string>> rows;  // the other rows, cell texts
  // In Page::main_text (all 0 for a CSV file): where the table starts and ends (the end is where what
  // follows the table starts), where its header row starts, and where each of rows starts.
  size_t offset = 0, end = 0, header_offset = 0;
  std::vector<size_t> row_offsets;
  bool in_chrome = false;
};

struct Page {
  std::string title;
  std::string lang;       // <html lang>
  std::string base_href;  // <base href>, "" when absent
  std::vector<PageHeading> headings;
  std::string text;        // all visible text of <body>, one line per block
  std::string main_text;   // visible text outside chrome
  std::multimap<std::string, std::string> meta;  // <meta name|property> (lower-cased) → content, all values
  std::set<std::string> ids;                    // id attributes and <a name>
  std::vector<PageLink> links;
  std::vector<PageTable> tables;
  std::vector<PageImage> images;
  std::vector<std::string> time_datetimes;  // <time datetime="…">
  std::vector<PageLabel> labels;
  std::vector<PageList> lists;
  std::map<std::string, size_t> id_offsets;  // id (of those in ids) → offset in main_text of its first element

  // What a bound of ExtractLimits cut, one note per bound ("5000 links per page: 195000 more links not
  // read"), for the report's "not checked (limit: …)"; empty when the page was read whole.
  std::vector<std::string> limits;
  bool parsed = true;        // false: the parse itself was stopped (limits says why); nothing above is known
  bool ids_complete = true;  // false: ids were cut, so a #fragment not found is not known to be missing

  std::vector<std::string> meta_values(const std::string& name) const;
};

// Bounds on what one page may cost, whatever its markup. Defaults are far above any real page.
struct ExtractLimits {
  size_t max_links = 5000;            // links kept (all kinds); the rest are counted
  size_t max_href_bytes = 16 * 1024;  // a longer URL is not kept as a link (counted)
  size_t max_ids = 50000;             // element ids kept for #fragment checks
  size_t max_headings = 5000;
  size_t max_tables = 2000;
  size_t max_labels = 5000;           // <summary>, <dt>, <strong>, <b>
  size_t max_lists = 2000;
  size_t max_list_items = 20000;      // entries of all lists together
  size_t max_text_bytes = 4096;       // of one heading, link, caption or table cell
  size_t max_captured_bytes = 16u << 20;  // all of those together
  size_t max_tree_bytes = 0;          // gumbo's tree; 0 = default_tree_budget(page size)
  double max_seconds = 10;            // of one page's parse (gumbo is quadratic in some nestings)
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();  // the crawl's
};

Page extract_html(std::string_view html, const ExtractLimits& limits = {});

// A CSV file read leniently (parse_csv_lenient in core/csv.h: never refused) as a table: the first
// record is the header; cells with their whitespace collapsed.
PageTable parse_csv_table(std::string_view csv);

// Whitespace runs (incl. NBSP) collapsed to one space, trimmed.
std::string collapse_whitespace(std::string_view s);

}  // namespace oit
