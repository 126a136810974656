#include "core/thai_date.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
Date iso(std::string_view s) {
  auto r = parse_iso_date(s);
  if (!r.ok()) FAIL(r.error().message);
  return *r;
}
std::string iso_error(std::string_view s) {
  auto r = parse_iso_date(s);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().pos.file.empty());
  CHECK_FALSE(r.error().hint.empty());
  return r.error().message;
}
}  // namespace

TEST_CASE("is_valid_date knows leap years and month lengths") {
  CHECK(is_valid_date(2024, 2, 29));
  CHECK_FALSE(is_valid_date(2025, 2, 29));
  CHECK(is_valid_date(2000, 2, 29));
  CHECK_FALSE(is_valid_date(1900, 2, 29));
  CHECK(is_valid_date(2025, 1, 31));
  CHECK_FALSE(is_valid_date(2025, 4, 31));
  CHECK(is_valid_date(2025, 12, 31));
  CHECK_FALSE(is_valid_date(2025, 13, 1));
  CHECK_FALSE(is_valid_date(2025, 0, 1));
  CHECK_FALSE(is_valid_date(2025, 1, 0));
}

TEST_CASE("parse_iso_date reads dates and says why a date is wrong") {
  CHECK(iso("2025-03-31") == Date{2025, 3, 31});
  CHECK(iso("  2024-02-29 ") == Date{2024, 2, 29});
  CHECK(iso("๒๐๒๕-๐๓-๓๑") == Date{2025, 3, 31});
  CHECK(iso_error("2025-13-01") == "month 13 does not exist");
  CHECK(iso_error("2025-02-29") == "29 February 2025 does not exist: 2025 is not a leap year");
  CHECK(iso_error("2025-04-31") == "31 April 2025 does not exist: April has 30 days");
  CHECK(iso_error("2025-04-00") == "day 0 does not exist");
  CHECK(iso_error("31/03/2025").starts_with("expected YYYY-MM-DD"));
  CHECK(iso_error("2025-3-31").starts_with("expected YYYY-MM-DD"));
  CHECK(iso_error("").starts_with("expected YYYY-MM-DD"));
  CHECK(iso_error("2025-03-31x").starts_with("expected YYYY-MM-DD"));
  CHECK(iso_error("2568-03-31") == "year 2568 looks like a Buddhist-Era year");
  CHECK(parse_iso_date("2568-03-31").error().hint.find("2025") != std::string::npos);
}

TEST_CASE("parse_iso_date turns date-times into the calendar day in Bangkok") {
  CHECK(iso("2025-03-31T16:59:59Z") == Date{2025, 3, 31});
  CHECK(iso("2025-03-31T17:00:00Z") == Date{2025, 4, 1});  // 00:00 in Bangkok
  CHECK(iso("2025-03-31T20:00Z") == Date{2025, 4, 1});
  CHECK(iso("2025-03-31T23:30:00Z") == Date{2025, 4, 1});
  CHECK(iso("2024-12-31T23:30:00Z") == Date{2025, 1, 1});  // crosses the year
  CHECK(iso("2024-09-30T18:00:00Z") == Date{2024, 10, 1});  // and the fiscal year
  CHECK(iso("2025-03-31T23:30:00+07:00") == Date{2025, 3, 31});
  CHECK(iso("2025-03-31T00:30:00+09:00") == Date{2025, 3, 30});
  CHECK(iso("2025-03-31T20:00:00-05:00") == Date{2025, 4, 1});
  CHECK(iso("2025-03-31T10:00:00.123+0700") == Date{2025, 3, 31});
  CHECK(iso("2025-03-31 10:00") == Date{2025, 3, 31});
  CHECK(iso("2025-03-31 23:59") == Date{2025, 3, 31});  // no offset: Bangkok local time
  CHECK(iso("2025-03-01T01:00:00+08:00") == Date{2025, 3, 1});
  CHECK(iso("2025-03-01T00:30:00+08:00") == Date{2025, 2, 28});
  CHECK(iso("2024-03-01T00:30:00+08:00") == Date{2024, 2, 29});
  CHECK(iso_error("2025-03-31T25:00") == "hour 25 does not exist");
  CHECK(iso_error("2025-03-31T10:61") == "minute 61 does not exist");
  CHECK(iso_error("2025-03-31T10").starts_with("expected a time HH:MM"));
  CHECK(iso_error("2025-03-31T10:00+7").starts_with("expected a UTC offset"));
  CHECK(iso_error("2025-03-31T10:00:00Zjunk").starts_with("unexpected text after the time"));
}

