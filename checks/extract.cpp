#include "checks/extract.h"
#include "core/csv.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

#include "checks/html_tree.h"

namespace oit {
namespace {

const char* attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TABLE: case GUMBO_TAG_BR:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

bool is_invisible(const GumboNode* n) {
  switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
      return true;
    default:
      break;
  }
  return attr(n, "hidden") != nullptr;
}

bool chrome_landmark(const GumboNode* n, bool inside_content) {
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE) return true;
  // A <header>/<footer> inside an article or section is that content's own header, not the site's.
  if ((t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER) && !inside_content) return true;
  if (const char* role = attr(n, "role")) {
    std::string r = ascii_lower(role);
    return r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary";
  }
  return false;
}

bool is_element(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }

// Multi-line text: each line collapsed, empty lines dropped.
std::string block_lines(std::string_view raw) {
  std::string out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = collapse_whitespace(raw.substr(start, end - start));
    if (!line.empty()) out += line + "\n";
    start = end + 1;
  }
  return out;
}

// The same text as block_lines, in one pass that also moves offsets into `raw` (marks, ascending by
// value) to offsets into the result: each to where the first visible character at or after it landed.
std::string block_lines_mapped(std::string_view raw, const std::vector<size_t*>& marks) {
  std::string out;
  out.reserve(raw.size());
  size_t line_start = 0, m = 0;
  bool space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\n') {
      if (out.size() > line_start) out += '\n';
      line_start = out.size();
      space = false;
      continue;
    }
    bool nbsp = c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0;
    if (nbsp || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = out.size() > line_start;
      if (nbsp) ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    for (; m < marks.size() && *marks[m] <= i; ++m) *marks[m] = out.size();
    out += static_cast<char>(c);
  }
  if (out.size() > line_start) out += '\n';
  for (; m < marks.size(); ++m) *marks[m] = out.size();
  return out;
}

// The whole page in one walk of the tree, with an explicit stack (a page may nest elements 50,000 deep).
// The text of a heading, link, caption or table cell is gathered during the same walk by "captures": each
// such element, while open, receives the text emitted below it, so nested ones cost no second walk.
class Walker {
 public:
  Walker(Page& p, const ExtractLimits& l) : page_(p), limits_(l) {}

