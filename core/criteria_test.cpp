#include "core/criteria.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <unistd.h>

using namespace oit;

namespace {

Criteria load_or_fail(int round) {
  auto c = load_criteria(round);
  if (!c) FAIL(c.error().str());
  return std::move(c).value();
}

std::vector<std::string> ids_of(const Criteria& c) {
  std::vector<std::string> out;
  for (const auto& item : c.items) out.push_back(item.id);
  return out;
}

const Element* element(const Item& item, std::string_view key) {
  for (const auto& e : item.elements)
    if (e.key == key) return &e;
  return nullptr;
}

// Smallest valid file; the validation tests change one thing in it. Line numbers matter.
const std::string kValid =
    "round = 2568\n"                 // 1
    "title = \"t\"\n"                // 2
    "source_note = \"n\"\n"          // 3
    "\n"                             // 4
    "[[indicators]]\n"               // 5
    "id = \"9\"\n"                   // 6
    "title = \"การเปิดเผยข้อมูล\"\n"  // 7
    "  [[indicators.subs]]\n"        // 8
    "  id = \"9.1\"\n"               // 9
    "  title = \"ข้อมูลพื้นฐาน\"\n"    // 10
    "\n"                             // 11
    "[[items]]\n"                    // 12
    "id = \"O1\"\n"                  // 13
    "topics = [\"structure\"]\n"     // 14
    "sub_indicator = \"9.1\"\n"      // 15
    "title = \"โครงสร้าง\"\n"         // 16
    "period = \"current\"\n"         // 17
    "period_grade = \"C\"\n"         // 18
    "  [[items.elements]]\n"         // 19
    "  key = \"chart\"\n"            // 20
    "  text = \"แผนผัง\"\n"           // 21
    "  grade = \"B\"\n"              // 22
    "  check = \"image\"\n";         // 23

// A second item to append, for duplicate checks (starts on line 24).
const std::string kSecondItem =
    "[[items]]\n"                    // 24
    "id = \"O2\"\n"                  // 25
    "topics = [\"executives\"]\n"    // 26
    "sub_indicator = \"9.1\"\n"      // 27
    "title = \"ผู้บริหาร\"\n"          // 28
    "period = \"current\"\n"         // 29
    "period_grade = \"C\"\n";        // 30

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, from);
  return text.replace(at, from.size(), to);
}

Error error_of(const std::string& text) {
  auto c = parse_criteria(text, "ita-test.toml");
  REQUIRE_MESSAGE(!c.ok(), "expected an error for:\n" << text);
  return c.error();
}

