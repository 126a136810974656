#include "checks/match_text.h"
#include "checks/restatement.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("restatement: the embedded criteria are indexed once") {
  const RestatementIndex& a = RestatementIndex::embedded();
  CHECK(&a == &RestatementIndex::embedded());
  CHECK(a.size() > 5000);
}

TEST_CASE("restatement: a pasted NACC criterion is removed, the disclosure kept (issue 13 case 2)") {
  const RestatementIndex& index = RestatementIndex::embedded();
  // Only the criterion, in the NACC's usual wording: nothing is left.
  Restatement only = index.strip_restated(
      "O20 การเปิดโอกาสให้เกิดการมีส่วนร่วม\n"
      "แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน\n");
  CHECK(only.restated_share > 0.9);
  CHECK(only.kept.find("มีส่วนร่วม") == std::string::npos);
  CHECK_FALSE(only.examples.empty());

  // The same criterion above a real disclosure: the disclosure stays.
  Restatement mixed = index.strip_restated(
      "แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน\n"
      "โครงการรับฟังความคิดเห็นประชาชนต่อร่างแผนพัฒนาท้องถิ่น วันที่ 12 มีนาคม 2568 ณ ศาลาประชาคมหมู่ 5\n"
      "ผู้เข้าร่วม 86 คน ผลที่ได้: ประชาชนเสนอให้ซ่อมถนนสายบ้านนา–บ้านดอน นำไปบรรจุในแผนปี 2569\n");
  CHECK(mixed.kept.find("ศาลาประชาคมหมู่ 5") != std::string::npos);
  CHECK(mixed.kept.find("ผู้เข้าร่วม 86 คน") != std::string::npos);
  CHECK(mixed.kept.find("ผู้มีส่วนได้ส่วนเสีย") == std::string::npos);
  CHECK(mixed.restated_share < 0.5);
}

TEST_CASE("restatement: guidance copied out of a PDF without ำ is still restatement") {
  const RestatementIndex& index = RestatementIndex::embedded();
  // The 2568 O8 guidance, as a PDF copy gives it: ำ lost, spaces in odd places.
  Restatement r = index.strip_restated(
      "เผยแพร่คู่มือหรือแนวทางที่เจ้าหน้าที่ใช้ปฏิบัติงานจริง ซึ่งมีขั้นตอนการปฏิบัติงาน และยังใช้บังคับอยู่\n");
  CHECK(r.restated_share > 0.9);
  Restatement dropped = index.strip_restated("ผลการดาเนินงาน ประจาปี งบประมาณ แผนปฏิบัติการป้องกันการทุจริต\n");
  CHECK(dropped.restated_share > 0.9);
}

TEST_CASE("restatement: short labels and an agency's own text are kept") {
  const RestatementIndex& index = RestatementIndex::embedded();
  std::string own =
      "ค่าธรรมเนียม: ไม่มี\n"
      "1. ยื่นคำขอ ระบุข้อมูลที่ต้องการให้ชัดเจนพอที่จะค้นหาได้ (ได้รับเลขที่คำขอทันที)\n"
      "2. เจ้าหน้าที่ตรวจสอบคำขอ หากไม่ครบจะแจ้งภายใน 2 วันทำการ\n"
      "ศูนย์บริการข้อมูลข่าวสาร ชั้น 1 อาคารธรรมาภิบาล ถนนแจ้งวัฒนะ เขตหลักสี่ กรุงเทพมหานคร\n";
  Restatement r = index.strip_restated(own);
  CHECK(r.kept == own);
  CHECK(r.restated_share == 0);
  CHECK_FALSE(r.placeholder);
}

TEST_CASE("restatement: the oit new placeholder is recognised from the shared phrase") {
  // As the rendered page's text gives it (markdown emphasis and code gone) and as the source has it.
  CHECK(has_oit_new_placeholder("(placeholder made by oit new: replace this text, then un-comment the oit line)"));
  CHECK(has_oit_new_placeholder("> (*" + std::string(kOitNewPlaceholderPhrase) + ": replace this text*)"));
  CHECK_FALSE(has_oit_new_placeholder("a placeholder picture for a vacant post"));
  CHECK(RestatementIndex::embedded().strip_restated("x\nPlaceholder made by `oit new`\n").placeholder);
}

// ---------------------------------------------------------------------------------------------
// Judged by `audit` with the embedded criteria (issue 13 case 2: a pasted NACC criterion).

#include "checks/audit_test_util.h"

namespace {

ItemResult audit_page(int round, const std::string& id, const std::string& body) {
  oit::test::OnePageSite s;
  s.page("https://www.agency.go.th/item/", body);
  return s.audit_item(round, id, "https://www.agency.go.th/item/");
}

}  // namespace

TEST_CASE("audit: an O20 page that pastes the criterion and discloses nothing fails (issue 13 case 2)") {
  const std::string title = "<h1>การเปิดโอกาสให้เกิดการมีส่วนร่วม ประจำปีงบประมาณ พ.ศ. 2568</h1>";
  const std::string pasted =
      "<p>แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงานของหน่วยงาน</p>"
      "<p>เผยแพร่ผลการเปิดโอกาสให้บุคคลภายนอกมีส่วนร่วมในการดำเนินงานของหน่วยงานที่จัดในปีงบประมาณ พ.ศ. 2568 "
      "โดยระบุ (1) ประเด็น (2) สรุปผู้เข้าร่วม (3) ผลที่ได้ (4) การนำผลไปใช้</p>";
  ItemResult only = audit_page(2568, "O20", title + pasted);
  CHECK(oit::test::finding_codes(only) == std::vector<std::string>{"restated-criterion"});
  CHECK(only.status == ItemStatus::Fail);
  REQUIRE_FALSE(only.findings.empty());
  CHECK(only.findings[0].message.find("หน้านี้คัดลอกเกณฑ์มา") == 0);

  // The criterion above a real disclosure: the disclosure is judged and passes.
  ItemResult real = audit_page(2568, "O20", title + pasted +
      "<p>โครงการประชาคมรับฟังความคิดเห็นต่อร่างแผนพัฒนาท้องถิ่น วันที่ 12 มีนาคม 2568 ณ ศาลาประชาคมหมู่ 5 "
      "ผู้เข้าร่วม 86 คน ประชาชนมีส่วนร่วมเสนอโครงการซ่อมถนนสายบ้านนา–บ้านดอน และนำไปบรรจุในแผนปี 2569</p>");
  CHECK(oit::test::finding_codes(real).empty());

  // The pasted criterion is not evidence for the element either: with a photo (so not "only restatement")
  // the participation element is still missing.
  ItemResult photo = audit_page(2568, "O20", title + pasted + "<img src='/act.jpg' alt='ภาพกิจกรรม'>");
  CHECK(oit::test::finding_codes(photo) == std::vector<std::string>{"missing-element"});
}

TEST_CASE("audit: a page still holding the oit new placeholder fails with that finding") {
  ItemResult r = audit_page(2568, "O2", "<blockquote><p><strong>ยังไม่ได้กรอกเนื้อหา</strong></p>"
                                        "<p>(<em>placeholder made by <code>oit new</code>: replace this text</em>)</p></blockquote>"
                                        "<p>ผู้อำนวยการ โทร 02 123 4567</p><img src='/x.jpg' alt='x'>");
  CHECK(oit::test::finding_codes(r) == std::vector<std::string>{"placeholder"});
}
