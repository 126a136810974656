// `oit new --from-round F --to-round T`: carrying a site to the next round (scaffold.h).
#include "generator/scaffold.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "core/source_file.h"
#include "core/text.h"
#include "generator/config.h"
#include "generator/frontmatter.h"
#include "generator/scaffold_text.h"

namespace fs = std::filesystem;

namespace oit {
using namespace scaffold_detail;

namespace {

// The strings of a one-line TOML or YAML value: "a", ["a", "b"], a, [a, b].
std::vector<std::string> read_tag_values(std::string_view v) {
  std::vector<std::string> out;
  std::string s = trim_blanks(v);
  if (size_t hash = s.find(" #"); hash != std::string::npos && s.find('"') > hash) s = trim_blanks(s.substr(0, hash));
  if (!s.empty() && s.front() == '[') s = s.substr(1, s.find(']') == std::string::npos ? std::string::npos : s.find(']') - 1);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string tok;
    if (s[i] == '"' || s[i] == '\'') {
      char q = s[i++];
      while (i < s.size() && s[i] != q) tok += s[i++];
      ++i;
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != ' ' && s[i] != '#') tok += s[i++];
      if (i < s.size() && s[i] == '#') break;
    }
    if (!tok.empty()) out.push_back(tok);
  }
  return out;
}

// Marker comments of a placeholder's front matter.
struct PlaceholderMarks {
  int round = 0;
  std::vector<std::string> topics;  // from the commented `# oit = …` line
  std::string previous;
};

std::optional<PlaceholderMarks> read_placeholder(std::string_view front) {
  PlaceholderMarks m;
  for (const auto& raw : split_lines(front)) {
    std::string line = trim_blanks(raw);
    if (line.starts_with(kPlaceholderMark)) {
      m.round = std::atoi(line.c_str() + kPlaceholderMark.size());
    } else if (line.starts_with(kFollowsMark)) {
      auto v = read_tag_values(line.substr(kFollowsMark.size()));
      if (!v.empty()) m.previous = v.front();
    } else if (line.starts_with("# oit = ") && m.topics.empty()) {
      m.topics = read_tag_values(line.substr(8));
    }
  }
  if (m.round == 0 || m.topics.empty()) return std::nullopt;
  return m;
}

bool is_item_code(std::string_view v) {
  return v.size() > 1 && (v[0] == 'O' || v[0] == 'o') && v[1] >= '0' && v[1] <= '9';
}

struct ParsedPage {
  std::string path;  // content path
  std::string text;
  std::string front;  // the front matter's text
  FrontMatterFormat format = FrontMatterFormat::Toml;
  PageMeta meta;
  bool section = false;  // _index.md
  std::optional<PlaceholderMarks> placeholder;
};

Result<ParsedPage> parse_page(const std::string& path, const std::string& text) {
  ParsedPage p;
  p.path = path;
  p.text = text;
  const std::string shown = "content/" + path;
  auto split = split_front_matter(p.text, shown);
  if (!split) return split.error();
  auto meta = parse_front_matter(*split, shown);
  if (!meta) return meta.error();
  p.front = std::string(split->front);
  p.format = split->format;
  p.meta = std::move(*meta);
  p.section = name_of(path) == "_index.md";
  if (p.meta.oit.empty()) p.placeholder = read_placeholder(p.front);
  return p;
}

// Lines [first, last] (0-based) of the `oit` value starting at 0-based line `first`.
std::pair<size_t, size_t> value_span(const std::vector<std::string>& lines, size_t first) {
  const std::string& l = lines[first];
  size_t eq = l.find_first_of("=:");
  std::string value = eq == std::string::npos ? "" : trim_blanks(l.substr(eq + 1));
  size_t last = first;
  if (value.starts_with("[")) {
    int depth = 0;
    for (size_t i = first; i < lines.size(); ++i) {
      for (char ch : lines[i]) depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
      last = i;
      if (depth <= 0) break;
    }
  } else if (value.empty()) {  // YAML block list
    while (last + 1 < lines.size() && trim_blanks(lines[last + 1]).starts_with("-")) ++last;
  }
  return {first, last};
}