void check_at(const Error& e, int line, int col) {
  INFO(e.str());
  CHECK(e.pos.file == "ita-test.toml");
  CHECK(e.pos.line == line);
  CHECK(e.pos.col == col);
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / ("oit-criteria-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

}  // namespace

TEST_CASE("the embedded criteria of 2568 and 2569 load") {
  CHECK(embedded_rounds() == std::vector<int>{2568, 2569, 2570});
  Criteria c68 = load_or_fail(2568);
  Criteria c69 = load_or_fail(2569);
  CHECK(c68.round == 2568);
  CHECK(c69.round == 2569);
  CHECK(c68.title == "เกณฑ์ OIT ITA ประจำปีงบประมาณ พ.ศ. 2568");
  CHECK_FALSE(c69.source_note.empty());
  REQUIRE(c68.items.size() == 28);
  REQUIRE(c69.items.size() == 26);
  for (const Criteria* c : {&c68, &c69}) {
    std::vector<std::string> expected;
    for (size_t i = 1; i <= c->items.size(); ++i) expected.push_back("O" + std::to_string(i));
    CHECK(ids_of(*c) == expected);
  }
}

TEST_CASE("2568 titles, indicators and sub-indicators follow the NACC list") {
  Criteria c = load_or_fail(2568);
  REQUIRE(c.indicators.size() == 2);
  CHECK(c.indicators[0].title == "การเปิดเผยข้อมูล");
  CHECK(c.indicators[1].title == "การป้องกันการทุจริต");
  CHECK(c.indicators[0].subs.size() == 5);
  CHECK(c.indicators[1].subs.size() == 2);
  REQUIRE(c.sub_indicator("9.3") != nullptr);
  CHECK(c.sub_indicator("9.3")->title == "การจัดซื้อจัดจ้าง");
  CHECK(c.sub_indicator("10.1")->title == "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน");
  CHECK(c.sub_indicator("9.6") == nullptr);

  const Item& o12 = *c.find("O12");
  CHECK(o12.title == "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ");
  CHECK(o12.sub_indicator == "9.3");
  CHECK(o12.indicator == "9");
  CHECK(c.find("O21")->title == "ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่");
  CHECK(c.find("O21")->indicator == "10");
  // Sub-indicator of every item, as in the table of the notes.
  std::string subs;
  for (const auto& item : c.items) subs += item.sub_indicator + " ";
  CHECK(subs ==
        "9.1 9.1 9.1 9.1 9.2 9.2 9.2 9.2 9.2 9.2 9.2 9.3 9.3 9.4 9.4 9.4 9.5 9.5 9.5 9.5 "
        "10.1 10.1 10.1 10.1 10.2 10.2 10.2 10.2 ");
}

TEST_CASE("every item of both rounds is usable by the checker and authors") {
  for (int round : {2568, 2569}) {
    Criteria c = load_or_fail(round);
    for (const auto& item : c.items) {
      INFO(round << " " << item.id);
      CHECK_FALSE(item.topics.empty());
      CHECK_FALSE(item.guidance.empty());
      CHECK_FALSE(item.elements.empty());
      CHECK(c.sub_indicator(item.sub_indicator) != nullptr);
      for (const auto& e : item.elements) {
        bool term_check = e.check == ElementCheck::AnyTerm || e.check == ElementCheck::AllTerms ||
                          e.check == ElementCheck::AllColumns || e.check == ElementCheck::Steps ||
                          e.check == ElementCheck::Signature;
        CHECK(term_check == !e.terms.empty());
      }
    }
  }
}

TEST_CASE("O12 of 2568 demands the 16 NACC columns, graded A") {
  Criteria c = load_or_fail(2568);
  const Item& o12 = *c.find("procurement-monthly");
  CHECK(o12.id == "O12");
  const Element* columns = element(o12, "columns");
  REQUIRE(columns != nullptr);
  CHECK(columns->check == ElementCheck::AllColumns);
  CHECK(columns->grade == Grade::A);
  REQUIRE(columns->terms.size() == 16);
  CHECK(columns->terms.front() == "ที่");
  CHECK(columns->terms[8] == "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)");
  CHECK(columns->terms.back() == "เลขที่โครงการในระบบ e-GP");
  CHECK(std::set<std::string>(columns->terms.begin(), columns->terms.end()).size() == 16);
  const Element* empty_months = element(o12, "empty-months-stated");
  REQUIRE(empty_months != nullptr);
  CHECK(empty_months->check == ElementCheck::Manual);
  CHECK(empty_months->text.find("ไม่มีการจัดซื้อจัดจ้าง") != std::string::npos);
  // 2569 keeps the same table under its O11.
  Criteria c69 = load_or_fail(2569);
  CHECK(element(*c69.find("procurement-monthly"), "columns")->terms == columns->terms);
  CHECK(c69.find("procurement-monthly")->id == "O11");
}

TEST_CASE("grades and periods follow the notes") {
  Criteria c = load_or_fail(2568);
  const Item& o12 = *c.find("O12");
  CHECK(o12.period == PeriodRule::RoundFY);
  CHECK(o12.period_grade == Grade::A);
  CHECK(o12.coverage == Coverage::FirstHalf);
  CHECK(o12.coverage_grade == Grade::A);

  const Item& o4 = *c.find("news");
  CHECK(o4.coverage == Coverage::AnyInFY);
  CHECK(o4.coverage_grade == Grade::B);
  CHECK(c.find("O6")->coverage == Coverage::FirstHalf);
  CHECK(c.find("O6")->coverage_grade == Grade::B);  // §6: NACC 2567 wording of the 6-month progress
  CHECK(c.find("O11")->coverage == Coverage::FirstHalf);
  CHECK(c.find("O11")->coverage_grade == Grade::C);
  CHECK(c.find("O19")->coverage == Coverage::FirstHalf);
  CHECK(c.find("O19")->coverage_grade == Grade::B);
  int with_coverage = 0;
  for (const auto& item : c.items) with_coverage += item.coverage != Coverage::None;
  CHECK(with_coverage == 5);

  CHECK(c.find("O5")->period == PeriodRule::SpansRoundFY);
  CHECK(c.find("O5")->period_grade == Grade::C);
  CHECK(c.find("O14")->period == PeriodRule::SpansRoundFY);
  CHECK(c.find("O14")->period_grade == Grade::B);
  CHECK(c.find("O22")->period == PeriodRule::Unknown);
  CHECK(c.find("O10")->period == PeriodRule::Working);
  for (const char* id : {"O7", "O13", "O15", "O24", "O26", "O28"}) {
    INFO(id);
    CHECK(c.find(id)->period == PeriodRule::PreviousFY);
    CHECK(c.find(id)->period_grade == Grade::A);
  }
  CHECK(c.find("O23")->period_grade == Grade::A);
  CHECK(element(*c.find("O23"), "bribery")->grade == Grade::C);  // "A period, C elements"

  const Element* signed_by_head = element(*c.find("no-gift"), "signed");
  REQUIRE(signed_by_head != nullptr);
  CHECK(signed_by_head->grade == Grade::B);
  // A signature block (checks/structure_evidence.h), not the word ลงนาม anywhere (issue 13): the terms are
  // the positions of a top executive.
  CHECK(signed_by_head->check == ElementCheck::Signature);
  CHECK(std::count(signed_by_head->terms.begin(), signed_by_head->terms.end(), "ผู้อำนวยการ") == 1);
  CHECK(element(*c.find("service-manual"), "steps")->check == ElementCheck::Steps);
  CHECK(element(*c.find("staff-manual"), "steps")->check == ElementCheck::Steps);
  CHECK_FALSE(c.restated.empty());

  const Item& o2 = *c.find("executives");
  CHECK(element(o2, "photo")->check == ElementCheck::Image);
  CHECK(element(o2, "contact")->check == ElementCheck::PhoneOrEmail);
  CHECK(element(o2, "positions")->grade == Grade::B);
  CHECK(element(*c.find("O1"), "chart")->check == ElementCheck::ImageOrAttachment);
  CHECK(element(*c.find("O19"), "counts")->terms ==
        std::vector<std::string>{"ทั้งหมด", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"});

  // Round 2569 comes from one agency's site: nothing in it is graded A.
  Criteria c69 = load_or_fail(2569);
  for (const auto& item : c69.items) {
    INFO(item.id);
    CHECK(item.period_grade != Grade::A);
    for (const auto& e : item.elements) CHECK(e.grade != Grade::A);
  }
  // §6: labelled with the previous fiscal year by the one 2569 source: previous FY, a warning only.
  CHECK(c69.find("complaint-statistics")->period == PeriodRule::PreviousFY);
  CHECK(c69.find("complaint-statistics")->period_grade == Grade::C);
}

TEST_CASE("expected fiscal year: round FY, previous FY, or none") {
  Criteria c = load_or_fail(2568);
  CHECK(c.expected_fiscal_year(*c.find("O12")) == 2568);
  CHECK(c.expected_fiscal_year(*c.find("O7")) == 2567);
  CHECK(c.expected_fiscal_year(*c.find("O1")) == 0);   // current
  CHECK(c.expected_fiscal_year(*c.find("O5")) == 0);   // a span, not one FY
  CHECK(c.expected_fiscal_year(*c.find("O22")) == 0);  // unknown
  Criteria c69 = load_or_fail(2569);
  CHECK(c69.expected_fiscal_year(*c69.find("annual-report")) == 2568);
  CHECK(c69.expected_fiscal_year(*c69.find("procurement-monthly")) == 2569);
}

TEST_CASE("find accepts an O-code in any case or a topic key") {
  Criteria c = load_or_fail(2568);
  REQUIRE(c.find("O12") != nullptr);
  CHECK(c.find("o12") == c.find("O12"));
  CHECK(c.find("procurement-monthly") == c.find("O12"));
  CHECK(c.find_by_topic("procurement-monthly") == c.find("O12"));
  CHECK(c.find("O29") == nullptr);
  CHECK(c.find("O") == nullptr);
  CHECK(c.find("") == nullptr);
  CHECK(c.find("no-such-topic") == nullptr);
  CHECK(c.find_by_topic("O12") == nullptr);  // an O-code is not a topic

  Criteria c69 = load_or_fail(2569);
  CHECK(c69.find("service-statistics")->id == "O10");
  CHECK(c69.find("gift-report")->id == "O20");
}

TEST_CASE("every 2568 item maps to a 2569 item by its primary topic") {
  Criteria c68 = load_or_fail(2568);
  Criteria c69 = load_or_fail(2569);
  // Items the notes say were folded into another item in 2569: topic -> 2569 item.
  const std::map<std::string, std::string> folded = {{"service-statistics", "O10"}, {"gift-report", "O20"}};
  std::set<std::string> targets;
  for (const auto& item : c68.items) {
    const std::string& topic = item.topics.front();
    INFO("2568 " << item.id << " " << topic);
    const Item* to = c69.find_by_topic(topic);
    REQUIRE(to != nullptr);
    if (to->topics.front() != topic) {
      REQUIRE(folded.count(topic) == 1);
      CHECK(to->id == folded.at(topic));
    }
    targets.insert(to->id);
  }
  CHECK(targets.size() == 26);  // every 2569 item is reached
  CHECK(c69.find("procurement-annual-report")->id == "O12");
  CHECK(c69.find("integrity-measures")->id == "O25");
}

TEST_CASE("to_string gives the names used in the files") {
  CHECK(to_string(Grade::B) == "B");
  CHECK(to_string(PeriodRule::SpansRoundFY) == "spans-round-fy");
  CHECK(to_string(PeriodRule::PreviousFY) == "previous-fy");
  CHECK(to_string(Coverage::FirstHalf) == "first-half");
  CHECK(to_string(ElementCheck::AllColumns) == "all-columns");
  CHECK(to_string(ElementCheck::ImageOrAttachment) == "image-or-attachment");
}

TEST_CASE("the minimal valid file parses") {
  auto c = parse_criteria(kValid + kSecondItem, "ita-test.toml");
  REQUIRE_MESSAGE(c.ok(), c.error().str());
  CHECK(c->items.size() == 2);
  CHECK(c->items[0].indicator == "9");
  CHECK(c->items[0].coverage == Coverage::None);
  CHECK(c->items[0].elements.at(0).check == ElementCheck::Image);
  CHECK(c->items[1].elements.empty());
}

TEST_CASE("validation: TOML syntax error carries line and column") {
  Error e = error_of(replaced(kValid, "period = \"current\"", "period = \"current\" x"));
  check_at(e, 17, 20);
  CHECK(e.message.find("invalid TOML") == 0);
}

TEST_CASE("validation: unknown keys are errors at the key") {
  SUBCASE("at the root") {
    Error e = error_of(replaced(kValid, "source_note", "source_notes"));
    check_at(e, 3, 1);
    CHECK(e.message == "unknown key 'source_notes' in the criteria file");
    CHECK(e.hint.find("source_note") != std::string::npos);
  }
  SUBCASE("in an item") {
    Error e = error_of(replaced(kValid, "period_grade", "period_grad"));
    check_at(e, 18, 1);
    CHECK(e.message == "unknown key 'period_grad' in item O1");
  }
  SUBCASE("in an element") {
    Error e = error_of(replaced(kValid, "  check = \"image\"", "  check = \"image\"\n  weight = 2"));
    check_at(e, 24, 3);
    CHECK(e.message == "unknown key 'weight' in an element of item O1");
  }
  SUBCASE("a misspelt table name") {
    Error e = error_of(replaced(kValid, "[[items.elements]]", "[[items.element]]"));
    check_at(e, 19, 11);
    CHECK(e.message == "unknown key 'element' in item O1");
  }
}

TEST_CASE("validation: a missing required key is reported at its table") {
  Error e = error_of(replaced(kValid, "period = \"current\"\n", ""));
  check_at(e, 12, 1);
  CHECK(e.message == "missing key 'period' in item O1");
  Error root = error_of(replaced(kValid, "round = 2568\n", ""));
  check_at(root, 1, 1);
  CHECK(root.message == "missing key 'round' in the criteria file");
}

TEST_CASE("validation: bad enum values list the allowed ones") {
  Error period = error_of(replaced(kValid, "\"current\"", "\"curent\""));
  check_at(period, 17, 10);
  CHECK(period.message == "unknown period 'curent' in item O1");
  CHECK(period.hint == "use one of: current, in-force, working, round-fy, previous-fy, spans-round-fy, unknown");

  Error grade = error_of(replaced(kValid, "grade = \"B\"", "grade = \"D\""));
  check_at(grade, 22, 11);
  CHECK(grade.hint == "use one of: A, B, C");

  Error check = error_of(replaced(kValid, "\"image\"", "\"picture\""));
  check_at(check, 23, 11);
  CHECK(check.hint.find("any-term, all-terms, all-columns, image,") != std::string::npos);

  Error coverage = error_of(replaced(kValid, "period = \"current\"", "period = \"round-fy\"\ncoverage = \"half\""));
  check_at(coverage, 18, 12);
  CHECK(coverage.hint == "use one of: none, any-in-fy, first-half");
}

TEST_CASE("validation: wrong value types") {
  Error round = error_of(replaced(kValid, "round = 2568", "round = \"2568\""));
  check_at(round, 1, 9);
  CHECK(round.message == "'round' must be an integer");
  Error topics = error_of(replaced(kValid, "[\"structure\"]", "\"structure\""));
  check_at(topics, 14, 10);
  Error empty = error_of(replaced(kValid, "[\"structure\"]", "[]"));
  check_at(empty, 14, 10);
  CHECK(empty.message == "'topics' must not be empty");
}

TEST_CASE("validation: duplicate item ids and topic keys") {
  Error id = error_of(kValid + replaced(kSecondItem, "\"O2\"", "\"O1\""));
  check_at(id, 25, 6);
  CHECK(id.message == "duplicate item id 'O1' (first on line 13)");

  Error topic = error_of(kValid + replaced(kSecondItem, "[\"executives\"]", "[\"executives\", \"structure\"]"));
  check_at(topic, 26, 25);
  CHECK(topic.message == "topic key 'structure' is used twice (first on line 14)");

  Error element = error_of(replaced(kValid, "  check = \"image\"\n",
                                    "  check = \"image\"\n  [[items.elements]]\n  key = \"chart\"\n  text = \"x\"\n"
                                    "  grade = \"C\"\n  check = \"manual\"\n"));
  check_at(element, 25, 9);
  CHECK(element.message == "duplicate element key 'chart' in item O1 (first on line 20)");
}

TEST_CASE("validation: an item naming an unknown sub-indicator") {
  Error e = error_of(replaced(kValid, "sub_indicator = \"9.1\"", "sub_indicator = \"9.7\""));
  check_at(e, 15, 17);
  CHECK(e.message == "item O1 names unknown sub-indicator '9.7'");
  CHECK(e.hint == "sub-indicators declared in [[indicators.subs]]: 9.1");
}

TEST_CASE("validation: item ids must be O<number>") {
  for (const char* bad : {"\"12\"", "\"o1\"", "\"O01\"", "\"O1a\"", "\"Q1\""}) {
    INFO(bad);
    Error e = error_of(replaced(kValid, "id = \"O1\"", std::string("id = ") + bad));
    check_at(e, 13, 6);
    CHECK(e.message.find("must be O<number>") != std::string::npos);
  }
}

TEST_CASE("validation: keys and ids of a bad shape") {
  Error topic = error_of(replaced(kValid, "[\"structure\"]", "[\"Structure\"]"));
  check_at(topic, 14, 11);
  CHECK(topic.message.find("kebab-case") != std::string::npos);
  Error code_like = error_of(replaced(kValid, "[\"structure\"]", "[\"o12\"]"));
  check_at(code_like, 14, 11);
  CHECK(code_like.message == "topic key 'o12' looks like an item code");
  Error sub = error_of(replaced(kValid, "id = \"9.1\"", "id = \"10.1\""));
  check_at(sub, 9, 8);
  Error dup_indicator = error_of(kValid + "[[indicators]]\nid = \"9\"\ntitle = \"x\"\n  [[indicators.subs]]\n  id = \"9.2\"\n  title = \"y\"\n");
  check_at(dup_indicator, 25, 6);
  CHECK(dup_indicator.message == "duplicate indicator id '9' (first on line 6)");
  Error round = error_of(replaced(kValid, "round = 2568", "round = 2025"));
  check_at(round, 1, 9);
}

TEST_CASE("validation: terms belong to term checks only") {
  Error missing = error_of(replaced(kValid, "\"image\"", "\"any-term\""));
  check_at(missing, 19, 3);
  CHECK(missing.message == "missing key 'terms' in an element of item O1");
  Error stray = error_of(replaced(kValid, "  check = \"image\"", "  check = \"image\"\n  terms = [\"x\"]"));
  check_at(stray, 24, 11);
  CHECK(stray.message == "check 'image' does not use terms");
}

TEST_CASE("validation: the structure checks (issue 13) and the restated wording") {
  auto steps = parse_criteria(replaced(kValid, "  check = \"image\"", "  check = \"steps\"\n  terms = [\"ขั้นตอน\"]"), "t.toml");
  REQUIRE(steps);
  CHECK(steps->items[0].elements[0].check == ElementCheck::Steps);
  auto sig = parse_criteria(replaced(kValid, "  check = \"image\"", "  check = \"signature\"\n  terms = [\"อธิบดี\"]"), "t.toml");
  REQUIRE(sig);
  CHECK(sig->items[0].elements[0].check == ElementCheck::Signature);
  auto monthly = parse_criteria(replaced(kValid, "\"image\"", "\"monthly-table\""), "t.toml");
  REQUIRE(monthly);
  CHECK(monthly->items[0].elements[0].check == ElementCheck::MonthlyTable);
  CHECK(to_string(ElementCheck::MonthlyTable) == "monthly-table");
  // Steps and signatures need their words; a monthly table has none; an unknown kind names the new ones.
  Error no_words = error_of(replaced(kValid, "\"image\"", "\"signature\""));
  check_at(no_words, 19, 3);
  CHECK(no_words.message == "missing key 'terms' in an element of item O1");
  Error stray = error_of(replaced(kValid, "  check = \"image\"", "  check = \"monthly-table\"\n  terms = [\"x\"]"));
  check_at(stray, 24, 11);
  CHECK(stray.message == "check 'monthly-table' does not use terms");
  Error unknown = error_of(replaced(kValid, "\"image\"", "\"step\""));
  check_at(unknown, 23, 11);
  CHECK(unknown.hint.find("steps, signature, monthly-table") != std::string::npos);

  auto restated = parse_criteria("restated = [\"มีการลงนามโดยผู้บริหารสูงสุด\"]\n" + kValid, "t.toml");
  REQUIRE(restated);
  CHECK(restated->restated == std::vector<std::string>{"มีการลงนามโดยผู้บริหารสูงสุด"});
  Error not_list = error_of("restated = \"x\"\n" + kValid);
  check_at(not_list, 1, 12);
  CHECK(not_list.message == "'restated' must be a list of strings");
  Error empty_phrase = error_of("restated = [\"\"]\n" + kValid);
  check_at(empty_phrase, 1, 13);
}

TEST_CASE("validation: coverage needs a fiscal-year period and its own grade") {
  Error no_fy = error_of(replaced(kValid, "period_grade = \"C\"", "period_grade = \"C\"\ncoverage = \"first-half\""));
  check_at(no_fy, 19, 12);
  CHECK(no_fy.message == "coverage needs a fiscal year, but item O1 has period 'current'");
  Error no_grade = error_of(replaced(kValid, "period = \"current\"", "period = \"round-fy\"\ncoverage = \"first-half\""));
  check_at(no_grade, 12, 1);
  CHECK(no_grade.message == "missing key 'coverage_grade' in item O1");
  Error stray = error_of(replaced(kValid, "period_grade = \"C\"", "period_grade = \"C\"\ncoverage_grade = \"A\""));
  check_at(stray, 19, 18);
}

TEST_CASE("load_criteria: a file in dir overrides the embedded copy") {
  TempDir dir;
  dir.write("ita-2568.toml", replaced(kValid, "title = \"t\"", "title = \"local\""));
  auto c = load_criteria(2568, dir.path);
  REQUIRE_MESSAGE(c.ok(), c.error().str());
  CHECK(c->title == "local");
  CHECK(c->items.size() == 1);

  // A round with no file in dir still comes from the binary.
  auto c69 = load_criteria(2569, dir.path);
  REQUIRE(c69.ok());
  CHECK(c69->items.size() == 26);
}

TEST_CASE("load_criteria: errors name the file, a wrong round and unknown rounds") {
  TempDir dir;
  dir.write("ita-2570.toml", replaced(kValid, "round = 2568", "round = 2571"));
  auto wrong = load_criteria(2570, dir.path);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().pos.file == (dir.path / "ita-2570.toml").string());
  CHECK(wrong.error().pos.line == 1);
  CHECK(wrong.error().message == "file says round = 2571 but is named for round 2570");

  auto unknown = load_criteria(2575, dir.path);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "no OIT criteria for round 2575");
  CHECK(unknown.error().hint.find("rounds available: 2568, 2569, 2570") == 0);

  auto embedded_only = load_criteria(2560);
  REQUIRE_FALSE(embedded_only.ok());
  CHECK(embedded_only.error().hint == "rounds available: 2568, 2569, 2570");
}

TEST_CASE("load_criteria: an empty file in dir is reported, not skipped") {
  TempDir dir;
  dir.write("ita-2568.toml", "");
  auto c = load_criteria(2568, dir.path);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().pos.file == (dir.path / "ita-2568.toml").string());
  CHECK(c.error().message == "missing key 'round' in the criteria file");
}

