#include "checks/period_evidence.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

using Kind = YearMention::Kind;

struct M {
  int from, to;
  Kind kind;
  std::string text;  // the source bytes of the mention
  bool operator==(const M&) const = default;
};

std::vector<M> mentions(std::string_view text) {
  std::vector<M> out;
  for (const auto& m : find_year_mentions(text))
    out.push_back({m.fy_from, m.fy_to, m.kind, std::string(text.substr(m.offset, m.length))});
  return out;
}

doctest::String toString(const M& m) {
  return (std::to_string(m.from) + ".." + std::to_string(m.to) + " " + std::string(to_string(m.kind)) + " [" + m.text + "]").c_str();
}

using Ms = std::vector<M>;

PeriodSource naming(const char* where, std::string_view text) { return {where, text, true}; }
PeriodSource body(const char* where, std::string_view text) { return {where, text, false}; }

using V = PeriodJudgement::Verdict;

}  // namespace

TEST_CASE("find_dates_in_text reads Thai and ISO dates but not last-update lines") {
  auto d = find_dates_in_text(
      "ข่าววันที่ 15 พ.ย. 2567 และ ๓๐ ก.ย. ๖๘ กับ วันจันทร์ที่ 1 ตุลาคม พ.ศ. 2567 และ 2024-12-05 "
      "ปรับปรุงล่าสุด 31 มีนาคม 2568 โทร 12 มีนาคม 25678 ตัวเลข 32 ธันวาคม 2567");
  REQUIRE(d.size() == 4);
  CHECK(d[0] == Date{2024, 11, 15});
  CHECK(d[1] == Date{2025, 9, 30});
  CHECK(d[2] == Date{2024, 10, 1});
  CHECK(d[3] == Date{2024, 12, 5});
  auto numeric = find_dates_in_text("ลงวันที่ 15/11/2567 และ ๓๐.๙.๒๕๖๗ และ 1-10-2024 ไม่ใช่ 1/2/3/2567 หรือ 10/2567 หรือ 31/02/2568");
  CHECK(numeric == std::vector<Date>{{2024, 11, 15}, {2024, 9, 30}, {2024, 10, 1}});
}

TEST_CASE("find_months_in_text reads months, ranges and ISO months") {
  auto m = find_months_in_text("ข้อมูลเดือนตุลาคม 2567\nพ.ย. 67");
  CHECK(m == std::set<YearMonth>{{2024, 10}, {2024, 11}});
  auto half = find_months_in_text("รอบ 6 เดือน (ตุลาคม 2567 – มีนาคม 2568)");
  CHECK(half.size() == 6);
  CHECK(half.count({2024, 12}) == 1);
  CHECK(half.count({2025, 3}) == 1);
  auto q = find_months_in_text("ไตรมาสที่ 1 (ต.ค. - ธ.ค. 2567)");
  CHECK(q == std::set<YearMonth>{{2024, 10}, {2024, 11}, {2024, 12}});
  auto cross = find_months_in_text("ระหว่างเดือนพฤศจิกายน ถึงเดือนมกราคม ๒๕๖๘");
  CHECK(cross == std::set<YearMonth>{{2024, 11}, {2024, 12}, {2025, 1}});
  CHECK(find_months_in_text("2024-10") == std::set<YearMonth>{{2024, 10}});
  CHECK(find_months_in_text("รายงาน 5/1/2568") == std::set<YearMonth>{{2025, 1}});
  CHECK(find_months_in_text("ปรับปรุงล่าสุด 31 มีนาคม 2568").empty());
  CHECK(find_months_in_text("โทร 02-2024-1012").empty());
}

