#include "generator/frontmatter.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

std::string where(const Error& e) {
  return e.pos.file + ":" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.col);
}
std::string where(const SourcePos& p) { return where(Error{p, "", ""}); }

Error split_error(const std::string& text) {
  auto r = split_front_matter(text, "p.md");
  REQUIRE_FALSE(r.ok());
  return r.error();
}

Result<PageMeta> meta_of(const std::string& text) {
  auto s = split_front_matter(text, "p.md");
  REQUIRE_MESSAGE(s.ok(), s.error().str());
  return parse_front_matter(*s, "p.md");
}

PageMeta good(const std::string& text) {
  auto r = meta_of(text);
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  return *r;
}

Error bad(const std::string& text) {
  auto r = meta_of(text);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

std::string crlf(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("split: TOML and YAML fences") {
  std::string toml = "+++\ntitle = \"a\"\n+++\n# Body\n";
  auto t = split_front_matter(toml, "p.md");
  REQUIRE(t.ok());
  CHECK(t->format == FrontMatterFormat::Toml);
  CHECK(t->front == "title = \"a\"\n");
  CHECK(t->body == "# Body\n");
  CHECK(t->front_line == 2);
  CHECK(t->body_line == 4);

  std::string yaml = "---\ntitle: a\nsummary: b\n---\nbody";
  auto y = split_front_matter(yaml, "p.md");
  REQUIRE(y.ok());
  CHECK(y->format == FrontMatterFormat::Yaml);
  CHECK(y->front == "title: a\nsummary: b\n");
  CHECK(y->body == "body");
  CHECK(y->body_line == 5);
}

TEST_CASE("split: BOM, CRLF, trailing spaces on fences, empty block, no body") {
  std::string bom = "\xEF\xBB\xBF+++\ntitle = \"a\"\n+++";
  auto b = split_front_matter(bom, "p.md");
  REQUIRE(b.ok());
  CHECK(b->front == "title = \"a\"\n");
  CHECK(b->body.empty());
  CHECK(b->body_line == 4);

  std::string windows = "---\r\ntitle: a\r\n--- \r\nline\r\n";
  auto w = split_front_matter(windows, "p.md");
  REQUIRE(w.ok());
  CHECK(w->front == "title: a\r\n");
  CHECK(w->body == "line\r\n");

  std::string empty = "+++\n+++\nx\n";
  auto e = split_front_matter(empty, "p.md");
  REQUIRE(e.ok());
  CHECK(e->front.empty());
  CHECK(e->body == "x\n");
  CHECK(e->body_line == 3);

  // A `---` line inside the Markdown body after the block belongs to the body.
  std::string later = "+++\ntitle = \"a\"\n+++\ntext\n+++\n";
  auto l = split_front_matter(later, "p.md");
  REQUIRE(l.ok());
  CHECK(l->body == "text\n+++\n");
}

TEST_CASE("split: missing, misplaced, unterminated, binary") {
  Error none = split_error("# Title\n\ntext\n");
  CHECK(where(none) == "p.md:1:1");
  CHECK(none.message == "page has no front matter");
  CHECK(none.hint.find("+++\ntitle = \"…\"\n+++") != std::string::npos);
  CHECK(split_error("").message == "page has no front matter");
  CHECK(split_error("++++\ntitle = \"a\"\n++++\n").message == "page has no front matter");
  CHECK(split_error(" +++\ntitle = \"a\"\n+++\n").message == "page has no front matter");

  Error late = split_error("\n\r\n+++\ntitle = \"a\"\n+++\n");
  CHECK(where(late) == "p.md:3:1");
  CHECK(late.hint.find("very first line") != std::string::npos);

  Error open = split_error("+++\ntitle = \"a\"\n\nbody\n");
  CHECK(where(open) == "p.md:1:1");
  CHECK(open.message == "front matter opened with `+++` on line 1 is never closed");
  CHECK(open.hint == "add a line with only `+++` after the last front-matter line");

  Error mixed = split_error("+++\ntitle = \"a\"\n---\nbody\n");
  CHECK(mixed.hint == "line 3 closes with a different fence; open and close with `+++`");

  Error bin = split_error(std::string("+++\nti\0tle\n+++\n", 15));
  CHECK(bin.message == "file looks binary: NUL byte at offset 6");
  CHECK(bin.pos.line == 2);
  CHECK(bin.pos.col == 3);
  CHECK(split_error(std::string("+++\nก\0", 8)).pos.col == 2);  // columns count characters
  CHECK(split_error(std::string("\0", 1)).pos.col == 1);
}

TEST_CASE("TOML front matter: every key") {
  PageMeta m = good(
      "+++\n"
      "title = \"รายงานผลการจัดซื้อจัดจ้าง ประจำปี 2567\"\n"
      "oit = [\"O13\", \"procurement-annual\"]\n"
      "fiscal_year = 2567\n"
      "date = 2024-10-15\n"
      "updated = 2025-01-31T20:30:00Z\n"
      "draft = true\n"
      "summary = \"สรุปผล\"\n"
      "weight = -3\n"
      "layout = \"page\"\n"
      "slug = \"รายงาน-2567\"\n"
      "+++\n"
      "body\n");
  CHECK(m.title == "รายงานผลการจัดซื้อจัดจ้าง ประจำปี 2567");
  CHECK(m.oit == std::vector<std::string>{"O13", "procurement-annual"});
  CHECK(m.fiscal_year == 2567);
  REQUIRE(m.date);
  CHECK(to_iso(*m.date) == "2024-10-15");
  REQUIRE(m.updated);
  CHECK(to_iso(*m.updated) == "2025-02-01");  // 20:30 UTC is the next morning in Bangkok
  CHECK(m.draft);
  CHECK(m.summary == "สรุปผล");
  CHECK(m.weight == -3);
  CHECK(m.layout == "page");
  CHECK(m.slug == "รายงาน-2567");
  CHECK(m.key_pos.size() == 10);
  CHECK(where(m.key_pos.at("title")) == "p.md:2:1");
  CHECK(where(m.key_pos.at("slug")) == "p.md:11:1");
}

TEST_CASE("TOML front matter: defaults, single oit string, local and offset date-times") {
  PageMeta m = good("+++\ntitle = \"a\"\noit = \"O12\"\ndate = 2025-03-31T23:30:00\nupdated = 2025-03-31T23:30:00-05:00\n+++\n");
  CHECK(m.oit == std::vector<std::string>{"O12"});
  CHECK(to_iso(*m.date) == "2025-03-31");     // no offset: Bangkok local time
  CHECK(to_iso(*m.updated) == "2025-04-01");  // 04:30 UTC next day = 11:30 in Bangkok
  CHECK_FALSE(m.draft);
  CHECK_FALSE(m.fiscal_year);
  CHECK_FALSE(m.weight);
  CHECK(m.summary.empty());
  CHECK(good("+++\ntitle = \"a\"\ndate = \"2025-01-02\"\n+++\n").date == Date{2025, 1, 2});
}

TEST_CASE("TOML front matter errors carry whole-file line:col") {
  SUBCASE("unknown key on the 3rd front-matter line is on file line 4") {
    Error e = bad("+++\ntitle = \"a\"\nsummary = \"s\"\ntitel = \"x\"\n+++\n");
    CHECK(where(e) == "p.md:4:1");
    CHECK(e.message == "unknown key `titel` in front matter");
    CHECK(e.hint == "did you mean `title`?");
  }
  SUBCASE("unknown key far from any allowed one") {
    Error e = bad("+++\ntitle = \"a\"\ntags = [\"x\"]\n+++\n");
    CHECK(where(e) == "p.md:3:1");
    CHECK(e.hint.find("allowed keys: `title`, `oit`, `fiscal_year`") == 0);
  }
  SUBCASE("the first mistake in the file is reported, not the first in key order") {
    Error e = bad("+++\ntitle = \"a\"\nzz = 1\naa = 2\n+++\n");
    CHECK(where(e) == "p.md:3:1");
  }
  SUBCASE("fiscal year as a string") {
    Error e = bad("+++\ntitle = \"a\"\nfiscal_year = \"2568\"\n+++\n");
    CHECK(where(e) == "p.md:3:15");
    CHECK(e.message == "`fiscal_year` must be an integer like 2568, not a string");
    CHECK(e.hint == "remove the quotes: fiscal_year = 2568");
  }
  SUBCASE("fiscal year in CE") {
    Error e = bad("+++\ntitle = \"a\"\nfiscal_year = 2025\n+++\n");
    CHECK(where(e) == "p.md:3:15");
    CHECK(e.message == "`fiscal_year` must be between 2400 and 2700, not 2025");
    CHECK(e.hint == "fiscal years are Buddhist Era: 2025 CE is FY 2568");
  }
  SUBCASE("fiscal year out of range without a CE reading") {
    Error e = bad("+++\ntitle = \"a\"\nfiscal_year = 3000\n+++\n");
    CHECK(e.hint.empty());
  }
  SUBCASE("impossible date in a string") {
    Error e = bad("+++\ntitle = \"a\"\ndate = \"2025-02-30\"\n+++\n");
    CHECK(where(e) == "p.md:3:8");
    CHECK(e.message.find("invalid `date`: ") == 0);
    CHECK(e.message.find("February") != std::string::npos);
  }
  SUBCASE("BE year in a TOML date") {
    Error e = bad("+++\ntitle = \"a\"\nupdated = 2568-01-15\n+++\n");
    CHECK(where(e) == "p.md:3:11");
    CHECK(e.message == "invalid `updated`: year 2568 looks like a Buddhist-Era year");
    CHECK(e.hint.find("2025") != std::string::npos);
  }
  SUBCASE("impossible TOML date literal is a syntax error on its line") {
    Error e = bad("+++\ntitle = \"a\"\ndate = 2025-02-30\n+++\n");
    CHECK(e.pos.line == 3);
    CHECK(e.message.find("TOML syntax error in front matter") == 0);
  }
  SUBCASE("date of the wrong type") {
    Error e = bad("+++\ntitle = \"a\"\ndate = 2025\n+++\n");
    CHECK(e.message == "`date` must be a date like 2025-03-31, not an integer");
    CHECK(bad("+++\ntitle = \"a\"\ndate = 10:30:00\n+++\n").message ==
          "`date` must be a date like 2025-03-31, not a time");
  }
  SUBCASE("draft as a string") {
    Error e = bad("+++\ntitle = \"a\"\ndraft = \"true\"\n+++\n");
    CHECK(where(e) == "p.md:3:9");
    CHECK(e.message == "`draft` must be true or false, not a string");
  }
  SUBCASE("oit of the wrong type, and a bad list element at its own column") {
    CHECK(bad("+++\ntitle = \"a\"\noit = 12\n+++\n").message ==
          "`oit` must be an item code like \"O12\" or a list of them, not an integer");
    Error e = bad("+++\ntitle = \"a\"\noit = [\"O1\", 2]\n+++\n");
    CHECK(where(e) == "p.md:3:14");
    CHECK(e.message == "`oit` must be a list of strings like \"O12\", not an integer");
    CHECK(bad("+++\ntitle = \"a\"\noit = [\"\"]\n+++\n").message == "`oit` has an empty entry");
  }
  SUBCASE("weight must be an integer") {
    Error e = bad("+++\ntitle = \"a\"\nweight = 1.5\n+++\n");
    CHECK(e.message == "`weight` must be an integer, not a decimal number");
  }
  SUBCASE("title missing, empty, or not a string") {
    Error e = bad("+++\nsummary = \"s\"\n+++\n");
    CHECK(where(e) == "p.md:1:1");
    CHECK(e.message == "page has no `title`");
    CHECK(e.hint == "add title = \"…\" between the +++ lines");
    CHECK(bad("+++\n+++\n").message == "page has no `title`");
    CHECK(bad("+++\ntitle = \"  \"\n+++\n").message == "`title` is empty");
    Error n = bad("+++\ntitle = 2568\n+++\n");
    CHECK(n.message == "`title` must be a string, not an integer");
    CHECK(n.hint == "put the text in quotes: title = \"…\"");
  }
  SUBCASE("slug") {
    Error e = bad("+++\ntitle = \"a\"\nslug = \"a/b\"\n+++\n");
    CHECK(where(e) == "p.md:3:8");
    CHECK(e.message == "`slug` \"a/b\" contains `/`");
    CHECK(bad("+++\ntitle = \"a\"\nslug = \"../x\"\n+++\n").message == "`slug` \"../x\" contains `.`");
    CHECK(bad("+++\ntitle = \"a\"\nslug = \"News\"\n+++\n").hint == "use lowercase letters in slugs");
    CHECK(bad("+++\ntitle = \"a\"\nslug = \"ข่าว ใหม่\"\n+++\n").message == "`slug` \"ข่าว ใหม่\" contains ` `");
    CHECK(bad("+++\ntitle = \"a\"\nslug = \"é\"\n+++\n").message == "`slug` \"é\" contains `é`");
    CHECK(bad("+++\ntitle = \"a\"\nslug = \"\"\n+++\n").message == "`slug` is empty");
  }
  SUBCASE("layout") {
    Error e = bad("+++\ntitle = \"a\"\nlayout = \"page.html\"\n+++\n");
    CHECK(e.message == "`layout` \"page.html\" is not a template name");
    CHECK(e.hint == "leave out .html: layout = \"page\"");
    CHECK(bad("+++\ntitle = \"a\"\nlayout = \"../x\"\n+++\n").message == "`layout` \"../x\" is not a template name");
  }
  SUBCASE("a table is an unknown key") {
    Error e = bad("+++\ntitle = \"a\"\n[params]\nx = 1\n+++\n");
    CHECK(where(e) == "p.md:3:2");
    CHECK(e.message == "unknown key `params` in front matter");
  }
  SUBCASE("syntax errors: columns count Thai characters, not bytes") {
    Error e = bad("+++\ntitle = \"ไทย\" x\n+++\n");
    CHECK(where(e) == "p.md:2:15");
    CHECK(e.message.find("TOML syntax error in front matter") == 0);
    CHECK(e.hint.find("--- lines") != std::string::npos);
  }
  SUBCASE("BOM and CRLF keep line numbers") {
    Error e = bad("\xEF\xBB\xBF" + crlf("+++\ntitle = \"a\"\nx = 1\n+++\n"));
    CHECK(where(e) == "p.md:3:1");
    PageMeta m = good(crlf("+++\ntitle = \"ไทย\"\nfiscal_year = 2568\n+++\nbody\n"));
    CHECK(m.title == "ไทย");
    CHECK(where(m.key_pos.at("fiscal_year")) == "p.md:3:1");
  }
}

TEST_CASE("YAML front matter: every key") {
  PageMeta m = good(
      "---\n"
      "title: รายงานผลการจัดซื้อจัดจ้าง\n"
      "oit: O12\n"
      "fiscal_year: 2568\n"
      "date: 2025-03-31\n"
      "updated: \"2025-03-31T20:00:00Z\"\n"
      "draft: false\n"
      "summary: \"ข้อ: สรุป\"\n"
      "weight: 5\n"
      "layout: section\n"
      "slug: o12-2568\n"
      "---\n");
  CHECK(m.title == "รายงานผลการจัดซื้อจัดจ้าง");
  CHECK(m.oit == std::vector<std::string>{"O12"});
  CHECK(m.fiscal_year == 2568);
  CHECK(m.date == Date{2025, 3, 31});
  CHECK(m.updated == Date{2025, 4, 1});
  CHECK_FALSE(m.draft);
  CHECK(m.summary == "ข้อ: สรุป");
  CHECK(m.weight == 5);
  CHECK(m.layout == "section");
  CHECK(m.slug == "o12-2568");
  CHECK(where(m.key_pos.at("slug")) == "p.md:11:1");

  PageMeta list = good("---\ntitle: a\noit:\n  - O1\n  - O2\ndraft: true\n---\n");
  CHECK(list.oit == std::vector<std::string>{"O1", "O2"});
  CHECK(list.draft);
  CHECK(good("---\ntitle: a\noit: [O3, personnel-plan]\n---\n").oit ==
        std::vector<std::string>{"O3", "personnel-plan"});
}

TEST_CASE("YAML front matter errors: same checks, whole-file line:col") {
  SUBCASE("fiscal year as a quoted string") {
    Error e = bad("---\ntitle: ไทย\nfiscal_year: \"2568\"\n---\n");
    CHECK(where(e) == "p.md:3:14");
    CHECK(e.message == "`fiscal_year` must be an integer like 2568, not a string");
    CHECK(e.hint == "remove the quotes: fiscal_year: 2568");
  }
  SUBCASE("fiscal year in CE") {
    Error e = bad("---\ntitle: a\nfiscal_year: 2025\n---\n");
    CHECK(where(e) == "p.md:3:14");
    CHECK(e.hint == "fiscal years are Buddhist Era: 2025 CE is FY 2568");
  }
  SUBCASE("unknown key with did-you-mean, 3rd front-matter line = file line 4") {
    Error e = bad("---\ntitle: a\nsummary: s\nfiscal_yaer: 2568\n---\n");
    CHECK(where(e) == "p.md:4:1");
    CHECK(e.message == "unknown key `fiscal_yaer` in front matter");
    CHECK(e.hint == "did you mean `fiscal_year`?");
  }
  SUBCASE("plain scalars are typed by the YAML 1.2 core schema") {
    Error n = bad("---\ntitle: 2568\n---\n");
    CHECK(where(n) == "p.md:2:8");
    CHECK(n.message == "`title` must be a string, not an integer");
    CHECK(n.hint == "put the text in quotes: title: \"…\"");
    CHECK(bad("---\ntitle: a\ndraft: yes\n---\n").message == "`draft` must be true or false, not a string");
    CHECK(bad("---\ntitle: a\nweight: 1.5\n---\n").message == "`weight` must be an integer, not a decimal number");
    CHECK(bad("---\ntitle: a\ndate: 2025\n---\n").message == "`date` must be a date like 2025-03-31, not an integer");
    CHECK(bad("---\ntitle: true\n---\n").message == "`title` must be a string, not a boolean");
    CHECK(good("---\ntitle: inf\n---\n").title == "inf");
    CHECK(good("---\ntitle: 2568 รายงาน\n---\n").title == "2568 รายงาน");
  }
  SUBCASE("invalid plain date") {
    Error e = bad("---\ntitle: a\ndate: 2025-02-29\n---\n");
    CHECK(where(e) == "p.md:3:7");
    CHECK(e.message.find("invalid `date`: ") == 0);
    CHECK(e.message.find("not a leap year") != std::string::npos);
  }
  SUBCASE("empty value points at its key") {
    Error e = bad("---\ntitle: a\nsummary:\ndraft: true\n---\n");
    CHECK(where(e) == "p.md:3:1");
    CHECK(e.message == "`summary` must be a string, not an empty value");
  }
  SUBCASE("bad list element at its own position") {
    Error e = bad("---\ntitle: a\noit:\n  - O1\n  - 5\n---\n");
    CHECK(where(e) == "p.md:5:5");
    CHECK(e.message == "`oit` must be a list of strings like \"O12\", not an integer");
  }
  SUBCASE("mapping value") {
    Error e = bad("---\ntitle:\n  th: a\n---\n");
    CHECK(e.message == "`title` must be a string, not a mapping");
  }
  SUBCASE("duplicate key") {
    Error e = bad("---\ntitle: a\ntitle: b\n---\n");
    CHECK(where(e) == "p.md:3:1");
    CHECK(e.message == "`title` is given twice (first on line 2)");
  }
  SUBCASE("missing title") {
    Error e = bad("---\nsummary: s\n---\n");
    CHECK(where(e) == "p.md:1:1");
    CHECK(e.hint == "add title: \"…\" between the --- lines");
    CHECK(bad("---\n---\n").message == "page has no `title`");
  }
  SUBCASE("not a mapping") {
    Error e = bad("---\n- a\n- b\n---\n");
    CHECK(where(e) == "p.md:2:1");
    CHECK(e.message == "front matter must be `key: value` lines");
  }
  SUBCASE("syntax error columns count Thai characters, not bytes") {
    Error e = bad("---\ntitle: ไทย\nsummary: ก: x\n---\n");
    CHECK(where(e) == "p.md:3:11");
    CHECK(e.message == "YAML syntax error in front matter: illegal map value");
  }
  SUBCASE("tab indentation") {
    Error e = bad("---\ntitle: x\n\tfoo: 1\n---\n");
    CHECK(e.pos.line == 3);
    CHECK(e.message.find("YAML syntax error in front matter") == 0);
  }
  SUBCASE("slug and layout checks apply to YAML too") {
    Error e = bad("---\ntitle: a\nslug: a/b\n---\n");
    CHECK(where(e) == "p.md:3:7");
    CHECK(e.message == "`slug` \"a/b\" contains `/`");
    CHECK(bad("---\ntitle: a\nlayout: page.html\n---\n").hint == "leave out .html: layout: \"page\"");
  }
  SUBCASE("CRLF and BOM") {
    Error e = bad("\xEF\xBB\xBF" + crlf("---\ntitle: ไทย\nfoo: 1\n---\n"));
    CHECK(where(e) == "p.md:3:1");
    PageMeta m = good(crlf("---\ntitle: ไทย\ndate: 2025-01-02\n---\nbody\n"));
    CHECK(m.title == "ไทย");
    CHECK(m.date == Date{2025, 1, 2});
  }
}

TEST_CASE("TOML front matter: characters toml++ cannot classify are guarded and read back") {
  // fuzz/regressions/frontmatter_meta/toml-unreachable-fefe: U+FEFE at the start of a line.
  auto r = meta_of("+++\ntitle = \"x\"\n\xEF\xBB\xBEout = 1\n+++\n");
  REQUIRE_FALSE(r.ok());
  CHECK(where(r.error()) == "p.md:3:1");
  CHECK(r.error().message == "TOML syntax error in front matter: `\xEF\xBB\xBE` (U+FEFE) cannot stand outside a string");
  auto thai = meta_of("+++\ntitle = ประชุม\n+++\n");
  REQUIRE_FALSE(thai.ok());
  CHECK(where(thai.error()) == "p.md:2:9");
  CHECK(thai.error().message == "TOML syntax error in front matter: `ป` (U+0E1B) cannot stand outside a string");
  auto ok = good("+++\ntitle = \"Café ©\"\nsummary = \"\"\"25°C \\\n  ×2\"\"\"\noit = [\"é\"]\n+++\n");
  CHECK(ok.title == "Café ©");
  CHECK(ok.summary == "25°C ×2");
  CHECK(ok.oit == std::vector<std::string>{"é"});
  auto key = meta_of("+++\ntitle = \"x\"\n\"clé\" = 1\n+++\n");
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().message == "unknown key `clé` in front matter");
}