// ---------------------------------------------------------------------------------------------
// Corrections of oit-criteria.md §6 (issue 14).

TEST_CASE("2568 corrected from §6: titles, O6 timeline, O9 elements, period grades, warnings") {
  Criteria c = load_or_fail(2568);
  CHECK(c.find("O14")->title == "แผนการบริหารและแผนพัฒนาทรัพยากรบุคคล");
  CHECK(c.find("O28")->title == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน");

  const Item& o6 = *c.find("O6");
  CHECK(o6.period_grade == Grade::A);
  CHECK(o6.coverage_grade == Grade::B);
  const Element* timeline = element(o6, "timeline");
  REQUIRE(timeline != nullptr);
  CHECK(timeline->grade == Grade::B);
  CHECK(timeline->check == ElementCheck::AnyTerm);
  CHECK(std::count(timeline->terms.begin(), timeline->terms.end(), "ระยะเวลา") == 1);
  for (const Element& e : o6.elements) CHECK(e.grade == Grade::B);

  const Item& o9 = *c.find("O9");
  std::vector<std::string> keys;
  for (const Element& e : o9.elements) {
    keys.push_back(e.key);
    CHECK(e.grade == Grade::B);
  }
  CHECK(keys == std::vector<std::string>{"service", "steps", "time", "fees", "documents", "service-where-how"});
  CHECK(element(o9, "steps")->check == ElementCheck::Steps);
  // "None" written counts: the stated absence contains the term.
  const Element* fees = element(o9, "fees");
  CHECK(std::any_of(fees->terms.begin(), fees->terms.end(),
                    [](const std::string& t) { return std::string("ไม่มีค่าธรรมเนียม").find(t) != std::string::npos; }));
  const Element* documents = element(o9, "documents");
  CHECK(std::any_of(documents->terms.begin(), documents->terms.end(),
                    [](const std::string& t) { return std::string("ไม่ต้องใช้เอกสาร").find(t) != std::string::npos; }));

  for (const char* id : {"O6", "O7", "O12", "O13", "O15", "O23", "O24", "O26", "O28"}) {
    INFO(id);
    CHECK(c.find(id)->period_grade == Grade::A);
  }
  for (const char* id : {"O16", "O25", "O27"}) {
    INFO(id);
    for (const Element& e : c.find(id)->elements) CHECK(e.grade == Grade::B);
  }
  const Element* declaration = element(*c.find("O21"), "declaration");
  CHECK(declaration->text.find("ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่") != std::string::npos);
  CHECK(declaration->terms.front() == "ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่");
  // NACC advice is a warning only.
  REQUIRE(element(*c.find("O3"), "enquiry") != nullptr);
  CHECK(element(*c.find("O3"), "enquiry")->grade == Grade::C);
  REQUIRE(element(*c.find("O8"), "step-time") != nullptr);
  CHECK(element(*c.find("O8"), "step-time")->grade == Grade::C);
}

TEST_CASE("2569 corrected from §6: O11 either table (both C), O18 previous FY, O3 enquiry B, O9 as 2568") {
  Criteria c68 = load_or_fail(2568);
  Criteria c = load_or_fail(2569);
  const Item& o11 = *c.find("O11");
  CHECK(element(o11, "columns")->grade == Grade::C);
  CHECK(element(o11, "columns")->check == ElementCheck::AllColumns);
  const Element* sorkorror = element(o11, "sor-kor-ror-1");
  REQUIRE(sorkorror != nullptr);
  CHECK(sorkorror->grade == Grade::C);
  CHECK(std::count(sorkorror->terms.begin(), sorkorror->terms.end(), "เหตุผลที่คัดเลือกโดยสรุป") == 1);
  CHECK(element(o11, "file")->grade == Grade::C);

  CHECK(c.find("O18")->period == PeriodRule::PreviousFY);
  CHECK(c.expected_fiscal_year(*c.find("O18")) == 2568);
  CHECK(element(*c.find("O3"), "enquiry")->grade == Grade::B);
  CHECK(element(*c.find("O3"), "enquiry")->check == ElementCheck::AnyTerm);

  const Item& o9 = *c.find("O9");
  const Item& o9_68 = *c68.find("O9");
  REQUIRE(o9.elements.size() == o9_68.elements.size());
  for (size_t i = 0; i < o9.elements.size(); ++i) {
    CHECK(o9.elements[i].key == o9_68.elements[i].key);
    CHECK(o9.elements[i].grade == Grade::B);
    CHECK(o9.elements[i].terms == o9_68.elements[i].terms);
  }
  CHECK(element(*c.find("O10"), "user-guide")->grade == Grade::C);
  CHECK(element(*c.find("O13"), "hr-development-plan")->grade == Grade::C);
  CHECK(element(*c.find("O15"), "code")->grade == Grade::B);
  CHECK(element(*c.find("O15"), "ethics-process-rules")->grade == Grade::C);
  CHECK(element(*c.find("O20"), "previous-report")->grade == Grade::C);
  CHECK(element(*c.find("O21"), "risk-areas-5-steps")->grade == Grade::C);
  CHECK(element(*c.find("O25"), "ita-analysis")->grade == Grade::B);
  CHECK(element(*c.find("O25"), "split-at-85")->grade == Grade::C);
  CHECK_FALSE(c.provisional);
}

// ---------------------------------------------------------------------------------------------
// Round 2570, provisional (oit-criteria.md §7).

TEST_CASE("2570 is provisional: the 2569 items shifted by one year, every rule graded C") {
  Criteria c69 = load_or_fail(2569);
  Criteria c = load_or_fail(2570);
  CHECK(c.provisional);
  CHECK(c.data_date == "2026-12-07");
  CHECK_FALSE(c69.provisional);
  CHECK(c69.data_date.empty());
  REQUIRE(c.items.size() == c69.items.size());
  for (size_t i = 0; i < c.items.size(); ++i) {
    const Item& item = c.items[i];
    INFO(item.id);
    CHECK(item.id == c69.items[i].id);
    CHECK(item.topics == c69.items[i].topics);
    CHECK(item.period == c69.items[i].period);
    CHECK(item.coverage == c69.items[i].coverage);
    CHECK(item.period_grade == Grade::C);
    CHECK(item.coverage_grade == Grade::C);
    REQUIRE(item.elements.size() == c69.items[i].elements.size());
    for (const Element& e : item.elements) CHECK(e.grade == Grade::C);
    // Every year in the text moved on: no 2569-round guidance says "2569" where 2570 says it too.
    if (int fy = c69.expected_fiscal_year(c69.items[i])) CHECK(c.expected_fiscal_year(item) == fy + 1);
  }
  CHECK(c.expected_fiscal_year(*c.find("O7")) == 2569);   // reports: the previous fiscal year
  CHECK(c.expected_fiscal_year(*c.find("O4")) == 2570);   // news and plans: the round's fiscal year
  CHECK(c.expected_fiscal_year(*c.find("O18")) == 2569);
  CHECK(c.find("O6")->guidance.find("พ.ศ. 2570") != std::string::npos);
  CHECK(c.find("O6")->guidance.find("2569") != std::string::npos);  // the first half starts in Oct 2569
  CHECK(c.find("O7")->guidance.find("พ.ศ. 2569") != std::string::npos);
  CHECK(c.title.find("2570") != std::string::npos);
}

TEST_CASE("validation: provisional and data_date are typed, and provisional needs a date") {
  const std::string round_2570 = replaced(kValid, "round = 2568", "round = 2570");
  auto with = [&](std::string_view keys) { return replaced(round_2570, "source_note = \"n\"\n", "source_note = \"n\"\n" + std::string(keys)); };

  auto ok = parse_criteria(with("provisional = true\ndata_date = 2026-12-07\n"), "ita-test.toml");
  REQUIRE(ok.ok());
  CHECK(ok->provisional);
  CHECK(ok->data_date == "2026-12-07");
  auto plain = parse_criteria(round_2570, "ita-test.toml");
  REQUIRE(plain.ok());
  CHECK_FALSE(plain->provisional);

  Error wrong_type = error_of(with("provisional = \"yes\"\ndata_date = 2026-12-07\n"));
  check_at(wrong_type, 4, 15);
  CHECK(wrong_type.message == "'provisional' must be true or false");
  Error quoted_date = error_of(with("provisional = true\ndata_date = \"2026-12-07\"\n"));
  check_at(quoted_date, 5, 13);
  CHECK(quoted_date.message == "'data_date' must be a date");
  Error undated = error_of(with("provisional = true\n"));
  check_at(undated, 4, 15);
  CHECK(undated.message == "a provisional criteria file needs data_date");
  Error misspelt = error_of(with("provisionel = true\n"));
  check_at(misspelt, 4, 1);
  CHECK(misspelt.message == "unknown key 'provisionel' in the criteria file");
}

TEST_CASE("round_notices: which round and why, provisional said, a past assessment said") {
  auto c2570 = load_criteria(2570);
  REQUIRE(c2570);
  auto n = round_notices(*c2570, "fiscal year of 2026-12-07", {2026, 12, 7});
  REQUIRE(n.size() == 1);
  CHECK(n[0] == "round 2570 (provisional: criteria data of " + c2570->data_date +
                    ", written before the NACC published the round's list): fiscal year of 2026-12-07");
  auto c2568 = load_criteria(2568);
  REQUIRE(c2568);
  n = round_notices(*c2568, "the round oit.json was built for", {2026, 12, 7});
  REQUIRE(n.size() == 2);
  CHECK(n[0] == "round 2568: the round oit.json was built for");
  CHECK(n[1] == "round 2568 was assessed in 2568; you are checking as of 2026-12-07");
  CHECK(round_notices(*c2568, "", {2025, 6, 30}).size() == 1);  // 30 June 2025 (BE 2568): still in the window
  CHECK(round_notices(*c2568, "", {2025, 7, 1}).size() == 2);
}