TEST_CASE("find_dates_in_text: the forms of real pages, in Thai and Arabic digits") {
  CHECK(find_dates_in_text("วันพฤหัสบดีที่ 9 ธันวาคม 2567") == std::vector<Date>{{2024, 12, 9}});
  CHECK(find_dates_in_text("วันจันทร์ที่ ๒๙ ธันวาคม ๒๕๖๘") == std::vector<Date>{{2025, 12, 29}});
  CHECK(find_dates_in_text("ประกาศ ณ วันที่ 25/04/2568") == std::vector<Date>{{2025, 4, 25}});
  CHECK(find_dates_in_text("3 เม.ย. 66") == std::vector<Date>{{2023, 4, 3}});
  CHECK(find_dates_in_text("๓ เม.ย. ๖๖") == std::vector<Date>{{2023, 4, 3}});
  CHECK(find_dates_in_text("อบรม 19–21 กันยายน 2568") == std::vector<Date>{{2025, 9, 19}, {2025, 9, 21}});
  CHECK(find_dates_in_text("30 ธันวาคม 2568 – 5 มกราคม 2569") == std::vector<Date>{{2025, 12, 30}, {2026, 1, 5}});
  CHECK(find_dates_in_text("30 ธ.ค. - 5 ม.ค. 2569") == std::vector<Date>{{2025, 12, 30}, {2026, 1, 5}});
  CHECK(find_dates_in_text("โพสต์เมื่อ มิถุนายน 9, 2026") == std::vector<Date>{{2026, 6, 9}});
  CHECK(find_dates_in_text("16 กุมภาพันธ์ 2025") == std::vector<Date>{{2025, 2, 16}});
  CHECK(find_dates_in_text("Posted June 9, 2026 by admin") == std::vector<Date>{{2026, 6, 9}});
  CHECK(find_dates_in_text("9 Dec. 2024") == std::vector<Date>{{2024, 12, 9}});
  CHECK(find_dates_in_text("ใน\u00A015\u00A0พ.ย.\u00A02567") == std::vector<Date>{{2024, 11, 15}});  // no-break spaces
  CHECK(find_dates_in_text("you may 2025 mayor 12").empty());  // "may" only as a month beside a day
}

TEST_CASE("find_year_mentions: dates and months give the fiscal year containing them") {
  CHECK(mentions("วันพฤหัสบดีที่ 9 ธันวาคม 2567") == Ms{{2568, 2568, Kind::Date, "9 ธันวาคม 2567"}});
  CHECK(mentions("ลงวันที่ ๒๕/๐๔/๒๕๖๘") == Ms{{2568, 2568, Kind::Date, "๒๕/๐๔/๒๕๖๘"}});
  CHECK(mentions("3 เม.ย. 66") == Ms{{2566, 2566, Kind::Date, "3 เม.ย. 66"}});
  CHECK(mentions("19–21 กันยายน 2568") == Ms{{2568, 2568, Kind::Date, "19–21 กันยายน 2568"}});
  CHECK(mentions("30 ธันวาคม 2568 – 5 มกราคม 2569") == Ms{{2569, 2569, Kind::Date, "30 ธันวาคม 2568 – 5 มกราคม 2569"}});
  CHECK(mentions("25 กันยายน 2568 – 5 ตุลาคม 2568") == Ms{{2568, 2569, Kind::Date, "25 กันยายน 2568 – 5 ตุลาคม 2568"}});
  CHECK(mentions("มิถุนายน 9, 2026") == Ms{{2569, 2569, Kind::Date, "มิถุนายน 9, 2026"}});
  CHECK(mentions("June 9, 2026") == Ms{{2569, 2569, Kind::Date, "June 9, 2026"}});
  CHECK(mentions("16 กุมภาพันธ์ 2025") == Ms{{2568, 2568, Kind::Date, "16 กุมภาพันธ์ 2025"}});
  CHECK(mentions("2024-10-15") == Ms{{2568, 2568, Kind::Date, "2024-10-15"}});
  CHECK(mentions("ข้อมูลเดือนตุลาคม ๒๕๖๗") == Ms{{2568, 2568, Kind::Month, "ตุลาคม ๒๕๖๗"}});
  CHECK(mentions("(ตุลาคม 2567 – มีนาคม 2568)") == Ms{{2568, 2568, Kind::Month, "ตุลาคม 2567 – มีนาคม 2568"}});
  CHECK(mentions("ก.ค. 2567 - ธ.ค. 2567") == Ms{{2567, 2568, Kind::Month, "ก.ค. 2567 - ธ.ค. 2567"}});
  CHECK(mentions("ปรับปรุงล่าสุด 31 มีนาคม 2568").empty());  // a last-update line is not dated content
}

