#include "generator/scaffold.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "generator/config.h"
#include "generator/frontmatter.h"

using namespace oit;
namespace fs = std::filesystem;

namespace {

Criteria criteria(int round) {
  auto c = load_criteria(round);
  if (!c) FAIL(c.error().str());
  return std::move(c).value();
}

Criteria parse_or_fail(const std::string& text) {
  auto c = parse_criteria(text, "test.toml");
  if (!c) FAIL(c.error().str());
  return std::move(c).value();
}

const Date kToday{2025, 4, 30};

std::map<std::string, std::string> by_path(const std::vector<SiteFile>& files) {
  std::map<std::string, std::string> m;
  for (const auto& f : files) m[f.path] = f.text;
  return m;
}

PageMeta meta_of(const std::string& text, const std::string& file) {
  auto split = split_front_matter(text, file);
  if (!split) FAIL(split.error().str());
  auto meta = parse_front_matter(*split, file);
  if (!meta) FAIL(meta.error().str());
  return *meta;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// Two made-up rounds: "plan" and "report" carry over (renumbered), "old-only" is dropped, "fresh" is new,
// "stats" is merged into the plan item. Proves the scaffold and the migration read items from data.
std::string synthetic(int round, bool next) {
  std::string t = "round = " + std::to_string(round) +
                  "\ntitle = \"t\"\nsource_note = \"n\"\n[[indicators]]\nid = \"9\"\ntitle = \"เปิดเผย\"\n"
                  "  [[indicators.subs]]\n  id = \"9.1\"\n  title = \"พื้นฐาน\"\n";
  auto item = [&](const std::string& id, const std::string& topics, const std::string& title, const std::string& period,
                  const std::string& extra = {}) {
    t += "[[items]]\nid = \"" + id + "\"\ntopics = [" + topics + "]\nsub_indicator = \"9.1\"\ntitle = \"" + title +
         "\"\nperiod = \"" + period + "\"\nperiod_grade = \"A\"\n" + extra;
  };
  const std::string element = "guidance = \"คำแนะนำทดสอบ <b>\"\n  [[items.elements]]\n  key = \"word\"\n  text = \"มีคำว่าทดสอบ\"\n"
                              "  grade = \"B\"\n  check = \"any-term\"\n  terms = [\"ทดสอบ\", \"test\"]\n";
  if (!next) {
    item("O1", "\"old-only\"", "ข้อที่จะหายไป", "current");
    item("O2", "\"plan\"", "แผนประจำปี", "round-fy", element);
    item("O3", "\"stats\"", "สถิติ", "round-fy");
    item("O4", "\"report\"", "รายงานประจำปี", "previous-fy");
  } else {
    item("O1", "\"plan\", \"stats\"", "แผนและสถิติ", "round-fy", element);
    item("O2", "\"report\"", "รายงานประจำปี", "previous-fy");
    item("O3", "\"fresh\"", "ข้อใหม่", "working");
  }
  return t;
}

MigrationInput input_for(const std::vector<SiteFile>& files, const Criteria& from, const Criteria& to) {
  MigrationInput in;
  in.from = &from;
  in.to = &to;
  in.today = {2025, 10, 2};
  for (const auto& f : files) {
    if (f.path == "site.toml") in.site_toml = f.text;
    else if (f.path == "README.md") in.readme = f.text;
    else if (f.path.starts_with("content/") && f.path.ends_with(".md")) in.pages[f.path.substr(8)] = f.text;
    else if (f.path.starts_with("content/")) in.files.push_back(f.path.substr(8));
  }
  return in;
}

// The input after a plan's writes and removes.
MigrationInput apply(MigrationInput in, const MigrationPlan& plan) {
  for (const auto& w : plan.writes) {
    if (w.path == "site.toml") in.site_toml = w.text;
    else if (w.path == "README.md") in.readme = w.text;
    else in.pages[w.path.substr(8)] = w.text;
  }
  for (const auto& r : plan.removes) in.pages.erase(r.substr(8));
  return in;
}

const std::string kSiteToml2568 =
    "[site]\ntitle = \"ก\"\nbase_url = \"https://www.example.go.th/\"\n[agency]\nname = \"ก\"\n[oit]\nround = 2568\n";

}  // namespace

TEST_CASE("default round: the current fiscal year's round when built in, else the newest before it") {
  auto rounds = embedded_rounds();
  REQUIRE(std::find(rounds.begin(), rounds.end(), 2568) != rounds.end());
  CHECK(default_round({2025, 4, 30}) == 2568);  // FY 2568
  CHECK(default_round({2024, 10, 1}) == 2568);  // first day of FY 2568
  CHECK(default_round({2020, 1, 1}) == rounds.front());
  CHECK(default_round({2040, 1, 1}) == rounds.back());
}

TEST_CASE("a new site for round 2568: one unclaimed placeholder per item, guidance from the criteria") {
  const Criteria c = criteria(2568);
  auto files = by_path(scaffold_site(c, kToday));

  auto cfg = parse_site_config(files.at("site.toml"), "site.toml");
  REQUIRE_MESSAGE(cfg, cfg.error().str());
  CHECK(cfg->round == 2568);
  CHECK(cfg->menu_footer.size() == 5);
  CHECK(cfg->feed_section == "news");

  int placeholders = 0;
  for (const auto& [path, text] : files) {
    if (!path.ends_with(".md") || !path.starts_with("content/")) continue;
    PageMeta m = meta_of(text, path);  // every page parses
    CHECK_MESSAGE(m.oit.empty(), path);  // nothing claims an item yet: oit check reports all as missing
    if (text.find("# oit-new: placeholder, round 2568\n") != std::string::npos) ++placeholders;
  }
  CHECK(placeholders == static_cast<int>(c.items.size()));

  for (const auto& item : c.items) {
    const std::string path = "content/" + scaffold_page_path(c, item);
    REQUIRE_MESSAGE(files.count(path), path);
    const std::string& text = files.at(path);
    CHECK(has_line(text, "# oit = \"" + item.topics.front() + "\""));
    PageMeta m = meta_of(text, path);
    CHECK(m.title == item.title);
    CHECK(text.find("## ข้อ " + item.id + " ") != std::string::npos);
    int want = c.expected_fiscal_year(item);
    if (want) CHECK_MESSAGE(m.fiscal_year == want, item.id);
    for (const auto& el : item.elements) CHECK_MESSAGE(text.find(el.text.substr(0, 12)) != std::string::npos, item.id);
  }
  // The period rules, written for people.
  const Item* annual_report = c.find_by_topic("annual-report");
  REQUIRE(annual_report);
  CHECK(scaffold_page_path(c, *annual_report) == "transparency/annual-report-2567/index.md");
  const std::string& ar = files.at("content/transparency/annual-report-2567/index.md");
  CHECK(ar.find("ปีงบประมาณก่อนหน้า คือ พ.ศ. 2567 (1 ต.ค. 2566 – 30 ก.ย. 2567)") != std::string::npos);
  const std::string& proc = files.at("content/" + scaffold_page_path(c, *c.find_by_topic("procurement-monthly")));
  CHECK(proc.find("ตั้งแต่ ตุลาคม 2567 ถึง มีนาคม 2568") != std::string::npos);
  CHECK(proc.find("“เลขที่โครงการในระบบ e-GP”") != std::string::npos);
  CHECK(meta_of(files.at("content/transparency/structure/index.md"), "s").fiscal_year == std::nullopt);
  // The news item is the news section; an example news page stays a draft.
  CHECK(scaffold_page_path(c, *c.find_by_topic("news")) == "news/_index.md");
  CHECK(meta_of(files.at("content/news/example.md"), "e").draft);
  for (const char* policy : {"website-policy", "privacy-policy", "cookie-policy", "security-policy", "accessibility"})
    CHECK(files.count(std::string("content/policies/") + policy + ".md"));
  CHECK(files.at("README.md").find("`content/transparency/annual-report-2567/index.md`") != std::string::npos);
}

TEST_CASE("the scaffold is made from the criteria data, not from known items") {
  const Criteria c = parse_or_fail(synthetic(2590, false));
  auto files = by_path(scaffold_site(c, kToday));
  REQUIRE(files.count("content/transparency/plan-2590/index.md"));
  const std::string& plan = files.at("content/transparency/plan-2590/index.md");
  CHECK(plan.find("คำแนะนำทดสอบ \\<b\\>") != std::string::npos);  // Markdown-escaped
  CHECK(plan.find("โปรแกรมตรวจหาคำใดคำหนึ่ง: “ทดสอบ”, “test”") != std::string::npos);
  CHECK(files.count("content/transparency/report-2589/index.md"));
  CHECK(files.count("content/transparency/old-only/index.md"));
  CHECK(files.count("content/news/_index.md"));  // a plain news section when no item is about news
  CHECK(parse_site_config(files.at("site.toml"), "site.toml")->round == 2590);
}

TEST_CASE("the fixed pages come from the embedded texts with every slot filled") {
  const Criteria c = parse_or_fail(synthetic(2590, false));
  auto files = by_path(scaffold_site(c, kToday));
  const std::regex slot(R"(\{\{[a-z_]+\}\})");  // (README.md shows a {{< table >}} shortcode: not a slot)
  for (const auto& [path, text] : files) CHECK_MESSAGE(!std::regex_search(text, slot), path);
  // The plain news section, byte for byte as oit new wrote it when its text was in the code.
  CHECK(files.at("content/news/_index.md") ==
        "+++\ntitle = \"ข่าวประชาสัมพันธ์\"\nsummary = \"ข่าวการดำเนินงานของหน่วยงาน\"\nupdated = 2025-04-30\nweight = 20\n+++\n\n"
        "ข่าวการดำเนินงานและกิจกรรมของหน่วยงาน เรียงจากข่าวล่าสุด\n");
  CHECK(files.at("site.toml").find("Next year: oit new --from-round 2590 --to-round 2591\nround = 2590\n") !=
        std::string::npos);
  CHECK(files.at("content/news/example.md").find("\ndate = 2025-04-30  # ") != std::string::npos);
  CHECK(files.at("content/transparency/_index.md").find("ประจำปีงบประมาณ พ.ศ. 2590\n") != std::string::npos);
  CHECK(files.at("content/policies/accessibility.md").find("updated = 2025-04-30\nweight = 50\n") != std::string::npos);
}

TEST_CASE("create_site writes into a new or empty folder and never over existing files") {
  const Criteria c = criteria(2568);
  fs::path base = fs::temp_directory_path() / ("oit-scaffold-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "empty");
  auto made = create_site(base / "empty", c, kToday);
  REQUIRE_MESSAGE(made, made.error().str());
  CHECK(made->item_pages == 28);
  CHECK(fs::is_regular_file(base / "empty/site.toml"));
  CHECK(fs::is_regular_file(base / "empty/content/transparency/structure/index.md"));

  auto again = create_site(base / "empty", c, kToday);
  REQUIRE_FALSE(again);
  CHECK(again.error().message.find("already exists and is not empty") != std::string::npos);

  made = create_site(base / "fresh", c, kToday);
  REQUIRE_MESSAGE(made, made.error().str());
  CHECK(fs::is_regular_file(base / "fresh/README.md"));
  CHECK_FALSE(fs::exists(base / ".fresh.oit-new"));  // the staging folder is gone
  fs::remove_all(base);
}

TEST_CASE("carrying a written site to round 2569: new-year pages beside last year's, codes become topics") {
  const Criteria from = criteria(2568), to = criteria(2569);
  MigrationInput in;
  in.from = &from;
  in.to = &to;
  in.today = {2025, 10, 2};
  in.site_toml = kSiteToml2568;
  // Tagged by the 2568 code: O12 is procurement-monthly, which is O11 in 2569.
  in.pages["procurement/monthly-2568/index.md"] =
      "+++\ntitle = \"จัดซื้อจัดจ้าง 2568\"\noit = \"O12\"\nfiscal_year = 2568\nupdated = 2025-04-01\n+++\nตาราง\n";
  in.files.push_back("procurement/monthly-2568/procurement-2568.csv");
  in.pages["plans/strategic/index.md"] =
      "+++\ntitle = \"แผน 2566–2570\"\noit = \"strategic-plan\"\nfiscal_year = 2568\nupdated = 2024-10-01\n+++\nแผน\n";
  in.pages["about/structure.md"] = "---\ntitle: โครงสร้าง\noit: O1\nupdated: 2024-10-01\n---\nผัง\n";
  in.pages["news/_index.md"] = "+++\ntitle = \"ข่าว\"\noit = \"news\"\nfiscal_year = 2568\nupdated = 2025-09-01\n+++\n";

  auto plan = plan_migration(in);
  REQUIRE_MESSAGE(plan, plan.error().str());
  auto w = by_path(plan->writes);
  CHECK(has_line(w.at("site.toml"), "round = 2569"));
  // Last year's page stays, with its tag (as a topic key) commented out and pointing at the new page.
  const std::string& old_page = w.at("content/procurement/monthly-2568/index.md");
  CHECK(has_line(old_page, "# oit = \"procurement-monthly\"  # oit-new: kept, round 2569 uses procurement/monthly-2569/index.md"));
  CHECK(old_page.find("ตาราง") != std::string::npos);
  const std::string& next = w.at("content/procurement/monthly-2569/index.md");
  CHECK(has_line(next, "# oit = \"procurement-monthly\""));
  CHECK(has_line(next, "# oit-new: follows \"procurement/monthly-2568/index.md\""));
  CHECK(next.find("## ข้อ O11 ") != std::string::npos);
  CHECK(next.find("(<../monthly-2568/index.md>)") != std::string::npos);
  CHECK(meta_of(next, "n").fiscal_year == 2569);
  // A YAML page tagged with a code keeps its format and gets the topic key.
  CHECK(has_line(w.at("content/about/structure.md"), "oit: structure"));
  // Plans spanning years, and sections, are only reported.
  CHECK_FALSE(w.count("content/plans/strategic/index.md"));
  CHECK_FALSE(w.count("content/news/_index.md"));
  CHECK(plan->removes.empty());  // nothing the author wrote is ever removed

  CHECK(plan->report_path == "oit-round-2569.md");
  CHECK(plan->report.find("| O11 | สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน | `content/procurement/monthly-2569/index.md` | **ต้องทำ:** ยังไม่ได้กรอก") !=
        std::string::npos);
  CHECK(plan->report.find("| O12 | O11 | procurement-monthly |") != std::string::npos);
  CHECK(plan->report.find("ตรวจว่าช่วงของแผนครอบคลุมปีงบประมาณ 2569") != std::string::npos);
  CHECK(plan->report.find("แก้ `fiscal_year = 2569` ในหน้านี้ และเพิ่มรายการที่ลงวันที่ในปีงบประมาณ 2569") != std::string::npos);
  CHECK(plan->report.find("- `content/procurement/monthly-2568/index.md` (ปีงบประมาณ 2568) — รอบ 2569 ใช้ `content/procurement/monthly-2569/index.md`") !=
        std::string::npos);
  CHECK(plan->report.find("รวม 2568 O21") != std::string::npos);  // no-gift + gift-report merged

  // Idempotent: planning again on the result changes nothing and reports the same.
  MigrationInput after = apply(in, *plan);
  auto again = plan_migration(after);
  REQUIRE_MESSAGE(again, again.error().str());
  CHECK(again->writes.empty());
  CHECK(again->actions.empty());
  CHECK(again->report == plan->report);
}

TEST_CASE("carrying an untouched new site: placeholders rewritten for the new round, merged ones removed") {
  const Criteria from = parse_or_fail(synthetic(2590, false)), to = parse_or_fail(synthetic(2591, true));
  auto files = scaffold_site(from, kToday);
  MigrationInput in = input_for(files, from, to);
  // The author has started on the "report" page (still unclaimed): it must be left alone.
  std::string& report = in.pages.at("transparency/report-2589/index.md");
  report.replace(report.find("## ข้อ O4"), 9, "## ข้อ O4 ร่างของฉัน");

  auto plan = plan_migration(in);
  REQUIRE_MESSAGE(plan, plan.error().str());
  auto w = by_path(plan->writes);
  // "plan" is moved to the new year's folder and rewritten for O1 of 2591.
  REQUIRE(w.count("content/transparency/plan-2591/index.md"));
  CHECK(w.at("content/transparency/plan-2591/index.md").find("# oit-new: placeholder, round 2591") != std::string::npos);
  CHECK(std::count(plan->removes.begin(), plan->removes.end(), "content/transparency/plan-2590/index.md") == 1);
  // "stats" is merged into O1 and "old-only" is gone: their unfilled placeholders are removed.
  CHECK(std::count(plan->removes.begin(), plan->removes.end(), "content/transparency/stats-2590/index.md") == 1);
  CHECK(std::count(plan->removes.begin(), plan->removes.end(), "content/transparency/old-only/index.md") == 1);
  // The edited placeholder is not touched; the new item gets a page.
  CHECK_FALSE(w.count("content/transparency/report-2589/index.md"));
  CHECK_FALSE(w.count("content/transparency/report-2590/index.md"));
  REQUIRE(w.count("content/transparency/fresh/index.md"));
  CHECK(plan->report.find("- O3 ข้อใหม่ — หน้าใหม่: `content/transparency/fresh/index.md`") != std::string::npos);
  CHECK(plan->report.find("- 2590 O1 ข้อที่จะหายไป (`old-only`)") != std::string::npos);
  CHECK(w.at("README.md").find("`content/transparency/plan-2591/index.md`") != std::string::npos);

  MigrationInput after = apply(in, *plan);
  auto again = plan_migration(after);
  REQUIRE_MESSAGE(again, again.error().str());
  CHECK(again->writes.empty());
  CHECK(again->removes.empty());
  CHECK(again->report == plan->report);
}

TEST_CASE("a page tagged only with a topic the new round drops is untagged, not left to break the build") {
  const Criteria from = parse_or_fail(synthetic(2590, false)), to = parse_or_fail(synthetic(2591, true));
  MigrationInput in;
  in.from = &from;
  in.to = &to;
  in.today = {2025, 10, 2};
  in.site_toml = "[site]\ntitle = \"ก\"\nbase_url = \"https://x.go.th/\"\n[agency]\nname = \"ก\"\n[oit]\nround = 2590\n";
  in.pages["a.md"] = "+++\ntitle = \"ก\"\noit = [\n  \"old-only\",\n]\nupdated = 2025-01-01\n+++\n";
  auto plan = plan_migration(in);
  REQUIRE_MESSAGE(plan, plan.error().str());
  auto w = by_path(plan->writes);
  const std::string& a = w.at("content/a.md");
  CHECK(has_line(a, "# oit = [  # oit-new: not in round 2591"));
  CHECK(has_line(a, "#   \"old-only\","));
  CHECK(has_line(a, "# ]"));
  CHECK(meta_of(a, "a.md").oit.empty());
}

TEST_CASE("migration refuses a site of another round and rounds that do not move forward") {
  const Criteria from = criteria(2568), to = criteria(2569);
  MigrationInput in;
  in.from = &from;
  in.to = &to;
  in.site_toml = "[site]\ntitle = \"ก\"\nbase_url = \"https://x.go.th/\"\n[agency]\nname = \"ก\"\n[oit]\nround = 2567\n";
  auto r = plan_migration(in);
  REQUIRE_FALSE(r);
  CHECK(r.error().pos.line == 7);
  CHECK(r.error().hint.find("--from-round 2567") != std::string::npos);
  in.from = &to;
  in.to = &from;
  r = plan_migration(in);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("is before") != std::string::npos);
}
