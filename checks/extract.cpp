#include "extract.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>

namespace oit {
namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

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

bool chrome_landmark(const GumboNode* n, bool inside_content);

// Text of a subtree, blocks separated by newlines; with skip_chrome, site chrome is left out.
void append_text(const GumboNode* n, std::string& out, bool skip_chrome = false, bool content = false) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
  if (is_invisible(n)) return;
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_MAIN || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_SECTION) content = true;
  if (skip_chrome && chrome_landmark(n, content)) return;
  bool block = is_block(t);
  if (block) out += '\n';
  if (t == GUMBO_TAG_IMG) {
    if (const char* alt = attr(n, "alt")) out += std::string(" ") + alt + " ";
  }
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    append_text(static_cast<const GumboNode*>(kids.data[i]), out, skip_chrome, content);
  if (block) out += '\n';
}

std::string node_text(const GumboNode* n) {
  std::string s;
  append_text(n, s);
  return collapse_whitespace(s);
}

// Multi-line text: each line collapsed, empty lines dropped.
std::string block_text(const GumboNode* n, bool skip_chrome = false) {
  std::string raw, out;
  append_text(n, raw, skip_chrome);
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = collapse_whitespace(std::string_view(raw).substr(start, end - start));
    if (!line.empty()) out += line + "\n";
    start = end + 1;
  }
  return out;
}

bool chrome_landmark(const GumboNode* n, bool inside_content) {
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE) return true;
  // A <header>/<footer> inside an article or section is that content's own header, not the site's.
  if ((t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER) && !inside_content) return true;
  if (const char* role = attr(n, "role")) {
    std::string r = lower(role);
    return r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary";
  }
  return false;
}

class Walker {
 public:
  explicit Walker(Page& p) : page_(p) {}