TEST_CASE("parse_year_month and to_iso") {
  CHECK(parse_year_month("2024-12") == YearMonth{2024, 12});
  CHECK(parse_year_month("๒๐๒๔-๐๑") == YearMonth{2024, 1});
  CHECK_FALSE(parse_year_month("2024-13"));
  CHECK_FALSE(parse_year_month("2024-1"));
  CHECK_FALSE(parse_year_month("2024-12-01"));
  CHECK_FALSE(parse_year_month("2567-12"));
  CHECK(to_iso(Date{2025, 3, 1}) == "2025-03-01");
  CHECK(to_iso(Date{987, 12, 31}) == "0987-12-31");
}

TEST_CASE("fiscal year and quarters at their edges") {
  CHECK(be_year(2025) == 2568);
  CHECK(ce_year(2568) == 2025);
  CHECK(fiscal_year_be({2024, 9, 30}) == 2567);
  CHECK(fiscal_year_be({2024, 10, 1}) == 2568);
  CHECK(fiscal_year_be({2025, 9, 30}) == 2568);
  CHECK(fiscal_year_be({2025, 1, 1}) == 2568);
  CHECK(fiscal_quarter({2024, 10, 1}) == 1);
  CHECK(fiscal_quarter({2024, 12, 31}) == 1);
  CHECK(fiscal_quarter({2025, 1, 1}) == 2);
  CHECK(fiscal_quarter({2025, 3, 31}) == 2);
  CHECK(fiscal_quarter({2025, 4, 1}) == 3);
  CHECK(fiscal_quarter({2025, 6, 30}) == 3);
  CHECK(fiscal_quarter({2025, 7, 1}) == 4);
  CHECK(fiscal_quarter({2025, 9, 30}) == 4);
  CHECK(fiscal_year_start(2568) == Date{2024, 10, 1});
  CHECK(fiscal_year_end(2568) == Date{2025, 9, 30});
  CHECK(fiscal_year_be(fiscal_year_start(2568)) == 2568);
  CHECK(fiscal_year_be(add_days(fiscal_year_start(2568), -1)) == 2567);
  const auto half = fiscal_first_half_months(2568);
  REQUIRE(half.size() == 6);
  CHECK(half.front() == YearMonth{2024, 10});
  CHECK(half[2] == YearMonth{2024, 12});
  CHECK(half[3] == YearMonth{2025, 1});
  CHECK(half.back() == YearMonth{2025, 3});
}

TEST_CASE("Thai month names and dates") {
  CHECK(thai_month_name(3, false) == "มีนาคม");
  CHECK(thai_month_name(3, true) == "มี.ค.");
  CHECK(thai_month_name(1, false) == "มกราคม");
  CHECK(thai_month_name(12, true) == "ธ.ค.");
  CHECK(thai_month_name(0, false).empty());
  CHECK(thai_month_name(13, true).empty());
  CHECK(thai_date_long({2025, 3, 31}) == "31 มีนาคม 2568");
  CHECK(thai_date_long({2025, 3, 31}, true) == "๓๑ มีนาคม ๒๕๖๘");
  CHECK(thai_date_short({2025, 3, 31}) == "31 มี.ค. 2568");
  CHECK(thai_date_short({2024, 10, 1}, true) == "๑ ต.ค. ๒๕๖๗");
  CHECK(thai_year_month({2024, 12}) == "ธันวาคม 2567");
  CHECK(thai_year_month({2024, 12}, true) == "ธันวาคม ๒๕๖๗");
}

