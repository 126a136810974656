#include "checks/structure_evidence.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {
const std::vector<std::string> kStepWords = {"ขั้นตอน", "วิธีการขอรับบริการ"};
const std::vector<std::string> kPositions = {"ผู้อำนวยการ", "อธิบดี", "ปลัด", "นายกเทศมนตรี", "นายกองค์การบริหารส่วน",
                                             "อธิการบดี", "เลขาธิการ", "ผู้ว่าราชการจังหวัด"};
}  // namespace

TEST_CASE("steps: a numbered list without the word ขั้นตอน (issue 13 case 7)") {
  std::string page =
      "คู่มือการขอรับบริการ การขออนุญาตใช้สถานที่\n"
      "1. ยื่นคำขอพร้อมเอกสารที่งานธุรการ\n"
      "2. เจ้าหน้าที่ตรวจสอบภายใน 2 วันทำการ\n"
      "3. แจ้งผลการพิจารณาทางโทรศัพท์หรืออีเมล\n";
  auto found = find_steps({}, false, page, kStepWords);
  REQUIRE(found);
  CHECK(found->find("ยื่นคำขอ") != std::string::npos);
  CHECK(found->size() <= 120 + 3);
  // Thai digits and "(1)" markers, and "ขั้นตอนที่ 1" lines broken by a PDF in the middle of a word.
  CHECK(find_steps({}, false, "๑. ยื่นคำขอ\n๒. ตรวจสอบเอกสาร\n๓. แจ้งผล", kStepWords));
  CHECK(find_steps({}, false, "(1) ยื่นคำขอ\n(2) ตรวจสอบเอกสาร\n(3) แจ้งผลการพิจารณา", kStepWords));
  CHECK(find_steps({}, false, "ขัน\n ้ ตอนที่ 1 รับคำขอและลงทะเบียน\nขัน ้ ตอนที่ 2 ตรวจสอบความครบถ้ว น", kStepWords));
  // Two items are enough after a step word; a wrapped item does not break the run.
  CHECK(find_steps({}, false, "ขั้นตอนการขอรับบริการ\n1) ยื่นคำขอ\nพร้อมสำเนาบัตร\n2) รับผลภายใน 3 วัน", kStepWords));
}

TEST_CASE("steps: what is not a list of steps") {
  CHECK_FALSE(find_steps({}, false, "มีขั้นตอนการปฏิบัติงาน", kStepWords));              // a keyword alone
  CHECK_FALSE(find_steps({}, false, "1. ยื่นคำขอ\n2. ตรวจสอบ", kStepWords));           // two items, no step word
  CHECK_FALSE(find_steps({}, false, "2568. แผน\n2569. แผน\n2570. แผน", kStepWords));   // years are not markers
  CHECK_FALSE(find_steps({}, false, "1.5 ล้านบาท\n2.5 ล้านบาท\n3.5 ล้านบาท", kStepWords));
  CHECK_FALSE(find_steps({}, false, "1. ยื่นคำขอ\n3. แจ้งผลการพิจารณา\n5. ปิดเรื่องงาน", kStepWords));  // not consecutive
}

TEST_CASE("steps: HTML lists and tables") {
  CHECK(find_steps({"ยื่นคำขอ", "ตรวจสอบเอกสาร"}, true, "", kStepWords));
  CHECK_FALSE(find_steps({"ยื่นคำขอ", "ตรวจสอบเอกสาร"}, false, "ข่าวประชาสัมพันธ์", kStepWords));
  CHECK(find_steps({"ยื่นคำขอ", "ตรวจสอบเอกสาร"}, false, "ขั้นตอนการขอรับบริการ", kStepWords));
  CHECK(find_steps({}, false, "ขั้นตอนการขอรับบริการ\n- ยื่นคำขอ\n- รับผล", kStepWords));
  CHECK(find_steps_table({"ขั้นตอน", "งาน", "ระยะเวลา"}, {{"1", "รับคำขอ", "1 วัน"}, {"2", "ตรวจสอบ", "2 วัน"}}, kStepWords));
  CHECK_FALSE(find_steps_table({"ที่", "งาน"}, {{"1", "รับคำขอ"}, {"2", "ตรวจสอบ"}}, kStepWords));
  CHECK_FALSE(find_steps_table({"ขั้นตอน"}, {{"1"}}, kStepWords));  // one row is not steps
}