  void walk(const GumboNode* n, bool chrome, bool content) {
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& e = n->v.element;
    GumboTag t = e.tag;
    if (t == GUMBO_TAG_MAIN || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_SECTION) content = true;
    if (!chrome && chrome_landmark(n, content)) chrome = true;
    if (const char* id = attr(n, "id"); id && *id) page_.ids.insert(id);
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
        if (name && content_attr) page_.meta.emplace(lower(name), content_attr);
        break;
      }
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        page_.headings.push_back({static_cast<int>(t - GUMBO_TAG_H1) + 1, node_text(n), chrome});
        break;
      case GUMBO_TAG_A:
        if (const char* nm = attr(n, "name"); nm && *nm) page_.ids.insert(nm);
        [[fallthrough]];
      case GUMBO_TAG_AREA:
        if (const char* h = attr(n, "href")) page_.links.push_back({h, "a", link_text(n), chrome});
        break;
      case GUMBO_TAG_IMG:
        if (const char* s = attr(n, "src")) {
          page_.links.push_back({s, "img", "", chrome});
          const char* alt = attr(n, "alt");
          page_.images.push_back({s, alt ? alt : "", chrome});
        }
        add_srcset(n, chrome);
        break;
      case GUMBO_TAG_SOURCE:
        if (const char* s = attr(n, "src")) page_.links.push_back({s, "source", "", chrome});
        add_srcset(n, chrome);
        break;
      case GUMBO_TAG_SCRIPT:
        if (const char* s = attr(n, "src")) page_.links.push_back({s, "script", "", chrome});
        break;
      case GUMBO_TAG_LINK:
        if (const char* h = attr(n, "href")) {
          std::string rel = lower(attr(n, "rel") ? attr(n, "rel") : "");
          // preconnect/dns-prefetch name hosts, not documents.
          if (rel.find("preconnect") == std::string::npos && rel.find("dns-prefetch") == std::string::npos)
            page_.links.push_back({h, "link", "", chrome});
        }
        break;
      case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED: case GUMBO_TAG_TRACK:
        if (const char* s = attr(n, "src")) page_.links.push_back({s, gumbo_normalized_tagname(t), "", chrome});
        break;
      case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
        if (const char* s = attr(n, "src")) page_.links.push_back({s, gumbo_normalized_tagname(t), "", chrome});
        if (const char* p = attr(n, "poster")) page_.links.push_back({p, "img", "", chrome});
        break;
      case GUMBO_TAG_OBJECT:
        if (const char* d = attr(n, "data")) page_.links.push_back({d, "object", "", chrome});
        break;
      case GUMBO_TAG_TIME:
        if (const char* d = attr(n, "datetime")) page_.time_datetimes.push_back(d);
        break;
      case GUMBO_TAG_TABLE:
        page_.tables.push_back(read_table(n));
        break;
      default:
        break;
    }
    for (unsigned i = 0; i < e.children.length; ++i)
      walk(static_cast<const GumboNode*>(e.children.data[i]), chrome, content);
  }

 private:
  // <title> is invisible to append_text, so read its text children directly.
  static std::string node_text_raw(const GumboNode* n) {
    std::string s;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE) s += k->v.text.text;
    }
    return collapse_whitespace(s);
  }

  static std::string link_text(const GumboNode* n) {
    std::string t = node_text(n);
    if (t.empty())
      for (const char* a : {"aria-label", "title"})
        if (const char* v = attr(n, a)) return collapse_whitespace(v);
    return t;
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
      if (!url.empty()) page_.links.push_back({std::string(url), "srcset", "", chrome});
      while (i < s.size() && s[i] != ',') ++i;
    }
  }

  static void collect_rows(const GumboNode* n, std::vector<const GumboNode*>& rows) {
    if (n->type != GUMBO_NODE_ELEMENT) return;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type != GUMBO_NODE_ELEMENT) continue;
      GumboTag t = k->v.element.tag;
      if (t == GUMBO_TAG_TR) rows.push_back(k);
      else if (t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_TFOOT) collect_rows(k, rows);
    }
  }

  static PageTable read_table(const GumboNode* table) {
    PageTable out;
    std::vector<const GumboNode*> rows;
    collect_rows(table, rows);
    const GumboVector& kids = table->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_CAPTION) out.caption = node_text(k);
    }
    bool have_header = false;
    for (const GumboNode* tr : rows) {
      std::vector<std::string> cells;
      bool all_th = true;
      const GumboVector& tk = tr->v.element.children;
      for (unsigned i = 0; i < tk.length; ++i) {
        auto* c = static_cast<const GumboNode*>(tk.data[i]);
        if (c->type != GUMBO_NODE_ELEMENT) continue;
        GumboTag t = c->v.element.tag;
        if (t != GUMBO_TAG_TD && t != GUMBO_TAG_TH) continue;
        if (t == GUMBO_TAG_TD) all_th = false;
        cells.push_back(node_text(c));
      }
      if (cells.empty()) continue;
      // The header is the first row of th cells, or the first row when the table has no th at all.
      if (!have_header && (all_th || rows.front() == tr)) {
        out.headers = std::move(cells);
        have_header = true;
      } else {
        out.rows.push_back(std::move(cells));
      }
    }
    return out;
  }

  Page& page_;
};

const GumboNode* find_child(const GumboNode* n, GumboTag tag) {
  if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == tag) return k;
  }
  return nullptr;
}

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

Page extract_html(std::string_view html) {
  Page page;
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;  // parse errors are not needed and cost memory on tag soup
  GumboOutput* out = gumbo_parse_with_options(&opts, html.data(), html.size());
  Walker(page).walk(out->root, false, false);
  if (const GumboNode* body = find_child(out->root, GUMBO_TAG_BODY)) {
    page.text = block_text(body);
    page.main_text = block_text(body, true);
  }
  gumbo_destroy_output(&opts, out);
  return page;
}

PageTable parse_csv_table(std::string_view csv) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      rec.push_back(collapse_whitespace(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        rec.push_back(collapse_whitespace(field));
        records.push_back(std::move(rec));
      }
      rec.clear();
      field.clear();
      any = false;
    } else {
      field += c;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(collapse_whitespace(field));
    records.push_back(std::move(rec));
  }
  PageTable t;
  if (records.empty()) return t;
  t.headers = std::move(records.front());
  t.rows.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
  return t;
}

}  // namespace oit
