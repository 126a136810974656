// The OIT criteria of one assessment round, read from core/criteria/ita-<round>.toml.
// Shared by the generator (hub page, manifest, ITAS sheet, build warnings) and the
// checker (what to look for). The rules are data: a new round is a new file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

// Evidence grade of a rule (see shared/domain/oit-criteria.md): A and B rules may
// fail an item, C rules only ever warn.
enum class Grade { A, B, C };

// Which fiscal year a disclosure must be about, relative to the round's FY N.
enum class PeriodRule {
  Current,       // the current state (structure, executives, contacts): no FY
  InForce,       // a document in force (manuals, codes): no FY
  Working,       // a channel that must work at audit time (e-service, complaint channel)
  RoundFY,       // FY N (plans, news, statistics of the current year)
  PreviousFY,    // FY N-1 (annual reports)
  SpansRoundFY,  // a multi-year plan whose span includes FY N
  Unknown,       // period not known: nothing checked
};

// How far into the FY dated content must reach, judged against the audit's as-of date.
enum class Coverage {
  None,
  AnyInFY,    // at least one dated entry inside the FY (news)
  FirstHalf,  // every month Oct..Mar of the FY that has already ended at as-of (monthly tables, statistics)
};

// How the checker looks for an element in a page and its data files.
enum class ElementCheck {
  AnyTerm,       // any of `terms` appears in the page text / PDF text
  AllTerms,      // every one of `terms` appears
  AllColumns,    // every one of `terms` is a column header of a table or CSV of the page
  Image,         // the page shows at least one image (<img> with a resolvable src)
  PhoneOrEmail,  // a phone number or an e-mail address appears
  Attachment,    // the page links at least one document attachment (PDF/XLSX/DOCX/CSV)
  ImageOrAttachment,  // an image or a document attachment (a chart may be published either way)
  Steps,         // an ordered/numbered list of steps, or a step word (`terms`) with a list or a steps table
  Signature,     // a signature block: ลงนาม/ลงชื่อ, a name, then a position (`terms` are the positions)
  MonthlyTable,  // a table (or PDF lines) with a row or column per month
  Manual,        // not machine-checkable: shown to people as a reminder only
};

struct Element {
  std::string key;    // stable id, e.g. "columns", "photo"
  std::string text;   // requirement in Thai, shown in guidance and reports
  Grade grade = Grade::C;
  ElementCheck check = ElementCheck::Manual;
  std::vector<std::string> terms;
};

struct Item {
  std::string id;                   // "O12"
  std::vector<std::string> topics;  // stable topic keys, first is the primary ("procurement-monthly")
  std::string title;                // Thai title as in the NACC list
  std::string indicator;            // "9"
  std::string sub_indicator;        // "9.3"
  PeriodRule period = PeriodRule::Unknown;
  Grade period_grade = Grade::C;
  Coverage coverage = Coverage::None;
  Grade coverage_grade = Grade::C;
  std::string guidance;             // advice to authors (Thai), may be empty
  std::vector<Element> elements;
};

struct SubIndicator {
  std::string id;     // "9.1"
  std::string title;  // "ข้อมูลพื้นฐาน"
};

struct Indicator {
  std::string id;     // "9"
  std::string title;  // "การเปิดเผยข้อมูล"
  std::vector<SubIndicator> subs;
};

struct Criteria {
  int round = 0;  // BE, e.g. 2568; the round's fiscal year is the same number
  std::string title;
  std::string source_note;  // where the list comes from / confidence
  // True while the NACC has not published this round's criteria (oit-criteria.md §7): the data is a guess
  // from the previous round and every command using it must say so, with `data_date` (YYYY-MM-DD, when the
  // data was written; required when provisional).
  bool provisional = false;
  std::string data_date;
  std::vector<Indicator> indicators;
  std::vector<Item> items;  // in criteria order
  // The NACC's usual wording of this round's criteria as agencies paste it onto item pages (`restated`
  // in the file): text that restates the criterion is not evidence (checks/restatement.h).
  std::vector<std::string> restated;

  // Looks up an item by O-code ("O12", case-insensitive) or by any topic key.
  const Item* find(std::string_view code_or_topic) const;
  const Item* find_by_topic(std::string_view topic) const;
  const SubIndicator* sub_indicator(std::string_view id) const;
  // Fiscal year a rule expects (RoundFY -> round, PreviousFY -> round-1), 0 when no single FY.
  int expected_fiscal_year(const Item& item) const;
};

// Parses a criteria file's text; `file` is used in error positions.
Result<Criteria> parse_criteria(std::string_view toml_text, const std::string& file);

// Loads the criteria of `round`: from `dir`/ita-<round>.toml when dir is given and the file
// exists there, otherwise from the copy embedded in the binary at build time.
Result<Criteria> load_criteria(int round, const std::filesystem::path& dir = {});

// The ITA rounds (BE) a command line accepts in --round, --from-round and --to-round: defined once so
// `oit new` and `oit check` cannot disagree. The first OIT criteria are of round 2560.
inline constexpr int kFirstRound = 2560;
inline constexpr int kLastRound = 2700;

// The phrase every page `oit new` writes carries until its author replaces the guidance: the generator
// writes it and the checker recognises it from this one constant (compared without `, * and spaces).
inline constexpr std::string_view kOitNewPlaceholderPhrase = "placeholder made by `oit new`";

// Rounds whose criteria are embedded in the binary, ascending.
std::vector<int> embedded_rounds();

// What a command says about the round it uses, one line each: "round 2570 (provisional: criteria data of
// 2026-12-07, written before the NACC published the round's list): fiscal year of 2026-12-07", where `why` says
// how the round was picked; and, when `as_of` is past the round's assessment (after 30 June of the round's
// year), "round 2568 was assessed in 2568; you are checking as of 2026-12-07".
std::vector<std::string> round_notices(const Criteria& c, std::string_view why, const Date& as_of);

// The names used in the criteria files ("A", "round-fy", "first-half", "all-columns").
std::string_view to_string(Grade g);
std::string_view to_string(PeriodRule p);
std::string_view to_string(Coverage c);
std::string_view to_string(ElementCheck c);

}  // namespace oit