TEST_CASE("monthly table: a row or column per month") {
  CHECK(find_monthly_table({"เดือน", "ต.ค. 67", "พ.ย. 67", "ธ.ค. 67"}, {{"จำนวนเรื่อง", "0", "1", "0"}}));
  auto rows = find_monthly_table({"เดือน", "ทั้งหมด", "ดำเนินการแล้วเสร็จ"},
                                 {{"ตุลาคม 2567", "0", "0"}, {"พฤศจิกายน 2567", "1", "1"}, {"เดือนธันวาคม 2567", "0", "0"}});
  REQUIRE(rows);
  CHECK(rows->find("ตุลาคม 2567") != std::string::npos);
  CHECK_FALSE(find_monthly_table({"ไตรมาส 1", "ไตรมาส 2"}, {{"1", "2"}}));
  CHECK_FALSE(find_monthly_table({"ต.ค. 67", "ต.ค. 67", "ตุลาคม"}, {}));  // one month three times
  CHECK(find_monthly_lines("สถิติเรื่องร้องเรียน\nต.ค. 67 0 0 0\nพ.ย. 67 1 1 0\nธ.ค. 67 0 0 0\n"));
  CHECK_FALSE(find_monthly_lines("ประกาศ ณ วันที่ 1 ตุลาคม 2567"));
}

TEST_CASE("chart: an image near chart words") {
  auto c = find_chart_image({"ภาพกิจกรรม", "แผนผังโครงสร้างองค์กร"}, {"แผนผัง", "โครงสร้าง", "แผนภูมิ"});
  REQUIRE(c);
  CHECK(*c == "แผนผังโครงสร้างองค์กร");
  CHECK_FALSE(find_chart_image({"ภาพกิจกรรม"}, {"แผนผัง", "โครงสร้าง", "แผนภูมิ"}));
}

TEST_CASE("signature: a signature block, never a keyword anywhere") {
  // The declaration's end as a PDF text layer gives it, with its broken spaces.
  std::string pdf =
      "ทัง้ นี ้ ตัง้ แต่ว ันที่ 1 ตุลาคม 2567 ถึงวันที่ 30 กันยายน 2568\n"
      "ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2567\n"
      "(ลงนาม) ศิริพร วงศ์ธ รรมรัก ษ์\n"
      "(นางศิริพร วงศ์ธ รรมรัก ษ์)\n"
      "ผู้อ ำนวยการสำนัก งานส่งเสริมความโปร่งใสข้อ มูลภาครัฐ\n";
  auto s = find_signature(pdf, kPositions);
  REQUIRE(s);
  CHECK(s->find("(ลงนาม)") != std::string::npos);
  CHECK(find_signature("ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2567 ลงนามโดย นางศิริพร วงศ์ธรรมรักษ์ ผู้อำนวยการ", kPositions));
  CHECK(find_signature("ลงชื่อ ..............................\n(นายสมชาย ใจดี)\nนายกเทศมนตรีตำบลบ้านใหม่", kPositions));
  CHECK(find_signature("ลงชื่อ\n(ศาสตราจารย์ ดร.สมหญิง รักเรียน)\nอธิการบดีมหาวิทยาลัยตัวอย่าง", kPositions));

  // Issue 13 case 2: incidental phrases and the pasted criterion are not a signature.
  CHECK_FALSE(find_signature("3) ให้แสดงความยินดีด้วยการลงนามในสมุดอวยพร หรือการ์ดอวยพรแทนการให้ของขวัญ\n"
                             "นายสมชาย ใจดี ผู้อำนวยการ ร่วมกิจกรรม", kPositions));
  CHECK_FALSE(find_signature("มีการลงนามโดยผู้บริหารสูงสุดของหน่วยงาน", kPositions));
  CHECK_FALSE(find_signature("ลงนามโดยนายกเทศมนตรีตำบลบ้านใหม่", kPositions));  // a position is not a name
  CHECK_FALSE(find_signature("(ลงนาม) สมชาย ใจดี\n(นายสมชาย ใจดี)\nเจ้าหน้าที่ธุรการ", kPositions));  // not a top executive
}