std::string format_tags(const std::vector<std::string>& tags, FrontMatterFormat fmt, const std::string& indent) {
  std::string v;
  if (fmt == FrontMatterFormat::Toml) {
    if (tags.size() == 1) return indent + "oit = " + toml_quote(tags[0]) + "\n";
    std::vector<std::string> q;
    for (const auto& t : tags) q.push_back(toml_quote(t));
    return indent + "oit = [" + join(q, ", ") + "]\n";
  }
  if (tags.size() == 1) return indent + "oit: " + tags[0] + "\n";
  return indent + "oit: [" + join(tags, ", ") + "]\n";
}

// Replaces the `oit` value of a page: with `tags` (rewrite) or, when `comment` is given, by the same lines
// commented out with `comment` after the first.
std::string edit_oit_lines(const ParsedPage& p, const std::vector<std::string>* tags, const std::string& comment) {
  auto lines = split_lines(p.text);
  size_t first = static_cast<size_t>(p.meta.key_pos.at("oit").line - 1);
  auto [a, b] = value_span(lines, first);
  std::string indent = lines[a].substr(0, lines[a].find_first_not_of(" \t"));
  std::vector<std::string> repl;
  if (tags) {
    repl.push_back(format_tags(*tags, p.format, indent));
  } else {
    for (size_t i = a; i <= b; ++i) {
      std::string l = lines[i];
      while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
      repl.push_back(indent + "# " + l.substr(indent.size()) + (i == a ? "  " + comment : "") + "\n");
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == a)
      for (const auto& r : repl) out += r;
    if (i < a || i > b) out += lines[i];
  }
  return out;
}

// The folder name of next year's page beside `path`: the year in the name replaced, else appended.
std::string next_year_path(const ParsedPage& p, int old_fy, int new_fy) {
  std::string dir, name;
  if (name_of(p.path) == "index.md") {
    std::string d = dir_of(p.path);
    dir = dir_of(d);
    name = name_of(d);
  } else {
    dir = dir_of(p.path);
    name = name_of(p.path);
    name = name.substr(0, name.size() - 3);  // ".md"
  }
  const std::string old_s = std::to_string(old_fy), new_s = std::to_string(new_fy);
  bool replaced = false;
  for (size_t pos = name.find(old_s); pos != std::string::npos; pos = name.find(old_s, pos + 1)) {
    bool left = pos == 0 || !std::isdigit(static_cast<unsigned char>(name[pos - 1]));
    bool right = pos + old_s.size() == name.size() || !std::isdigit(static_cast<unsigned char>(name[pos + old_s.size()]));
    if (left && right) {
      name.replace(pos, old_s.size(), new_s);
      replaced = true;
      break;
    }
  }
  if (!replaced) name += "-" + new_s;
  return (dir.empty() ? "" : dir + "/") + name + "/index.md";
}

// Content path of the page at the same URL as `bundle_index` ("a/b/index.md" ↔ "a/b.md").
std::string leaf_twin(const std::string& bundle_index) { return dir_of(bundle_index) + ".md"; }

bool is_primary(const Item& item, std::string_view topic) { return item.topics.front() == topic; }

std::string period_name_th(PeriodRule p) {
  switch (p) {
    case PeriodRule::Current: return "ข้อมูลปัจจุบัน";
    case PeriodRule::InForce: return "เอกสารที่ใช้บังคับ";
    case PeriodRule::Working: return "ช่องทางที่ใช้งานได้";
    case PeriodRule::RoundFY: return "ปีงบประมาณของรอบ";
    case PeriodRule::PreviousFY: return "ปีงบประมาณก่อนหน้า";
    case PeriodRule::SpansRoundFY: return "แผนที่ครอบคลุมปีของรอบ";
    case PeriodRule::Unknown: break;
  }
  return "ไม่ระบุ";
}

class Migration {
 public:
  explicit Migration(const MigrationInput& in) : in_(in), from_(*in.from), to_(*in.to) {}

