#include "generator/scaffold.h"

#include <algorithm>
#include <map>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "generator/config.h"
#include "generator/frontmatter.h"
#include "core/source_file.h"
#include "core/text.h"
#include "generator/scaffold_text.h"

namespace fs = std::filesystem;

namespace oit {
namespace {

using namespace scaffold_detail;

std::string quoted_terms(const std::vector<std::string>& terms) {
  std::vector<std::string> q;
  for (const auto& t : terms) q.push_back("“" + md_text(t) + "”");
  return join(q, ", ");
}

// ---------------------------------------------------------------------------------------------
// What the criteria say, in words for authors

std::string period_text(const Criteria& c, const Item& item) {
  const int n = c.round;
  switch (item.period) {
    case PeriodRule::Current:
      return "ข้อมูลที่เป็นปัจจุบัน ณ วันที่ผู้ประเมินตรวจ (ไม่ต้องระบุปีงบประมาณ) แก้ไขทันทีเมื่อมีการเปลี่ยนแปลง";
    case PeriodRule::InForce:
      return "เอกสารที่ยังใช้บังคับอยู่ ณ วันที่ตรวจ (ไม่ต้องเป็นฉบับของปีนี้ แต่ต้องไม่ถูกยกเลิกหรือแทนที่แล้ว)";
    case PeriodRule::Working:
      return "ช่องทางหรือระบบที่ใช้งานได้จริง ณ วันที่ตรวจ และเข้าถึงได้จากเว็บไซต์หลักของหน่วยงาน";
    case PeriodRule::RoundFY:
      return "ข้อมูลของปีงบประมาณ พ.ศ. " + std::to_string(n) + " (" + fy_range(n) + ") ใส่ `fiscal_year = " +
             std::to_string(n) + "` และระบุปีงบประมาณในชื่อเรื่องและในเอกสาร";
    case PeriodRule::PreviousFY:
      return "ข้อมูลของปีงบประมาณก่อนหน้า คือ พ.ศ. " + std::to_string(n - 1) + " (" + fy_range(n - 1) + ") ใส่ `fiscal_year = " +
             std::to_string(n - 1) + "` — รายงานของปี " + std::to_string(n) + " ซึ่งยังไม่สิ้นปี หรือของปี " +
             std::to_string(n - 2) + " ได้ 0 คะแนน";
    case PeriodRule::SpansRoundFY:
      return "แผนหลายปีที่ช่วงของแผนครอบคลุมปีงบประมาณ พ.ศ. " + std::to_string(n) + " (เช่น แผน " + std::to_string(n - 2) + "–" +
             std::to_string(n + 2) + ") ระบุช่วงปีของแผนในชื่อเรื่อง";
    case PeriodRule::Unknown:
      break;
  }
  return "เกณฑ์ไม่ได้ระบุช่วงเวลาที่ชัดเจน ควรเผยแพร่ข้อมูลที่เป็นปัจจุบันของปีงบประมาณ พ.ศ. " + std::to_string(n);
}

std::string coverage_text(const Criteria& c, const Item& item) {
  int fy = c.expected_fiscal_year(item);
  if (fy == 0) fy = c.round;
  switch (item.coverage) {
    case Coverage::None:
      return {};
    case Coverage::AnyInFY:
      return "ต้องมีอย่างน้อย 1 รายการที่ลงวันที่อยู่ในปีงบประมาณ พ.ศ. " + std::to_string(fy) + " ใส่วันที่ให้ทุกรายการ";
    case Coverage::FirstHalf: {
      auto months = fiscal_first_half_months(fy);
      return "ต้องครอบคลุมทุกเดือนตั้งแต่ " + thai_year_month(months.front()) + " ถึง " + thai_year_month(months.back()) +
             " (ระบุเดือนให้เห็น เดือนที่ไม่มีรายการให้เขียนว่าไม่มี ห้ามปล่อยว่าง)";
    }
  }
  return {};
}

std::string element_check_text(const Element& el) {
  switch (el.check) {
    case ElementCheck::AnyTerm: return "โปรแกรมตรวจหาคำใดคำหนึ่ง: " + quoted_terms(el.terms);
    case ElementCheck::AllTerms: return "โปรแกรมตรวจหาทุกคำ: " + quoted_terms(el.terms);
    case ElementCheck::AllColumns: return "ตารางในหน้าหรือไฟล์ CSV ต้องมีคอลัมน์: " + quoted_terms(el.terms);
    case ElementCheck::Image: return "ต้องมีรูปภาพในเนื้อหาของหน้า";
    case ElementCheck::PhoneOrEmail: return "ต้องมีหมายเลขโทรศัพท์หรืออีเมล";
    case ElementCheck::Attachment: return "ต้องมีไฟล์แนบ (PDF, XLSX, DOCX หรือ CSV)";
    case ElementCheck::ImageOrAttachment: return "ต้องมีรูปภาพหรือไฟล์แนบ";
    case ElementCheck::Steps: return "ต้องเป็นขั้นตอนเรียงลำดับ (รายการลำดับเลข หรือตารางขั้นตอน) คำที่ใช้: " + quoted_terms(el.terms);
    case ElementCheck::Signature: return "ต้องมีส่วนลงนาม: ลงนาม/ลงชื่อ ชื่อผู้ลงนาม และตำแหน่ง เช่น " + quoted_terms(el.terms);
    case ElementCheck::MonthlyTable: return "ต้องมีตารางที่มีแถวหรือคอลัมน์ของแต่ละเดือน";
    case ElementCheck::Manual: return "ผู้ประเมินตรวจเอง โปรแกรมตรวจให้ไม่ได้";
  }
  return {};
}

const std::string* news_topic(const Item& item) {
  for (const auto& t : item.topics)
    if (t == "news") return &t;  // the feed section of a new site (site.toml [feed] section = "news")
  return nullptr;
}

std::string front_matter_of_placeholder(const Criteria& c, const Item& item, const Date& updated,
                                        const std::string& previous, int weight) {
  const std::string code = item.id, round = std::to_string(c.round);
  std::string f = "+++\n";
  f += std::string(kPlaceholderMark) + round + "\n";
  if (!previous.empty()) f += std::string(kFollowsMark) + toml_quote(previous) + "\n";
  f += "# ยังไม่ได้กรอก: หน้านี้สร้างโดย `oit new` สำหรับข้อ " + code + " ของเกณฑ์ ITA รอบ " + round + "\n";
  f += "# เขียนเนื้อหาจริงแทนคำแนะนำในหน้านี้ แล้วลบ \"# \" หน้าบรรทัด oit ด้านล่าง หน้านี้จึงจะเป็นหน้าของข้อ " + code + "\n";
  f += "# (แสดงใน /oit/, oit.json และ itas.csv) และ `oit check` จะตรวจหน้านี้\n";
  f += "# Not filled in yet. Write the real content in place of the guidance, then delete the \"# \" before\n";
  f += "# the `oit` line below: the page then stands for item " + code + " and `oit check` examines it.\n";
  f += "# oit = " + toml_quote(item.topics.front()) + "\n";
  f += "title = " + toml_quote(item.title) + "\n";
  int fy = c.expected_fiscal_year(item);
  if (fy == 0 && item.period == PeriodRule::SpansRoundFY) fy = c.round;
  if (fy) f += "fiscal_year = " + std::to_string(fy) + "  # ปีงบประมาณ (พ.ศ.) ที่เนื้อหาครอบคลุม — the fiscal year the content is about\n";
  f += "updated = " + to_iso(updated) + "  # วันที่ปรับปรุงเนื้อหาล่าสุด — date of the last substantive change\n";
  f += "summary = " + toml_quote("ยังไม่ได้กรอกเนื้อหา (ข้อ " + code + " เกณฑ์ ITA รอบ " + round + ")") + "\n";
  f += "weight = " + std::to_string(weight) + "\n";
  f += "+++\n";
  return f;
}

// A link from the page at content path `from` to the file at content path `to`, relative to from's folder.
std::string relative_link(const std::string& from, const std::string& to) {
  return fs::path(to).lexically_relative(fs::path(from).parent_path()).generic_string();
}

std::string body_of_placeholder(const Criteria& c, const Item& item, const std::string& page_path, const std::string& previous) {
  const std::string code = item.id;
  std::string b;
  b += "> **ยังไม่ได้กรอกเนื้อหา** ข้อความในหน้านี้เป็นคำแนะนำสำหรับผู้จัดทำ ให้เขียนเนื้อหาจริงแทนทั้งหมด\n";
  b += "> แล้วลบ `# ` หน้าบรรทัด `oit = \"" + item.topics.front() + "\"` ในส่วนหัวของไฟล์นี้\n";
  b += "> (*" + std::string(kOitNewPlaceholderPhrase) + ": replace this text, then un-comment the `oit` line*)\n\n";
  b += "## ข้อ " + code + " " + md_text(item.title) + "\n\n";
  std::string where = "เกณฑ์ OIT การประเมิน ITA ประจำปีงบประมาณ พ.ศ. " + std::to_string(c.round);
  if (const SubIndicator* sub = c.sub_indicator(item.sub_indicator)) where = "ตัวชี้วัดย่อย " + sub->id + " " + md_text(sub->title) + " — " + where;
  b += where + "\n\n";
  if (!previous.empty())
    b += "ฉบับปีก่อนยังเผยแพร่อยู่ที่ [หน้าของปีก่อน](<" + relative_link(page_path, previous) +
         ">) (ดูเป็นแนวทางได้ ห้ามลบ ผู้ประเมินตรวจรายงานของปีก่อนด้วย)\n\n";
  if (!item.guidance.empty()) b += "### คำแนะนำ\n\n" + md_text(item.guidance) + "\n\n";
  if (!item.elements.empty()) {
    b += "### สิ่งที่ต้องมีในหน้านี้\n\n";
    int i = 0;
    for (const auto& el : item.elements) {
      b += std::to_string(++i) + ". " + md_text(el.text) + " — " + element_check_text(el);
      if (el.grade == Grade::C && el.check != ElementCheck::Manual) b += " (เกณฑ์อนุมาน: ถ้าไม่พบจะเตือนเท่านั้น)";
      b += "\n";
    }
    b += "\n";
  }
  b += "### ช่วงเวลาของข้อมูล\n\n" + period_text(c, item) + "\n";
  if (std::string cov = coverage_text(c, item); !cov.empty()) b += "\n" + cov + "\n";
  if (news_topic(item)) {
    b += "\n### วิธีเพิ่มข่าว\n\n";
    b += "เพิ่มข่าวหนึ่งเรื่องต่อหนึ่งไฟล์ในโฟลเดอร์ `content/news/` ตั้งชื่อไฟล์เป็นวันที่และคำภาษาอังกฤษ เช่น\n";
    b += "`2025-01-15-meeting.md` และใส่ `date = 2025-01-15` ในส่วนหัว ดูแบบได้จาก `content/news/example.md`\n";
    b += "หน้านี้แสดงรายการข่าวทั้งหมดเรียงจากใหม่ไปเก่าโดยอัตโนมัติ\n";
  } else {
    b += "\n### เอกสารแนบ\n\n";
    b += "วางไฟล์ (PDF, XLSX, DOCX, CSV, รูปภาพ) ไว้ในโฟลเดอร์เดียวกับไฟล์นี้ แล้วลิงก์ด้วยชื่อไฟล์ เช่น\n";
    b += "`[รายงาน (PDF)](report.pdf)` ดูวิธีใส่ตารางจากไฟล์ CSV ใน README.md ของเว็บไซต์\n";
  }
  return b;
}


int item_weight(const Criteria& c, const Item& item) {
  return static_cast<int>(&item - c.items.data() + 1) * 10;
}

// ---------------------------------------------------------------------------------------------
// The fixed pages of a new site: embedded texts (generator/scaffold/)

// The five website policies, in menu order (content/policies/<slug>.md).
constexpr std::string_view kPolicies[] = {"website-policy", "privacy-policy", "cookie-policy", "security-policy",
                                          "accessibility"};

}  // namespace

// ---------------------------------------------------------------------------------------------

int default_round(const Date& today) {
  std::vector<int> rounds = embedded_rounds();
  if (rounds.empty()) return fiscal_year_be(today);
  int fy = fiscal_year_be(today);
  int best = rounds.front();
  for (int r : rounds)
    if (r <= fy) best = r;
  return best;
}

std::string scaffold_page_path(const Criteria& c, const Item& item) {
  if (news_topic(item)) return "news/_index.md";
  return std::string(kSection) + "/" + scaffold_folder(c, item) + "/index.md";
}

std::string placeholder_page(const Criteria& c, const Item& item, const Date& updated, const std::string& path,
                             const std::string& previous) {
  return front_matter_of_placeholder(c, item, updated, previous, news_topic(item) ? 20 : item_weight(c, item)) + "\n" +
         body_of_placeholder(c, item, path, previous);
}

std::vector<SiteFile> scaffold_site(const Criteria& c, const Date& today) {
  std::vector<SiteFile> files;
  const std::map<std::string, std::string> values = {{"round", std::to_string(c.round)},
                                                     {"next_round", std::to_string(c.round + 1)},
                                                     {"updated", to_iso(today)},
                                                     {"date", to_iso(today)}};
  auto text = [&](const std::string& path) { return SiteFile{path, scaffold_text(path, values)}; };
  files.push_back(text("site.toml"));
  files.push_back({".gitignore", "# the built site (oit build)\npublic/\n"});
  files.push_back(text("content/_index.md"));

  bool news_done = false;
  for (const auto& item : c.items) {
    std::string path = scaffold_page_path(c, item);
    if (path == "news/_index.md") news_done = true;
    files.push_back({"content/" + path, placeholder_page(c, item, today, path)});
  }
  if (!news_done) files.push_back(text("content/news/_index.md"));
  files.push_back(text("content/news/example.md"));
  files.push_back(text("content/" + std::string(kSection) + "/_index.md"));
  files.push_back(text("content/policies/_index.md"));
  for (std::string_view slug : kPolicies) files.push_back(text("content/policies/" + std::string(slug) + ".md"));
  files.push_back({"README.md", site_readme(c)});
  return files;
}

Result<ScaffoldSummary> create_site(const fs::path& dir, const Criteria& c, const Date& today) {
  std::error_code ec;
  const std::string shown = dir.string();
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      return make_error({"oit new"}, "`" + shown + "` exists and is not a folder", "choose another name for the new site");
    if (!fs::is_empty(dir, ec)) {
      std::string hint = "choose a new folder name";
      auto text = read_source_file(dir / "site.toml", "site.toml", SourceKind::SiteConfig, dir);
      if (auto cfg = text ? parse_site_config(*text, "site.toml") : Result<SiteConfig>(text.error()); cfg)
        hint += "; to carry this site (round " + std::to_string(cfg->round) + ") to the next round run `oit new --from-round " +
                std::to_string(cfg->round) + " --to-round " + std::to_string(cfg->round + 1) + " " + shown + "`";
      return make_error({"oit new"}, "`" + shown + "` already exists and is not empty; oit new never overwrites files", hint);
    }
  }
  fs::path target = fs::absolute(dir, ec).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  fs::path staging = target.parent_path() / ("." + target.filename().string() + ".oit-new");
  fs::remove_all(staging, ec);
  auto fail = [&](const std::string& what) -> Error {
    std::error_code ignore;
    fs::remove_all(staging, ignore);
    return make_error({shown}, what, "check that the parent folder exists and is writable");
  };
  if (!fs::create_directories(staging, ec) && ec) return fail("cannot create a folder beside " + shown + ": " + ec.message());
  ScaffoldSummary sum{dir, c.round, 0, 0};
  for (const auto& f : scaffold_site(c, today)) {
    fs::path p = staging / f.path;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary);
    out << f.text;
    if (!out.flush()) return fail("cannot write " + f.path);
    ++sum.files;
    if (f.text.find(kPlaceholderMark) != std::string::npos) ++sum.item_pages;
  }
  fs::rename(staging, target, ec);  // replaces an empty folder
  if (ec) return fail("cannot move the new site into " + shown + ": " + ec.message());
  return sum;
}

}  // namespace oit