TEST_CASE("Thai digits both ways") {
  CHECK(to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙");
  CHECK(to_thai_digits("พ.ศ. 2568, 1,234.50 บาท") == "พ.ศ. ๒๕๖๘, ๑,๒๓๔.๕๐ บาท");
  CHECK(to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789");
  CHECK(to_arabic_digits("ปี ๒๕๖๘ and 2567") == "ปี 2568 and 2567");
  CHECK(to_arabic_digits("ก") == "ก");  // other Thai letters share the E0 B8/B9 prefix
  CHECK(to_arabic_digits("\xE0\xB9") == "\xE0\xB9");  // truncated sequence is left alone
  CHECK(to_arabic_digits(to_thai_digits("31 มี.ค. 2568")) == "31 มี.ค. 2568");
}

TEST_CASE("parse_thai_date reads the forms Thai documents use") {
  CHECK(parse_thai_date("31 มีนาคม 2568") == Date{2025, 3, 31});
  CHECK(parse_thai_date("๓๐ ก.ย. ๖๘") == Date{2025, 9, 30});
  CHECK(parse_thai_date("วันจันทร์ที่ 1 ตุลาคม พ.ศ. 2567") == Date{2024, 10, 1});  // weekday is not checked
  CHECK(parse_thai_date("วันที่ 1 ต.ค. 2567") == Date{2024, 10, 1});
  CHECK(parse_thai_date("ณ วันที่ ๑๕ พฤศจิกายน ๒๕๖๗") == Date{2024, 11, 15});
  CHECK(parse_thai_date("วันพฤหัสบดีที่ 2 มกราคม 2568") == Date{2025, 1, 2});
  CHECK(parse_thai_date("1 ม.ค.68") == Date{2025, 1, 1});
  CHECK(parse_thai_date("1 มค 2568") == Date{2025, 1, 1});
  CHECK(parse_thai_date("01 ก. พ. 2568") == Date{2025, 2, 1});
  CHECK(parse_thai_date("29 กุมภาพันธ์ 2567") == Date{2024, 2, 29});
  CHECK(parse_thai_date("12 ธ.ค. พ.ศ.2567") == Date{2024, 12, 12});
  CHECK(parse_thai_date("1 ตุลาคม ค.ศ. 2024") == Date{2024, 10, 1});
  CHECK(parse_thai_date("1 ตุลาคม 2024") == Date{2024, 10, 1});
  CHECK(parse_thai_date("  5 มิ.ย. 2568\u00a0") == Date{2025, 6, 5});
  CHECK_FALSE(parse_thai_date("29 กุมภาพันธ์ 2568"));  // 2025 is not a leap year
  CHECK_FALSE(parse_thai_date("31 เมษายน 2568"));
  CHECK_FALSE(parse_thai_date("มีนาคม 2568"));
  CHECK_FALSE(parse_thai_date("31 มีนาคม"));
  CHECK_FALSE(parse_thai_date("31 มีนาคม 568"));
  CHECK_FALSE(parse_thai_date("1 ตุลาคม พ.ศ. 2024"));
  CHECK_FALSE(parse_thai_date("31 มีนาคม 2568 เวลา 10.00 น."));
  CHECK_FALSE(parse_thai_date("123 มีนาคม 2568"));
  CHECK_FALSE(parse_thai_date(""));
}

TEST_CASE("find_be_years finds years and skips numbers that only contain them") {
  using V = std::vector<int>;
  CHECK(find_be_years("รายงานประจำปี พ.ศ. ๒๕๖๗ และปีงบประมาณ 2568") == V{2567, 2568});
  CHECK(find_be_years("แผนปฏิบัติราชการ พ.ศ.2566-2570") == V{2566, 2570});
  CHECK(find_be_years("ปี 2566 – 2570") == V{2566, 2570});
  CHECK(find_be_years("2568 2567 2568") == V{2568, 2567});
  CHECK(find_be_years("ปี 2566,2567") == V{2566, 2567});
  CHECK(find_be_years("ลงวันที่ 1/10/2567") == V{2567});
  CHECK(find_be_years("ลงวันที่ 1.10.2567") == V{2567});
  CHECK(find_be_years("2567-10-01") == V{2567});
  CHECK(find_be_years("1 ตุลาคม 2567 เวลา 10.30 น.") == V{2567});
  CHECK(find_be_years("ปี 2567 10 โครงการ") == V{2567});
  CHECK(find_be_years("ปี 2399 และ 2701 และ 2024").empty());
  CHECK(find_be_years("โทร 02-567-2567").empty());
  CHECK(find_be_years("โทร 0 2567 8900").empty());
  CHECK(find_be_years("โทร 025672567").empty());
  CHECK(find_be_years("โทร 081 234 2567").empty());
  CHECK(find_be_years("โทร +66 2567 8900").empty());
  CHECK(find_be_years("เลขที่โครงการ 67019256712").empty());  // e-GP numbers have 11 digits
  CHECK(find_be_years("เลขที่โครงการ ๖๗๐๑๙๒๕๖๗๑๒").empty());
  CHECK(find_be_years("ราคา 12,567 บาท").empty());
  CHECK(find_be_years("ราคา 2,567 บาท").empty());
  CHECK(find_be_years("ราคา 2567.50 บาท").empty());
  CHECK(find_be_years("ราคา 2567,000 บาท").empty());
  CHECK(find_be_years("ร้อยละ 1.2567").empty());
  CHECK(find_be_years("").empty());
}

TEST_CASE("find_fiscal_years reads years after budget words and expands ranges") {
  using V = std::vector<int>;
  CHECK(find_fiscal_years("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568") == V{2568});
  CHECK(find_fiscal_years("ปีงบประมาณ ๒๕๖๗") == V{2567});
  CHECK(find_fiscal_years("ปีงบ 68") == V{2568});
  CHECK(find_fiscal_years("ปีงบประมาณ 2566-2570") == V{2566, 2567, 2568, 2569, 2570});
  CHECK(find_fiscal_years("ปีงบประมาณ พ.ศ. 2566 – 2568") == V{2566, 2567, 2568});
  CHECK(find_fiscal_years("ปีงบประมาณ 2566 ถึง ปีงบประมาณ 2567") == V{2566, 2567});
  CHECK(find_fiscal_years("ปีงบประมาณ 2566-70") == V{2566, 2567, 2568, 2569, 2570});
  CHECK(find_fiscal_years("งบประมาณ พ.ศ. 2567 และปีงบประมาณ 2568 และปีงบประมาณ 2567") == V{2567, 2568});
  CHECK(find_fiscal_years("งบประมาณ 2500 บาท").empty());
  CHECK(find_fiscal_years("งบประมาณ 2,567,000 บาท").empty());
  CHECK(find_fiscal_years("งบประมาณ 68 ล้านบาท").empty());
  CHECK(find_fiscal_years("ปีงบประมาณ 2568.5").empty());
  CHECK(find_fiscal_years("ปีงบประมาณ 2568-2566") == V{2568});  // a backwards range is not a range
  CHECK(find_fiscal_years("พ.ศ. 2568").empty());  // a year without a budget word
  CHECK(find_fiscal_years("ปีงบประมาณถัดไป").empty());
}

TEST_CASE("format_number groups thousands and rounds") {
  CHECK(format_number("1234567.5", 2) == "1,234,567.50");
  CHECK(format_number("1234567.5") == "1,234,567.5");
  CHECK(format_number("1234567") == "1,234,567");
  CHECK(format_number("-1234.567", 2) == "-1,234.57");
  CHECK(format_number("999.995", 2) == "1,000.00");
  CHECK(format_number("0.004", 2) == "0.00");
  CHECK(format_number("-0.004", 2) == "0.00");
  CHECK(format_number("2.5", 0) == "3");
  CHECK(format_number("1,234,567.891", 1) == "1,234,567.9");
  CHECK(format_number("๑๒๓๔๕.๖", 2) == "12,345.60");
  CHECK(format_number(" 500000 ") == "500,000");
  CHECK(format_number("007") == "7");
  CHECK(format_number("100") == "100");
  CHECK(format_number("123456789012345678901234567890") == "123,456,789,012,345,678,901,234,567,890");
  CHECK_FALSE(format_number(""));
  CHECK_FALSE(format_number("-"));
  CHECK_FALSE(format_number("12,34"));
  CHECK_FALSE(format_number("1234,567"));
  CHECK_FALSE(format_number("1.2.3"));
  CHECK_FALSE(format_number("1."));
  CHECK_FALSE(format_number(".5"));
  CHECK_FALSE(format_number("12 บาท"));
  CHECK_FALSE(format_number("1e6"));
}

TEST_CASE("day arithmetic and today") {
  CHECK(add_days({2024, 2, 28}, 1) == Date{2024, 2, 29});
  CHECK(add_days({2025, 2, 28}, 1) == Date{2025, 3, 1});
  CHECK(add_days({2024, 12, 31}, 1) == Date{2025, 1, 1});
  CHECK(add_days({2025, 1, 1}, -1) == Date{2024, 12, 31});
  CHECK(days_between({2024, 10, 1}, {2025, 9, 30}) == 364);
  CHECK(days_between({2023, 10, 1}, {2024, 9, 30}) == 365);  // FY2567 holds 29 Feb 2024
  CHECK(days_between({2025, 3, 31}, {2025, 3, 1}) == -30);
  CHECK(days_between({1970, 1, 1}, {2000, 3, 1}) == 11017);
  const Date today = today_bangkok();
  CHECK(is_valid_date(today.year, today.month, today.day));
  CHECK(today.year >= 2025);
}

TEST_CASE("English dates and fiscal years for the /en/ pages are Common Era") {
  CHECK(english_date_long({2025, 3, 31}) == "31 March 2025");
  CHECK(english_date_long({2024, 10, 1}) == "1 October 2024");
  CHECK(english_fiscal_year(2568) == "2025 (B.E. 2568)");
  CHECK(english_fiscal_year(fiscal_year_be({2024, 10, 1})) == "2025 (B.E. 2568)");
}