  Result<MigrationPlan> run() {
    if (from_.round == to_.round)
      return make_error({"site.toml"}, "--from-round and --to-round are both " + std::to_string(to_.round),
                        "give the round the site is prepared for and the next one, e.g. --from-round 2568 --to-round 2569");
    if (to_.round < from_.round)
      return make_error({"site.toml"}, "--to-round " + std::to_string(to_.round) + " is before --from-round " + std::to_string(from_.round),
                        "a site is carried forward only; keep the old site in version control to go back");
    auto cfg = parse_site_config(in_.site_toml, "site.toml");
    if (!cfg) return cfg.error();
    if (cfg->round != from_.round && cfg->round != to_.round)
      return make_error(cfg->round_pos, "site.toml is for round " + std::to_string(cfg->round) + ", not " + std::to_string(from_.round),
                        "run `oit new --from-round " + std::to_string(cfg->round) + " --to-round " + std::to_string(to_.round) + "`");
    site_ = cfg->round == from_.round ? &from_ : &to_;
    if (cfg->round == from_.round) {
      auto lines = split_lines(in_.site_toml);
      std::string& l = lines[static_cast<size_t>(cfg->round_pos.line - 1)];
      size_t at = l.find(std::to_string(from_.round));
      if (at == std::string::npos) return make_error(cfg->round_pos, "cannot find the round number on this line", "edit `round` by hand");
      l.replace(at, 4, std::to_string(to_.round));
      planned_.push_back({{"site.toml", join(lines, "")}, "site.toml: round " + std::to_string(from_.round) + " → " + std::to_string(to_.round)});
    }
    if (!in_.readme.empty() && in_.readme == site_readme(*site_) && site_ != &to_)
      planned_.push_back({{"README.md", site_readme(to_)}, "README.md: the list of item pages for round " + std::to_string(to_.round)});
    for (const auto& [path, text] : in_.pages) {
      auto p = parse_page(path, text);
      if (!p) return p.error();
      pages_[path] = std::move(*p);
    }
    for (auto& [path, p] : pages_)
      if (!p.meta.oit.empty()) retag(p);
    for (auto& [path, p] : pages_)
      if (!p.meta.oit.empty()) carry_dated(p);
    for (auto& [path, p] : pages_)
      if (p.placeholder) refresh_placeholder(p);
    add_new_items();
    return finish();
  }

 private:
  // Plans a write; an existing page is read again so later steps see the change.
  void write(const std::string& content_path, const std::string& text, const std::string& action) {
    edited_[content_path] = text;
    planned_.push_back({{"content/" + content_path, text}, action});
    if (auto it = pages_.find(content_path); it != pages_.end())
      if (auto again = parse_page(content_path, text)) it->second = std::move(*again);
  }

  bool exists(const std::string& content_path) const {
    if (edited_.count(content_path) || pages_.count(content_path)) return true;
    return std::find(in_.files.begin(), in_.files.end(), content_path) != in_.files.end();
  }

  // Item codes of the site's round become topic keys (codes are renumbered between rounds); topics the
  // new round no longer has are dropped, else the build would stop at them.
  void retag(ParsedPage& p) {
    std::vector<std::string> tags, dropped;
    bool changed = false;
    for (const auto& v : p.meta.oit) {
      std::string topic = v;
      if (is_item_code(v)) {
        const Item* it = site_->find(v);
        if (!it) continue;  // the build reports unknown codes
        topic = it->topics.front();
        changed = true;
      }
      if (!to_.find_by_topic(topic) && site_->find_by_topic(topic)) {
        dropped.push_back(topic);
        changed = true;
        continue;
      }
      if (std::find(tags.begin(), tags.end(), topic) == tags.end()) tags.push_back(topic);
    }
    if (!changed) return;
    if (tags.empty())
      write(p.path, edit_oit_lines(p, nullptr, std::string(kDroppedMark) + std::to_string(to_.round)),
            "content/" + p.path + ": `oit` commented out: " + join(dropped, ", ") + " is not an item of round " + std::to_string(to_.round));
    else
      write(p.path, edit_oit_lines(p, &tags, ""), "content/" + p.path + ": `oit` written with topic keys: " + join(tags, ", "));
  }

