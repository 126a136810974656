// Which period a disclosure is about, read from every text in scope as an assessor reads it: fiscal-year
// labels and plan spans first, then dates and months, then bare years; titles, headings and a document's
// first page before body text; a stray mention (next year's plan on a current page) never deciding.
// Pure logic: the audit labels its texts (where each comes from, whether it names the subject) and
// turns the judgement into findings. Fiscal-year arithmetic stays in core/thai_date.
//
// Forms read (Thai or Arabic digits everywhere, dropped no-break and zero-width spaces): "15 พ.ย. 2567",
// "วันพฤหัสบดีที่ 9 ธันวาคม 2567", "3 เม.ย. 66", "25/04/2568", "2024-10-15", "19–21 กันยายน 2568",
// "30 ธันวาคม 2568 – 5 มกราคม 2569", "มิถุนายน 9, 2026", "16 กุมภาพันธ์ 2025", "June 9, 2026",
// "ตุลาคม 2567 – มีนาคม 2568", "ปีงบประมาณ พ.ศ. 2568", "ประจำปีงบประมาณ 68", "ปีงบประมาณ 2566-2570",
// "2561–2564", "พ.ศ. 2566 - 2570", "พ.ศ. 2568". Other eras ("ร.ศ. 124", "จ.ศ.", "ม.ศ.") are never read as
// years, and for period purposes only years 2540–2600 BE (1997–2057 CE) count ("พุทธศักราช 2476" is history).
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/criteria.h"
#include "core/thai_date.h"

namespace oit {

// Dated content in free text: Thai dates ("15 พ.ย. 2567", "๓๐ ก.ย. ๖๘", "มิถุนายน 9, 2026"), English
// dates ("June 9, 2026"), numeric and ISO dates, both ends of a range; skipping dates that follow
// "ปรับปรุง"/"แก้ไขล่าสุด" (a page's last-update line is not dated content).
std::vector<Date> find_dates_in_text(std::string_view text);
// Months named in free text: Thai month + year ("ตุลาคม 2567", "ต.ค. 67"), month ranges
// ("ตุลาคม 2567 – มีนาคม 2568", "ต.ค. - ธ.ค. 2567" every month between), dates, "2024-10".
std::set<YearMonth> find_months_in_text(std::string_view text);

struct YearMention {
  int fy_from = 0, fy_to = 0;  // fiscal years (BE), inclusive
  // Strongest first: a label or a span states the period; a date or a month is dated content; a bare year
  // ("พ.ศ. 2568", "รายงาน 2568") is a calendar year, read as that fiscal year, and weak.
  enum class Kind { FiscalYearLabel, Span, Date, Month, BareYear } kind = Kind::BareYear;
  size_t offset = 0, length = 0;  // bytes of the source text
};

// Every period the text states, in order of appearance. A date (or a date range) → the fiscal year(s)
// containing it; a month (range) likewise; "ปีงบประมาณ 2568" → 2568; "2561–2564" → 2561..2564.
std::vector<YearMention> find_year_mentions(std::string_view text);

std::string_view to_string(YearMention::Kind k);

struct PeriodSource {
  std::string where;      // for people: "หัวข้อ", "เนื้อหาหน้า", "https://…/plan.pdf หน้า 1"
  std::string_view text;  // must outlive the judgement
  // A text that names the subject: title, heading, caption, link text, table header, a document's
  // first page. Its statements weigh more than body text.
  bool naming = false;
};

struct PeriodFinding {
  YearMention mention;
  std::string where;
  std::string quote;  // the source around the mention, at most 120 characters
};

struct PeriodJudgement {
  enum class Verdict { Right, Wrong, Unknown } verdict = Verdict::Unknown;
  // Right: nothing dated or labelled contradicts it. Wrong: every dated or labelled statement is for another
  // fiscal year and there are enough of them (a label or span in a naming text, two statements, or a plan
  // span that ended before the expected year) — a failure whatever the rule's grade.
  bool certain = false;
  std::vector<PeriodFinding> evidence;  // what decided, the strongest first (both sides when they conflict)
  // Fiscal years the texts state, ascending: of the labels and spans when there are any, else of the dates
  // and months, else of the bare years (spans expanded).
  std::vector<int> years;
};

// expected_fy: the fiscal year the rule asks for (RoundFY: round; PreviousFY: round - 1; SpansRoundFY: round).
// PreviousFY: dates after the expected year are the report's own publication and count neither way.
// SpansRoundFY: a span including the round, or a label of the round's year, is right; dates say nothing
// about a plan's span.
PeriodJudgement judge_period(const std::vector<PeriodSource>& sources, PeriodRule rule, int expected_fy, int round);

}  // namespace oit