TEST_CASE("find_year_mentions: fiscal-year labels, spans and bare years, Thai digits too") {
  CHECK(mentions("ประจำปีงบประมาณ พ.ศ. 2568") == Ms{{2568, 2568, Kind::FiscalYearLabel, "ปีงบประมาณ พ.ศ. 2568"}});
  CHECK(mentions("ประจำปีงบประมาณ 68") == Ms{{2568, 2568, Kind::FiscalYearLabel, "ปีงบประมาณ 68"}});
  CHECK(mentions("ปีงบประมาณ ๒๕๖๘") == Ms{{2568, 2568, Kind::FiscalYearLabel, "ปีงบประมาณ ๒๕๖๘"}});
  CHECK(mentions("ปีงบฯ 2567") == Ms{{2567, 2567, Kind::FiscalYearLabel, "ปีงบฯ 2567"}});
  CHECK(mentions("รายงานประจำปี งบประมาณ พ.ศ. ๒๕๖๗") == Ms{{2567, 2567, Kind::FiscalYearLabel, "งบประมาณ พ.ศ. ๒๕๖๗"}});
  CHECK(mentions("Fiscal Year 2025") == Ms{{2568, 2568, Kind::FiscalYearLabel, "Fiscal Year 2025"}});
  CHECK(mentions("แผน ปีงบประมาณ 2566-2570") == Ms{{2566, 2570, Kind::Span, "ปีงบประมาณ 2566-2570"}});
  CHECK(mentions("แผนพัฒนา 2561–2564") == Ms{{2561, 2564, Kind::Span, "2561–2564"}});
  CHECK(mentions("แผน… ปี ๒๕๖๑ – ๒๕๖๔") == Ms{{2561, 2564, Kind::Span, "๒๕๖๑ – ๒๕๖๔"}});
  CHECK(mentions("พ.ศ. 2566 - 2570") == Ms{{2566, 2570, Kind::Span, "พ.ศ. 2566 - 2570"}});
  CHECK(mentions("พ.ศ. 2566 ถึง 2570") == Ms{{2566, 2570, Kind::Span, "พ.ศ. 2566 ถึง 2570"}});
  CHECK(mentions("ค.ศ. 2019–2022") == Ms{{2562, 2565, Kind::Span, "ค.ศ. 2019–2022"}});
  CHECK(mentions("รายงานประจำปี พ.ศ. 2568") == Ms{{2568, 2568, Kind::BareYear, "พ.ศ. 2568"}});
  CHECK(mentions("รายงาน ๒๕๖๖") == Ms{{2566, 2566, Kind::BareYear, "๒๕๖๖"}});
  CHECK(mentions("คำสั่งที่ 123/2567") == Ms{{2567, 2567, Kind::BareYear, "2567"}});
}

TEST_CASE("find_year_mentions: other eras, history and numbers that only contain a year") {
  CHECK(mentions("ก่อตั้งเมื่อ รศ.124").empty());
  CHECK(mentions("ร.ศ. 2560").empty());       // not a Buddhist-Era year
  CHECK(mentions("จ.ศ. 2560").empty());
  CHECK(mentions("พุทธศักราช 2476").empty());   // BE, but history: no period of today
  CHECK(mentions("ประกาศ 1 มกราคม 2476").empty());
  CHECK(mentions("ปีงบประมาณ 2620").empty());
  CHECK(mentions("ค.ศ. 1990").empty());
  CHECK(mentions("2025").empty());              // a CE year needs its era or a date around it
  CHECK(mentions("โทร 02-2568-1234").empty());
  CHECK(mentions("วงเงิน 2,568,000 บาท หรือ 2568.50 บาท หรือ 125680").empty());
  CHECK(mentions("งบประมาณ 60 ล้านบาท").empty());  // two digits are a year only after "ปีงบ…"
  CHECK(mentions("ISO 2024-10").size() == 1);
}