  // A page about one fiscal year whose item asks for another year in the new round: a new page for the new
  // year beside it takes the item over; the old page stays published with its `oit` line commented out.
  void carry_dated(ParsedPage& p) {
    if (p.section || !p.meta.fiscal_year) return;
    const int fy = *p.meta.fiscal_year;
    const Item* item = nullptr;
    int want = 0;
    for (const auto& t : p.meta.oit) {
      const Item* it = to_.find_by_topic(t);
      if (!it || !is_primary(*it, t)) continue;
      int e = to_.expected_fiscal_year(*it);
      if (e && fy < e) item = it, want = e;
    }
    if (!item) return;
    for (const auto& [path, other] : pages_) {
      if (path == p.path || other.meta.fiscal_year != want) continue;
      for (const auto& t : other.meta.oit)
        if (t == item->topics.front()) {
          std::string text = edit_oit_lines(p, nullptr, std::string(kKeptMark) + std::to_string(to_.round) + " uses " + path);
          write(p.path, text, "content/" + p.path + ": kept; `oit` commented out, content/" + path + " covers fiscal year " + std::to_string(want));
          return;
        }
    }
    std::string next = next_year_path(p, fy, want);
    if (exists(next) || exists(leaf_twin(next))) {
      plan_.notes.push_back("content/" + next + " exists but does not claim " + item->id + " of round " + std::to_string(to_.round) +
                            ": content/" + p.path + " left as it is");
      return;
    }
    std::string old_path = p.path;
    write(next, placeholder_page(to_, *item, in_.today, next, old_path),
          "content/" + next + ": new page for " + item->id + " of round " + std::to_string(to_.round) + " (fiscal year " + std::to_string(want) + ")");
    std::string text = edit_oit_lines(p, nullptr, std::string(kKeptMark) + std::to_string(to_.round) + " uses " + next);
    write(p.path, text, "content/" + p.path + ": kept (fiscal year " + std::to_string(fy) + "); `oit` commented out");
  }

  // An untouched placeholder of the old round is written again for the new one (its guidance, number and
  // fiscal year change), in a folder named for the new year when its name carried the old one.
  void refresh_placeholder(ParsedPage& p) {
    const PlaceholderMarks& m = *p.placeholder;
    const Criteria* made_for = m.round == from_.round ? &from_ : m.round == to_.round ? &to_ : nullptr;
    if (!made_for) return;
    const std::string& topic = m.topics.front();
    const Item* old_item = made_for->find_by_topic(topic);
    if (!old_item) return;
    std::string expected = placeholder_page(*made_for, *old_item, in_.today, p.path, m.previous);
    if (!same_but_updated(p.text, expected)) return;  // the author has started on it: leave it alone
    if (made_for == &to_) return;                     // already for the new round
    const Item* item = to_.find_by_topic(topic);
    const bool index = name_of(p.path) == "index.md" && only_file_of_folder(p.path);
    if (!item || !is_primary(*item, topic)) {
      // Merged into another item or dropped: the page holds nothing of the author's, and its guidance is wrong now.
      std::string why = item ? "round " + std::to_string(to_.round) + " merges `" + topic + "` into " + item->id
                             : "`" + topic + "` is not an item of round " + std::to_string(to_.round);
      if (index) {
        plan_.removes.push_back("content/" + p.path);
        removed_.insert(p.path);
        removal_why_["content/" + p.path] = why;
      } else {
        plan_.notes.push_back("content/" + p.path + " is an unfilled page of round " + std::to_string(made_for->round) + " and " + why +
                              ": remove it or use it for the new item");
      }
      return;
    }
    std::string target = p.path;
    if (index) {
      const std::string dir = dir_of(p.path), parent = dir_of(dir), old_name = scaffold_folder(*made_for, *old_item),
                        new_name = scaffold_folder(to_, *item);
      const int old_fy = made_for->expected_fiscal_year(*old_item), new_fy = to_.expected_fiscal_year(*item);
      std::string moved;
      if (name_of(dir) == old_name && old_name != new_name)
        moved = (parent.empty() ? "" : parent + "/") + new_name + "/index.md";
      else if (old_fy && new_fy && old_fy != new_fy)
        moved = next_year_path(p, old_fy, new_fy);
      if (!moved.empty() && !exists(moved) && !exists(leaf_twin(moved))) target = moved;
    }
    write(target, placeholder_page(to_, *item, in_.today, target, m.previous),
          "content/" + target + ": placeholder for " + item->id + " of round " + std::to_string(to_.round));
    if (target != p.path) {
      plan_.removes.push_back("content/" + p.path);
      removed_.insert(p.path);
      removal_why_["content/" + p.path] = "moved to content/" + target;
    }
  }

  static bool same_but_updated(const std::string& a, const std::string& b) {
    auto la = split_lines(a), lb = split_lines(b);
    if (la.size() != lb.size()) return false;
    for (size_t i = 0; i < la.size(); ++i)
      if (la[i] != lb[i] && !(la[i].starts_with("updated = ") && lb[i].starts_with("updated = "))) return false;
    return true;
  }