  void run(const GumboNode* root) {
    root_ = root;
    enter(root);
    while (!stack_.empty()) {
      Frame& f = stack_.back();
      const GumboVector& kids = f.node->v.element.children;
      if (f.next < kids.length) {
        auto* k = static_cast<const GumboNode*>(kids.data[f.next++]);
        if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_CDATA)
          emit(f, k->v.text.text);
        else if (is_element(k))
          enter(k);  // invalidates f
      } else {
        leave();
      }
    }
    page_.text = block_lines(text_);
    page_.main_text = block_lines_mapped(main_, offset_marks());
    note(links_over_, std::to_string(limits_.max_links) + " links per page", "more links on this page");
    note(long_hrefs_, "URLs of " + std::to_string(limits_.max_href_bytes) + " bytes", "longer links on this page");
    note(ids_over_, std::to_string(limits_.max_ids) + " ids per page", "more ids on this page");
    note(headings_over_, std::to_string(limits_.max_headings) + " headings per page", "more headings on this page");
    note(tables_over_, std::to_string(limits_.max_tables) + " tables per page", "more tables on this page");
    note(labels_over_, std::to_string(limits_.max_labels) + " labels (summary, dt, strong, b) per page",
         "more labels on this page");
    note(lists_over_, std::to_string(limits_.max_lists) + " lists per page", "more lists on this page");
    note(list_items_over_, std::to_string(limits_.max_list_items) + " list entries per page",
         "more list entries on this page");
    if (captured_over_)
      page_.limits.push_back(std::to_string(limits_.max_captured_bytes >> 20) +
                             " MB of link, heading and table text per page; the rest of it not read");
    if (ids_over_) page_.ids_complete = false;
  }

 private:
  struct Frame {
    const GumboNode* node;
    unsigned next = 0;       // next child to visit
    bool chrome = false;     // inside the site's header, navigation, sidebar or footer
    bool content = false;    // inside <main>, <article> or <section>
    bool in_body = false;    // inside <body>: its text is the page's text
    bool main_skip = false;  // chrome as the page's main text leaves it out (from <body> down)
    bool visible = true;     // not itself hidden (script, style, [hidden]…)
    unsigned hidden = 0;     // hidden elements on the path, this one included
    bool capture = false;    // opened a capture (the top of captures_ while it is open)
    bool table = false;      // opened a table builder (the top of tables_)
    bool row = false;        // opened a row builder (the top of rows_)
    bool list = false;       // opened a list builder (the top of lists_)
  };
  enum class Kind { Heading, Link, Caption, Cell, Label, ListItem };
  struct Capture {
    Kind kind;
    size_t index;            // into page_.headings / page_.links / page_.tables / the row's cells
    const GumboNode* node;
    unsigned hidden = 0;     // the text at this level of hiding is the element's own
    bool open = true;        // reads its text (false: the element is hidden itself, or the budget is spent)
    size_t start = 0;        // where its text starts in its level's stream
  };
  struct Level {             // the text of one level of hiding while captures of that level are open
    std::string text;
    std::vector<size_t> starts;  // of its open captures, in the order they opened
  };
  struct TableBuild {
    size_t index;            // into page_.tables
    size_t rows_seen = 0;    // <tr> elements met, with or without cells
    bool have_header = false;
  };
  struct RowBuild {
    std::vector<std::string> cells;
    bool all_th = true;
    bool first = false;      // the table's first <tr>
    size_t offset = 0;       // raw, in main_
  };

  void note(size_t count, const std::string& bound, const char* what) {
    if (count) page_.limits.push_back(bound + "; " + std::to_string(count) + " " + what);
  }

  // Text at the current position: to the page's text and main text, and to the stream of its level of
  // hiding, which the open captures of that level share (each knows where it started in it), so text is
  // appended once however many headings, links and cells are open around it.
  void emit(const Frame& f, std::string_view s) {
    if (s.empty()) return;
    if (f.in_body && f.hidden == 0) {
      text_ += s;
      if (!f.main_skip) main_ += s;
    }
    if (f.hidden < levels_.size()) {
      Level& l = levels_[f.hidden];
      // Past the text bound of the latest open capture, every open one of this level has its text.
      if (!l.starts.empty() && l.text.size() < l.starts.back() + limits_.max_text_bytes) l.text += s;
    }
  }

  void open_capture(Frame& f, Kind kind, size_t index) {
    Capture c{kind, index, f.node, f.hidden, f.visible && !captured_over_, 0};
    if (c.open) {
      if (levels_.size() <= f.hidden) levels_.resize(f.hidden + 1);
      c.start = levels_[f.hidden].text.size();
      levels_[f.hidden].starts.push_back(c.start);
    }
    captures_.push_back(c);
    f.capture = true;
  }

  void close_capture() {
    Capture c = captures_.back();
    captures_.pop_back();
    std::string text;
    if (c.open) {
      Level& l = levels_[c.hidden];
      text = collapse_whitespace(std::string_view(l.text).substr(c.start, limits_.max_text_bytes));
      l.starts.pop_back();
      if (l.starts.empty()) l.text.clear();
      captured_ += text.size();
      if (captured_ > limits_.max_captured_bytes) {
        captured_over_ = true;
        text.clear();
      }
    }
    switch (c.kind) {
      case Kind::Heading: page_.headings[c.index].text = std::move(text); break;
      case Kind::Link:
        if (text.empty())
          for (const char* a : {"aria-label", "title"})
            if (const char* v = attr(c.node, a)) {
              text = collapse_whitespace(v);
              break;
            }
        page_.links[c.index].text = std::move(text);
        break;
      case Kind::Caption: page_.tables[c.index].caption = std::move(text); break;
      case Kind::Cell: rows_.back().cells[c.index] = std::move(text); break;
      case Kind::Label: page_.labels[c.index].text = std::move(text); break;
      case Kind::ListItem: page_.lists[lists_.back()].items[c.index] = std::move(text); break;
    }
  }

  // The parent of the element being entered, or null for the root.
  const Frame* parent() const { return stack_.size() >= 2 ? &stack_[stack_.size() - 2] : nullptr; }

  // The table a <tr> being entered belongs to, as read_table saw it: the table's own rows and those of
  // its thead/tbody/tfoot.
  bool row_of_built_table() const {
    for (size_t i = stack_.size() - 1; i-- > 0;) {
      const Frame& a = stack_[i];
      if (a.node->type != GUMBO_NODE_ELEMENT) return false;
      GumboTag t = a.node->v.element.tag;
      if (t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_TFOOT) continue;
      return a.table;
    }
    return false;
  }

  bool add_link(const char* href, const char* kind, bool chrome) {
    size_t n = std::strlen(href);
    if (n > limits_.max_href_bytes) {
      ++long_hrefs_;
      return false;
    }
    if (page_.links.size() >= limits_.max_links) {
      ++links_over_;
      return false;
    }
    page_.links.push_back({std::string(href, n), kind, "", chrome, main_.size()});
    return true;
  }

  void add_id(const char* id) {
    if (page_.ids.size() >= limits_.max_ids && !page_.ids.count(id)) {
      ++ids_over_;
      return;
    }
    if (page_.ids.insert(id).second) page_.id_offsets.emplace(id, main_.size());
  }

  void enter(const GumboNode* n) {
    const Frame* up = parent_of_new();
    Frame f{n};
    const GumboElement& e = n->v.element;
    GumboTag t = e.tag;
    if (up) {
      f.chrome = up->chrome;
      f.content = up->content;
      f.in_body = up->in_body;
      f.main_skip = up->main_skip;
      f.hidden = up->hidden;
    }
    if (t == GUMBO_TAG_MAIN || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_SECTION) f.content = true;
    const bool landmark = chrome_landmark(n, f.content);
    if (landmark) f.chrome = true;
    if (!f.in_body && t == GUMBO_TAG_BODY && up && up->node == root_ && n->type == GUMBO_NODE_ELEMENT && !body_seen_) {
      f.in_body = true;
      body_seen_ = true;
    }
    if (f.in_body && landmark) f.main_skip = true;
    f.visible = !is_invisible(n);
    if (!f.visible) ++f.hidden;
    stack_.push_back(f);
    Frame& me = stack_.back();
    act(me, t);
    if (me.visible) {
      if (is_block(t)) emit(me, "\n");
      if (t == GUMBO_TAG_IMG)
        if (const char* alt = attr(n, "alt")) emit(me, std::string(" ") + alt + " ");
    }
  }

  // Before the new frame is pushed, its parent is the top of the stack.
  const Frame* parent_of_new() const { return stack_.empty() ? nullptr : &stack_.back(); }

  void leave() {
    Frame& f = stack_.back();
    GumboTag t = f.node->v.element.tag;
    if (f.visible && is_block(t)) emit(f, "\n");
    if (f.capture) close_capture();
    if (f.row) finish_row();
    if (f.table) {
      page_.tables[tables_.back().index].end = main_.size();
      tables_.pop_back();
    }
    if (f.list) lists_.pop_back();
    stack_.pop_back();
  }

  void finish_row() {
    RowBuild row = std::move(rows_.back());
    rows_.pop_back();
    TableBuild& tb = tables_.back();
    if (row.cells.empty()) return;
    PageTable& out = page_.tables[tb.index];
    // The header is the first row of th cells, or the first row when the table has no th at all.
    if (!tb.have_header && (row.all_th || row.first)) {
      out.headers = std::move(row.cells);
      out.header_offset = row.offset;
      tb.have_header = true;
    } else {
      out.rows.push_back(std::move(row.cells));
      out.row_offsets.push_back(row.offset);
    }
  }

  // What one element contributes, on entering it.
  void act(Frame& f, GumboTag t) {
    const GumboNode* n = f.node;
    const bool chrome = f.chrome;
    if (const char* id = attr(n, "id"); id && *id) add_id(id);
    const Frame* up = parent();
    switch (t) {
      case GUMBO_TAG_HTML:
        if (const char* l = attr(n, "lang")) page_.lang = l;
        break;
      case GUMBO_TAG_TITLE:
        if (page_.title.empty()) page_.title = node_text_raw(n);
        break;
      case GUMBO_TAG_BASE:
        if (const char* h = attr(n, "href"); h && page_.base_href.empty()) page_.base_href = h;
        break;
      case GUMBO_TAG_META: {
        const char* name = attr(n, "name");
        if (!name) name = attr(n, "property");
        const char* content_attr = attr(n, "content");
        if (name && content_attr) page_.meta.emplace(ascii_lower(name), content_attr);
        break;
      }
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        if (page_.headings.size() >= limits_.max_headings) {
          ++headings_over_;
          break;
        }
        page_.headings.push_back({static_cast<int>(t - GUMBO_TAG_H1) + 1, "", chrome, main_.size()});
        open_capture(f, Kind::Heading, page_.headings.size() - 1);
        break;
      case GUMBO_TAG_A:
        if (const char* nm = attr(n, "name"); nm && *nm) add_id(nm);
        [[fallthrough]];
      case GUMBO_TAG_AREA:
        if (const char* h = attr(n, "href"); h && add_link(h, "a", chrome))
          open_capture(f, Kind::Link, page_.links.size() - 1);
        break;
      case GUMBO_TAG_IMG:
        if (const char* s = attr(n, "src"); s && add_link(s, "img", chrome)) {
          const char* alt = attr(n, "alt");
          page_.images.push_back({s, alt ? alt : "", chrome, main_.size()});
        }
        add_srcset(n, chrome);
        break;
      case GUMBO_TAG_SOURCE:
        if (const char* s = attr(n, "src")) add_link(s, "source", chrome);
        add_srcset(n, chrome);
        break;
      case GUMBO_TAG_SCRIPT:
        if (const char* s = attr(n, "src")) add_link(s, "script", chrome);
        break;
      case GUMBO_TAG_LINK:
        if (const char* h = attr(n, "href")) {
          std::string rel = ascii_lower(attr(n, "rel") ? attr(n, "rel") : "");
          // preconnect/dns-prefetch name hosts, not documents.
          if (rel.find("preconnect") == std::string::npos && rel.find("dns-prefetch") == std::string::npos)
            add_link(h, "link", chrome);
        }
        break;
      case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED: case GUMBO_TAG_TRACK:
        if (const char* s = attr(n, "src")) add_link(s, gumbo_normalized_tagname(t), chrome);
        break;
      case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
        if (const char* s = attr(n, "src")) add_link(s, gumbo_normalized_tagname(t), chrome);
        if (const char* p = attr(n, "poster")) add_link(p, "img", chrome);
        break;
      case GUMBO_TAG_OBJECT:
        if (const char* d = attr(n, "data")) add_link(d, "object", chrome);
        break;
      case GUMBO_TAG_TIME:
        if (const char* d = attr(n, "datetime")) page_.time_datetimes.push_back(d);
        break;
      case GUMBO_TAG_TABLE:
        if (page_.tables.size() >= limits_.max_tables) {
          ++tables_over_;
          break;
        }
        page_.tables.emplace_back();
        page_.tables.back().offset = page_.tables.back().header_offset = main_.size();
        page_.tables.back().in_chrome = chrome;
        tables_.push_back({page_.tables.size() - 1});
        f.table = true;
        break;
      case GUMBO_TAG_CAPTION:
        if (up && up->table && n->type == GUMBO_NODE_ELEMENT) open_capture(f, Kind::Caption, tables_.back().index);
        break;
      case GUMBO_TAG_TR:
        if (n->type == GUMBO_NODE_ELEMENT && row_of_built_table()) {
          rows_.push_back({});
          rows_.back().first = tables_.back().rows_seen++ == 0;
          rows_.back().offset = main_.size();
          f.row = true;
        }
        break;
      case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        if (up && up->row && n->type == GUMBO_NODE_ELEMENT) {
          RowBuild& row = rows_.back();
          if (t == GUMBO_TAG_TD) row.all_th = false;
          row.cells.emplace_back();
          open_capture(f, Kind::Cell, row.cells.size() - 1);
        }
        break;
      case GUMBO_TAG_SUMMARY: case GUMBO_TAG_DT: case GUMBO_TAG_STRONG: case GUMBO_TAG_B:
        if (page_.labels.size() >= limits_.max_labels) {
          ++labels_over_;
          break;
        }
        page_.labels.push_back({gumbo_normalized_tagname(t), "", chrome, main_.size()});
        open_capture(f, Kind::Label, page_.labels.size() - 1);
        break;
      case GUMBO_TAG_OL: case GUMBO_TAG_UL:
        if (page_.lists.size() >= limits_.max_lists) {
          ++lists_over_;
          break;
        }
        page_.lists.push_back({t == GUMBO_TAG_OL, {}, main_.size(), chrome, {}});
        lists_.push_back(page_.lists.size() - 1);
        f.list = true;
        break;
      case GUMBO_TAG_LI:
        // An entry of the list being built, when it is that list's own child.
        if (up && up->list && n->type == GUMBO_NODE_ELEMENT) {
          if (list_items_ >= limits_.max_list_items) {
            ++list_items_over_;
            break;
          }
          ++list_items_;
          PageList& l = page_.lists[lists_.back()];
          l.items.emplace_back();
          l.item_offsets.push_back(main_.size());
          open_capture(f, Kind::ListItem, l.items.size() - 1);
        }
        break;
      default:
        break;
    }
  }

  // Every offset recorded during the walk (raw, into main_), ascending, for block_lines_mapped.
  std::vector<size_t*> offset_marks() {
    std::vector<size_t*> marks;
    for (auto& h : page_.headings) marks.push_back(&h.offset);
    for (auto& l : page_.links) marks.push_back(&l.offset);
    for (auto& i : page_.images) marks.push_back(&i.offset);
    for (auto& l : page_.labels) marks.push_back(&l.offset);
    for (auto& l : page_.lists) {
      marks.push_back(&l.offset);
      for (auto& o : l.item_offsets) marks.push_back(&o);
    }
    for (auto& t : page_.tables) {
      for (size_t* o : {&t.offset, &t.end, &t.header_offset}) marks.push_back(o);
      for (auto& o : t.row_offsets) marks.push_back(&o);
    }
    for (auto& [id, o] : page_.id_offsets) marks.push_back(&o);
    std::stable_sort(marks.begin(), marks.end(), [](const size_t* a, const size_t* b) { return *a < *b; });
    return marks;
  }

  // <title> is invisible to the page's text, so its text children are read directly.
  static std::string node_text_raw(const GumboNode* n) {
    std::string s;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE) s += k->v.text.text;
    }
    return collapse_whitespace(s);
  }

  void add_srcset(const GumboNode* n, bool chrome) {
    const char* srcset = attr(n, "srcset");
    if (!srcset) return;
    // "a.jpg 1x, b.jpg 2x": URL up to whitespace, descriptor up to the comma.
    std::string_view s = srcset;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ',')) ++i;
      size_t start = i;
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      std::string_view url = s.substr(start, i - start);
      while (!url.empty() && url.back() == ',') url.remove_suffix(1);  // "a.jpg," without descriptor
      if (!url.empty()) add_link(std::string(url).c_str(), "srcset", chrome);
      while (i < s.size() && s[i] != ',') ++i;
    }
  }

  Page& page_;
  const ExtractLimits& limits_;
  const GumboNode* root_ = nullptr;
  bool body_seen_ = false;
  std::vector<Frame> stack_;
  std::vector<Capture> captures_;  // open ones, outermost first
  std::vector<Level> levels_;      // by the number of hidden elements on the path
  std::vector<TableBuild> tables_;
  std::vector<RowBuild> rows_;
  std::vector<size_t> lists_;      // open lists being built, into page_.lists
  size_t list_items_ = 0;
  std::string text_, main_;        // the page's text and main text, raw
  size_t captured_ = 0;
  bool captured_over_ = false;
  size_t links_over_ = 0, long_hrefs_ = 0, ids_over_ = 0, headings_over_ = 0, tables_over_ = 0;
  size_t labels_over_ = 0, lists_over_ = 0, list_items_over_ = 0;
};

}  // namespace