TEST_CASE("find_year_mentions: offsets point into the source, in order") {
  std::string text = "หัวข้อ ปีงบประมาณ ๒๕๖๘\nประชุม ๑๕ พ.ย. ๒๕๖๗ และ พ.ศ. 2569";
  auto ms = find_year_mentions(text);
  REQUIRE(ms.size() == 3);
  CHECK(text.substr(ms[0].offset, ms[0].length) == "ปีงบประมาณ ๒๕๖๘");
  CHECK(text.substr(ms[1].offset, ms[1].length) == "๑๕ พ.ย. ๒๕๖๗");
  CHECK(ms[1].fy_from == 2568);
  CHECK(text.substr(ms[2].offset, ms[2].length) == "พ.ศ. 2569");
}

TEST_CASE("judge_period: the expected year stated is right; nothing stated is unknown") {
  std::string title = "แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘";
  auto j = judge_period({naming("ชื่อหน้า", title)}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(j.verdict == V::Right);
  CHECK(j.certain);
  CHECK(j.years == std::vector<int>{2568});
  REQUIRE(j.evidence.size() == 1);
  CHECK(j.evidence[0].where == "ชื่อหน้า");
  CHECK(j.evidence[0].quote == title);
  auto none = judge_period({naming("ชื่อหน้า", "แผนปฏิบัติราชการ"), body("เนื้อหา", "รายละเอียดตามเอกสารแนบ")},
                           PeriodRule::RoundFY, 2568, 2568);
  CHECK(none.verdict == V::Unknown);
  CHECK_FALSE(none.certain);
  CHECK(none.evidence.empty());
  CHECK(none.years.empty());
}

TEST_CASE("judge_period: issue 13 case 3 — a 2561–2564 plan fails a span rule in round 2568, with certainty") {
  std::string body_text = "ยุทธศาสตร์และแนวทางการพัฒนา\nแผนพัฒนาองค์กร ปี ๒๕๖๑ – ๒๕๖๔\nวิสัยทัศน์ …";
  auto j = judge_period({naming("หัวข้อ", "แผนพัฒนาองค์กร"), body("เนื้อหาหน้า", body_text)}, PeriodRule::SpansRoundFY, 0, 2568);
  CHECK(j.verdict == V::Wrong);
  CHECK(j.certain);  // the only plan span ended before the round
  CHECK(j.years == std::vector<int>{2561, 2562, 2563, 2564});
  REQUIRE_FALSE(j.evidence.empty());
  CHECK(j.evidence[0].where == "เนื้อหาหน้า");
  CHECK(j.evidence[0].quote.find("๒๕๖๑ – ๒๕๖๔") != std::string::npos);
  // The current plan beside it: right.
  std::string both = body_text + "\nแผนพัฒนาองค์กร พ.ศ. 2566 - 2570";
  CHECK(judge_period({body("เนื้อหาหน้า", both)}, PeriodRule::SpansRoundFY, 0, 2568).verdict == V::Right);
  // A span plan listing its yearly targets is still the plan of the round.
  std::string yearly = "แผน 2566-2570\nปีงบประมาณ 2566 เป้าหมาย ก\nปีงบประมาณ 2567 เป้าหมาย ข\nปีงบประมาณ 2569 เป้าหมาย ค";
  CHECK(judge_period({body("เนื้อหาหน้า", yearly)}, PeriodRule::SpansRoundFY, 0, 2568).verdict == V::Right);
  // Dates say nothing of a plan's span.
  CHECK(judge_period({body("เนื้อหาหน้า", "อนุมัติ 30 กันยายน 2565 และ 1 ตุลาคม 2565")}, PeriodRule::SpansRoundFY, 0, 2568).verdict ==
        V::Unknown);
}

TEST_CASE("judge_period: issue 13 case 4 — a 2565 No Gift page fails in round 2568, with certainty") {
  std::string heading = "ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ พ.ศ. ๒๕๖๕";
  auto j = judge_period({naming("หัวข้อ", heading), body("เนื้อหาหน้า", heading + "\nประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๔")},
                        PeriodRule::RoundFY, 2568, 2568);
  CHECK(j.verdict == V::Wrong);
  CHECK(j.certain);
  CHECK(j.years == std::vector<int>{2565});
  CHECK(j.evidence[0].where == "หัวข้อ");
  // The same in body text only: two statements, all of another year.
  auto b = judge_period({body("เนื้อหาหน้า", "นโยบายไม่รับของขวัญ ปีงบประมาณ 2565\nประกาศ ณ วันที่ 1 ตุลาคม 2564")},
                        PeriodRule::RoundFY, 2568, 2568);
  CHECK(b.verdict == V::Wrong);
  CHECK(b.certain);
  // One body statement alone: wrong, but not certain.
  auto one = judge_period({body("เนื้อหาหน้า", "ประกาศ ณ วันที่ 1 ตุลาคม 2564")}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(one.verdict == V::Wrong);
  CHECK_FALSE(one.certain);
  // A bare year alone is weak: never certain.
  auto bare = judge_period({naming("หัวข้อ", "รายงาน 2565"), body("เนื้อหาหน้า", "พ.ศ. 2565 พ.ศ. 2565")}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(bare.verdict == V::Wrong);
  CHECK_FALSE(bare.certain);
}

TEST_CASE("judge_period: a stray mention never decides") {
  // A FY2568 page that mentions next year's plan once.
  std::string page = "ข่าวกิจกรรม ประชุม 15 พ.ย. 2567\nอบรม 19–21 กุมภาพันธ์ 2568\nเตรียมแผนปีงบประมาณ 2569";
  auto j = judge_period({naming("หัวข้อ", "ข่าวกิจกรรม"), body("เนื้อหาหน้า", page)}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(j.verdict == V::Right);
  CHECK_FALSE(j.certain);  // the stray year is there
  // Labelled: the majority of labels decides.
  std::string labelled = "ผลการดำเนินงานปีงบประมาณ 2568\nสรุปปีงบประมาณ 2568\nแผนปีงบประมาณ 2569";
  CHECK(judge_period({body("เนื้อหาหน้า", labelled)}, PeriodRule::RoundFY, 2568, 2568).verdict == V::Right);
  // The naming statement decides over body text.
  auto named = judge_period({naming("ชื่อหน้า", "รายงาน ปีงบประมาณ 2568"), body("เนื้อหาหน้า", "เทียบกับปีงบประมาณ 2567 และปีงบประมาณ 2566")},
                            PeriodRule::RoundFY, 2568, 2568);
  CHECK(named.verdict == V::Right);
  // Last year's page that mentions the current year once: still wrong.
  std::string old_page = "ผลการดำเนินงานปีงบประมาณ 2567\nสรุปปีงบประมาณ 2567\nแผนปีงบประมาณ 2568";
  auto w = judge_period({body("เนื้อหาหน้า", old_page)}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(w.verdict == V::Wrong);
  CHECK_FALSE(w.certain);
  // One against, one for, nothing else: a person must look.
  auto c = judge_period({body("เนื้อหาหน้า", "ปีงบประมาณ 2567 และ ปีงบประมาณ 2568")}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(c.verdict == V::Unknown);
  CHECK(c.evidence.size() == 2);
  // A page listing earlier years' documents beside this year's (an archive): right, though not certain.
  auto archive = judge_period({naming("ข้อความลิงก์", "รายงาน ปีงบประมาณ 2566"), naming("ข้อความลิงก์", "รายงาน ปีงบประมาณ 2567"),
                               naming("ข้อความลิงก์", "รายงาน ปีงบประมาณ 2568")},
                              PeriodRule::RoundFY, 2568, 2568);
  CHECK(archive.verdict == V::Right);
  CHECK_FALSE(archive.certain);
  CHECK(archive.years == std::vector<int>{2566, 2567, 2568});
  REQUIRE(archive.evidence.size() == 1);
  CHECK(archive.evidence[0].quote == "รายงาน ปีงบประมาณ 2568");
  // The archive without this year's document: wrong, and certain.
  auto old_only = judge_period({naming("ข้อความลิงก์", "รายงาน ปีงบประมาณ 2566"), naming("ข้อความลิงก์", "รายงาน ปีงบประมาณ 2567")},
                               PeriodRule::RoundFY, 2568, 2568);
  CHECK(old_only.verdict == V::Wrong);
  CHECK(old_only.certain);
}

TEST_CASE("judge_period: a previous-year report is not held to its publication dates") {
  std::string report = "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567\nเสนอ ณ วันที่ 15 ตุลาคม 2567\nอนุมัติ 20 พ.ย. 2567";
  auto j = judge_period({naming("เอกสาร หน้า 1", report)}, PeriodRule::PreviousFY, 2567, 2568);
  CHECK(j.verdict == V::Right);
  CHECK(j.certain);
  // Dates only, after the year: nothing to judge by.
  auto d = judge_period({body("เนื้อหาหน้า", "เผยแพร่ 15 ตุลาคม 2567, 3 ธ.ค. 67")}, PeriodRule::PreviousFY, 2567, 2568);
  CHECK(d.verdict == V::Unknown);
  // Dates inside the year count.
  auto in = judge_period({body("เนื้อหาหน้า", "ผลการดำเนินงาน 1 ธันวาคม 2566 และ 5 มีนาคม 2567")}, PeriodRule::PreviousFY, 2567, 2568);
  CHECK(in.verdict == V::Right);
  // A report of two years before: wrong, certain.
  auto old = judge_period({naming("ชื่อหน้า", "รายงานผล ปีงบประมาณ 2566")}, PeriodRule::PreviousFY, 2567, 2568);
  CHECK(old.verdict == V::Wrong);
  CHECK(old.certain);
}

TEST_CASE("judge_period: labels before dates, dates before bare years; a heading read twice counts once") {
  // An FY2568 plan approved in FY2567: the label decides, not the approval dates.
  std::string plan = "แผนปฏิบัติราชการ ประจำปีงบประมาณ 2568\nอนุมัติ 20 กันยายน 2567\nประกาศ 25 กันยายน 2567";
  auto j = judge_period({naming("หน้า 1", plan)}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(j.verdict == V::Right);
  CHECK_FALSE(j.certain);
  CHECK(j.years == std::vector<int>{2568});
  // Dates before bare years.
  auto d = judge_period({body("เนื้อหาหน้า", "รายงาน 2567\nประชุม 15 พ.ย. 2567\nอบรม 3 ก.พ. 2568")}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(d.verdict == V::Right);
  // A heading is also in the page's text: one statement, not two, so not certain on its own... but a
  // label in a naming text is certain anyway; a date heading twice is one statement.
  std::string h = "กิจกรรม 1 ตุลาคม 2564";
  auto once = judge_period({naming("หัวข้อ", h), body("เนื้อหาหน้า", h)}, PeriodRule::RoundFY, 2568, 2568);
  CHECK(once.verdict == V::Wrong);
  CHECK_FALSE(once.certain);
  CHECK(once.evidence.size() == 1);
}

TEST_CASE("find_year_mentions: a large hostile text is read in one pass") {
  // 2 MB of dates, month names followed by long whitespace runs, digit runs and dashes: linear work.
  std::string text;
  while (text.size() < (2u << 20)) {
    text += "15 พ.ย. 2567 ";
    text += "ตุลาคม" + std::string(2000, ' ');
    text += std::string(300, '9') + "-" + std::string(50, '-') + "2568-2569 ";
    text += "ปีงบประมาณ ปีงบประมาณ 2568\n";
  }
  auto ms = find_year_mentions(text);
  size_t dates = 0, labels = 0, spans = 0;
  for (const auto& m : ms) {
    REQUIRE(m.offset + m.length <= text.size());
    dates += m.kind == Kind::Date;
    labels += m.kind == Kind::FiscalYearLabel;
    spans += m.kind == Kind::Span;
  }
  size_t blocks = (text.size() + 1) / (std::string("15 พ.ย. 2567 ").size() + std::string("ตุลาคม").size() + 2000 + 300 + 51 + 10 +
                                        std::string("ปีงบประมาณ ปีงบประมาณ 2568\n").size());
  CHECK(dates == blocks);
  CHECK(labels == blocks);
  CHECK(spans == blocks);
  CHECK(find_dates_in_text(text).size() == blocks);
}