  bool only_file_of_folder(const std::string& index) const {
    std::string dir = dir_of(index) + "/";
    for (const auto& f : in_.files)
      if (f.starts_with(dir)) return false;
    for (const auto& [path, p] : pages_)
      if (path != index && path.starts_with(dir)) return false;
    return true;
  }

  // Items of the new round that share no topic with the old round get a placeholder page.
  void add_new_items() {
    for (const auto& item : to_.items) {
      bool known = std::any_of(item.topics.begin(), item.topics.end(), [&](const std::string& t) { return from_.find_by_topic(t) != nullptr; });
      if (known || covered(item)) continue;
      std::string path = scaffold_page_path(to_, item);
      if (exists(path)) continue;
      write(path, placeholder_page(to_, item, in_.today, path), "content/" + path + ": placeholder for " + item.id + ", new in round " + std::to_string(to_.round));
      std::string section = std::string(kSection) + "/_index.md";
      if (!exists(section))
        write(section, simple_page("การเปิดเผยข้อมูลสาธารณะ", "ข้อมูลที่หน่วยงานเปิดเผยตามเกณฑ์ ITA", in_.today, 30,
                                   "ข้อมูลที่หน่วยงานเปิดเผยต่อสาธารณะตามเกณฑ์ OIT ของการประเมิน ITA\n"),
              "content/" + section + ": section for the new items");
    }
  }

  bool covered(const Item& item) const {
    for (const auto& [path, p] : pages_) {
      const auto& topics = p.placeholder ? p.placeholder->topics : p.meta.oit;
      for (const auto& t : topics)
        if (std::find(item.topics.begin(), item.topics.end(), t) != item.topics.end()) return true;
    }
    return false;
  }

  // ---- the report, from the state after this run ----

  Result<MigrationPlan> finish() {
    std::map<std::string, ParsedPage> state;
    for (const auto& [path, p] : pages_)
      if (!removed_.count(path)) state[path] = p;
    for (const auto& [path, text] : edited_) {
      auto p = parse_page(path, text);
      if (!p) return p.error();
      state[path] = std::move(*p);
    }
    // A rerun plans the same texts again: only real changes are writes. The last text planned for a file wins.
    std::map<std::string, size_t> last;
    for (size_t i = 0; i < planned_.size(); ++i) last[planned_[i].first.path] = i;
    for (size_t i = 0; i < planned_.size(); ++i) {
      const auto& [w, action] = planned_[i];
      const std::string* old_text = &in_.site_toml;
      if (w.path == "README.md") {
        old_text = &in_.readme;
      } else if (w.path != "site.toml") {
        auto it = in_.pages.find(w.path.substr(8));
        old_text = it == in_.pages.end() ? nullptr : &it->second;
      }
      if (old_text && *old_text == w.text) continue;
      plan_.actions.push_back(action);
      if (last[w.path] == i) plan_.writes.push_back(w);
    }
    for (const auto& rm : plan_.removes) plan_.actions.push_back(rm + ": unfilled placeholder removed (" + removal_why_[rm] + ")");
    plan_.report_path = "oit-round-" + std::to_string(to_.round) + ".md";
    plan_.report = report(state);
    return plan_;
  }