std::string collapse_whitespace(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // NBSP
      ws = true;
      ++i;
    }
    if (ws) {
      space = !r.empty();
    } else {
      if (space) r += ' ';
      space = false;
      r += static_cast<char>(c);
    }
  }
  return r;
}

std::vector<std::string> Page::meta_values(const std::string& name) const {
  std::vector<std::string> v;
  auto [a, b] = meta.equal_range(name);
  for (auto it = a; it != b; ++it) v.push_back(it->second);
  return v;
}

Page extract_html(std::string_view html, const ExtractLimits& limits) {
  Page page;
  const auto now = std::chrono::steady_clock::now();
  HtmlTreeLimits tree_limits;
  tree_limits.max_bytes = limits.max_tree_bytes;
  tree_limits.deadline = limits.deadline;
  if (limits.max_seconds > 0 && limits.max_seconds < 1e6)
    tree_limits.deadline = std::min(tree_limits.deadline,
                                    now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                              std::chrono::duration<double>(limits.max_seconds)));
  std::optional<HtmlTree> tree;
  if (now < limits.deadline) tree.emplace(html, tree_limits);
  if (!tree || !tree->root()) {
    page.parsed = false;
    page.ids_complete = false;
    page.limits.push_back("the page was not read: " + (tree ? tree->stopped() : std::string("the deadline had passed")));
    return page;
  }
  Walker(page, limits).run(tree->root());
  return page;
}

PageTable parse_csv_table(std::string_view csv) {
  auto records = parse_csv_lenient(csv);
  for (auto& rec : records)
    for (auto& cell : rec) cell = collapse_whitespace(cell);
  PageTable t;
  if (records.empty()) return t;
  t.headers = std::move(records.front());
  t.rows.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
  return t;
}

}  // namespace oit