TEST_CASE("evidence_lines mends words a PDF broke at a combining mark, quotes stay short") {
  auto lines = evidence_lines("4. ขัน\n     ้ ตอนการปฏิบัติงาน\n\nอื่น ๆ");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "4. ขัน้ ตอนการปฏิบัติงาน");
  std::string long_text(400, 'x');
  CHECK(short_quote(long_text).size() <= 120);
  std::string thai;
  for (int i = 0; i < 60; ++i) thai += "ก";
  std::string q = short_quote(thai);
  CHECK(q.size() <= 120);
  CHECK(q.ends_with("…"));
}

// ---------------------------------------------------------------------------------------------
// The same judged by `audit` with the embedded criteria (issue 13 cases 2 and 7).

#include "checks/audit_test_util.h"

using oit::test::finding_codes;
using oit::test::OnePageSite;

TEST_CASE("audit: O9 steps as a numbered list without the word ขั้นตอน pass (issue 13 case 7)") {
  OnePageSite s;
  // O9's other elements (oit-criteria.md §6: time taken, fees, documents), so that only the steps are judged.
  const std::string rest = "<p>ระยะเวลา 1 วันทำการ ไม่มีค่าธรรมเนียม เอกสาร: สำเนาบัตรประจำตัวประชาชน</p>";
  s.page("https://www.agency.go.th/o9/",
         "<h1>คู่มือสำหรับประชาชน การขออนุญาตใช้ห้องประชุม</h1>"
         "<p>1. ยื่นคำขอพร้อมสำเนาบัตรประจำตัวประชาชนที่งานธุรการ</p>"
         "<p>2. เจ้าหน้าที่ตรวจสอบภายใน 2 วันทำการ</p>"
         "<p>3. แจ้งผลทางโทรศัพท์หรืออีเมล</p>" + rest);
  ItemResult r = s.audit_item(2568, "O9", "https://www.agency.go.th/o9/");
  CHECK(finding_codes(r).empty());
  CHECK(r.status == ItemStatus::Pass);

  // The word alone, no list: a person must look (a flowchart image may hold the steps), never a silent pass.
  s.page("https://www.agency.go.th/o9b/", "<h1>คู่มือสำหรับประชาชน</h1><p>ดูขั้นตอนได้ที่สำนักงาน ชั้น 2 อาคารศาลากลาง</p>" + rest);
  CHECK(finding_codes(s.audit_item(2568, "O9", "https://www.agency.go.th/o9b/")) == std::vector<std::string>{"missing-element?"});
  // Neither: the steps are missing.
  s.page("https://www.agency.go.th/o9c/", "<h1>คู่มือสำหรับประชาชน</h1><p>ติดต่อสำนักงาน ชั้น 2 อาคารศาลากลาง</p>" + rest);
  CHECK(finding_codes(s.audit_item(2568, "O9", "https://www.agency.go.th/o9c/")) == std::vector<std::string>{"missing-element"});
}

TEST_CASE("audit: O21 needs a signature block, not the word ลงนาม (issue 13 case 2)") {
  OnePageSite s;
  const std::string head = "<h1>ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ พ.ศ. 2568</h1>"
                           "<p>ผู้บริหารและเจ้าหน้าที่ทุกคนจะไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่</p>"
                           "<p>กิจกรรมวันขึ้นปีใหม่ 2568: แสดงความยินดีด้วยการลงนามในสมุดอวยพรแทนการมอบกระเช้า</p>";
  s.page("https://www.agency.go.th/o21/", head);
  ItemResult greeting = s.audit_item(2568, "O21", "https://www.agency.go.th/o21/");
  bool unsigned_found = std::any_of(greeting.findings.begin(), greeting.findings.end(), [](const Finding& f) {
    return f.code == "missing-element" && f.severity == Severity::Error && f.message.find("ส่วนลงนาม") != std::string::npos;
  });
  CHECK(unsigned_found);
  CHECK(greeting.status == ItemStatus::Fail);

  s.page("https://www.agency.go.th/o21b/",
         head + "<p>ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2567</p><p>(ลงชื่อ) สมชาย ใจดี</p><p>(นายสมชาย ใจดี)</p>"
                "<p>นายกเทศมนตรีตำบลบ้านใหม่</p>");
  ItemResult signed_page = s.audit_item(2568, "O21", "https://www.agency.go.th/o21b/");
  bool any_signature_problem = std::any_of(signed_page.findings.begin(), signed_page.findings.end(),
                                           [](const Finding& f) { return f.message.find("ส่วนลงนาม") != std::string::npos; });
  CHECK_FALSE(any_signature_problem);
}