  std::string report(const std::map<std::string, ParsedPage>& state) {
    const std::string F = std::to_string(from_.round), T = std::to_string(to_.round);
    std::string r = "# เว็บไซต์สำหรับการประเมิน ITA รอบ " + T + " (carried from round " + F + ")\n\n";
    r += "ปีงบประมาณ พ.ศ. " + T + ": " + fy_range(to_.round) + ". รายงานนี้สร้างโดย `oit new --from-round " + F + " --to-round " + T +
         "` จากสภาพของเว็บไซต์ในขณะนั้น รันคำสั่งเดิมซ้ำได้เสมอ (ไม่เปลี่ยนสิ่งที่ทำไปแล้ว) เพื่อดูรายการล่าสุด\n\n";

    // What to do, item by item.
    std::string rows;
    int todo = 0;
    for (const auto& item : to_.items) {
      std::string file, what;
      bool must = describe_item(item, state, file, what);
      todo += must;
      rows += "| " + item.id + " | " + md_text(item.title) + " | " + (file.empty() ? "—" : "`content/" + file + "`") + " | " +
              (must ? "**ต้องทำ:** " : "") + what + " |\n";
    }
    plan_.todo = todo;
    r += "## สิ่งที่ต้องทำสำหรับรอบ " + T + " (to do: " + std::to_string(todo) + " of " + std::to_string(to_.items.size()) + " items)\n\n";
    r += "| ข้อ | ชื่อ | หน้า | สถานะ |\n|---|---|---|---|\n" + rows + "\n";

    // Numbers that moved, merged items, new and dropped items.
    std::string moved, merged, fresh, dropped;
    for (const auto& item : to_.items) {
      std::vector<const Item*> olds;
      for (const auto& t : item.topics)
        if (const Item* o = from_.find_by_topic(t); o && std::find(olds.begin(), olds.end(), o) == olds.end()) olds.push_back(o);
      if (olds.empty()) {
        fresh += "- " + item.id + " " + md_text(item.title) + " — หน้าใหม่: `content/" + page_of(item, state) + "`\n";
        continue;
      }
      std::vector<std::string> codes;
      for (const Item* o : olds) codes.push_back(o->id);
      if (olds.size() > 1 || codes.front() != item.id) moved += "| " + join(codes, ", ") + " | " + item.id + " | " + join(item.topics, ", ") + " |\n";
      if (olds.size() > 1) {
        merged += "- " + T + " " + item.id + " " + md_text(item.title) + " รวม " + F + " ";
        std::vector<std::string> parts;
        for (const Item* o : olds) parts.push_back(o->id + " " + md_text(o->title));
        merged += join(parts, " และ ") + ": หน้าของข้อนี้ (หัวข้อ `" + item.topics.front() + "`) ต้องมีเนื้อหาของทุกข้อที่รวมกัน";
        std::vector<std::string> support;
        for (size_t i = 1; i < item.topics.size(); ++i)
          for (const auto& [path, p] : state)
            if (std::find(p.meta.oit.begin(), p.meta.oit.end(), item.topics[i]) != p.meta.oit.end()) support.push_back("`content/" + path + "`");
        if (!support.empty()) merged += " หน้าที่ติดหัวข้อรอง (" + join(support, ", ") + ") ควรลิงก์จากหน้าหลักของข้อนี้";
        merged += "\n";
      }
    }
    for (const auto& o : from_.items) {
      bool kept = std::any_of(o.topics.begin(), o.topics.end(), [&](const std::string& t) { return to_.find_by_topic(t) != nullptr; });
      if (!kept) dropped += "- " + F + " " + o.id + " " + md_text(o.title) + " (`" + o.topics.front() + "`)\n";
    }
    r += "## เลขข้อที่เปลี่ยน (item numbers)\n\n";
    r += moved.empty() ? "ไม่มี: ทุกข้อใช้เลขเดิม\n\n"
                       : "หน้าเว็บติดป้ายด้วยหัวข้อ (topic key) จึงย้ายไปเลขข้อใหม่เองเมื่อสร้างเว็บไซต์ (`oit build`)\n\n| รอบ " + F + " | รอบ " + T +
                             " | หัวข้อ |\n|---|---|---|\n" + moved + "\n";
    r += "## ข้อที่รวมกัน (merged items)\n\n" + (merged.empty() ? std::string("ไม่มี\n") : merged) + "\n";
    r += "## ข้อใหม่ในรอบ " + T + " (new items)\n\n" + (fresh.empty() ? std::string("ไม่มี\n") : fresh) + "\n";
    r += "## ข้อที่ไม่มีแล้วในรอบ " + T + " (items dropped)\n\n" + (dropped.empty() ? std::string("ไม่มี\n") : dropped) + "\n";

    std::string kept;
    for (const auto& [path, p] : state) {
      std::string_view front = p.front;
      size_t at = front.find(kKeptMark);
      if (at == std::string_view::npos) continue;
      std::string rest(front.substr(at + kKeptMark.size()));
      rest = rest.substr(0, rest.find('\n'));
      size_t uses = rest.find(" uses ");
      kept += "- `content/" + path + "`" + (p.meta.fiscal_year ? " (ปีงบประมาณ " + std::to_string(*p.meta.fiscal_year) + ")" : "") +
              (uses == std::string::npos ? "" : " — รอบ " + T + " ใช้ `content/" + trim_blanks(rest.substr(uses + 6)) + "`") + "\n";
    }
    r += "## เอกสารปีก่อนที่เก็บไว้ (previous-year pages kept)\n\n";
    r += kept.empty() ? "ไม่มี\n"
                      : "หน้าเหล่านี้ยังเผยแพร่อยู่ (ผู้ประเมินตรวจรายงานของปีก่อนด้วย ห้ามลบ) แต่ไม่ได้เป็นหน้าของข้อใดแล้ว:\n\n" + kept;
    return r;
  }

  std::string page_of(const Item& item, const std::map<std::string, ParsedPage>& state) const {
    for (const auto& [path, p] : state)
      if (p.placeholder && p.placeholder->topics.front() == item.topics.front()) return path;
    for (const auto& [path, p] : state)
      for (const auto& t : p.meta.oit)
        if (t == item.topics.front()) return path;
    return scaffold_page_path(to_, item);
  }

  // The page that stands for `item` after this run and what is left to do; true when something must be done.
  bool describe_item(const Item& item, const std::map<std::string, ParsedPage>& state, std::string& file, std::string& what) const {
    const ParsedPage* owner = nullptr;
    const ParsedPage* support = nullptr;
    const ParsedPage* placeholder = nullptr;
    for (const auto& [path, p] : state) {
      for (const auto& t : p.meta.oit) {
        const Item* it = is_item_code(t) ? to_.find(t) : to_.find_by_topic(t);
        if (it != &item) continue;
        if (is_item_code(t) || is_primary(item, t)) owner = owner ? owner : &p;
        else support = support ? support : &p;
      }
      if (p.placeholder && p.placeholder->topics.front() == item.topics.front() && !placeholder) placeholder = &p;
    }
    const ParsedPage* page = owner ? owner : support;
    const int want = to_.expected_fiscal_year(item);
    if (!owner && placeholder) {
      file = placeholder->path;
      what = "ยังไม่ได้กรอก: เขียนเนื้อหาแล้วลบ `# ` หน้าบรรทัด `oit`";
      if (support) what += " (ระหว่างนี้หน้าที่ติดหัวข้อรอง `content/" + support->path + "` เป็นหน้าของข้อนี้)";
      return true;
    }
    if (!page) {
      what = "ไม่มีหน้า: สร้างหน้าที่ติดป้าย `oit = \"" + item.topics.front() + "\"`";
      return true;
    }
    file = page->path;
    // An `oit` line un-commented over the guidance `oit new` wrote is not content (issue 13).
    if (page->text.find(kOitNewPlaceholderPhrase) != std::string::npos) {
      what = "ยังเป็นคำแนะนำของ oit new: เขียนเนื้อหาของข้อนี้แทนคำแนะนำ";
      return true;
    }
    std::string notes;
    if (!owner) notes = "มีเฉพาะหน้าของหัวข้อรอง: ";
    auto fy = page->meta.fiscal_year;
    if (want && fy != want && page->section) {
      what = notes + "แก้ `fiscal_year = " + std::to_string(want) + "` ในหน้านี้" +
             (item.coverage == Coverage::AnyInFY ? " และเพิ่มรายการที่ลงวันที่ในปีงบประมาณ " + std::to_string(want) : std::string());
      return true;
    }
    if (want && fy != want) {
      what = notes + (fy ? "หน้าระบุปีงบประมาณ " + std::to_string(*fy) : std::string("หน้าไม่ระบุปีงบประมาณ")) + " ต้องเป็น " +
             std::to_string(want) + ": ปรับปรุงเนื้อหาและเอกสารเป็นของปีงบประมาณ " + std::to_string(want) + " แล้วแก้ `fiscal_year = " +
             std::to_string(want) + "`";
      if (item.coverage == Coverage::AnyInFY) what += " และเพิ่มรายการที่ลงวันที่ในปีงบประมาณ " + std::to_string(want);
      return true;
    }
    if (item.period == PeriodRule::SpansRoundFY && fy && *fy != to_.round) {
      what = notes + "ตรวจว่าช่วงของแผนครอบคลุมปีงบประมาณ " + std::to_string(to_.round) + " (ถ้าแผนสิ้นสุดแล้วต้องมีแผนใหม่) แล้วแก้ `fiscal_year = " +
             std::to_string(to_.round) + "`";
      return true;
    }
    if (!owner) {
      what = notes + "หน้าหลักของข้อนี้ต้องติดป้าย `oit = \"" + item.topics.front() + "\"`";
      return true;
    }
    what = "พร้อม (" + period_name_th(item.period) + ")";
    if (item.period == PeriodRule::Current || item.period == PeriodRule::InForce || item.period == PeriodRule::Working)
      what += ": ตรวจว่ายังเป็นปัจจุบันและใช้งานได้";
    else if (item.coverage == Coverage::FirstHalf)
      what += ": เพิ่มข้อมูลรายเดือนให้ครบถึงมีนาคม " + std::to_string(to_.round);
    return false;
  }

  const MigrationInput& in_;
  const Criteria& from_;
  const Criteria& to_;
  const Criteria* site_ = nullptr;
  std::map<std::string, ParsedPage> pages_;
  std::map<std::string, std::string> edited_;  // content path → new text (planned writes)
  std::set<std::string> removed_;
  std::map<std::string, std::string> removal_why_;  // site path → why
  std::vector<std::pair<SiteFile, std::string>> planned_;  // writes with what they do, in order
  MigrationPlan plan_;
};

// The site's files are read like a build reads them (source_file.h): regular files inside `site`, bounded.
Result<std::string> read_text_file(const fs::path& p, const std::string& shown, SourceKind kind, const fs::path& site) {
  return read_source_file(p, shown, kind, site);
}

Result<void> write_text_file(const fs::path& p, const std::string& text, const std::string& shown) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  fs::path tmp = p;
  tmp += ".oit-tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) return make_error({shown}, "cannot write file", "check that the folder is writable");
  }
  fs::rename(tmp, p, ec);
  if (ec) return make_error({shown}, "cannot replace file: " + ec.message(), "check that the folder is writable");
  return {};
}

}  // namespace

Result<MigrationPlan> plan_migration(const MigrationInput& in) {
  if (!in.from || !in.to) return make_error({}, "criteria of both rounds are needed");
  return Migration(in).run();
}

Result<MigrationPlan> migrate_site(const fs::path& dir, int from_round, int to_round, const Date& today) {
  auto from = load_criteria(from_round, dir / "criteria");
  if (!from) return from.error();
  auto to = load_criteria(to_round, dir / "criteria");
  if (!to) return to.error();
  MigrationInput in;
  in.from = &*from;
  in.to = &*to;
  in.today = today;
  std::error_code ec;
  auto toml = read_text_file(dir / "site.toml", "site.toml", SourceKind::SiteConfig, dir);
  if (!toml && fs::exists(fs::symlink_status(dir / "site.toml", ec))) return toml.error();  // there, but not readable as it is
  if (!toml)
    return make_error({"site.toml"}, "no site.toml in " + dir.string(), "give the folder of the site to carry forward: oit new --from-round " +
                                                                          std::to_string(from_round) + " --to-round " + std::to_string(to_round) + " DIR");
  in.site_toml = std::move(*toml);
  if (auto readme = read_text_file(dir / "README.md", "README.md", SourceKind::Page, dir)) in.readme = std::move(*readme);
  const fs::path content = dir / "content";
  for (auto it = fs::recursive_directory_iterator(content, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::string rel = it->path().lexically_relative(content).generic_string();
    if (rel.ends_with(".md")) {
      auto text = read_text_file(it->path(), "content/" + rel, SourceKind::Page, dir);
      if (!text) return text.error();
      in.pages[rel] = std::move(*text);
    } else {
      in.files.push_back(rel);
    }
  }
  if (ec) return make_error({"content"}, "cannot read the content folder: " + ec.message(), "check that DIR/content exists");
  std::sort(in.files.begin(), in.files.end());
  auto plan = plan_migration(in);
  if (!plan) return plan;
  for (const auto& w : plan->writes)
    if (auto r = write_text_file(dir / w.path, w.text, w.path); !r) return r.error();
  for (const auto& rm : plan->removes) {
    fs::remove(dir / rm, ec);
    fs::remove(dir / rm.substr(0, rm.rfind('/')), ec);  // the folder, when now empty
  }
  if (auto r = write_text_file(dir / plan->report_path, plan->report, plan->report_path); !r) return r.error();
  return plan;
}

}  // namespace oit
