#include "generator/scaffold.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "generator/config.h"
#include "generator/frontmatter.h"
#include "core/source_file.h"

namespace fs = std::filesystem;

namespace oit {
namespace {

constexpr std::string_view kPlaceholderMark = "# oit-new: placeholder, round ";
constexpr std::string_view kFollowsMark = "# oit-new: follows ";
constexpr std::string_view kKeptMark = "# oit-new: kept, round ";
constexpr std::string_view kDroppedMark = "# oit-new: not in round ";
constexpr std::string_view kSection = "transparency";

// ---------------------------------------------------------------------------------------------
// Text helpers

std::string toml_quote(std::string_view s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\';
    if (c == '\n') {
      r += "\\n";
      continue;
    }
    r += c;
  }
  return r + "\"";
}

// Text from the criteria shown in Markdown: characters Markdown would read as markup are escaped.
std::string md_text(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) r += '\\';
    r += c;
  }
  return r;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string r;
  for (size_t i = 0; i < v.size(); ++i) r += (i ? std::string(sep) : "") + v[i];
  return r;
}

std::string quoted_terms(const std::vector<std::string>& terms) {
  std::vector<std::string> q;
  for (const auto& t : terms) q.push_back("“" + md_text(t) + "”");
  return join(q, ", ");
}

std::string fy_range(int fy) {
  return thai_date_short(fiscal_year_start(fy)) + " – " + thai_date_short(fiscal_year_end(fy));
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, nl + 1 - start));
    start = nl + 1;
  }
  return lines;
}

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}

std::string dir_of(std::string_view path) {
  size_t s = path.rfind('/');
  return s == std::string_view::npos ? std::string() : std::string(path.substr(0, s));
}

std::string name_of(std::string_view path) {
  size_t s = path.rfind('/');
  return std::string(s == std::string_view::npos ? path : path.substr(s + 1));
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
  b += "> (*placeholder made by `oit new`: replace this text, then un-comment the `oit` line*)\n\n";
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

// Folder name of an item's page in a new site: its primary topic, and the fiscal year it asks for.
std::string scaffold_folder(const Criteria& c, const Item& item) {
  int fy = c.expected_fiscal_year(item);
  return item.topics.front() + (fy ? "-" + std::to_string(fy) : "");
}

int item_weight(const Criteria& c, const Item& item) {
  return static_cast<int>(&item - c.items.data() + 1) * 10;
}

// ---------------------------------------------------------------------------------------------
// The fixed pages of a new site

std::string site_toml(const Criteria& c) {
  const std::string round = std::to_string(c.round);
  return R"TOML(# site.toml — ค่าตั้งต้นของเว็บไซต์ (site settings)
#
# สร้างโดย `oit new` สำหรับการประเมิน ITA รอบปีงบประมาณ พ.ศ. )TOML" + round + R"TOML(
# Made by `oit new` for ITA round )TOML" + round + R"TOML(. แก้ค่าที่มีเครื่องหมาย ← ให้เป็นของหน่วยงาน (edit the values marked ←).
# คีย์ที่ไม่รู้จักเป็นข้อผิดพลาด (unknown keys are errors, reported with line:column).

[site]
# ชื่อเว็บไซต์ภาษาไทย แสดงในส่วนหัวและแท็บของเบราว์เซอร์ (required) ←
title = "ชื่อหน่วยงานของท่าน"
# ชื่อภาษาอังกฤษ (optional) — English name shown beside the Thai one ←
# title_en = "Office of ..."
# ที่อยู่หลักของเว็บไซต์ ลงท้ายด้วย "/" ใช้สร้าง URL เต็มใน sitemap.xml, oit.json และ itas.csv (required) ←
# The agency's main website: OIT items must be published under this domain.
base_url = "https://www.example.go.th/"
# ภาษาของหน้าเว็บ (<html lang="th">)
language = "th"
# ชุดรูปแบบ (theme) ใน themes/<name>/ ; "default" ฝังอยู่ในโปรแกรมแล้ว
theme = "default"
# คำอธิบายเว็บไซต์ ใช้ใน <meta name="description"> และฟีดข่าว ←
description = "เว็บไซต์ของหน่วยงาน: ข้อมูลหน่วยงาน ข่าวประชาสัมพันธ์ และการเปิดเผยข้อมูลสาธารณะ (OIT)"
# แสดงตัวเลขเป็นเลขไทย (๑๒๓) ในวันที่และตาราง — false = ใช้เลขอารบิก
thai_digits = false
# ยอมให้มี HTML ดิบใน Markdown หรือไม่ — ควรเป็น false เสมอ (raw HTML in Markdown is filtered)
unsafe_html = false

[agency]
# ข้อมูลหน่วยงาน ใช้ในส่วนท้ายของทุกหน้า — agency details, shown in the footer of every page.
# ลบ "# " หน้าบรรทัดที่ต้องการใช้ (remove the "# " of the lines you fill in).
name = "ชื่อหน่วยงานของท่าน"  # required ←
# name_en = "Office of ..."
# ministry = "กระทรวง..."
# address = "เลขที่ ... ถนน ... แขวง/ตำบล ... เขต/อำเภอ ... จังหวัด ... รหัสไปรษณีย์"
# phone = "0 2xxx xxxx"
# email = "saraban@example.go.th"
# fax = "0 2xxx xxxx"
# map_url = "https://www.openstreetmap.org/..."
# hours = "วันจันทร์–วันศุกร์ เวลา 08.30–16.30 น. (เว้นวันหยุดราชการ)"

[oit]
# รอบการประเมิน ITA (ปีงบประมาณ พ.ศ.) ที่เว็บไซต์นี้เตรียมไว้ (required)
# The ITA round the site is prepared for. Next year: oit new --from-round )TOML" + round + " --to-round " +
         std::to_string(c.round + 1) + R"TOML(
round = )TOML" + round + R"TOML(

# เมนูหลัก (main menu): title = ข้อความบนเมนู, url = ลิงก์ (ลงท้ายด้วย "/"), weight = ลำดับ (น้อยขึ้นก่อน)
[[menu.main]]
title = "หน้าแรก"
url = "/"
weight = 10

[[menu.main]]
title = "ข่าวประชาสัมพันธ์"
url = "/news/"
weight = 20

[[menu.main]]
title = "การเปิดเผยข้อมูลสาธารณะ"
url = "/transparency/"
weight = 30

[[menu.main]]
title = "ITA/OIT"
url = "/oit/"
weight = 40

# เมนูส่วนท้าย (footer): นโยบายของเว็บไซต์ทั้ง 5 ฉบับ — the five policy pages
[[menu.footer]]
title = "นโยบายเว็บไซต์"
url = "/policies/website-policy/"
weight = 10

[[menu.footer]]
title = "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
url = "/policies/privacy-policy/"
weight = 20

[[menu.footer]]
title = "นโยบายคุกกี้"
url = "/policies/cookie-policy/"
weight = 30

[[menu.footer]]
title = "นโยบายการรักษาความมั่นคงปลอดภัยเว็บไซต์"
url = "/policies/security-policy/"
weight = 40

[[menu.footer]]
title = "การเข้าถึงเว็บไซต์"
url = "/policies/accessibility/"
weight = 50

[feed]
# ฟีดข่าว (Atom) สร้างจากหมวดนี้ — the section the news feed (/news/feed.xml) is made from
section = "news"
limit = 20

# ภาษาอังกฤษ (ไม่บังคับ): เอาเครื่องหมาย # ออกเพื่อเผยแพร่หน้าภาษาอังกฤษที่ /en/ แล้วเขียนไฟล์คู่ เช่น
# content/contact/index.en.md คู่กับ content/contact/index.md — หน้าที่ยังไม่แปลจะแสดงเป็นภาษาไทยพร้อมข้อความแจ้ง
# English pages (optional): uncomment to publish /en/; translate a page with a twin file beside it.
# [languages.en]
# title = "Office of …"
)TOML";
}

std::string simple_page(const std::string& title, const std::string& summary, const Date& updated, int weight,
                        const std::string& body, const std::string& comment = {}) {
  std::string f = "+++\n" + comment;
  f += "title = " + toml_quote(title) + "\n";
  if (!summary.empty()) f += "summary = " + toml_quote(summary) + "\n";
  f += "updated = " + to_iso(updated) + "\n";
  if (weight) f += "weight = " + std::to_string(weight) + "\n";
  return f + "+++\n\n" + body;
}

const char* kPolicyDraftNote =
    "> **ร่างนโยบาย** สร้างโดย `oit new`: ตรวจทานและแก้ไขให้ตรงกับหน่วยงาน (ชื่อ ช่องทางติดต่อ วันที่มีผล) ก่อนเผยแพร่\n\n";

struct PolicyPage {
  const char* slug;
  const char* title;
  const char* summary;
  const char* body;
};

const PolicyPage kPolicies[] = {
    {"website-policy", "นโยบายเว็บไซต์", "ข้อตกลงการใช้เว็บไซต์ ลิขสิทธิ์ การเชื่อมโยง และความรับผิดชอบต่อเนื้อหา",
     "## การใช้เว็บไซต์\n\nเว็บไซต์นี้จัดทำเพื่อเผยแพร่ข้อมูลข่าวสารของหน่วยงานแก่ประชาชน ผู้ใช้ต้องไม่ใช้เว็บไซต์ในทางที่ผิดกฎหมาย\n"
     "หรือรบกวนการทำงานของระบบ\n\n## ลิขสิทธิ์\n\nเนื้อหาในเว็บไซต์เป็นข้อมูลข่าวสารของราชการ นำไปใช้ได้โดยอ้างอิงแหล่งที่มา\n"
     "เว้นแต่ระบุไว้เป็นอย่างอื่น\n\n## การเชื่อมโยงไปยังเว็บไซต์อื่น\n\nหน่วยงานไม่รับผิดชอบต่อเนื้อหาของเว็บไซต์ภายนอกที่เชื่อมโยงถึง\n\n"
     "## ติดต่อ\n\nแจ้งข้อผิดพลาดหรือข้อเสนอแนะเกี่ยวกับเว็บไซต์ได้ตามช่องทางติดต่อที่ส่วนท้ายของทุกหน้า\n"},
    {"privacy-policy", "นโยบายคุ้มครองข้อมูลส่วนบุคคล",
     "การเก็บ ใช้ และเปิดเผยข้อมูลส่วนบุคคลตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 และสิทธิของเจ้าของข้อมูล",
     "หน่วยงานในฐานะผู้ควบคุมข้อมูลส่วนบุคคลดำเนินการตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562\n\n"
     "## ข้อมูลที่เก็บและวัตถุประสงค์\n\n- บันทึกการเข้าใช้งานของเครื่องแม่ข่าย (หมายเลข IP วันเวลา หน้าที่เข้าชม) เพื่อรักษาความมั่นคงปลอดภัย\n"
     "- ข้อมูลที่ท่านให้เมื่อยื่นคำขอหรือเรื่องร้องเรียน เพื่อพิจารณาและแจ้งผล\n\n## การเปิดเผยข้อมูล\n\n"
     "หน่วยงานไม่ขายหรือเปิดเผยข้อมูลส่วนบุคคลเพื่อการตลาด และเปิดเผยเฉพาะเมื่อจำเป็นตามอำนาจหน้าที่หรือเมื่อกฎหมายกำหนด\n\n"
     "## ระยะเวลาเก็บรักษา\n\nบันทึกการเข้าใช้งานเก็บ 90 วัน ข้อมูลอื่นเก็บตามระเบียบงานสารบรรณแล้วทำลาย\n\n"
     "## สิทธิของเจ้าของข้อมูล\n\nท่านมีสิทธิขอเข้าถึง ขอรับสำเนา ขอแก้ไข ขอลบ ขอระงับการใช้ คัดค้าน และถอนความยินยอม\n"
     "ตามมาตรา 30 ถึงมาตรา 36 โดยติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของหน่วยงาน\n"},
    {"cookie-policy", "นโยบายคุกกี้", "คุกกี้ที่เว็บไซต์ใช้และวิธีจัดการคุกกี้ในเบราว์เซอร์",
     "คุกกี้คือไฟล์ขนาดเล็กที่เว็บไซต์บันทึกไว้ในเบราว์เซอร์ของท่าน\n\n## คุกกี้ที่เว็บไซต์นี้ใช้\n\n"
     "เว็บไซต์นี้เป็นเว็บไซต์แบบคงที่ (static) ไม่ใช้คุกกี้ติดตามหรือคุกกี้เพื่อการโฆษณา หากหน่วยงานเพิ่มบริการที่ใช้คุกกี้\n"
     "(เช่น สถิติการเข้าชม) จะระบุชื่อ วัตถุประสงค์ และระยะเวลาของคุกกี้ไว้ในหน้านี้และขอความยินยอมก่อน\n\n"
     "## การจัดการคุกกี้\n\nท่านลบหรือปิดการรับคุกกี้ได้จากการตั้งค่าของเบราว์เซอร์\n"},
    {"security-policy", "นโยบายการรักษาความมั่นคงปลอดภัยเว็บไซต์", "มาตรการรักษาความมั่นคงปลอดภัยของเว็บไซต์และการแจ้งปัญหา",
     "## มาตรการ\n\n- ให้บริการผ่าน HTTPS เท่านั้น\n- เว็บไซต์เป็นไฟล์คงที่ ไม่มีฐานข้อมูลหรือแบบฟอร์มบนเครื่องแม่ข่ายเว็บ\n"
     "- สำรองข้อมูลและปรับปรุงซอฟต์แวร์ของเครื่องแม่ข่ายอย่างสม่ำเสมอ\n- จำกัดสิทธิผู้แก้ไขเนื้อหาเฉพาะผู้ได้รับมอบหมาย\n\n"
     "## การแจ้งปัญหาความมั่นคงปลอดภัย\n\nหากพบช่องโหว่หรือเนื้อหาที่ผิดปกติ โปรดแจ้งหน่วยงานตามช่องทางติดต่อที่ส่วนท้ายของหน้า\n"},
    {"accessibility", "การเข้าถึงเว็บไซต์", "ความมุ่งมั่นให้ทุกคนใช้เว็บไซต์ได้ รวมถึงผู้ใช้โปรแกรมอ่านหน้าจอ",
     "หน่วยงานมุ่งให้ทุกคนใช้เว็บไซต์นี้ได้ ตามแนวทาง WCAG 2.1 ระดับ AA และมาตรฐานการเข้าถึงเว็บไซต์ของภาครัฐ\n\n"
     "## สิ่งที่เว็บไซต์รองรับ\n\n- ใช้งานด้วยแป้นพิมพ์ได้ทุกส่วน มีลิงก์ข้ามไปยังเนื้อหาหลัก\n- รูปภาพมีคำอธิบาย ตารางมีหัวตาราง\n"
     "- ขยายตัวอักษรได้ และแสดงผลได้ทั้งบนโทรศัพท์และคอมพิวเตอร์\n\n## แจ้งปัญหาการเข้าถึง\n\n"
     "หากใช้งานส่วนใดไม่ได้ โปรดแจ้งหน่วยงานตามช่องทางติดต่อที่ส่วนท้ายของหน้า หน่วยงานจะแก้ไขหรือจัดส่งข้อมูลในรูปแบบอื่นให้\n"},
};

// README.md of a new site: the steps, and the page file of every item.
std::string site_readme(const Criteria& c) {
  const std::string round = std::to_string(c.round);
  std::string r = "# เว็บไซต์ของหน่วยงาน — เตรียมสำหรับการประเมิน ITA รอบ " + round + "\n\n";
  r += "สร้างโดย `oit new` (Made by `oit new` for ITA round " + round + ".)\n\n";
  r += "## ขั้นตอน (steps)\n\n";
  r += "1. แก้ `site.toml`: ชื่อหน่วยงาน ที่อยู่เว็บไซต์ (`base_url`) และข้อมูลติดต่อ (ค่าที่มีเครื่องหมาย ←)\n";
  r += "2. ดูเว็บไซต์ระหว่างแก้ไข: `oit serve` แล้วเปิด http://127.0.0.1:8080/ หน้าจะโหลดใหม่เองเมื่อบันทึกไฟล์\n";
  r += "3. กรอกทีละข้อ: เปิดไฟล์ของข้อนั้นในตารางด้านล่าง เขียนเนื้อหาจริงแทนคำแนะนำ วางไฟล์แนบไว้ในโฟลเดอร์เดียวกัน\n";
  r += "   แก้ `updated` (และ `fiscal_year` ถ้ามี) แล้วลบ `# ` หน้าบรรทัด `# oit = \"…\"` ในส่วนหัวของไฟล์\n";
  r += "4. ตรวจ: `oit build` แล้ว `oit check public --offline` จะแสดงข้อที่ยังไม่ได้กรอกหรือยังไม่ผ่าน\n";
  r += "5. ปีถัดไป: `oit new --from-round " + round + " --to-round " + std::to_string(c.round + 1) +
       "` ย้ายเว็บไซต์ไปใช้เกณฑ์รอบใหม่ (เก็บเอกสารปีก่อนไว้ทั้งหมด)\n\n";
  r += "ตาราง CSV ในหน้าเว็บ: วางไฟล์ CSV (UTF-8 มีแถวหัวตาราง) ในโฟลเดอร์ของหน้า แล้วเขียนบรรทัดนี้ในเนื้อหา\n\n";
  r += "```\n{{< table \"file.csv\" caption=\"คำอธิบายตาราง\" >}}\n```\n\n";
  r += "## ข้อที่ต้องกรอก (items to fill in)\n\n| ข้อ | ชื่อ | ไฟล์ |\n|---|---|---|\n";
  for (const auto& item : c.items)
    r += "| " + item.id + " | " + md_text(item.title) + " | `content/" + scaffold_page_path(c, item) + "` |\n";
  return r;
}

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
  const std::string round = std::to_string(c.round);
  files.push_back({"site.toml", site_toml(c)});
  files.push_back({".gitignore", "# the built site (oit build)\npublic/\n"});

  files.push_back({"content/_index.md",
                   simple_page("ชื่อหน่วยงานของท่าน", "แนะนำหน่วยงานในหนึ่งถึงสองบรรทัด", today, 0,
                               "ยินดีต้อนรับสู่เว็บไซต์ของหน่วยงาน เขียนแนะนำหน่วยงาน ภารกิจ และบริการหลักแทนข้อความนี้\n\n"
                               "- [ข่าวประชาสัมพันธ์](/news/)\n"
                               "- [การเปิดเผยข้อมูลสาธารณะ](/transparency/)\n"
                               "- [ITA/OIT: รายการข้อมูลทุกข้อของเกณฑ์](/oit/)\n",
                               "# หน้าแรก (home page): เขียนแนะนำหน่วยงานแทนข้อความนี้ — introduce the agency here\n")});

  bool news_done = false;
  for (const auto& item : c.items) {
    std::string path = scaffold_page_path(c, item);
    if (path == "news/_index.md") news_done = true;
    files.push_back({"content/" + path, placeholder_page(c, item, today, path)});
  }
  if (!news_done)
    files.push_back({"content/news/_index.md",
                     simple_page("ข่าวประชาสัมพันธ์", "ข่าวการดำเนินงานของหน่วยงาน", today, 20,
                                 "ข่าวการดำเนินงานและกิจกรรมของหน่วยงาน เรียงจากข่าวล่าสุด\n")});
  files.push_back({"content/news/example.md",
                   "+++\n"
                   "# ตัวอย่างรูปแบบข่าว: คัดลอกเป็นไฟล์ใหม่ (เช่น 2025-01-15-meeting.md) แก้ชื่อเรื่อง วันที่ และเนื้อหา\n"
                   "# แล้วลบไฟล์ตัวอย่างนี้ได้ — an example news page: copy it to a new file, edit it, delete this one.\n"
                   "title = \"ตัวอย่างข่าว: ชื่อเรื่องของข่าว\"\n"
                   "date = " + to_iso(today) + "  # วันที่ของข่าว (ISO: ปี ค.ศ.-เดือน-วัน) — the news date\n"
                   "summary = \"สรุปข่าวหนึ่งถึงสองบรรทัด แสดงในรายการข่าว หน้าแรก และฟีดข่าว\"\n"
                   "draft = true  # ข่าวตัวอย่างไม่เผยแพร่ ลบบรรทัดนี้ในข่าวจริง — this example is not published\n"
                   "+++\n\n"
                   "เนื้อหาข่าว: ใคร ทำอะไร ที่ไหน เมื่อไร และผลที่ได้ เขียนเป็นย่อหน้าสั้น ๆ\n\n"
                   "![คำอธิบายภาพสำหรับผู้ที่มองไม่เห็นภาพ](photo.jpg) ← ภาพข่าว: วางไฟล์ภาพไว้ข้างไฟล์ข่าว "
                   "(ใช้โฟลเดอร์ของข่าวเป็น page bundle: `2025-01-15-meeting/index.md` + `photo.jpg`)\n"});

  files.push_back({"content/" + std::string(kSection) + "/_index.md",
                   simple_page("การเปิดเผยข้อมูลสาธารณะ",
                               "ข้อมูลที่หน่วยงานเปิดเผยตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
                               today, 30,
                               "ข้อมูลที่หน่วยงานเปิดเผยต่อสาธารณะตามเกณฑ์ OIT ของการประเมิน ITA ประจำปีงบประมาณ พ.ศ. " + round +
                                   "\nรายการทุกข้อพร้อมวันที่ปรับปรุงล่าสุดดูได้ที่ [ITA/OIT](/oit/)\n")});

  files.push_back({"content/policies/_index.md",
                   simple_page("นโยบายเว็บไซต์", "นโยบายการใช้เว็บไซต์ การคุ้มครองข้อมูลส่วนบุคคล คุกกี้ ความมั่นคงปลอดภัย และการเข้าถึง",
                               today, 100, "นโยบายที่เกี่ยวกับการใช้งานเว็บไซต์ของหน่วยงาน\n")});
  int w = 0;
  for (const auto& p : kPolicies)
    files.push_back({std::string("content/policies/") + p.slug + ".md",
                     simple_page(p.title, p.summary, today, w += 10, std::string(kPolicyDraftNote) + p.body)});
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

// ---------------------------------------------------------------------------------------------
// Migration

namespace {

// The strings of a one-line TOML or YAML value: "a", ["a", "b"], a, [a, b].
std::vector<std::string> read_tag_values(std::string_view v) {
  std::vector<std::string> out;
  std::string s = trim(v);
  if (size_t hash = s.find(" #"); hash != std::string::npos && s.find('"') > hash) s = trim(s.substr(0, hash));
  if (!s.empty() && s.front() == '[') s = s.substr(1, s.find(']') == std::string::npos ? std::string::npos : s.find(']') - 1);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string tok;
    if (s[i] == '"' || s[i] == '\'') {
      char q = s[i++];
      while (i < s.size() && s[i] != q) tok += s[i++];
      ++i;
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != ' ' && s[i] != '#') tok += s[i++];
      if (i < s.size() && s[i] == '#') break;
    }
    if (!tok.empty()) out.push_back(tok);
  }
  return out;
}

// Marker comments of a placeholder's front matter.
struct PlaceholderMarks {
  int round = 0;
  std::vector<std::string> topics;  // from the commented `# oit = …` line
  std::string previous;
};

std::optional<PlaceholderMarks> read_placeholder(std::string_view front) {
  PlaceholderMarks m;
  for (const auto& raw : split_lines(front)) {
    std::string line = trim(raw);
    if (line.starts_with(kPlaceholderMark)) {
      m.round = std::atoi(line.c_str() + kPlaceholderMark.size());
    } else if (line.starts_with(kFollowsMark)) {
      auto v = read_tag_values(line.substr(kFollowsMark.size()));
      if (!v.empty()) m.previous = v.front();
    } else if (line.starts_with("# oit = ") && m.topics.empty()) {
      m.topics = read_tag_values(line.substr(8));
    }
  }
  if (m.round == 0 || m.topics.empty()) return std::nullopt;
  return m;
}

bool is_item_code(std::string_view v) {
  return v.size() > 1 && (v[0] == 'O' || v[0] == 'o') && v[1] >= '0' && v[1] <= '9';
}

struct ParsedPage {
  std::string path;  // content path
  std::string text;
  std::string front;  // the front matter's text
  FrontMatterFormat format = FrontMatterFormat::Toml;
  PageMeta meta;
  bool section = false;  // _index.md
  std::optional<PlaceholderMarks> placeholder;
};

Result<ParsedPage> parse_page(const std::string& path, const std::string& text) {
  ParsedPage p;
  p.path = path;
  p.text = text;
  const std::string shown = "content/" + path;
  auto split = split_front_matter(p.text, shown);
  if (!split) return split.error();
  auto meta = parse_front_matter(*split, shown);
  if (!meta) return meta.error();
  p.front = std::string(split->front);
  p.format = split->format;
  p.meta = std::move(*meta);
  p.section = name_of(path) == "_index.md";
  if (p.meta.oit.empty()) p.placeholder = read_placeholder(p.front);
  return p;
}

// Lines [first, last] (0-based) of the `oit` value starting at 0-based line `first`.
std::pair<size_t, size_t> value_span(const std::vector<std::string>& lines, size_t first) {
  const std::string& l = lines[first];
  size_t eq = l.find_first_of("=:");
  std::string value = eq == std::string::npos ? "" : trim(l.substr(eq + 1));
  size_t last = first;
  if (value.starts_with("[")) {
    int depth = 0;
    for (size_t i = first; i < lines.size(); ++i) {
      for (char ch : lines[i]) depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
      last = i;
      if (depth <= 0) break;
    }
  } else if (value.empty()) {  // YAML block list
    while (last + 1 < lines.size() && trim(lines[last + 1]).starts_with("-")) ++last;
  }
  return {first, last};
}

std::string format_tags(const std::vector<std::string>& tags, FrontMatterFormat fmt, const std::string& indent) {
  std::string v;
  if (fmt == FrontMatterFormat::Toml) {
    if (tags.size() == 1) return indent + "oit = " + toml_quote(tags[0]) + "\n";
    std::vector<std::string> q;
    for (const auto& t : tags) q.push_back(toml_quote(t));
    return indent + "oit = [" + join(q, ", ") + "]\n";
  }
  if (tags.size() == 1) return indent + "oit: " + tags[0] + "\n";
  return indent + "oit: [" + join(tags, ", ") + "]\n";
}

// Replaces the `oit` value of a page: with `tags` (rewrite) or, when `comment` is given, by the same lines
// commented out with `comment` after the first.
std::string edit_oit_lines(const ParsedPage& p, const std::vector<std::string>* tags, const std::string& comment) {
  auto lines = split_lines(p.text);
  size_t first = static_cast<size_t>(p.meta.key_pos.at("oit").line - 1);
  auto [a, b] = value_span(lines, first);
  std::string indent = lines[a].substr(0, lines[a].find_first_not_of(" \t"));
  std::vector<std::string> repl;
  if (tags) {
    repl.push_back(format_tags(*tags, p.format, indent));
  } else {
    for (size_t i = a; i <= b; ++i) {
      std::string l = lines[i];
      while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
      repl.push_back(indent + "# " + l.substr(indent.size()) + (i == a ? "  " + comment : "") + "\n");
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == a)
      for (const auto& r : repl) out += r;
    if (i < a || i > b) out += lines[i];
  }
  return out;
}

// The folder name of next year's page beside `path`: the year in the name replaced, else appended.
std::string next_year_path(const ParsedPage& p, int old_fy, int new_fy) {
  std::string dir, name;
  if (name_of(p.path) == "index.md") {
    std::string d = dir_of(p.path);
    dir = dir_of(d);
    name = name_of(d);
  } else {
    dir = dir_of(p.path);
    name = name_of(p.path);
    name = name.substr(0, name.size() - 3);  // ".md"
  }
  const std::string old_s = std::to_string(old_fy), new_s = std::to_string(new_fy);
  bool replaced = false;
  for (size_t pos = name.find(old_s); pos != std::string::npos; pos = name.find(old_s, pos + 1)) {
    bool left = pos == 0 || !std::isdigit(static_cast<unsigned char>(name[pos - 1]));
    bool right = pos + old_s.size() == name.size() || !std::isdigit(static_cast<unsigned char>(name[pos + old_s.size()]));
    if (left && right) {
      name.replace(pos, old_s.size(), new_s);
      replaced = true;
      break;
    }
  }
  if (!replaced) name += "-" + new_s;
  return (dir.empty() ? "" : dir + "/") + name + "/index.md";
}

// Content path of the page at the same URL as `bundle_index` ("a/b/index.md" ↔ "a/b.md").
std::string leaf_twin(const std::string& bundle_index) { return dir_of(bundle_index) + ".md"; }

bool is_primary(const Item& item, std::string_view topic) { return item.topics.front() == topic; }

std::string period_name_th(PeriodRule p) {
  switch (p) {
    case PeriodRule::Current: return "ข้อมูลปัจจุบัน";
    case PeriodRule::InForce: return "เอกสารที่ใช้บังคับ";
    case PeriodRule::Working: return "ช่องทางที่ใช้งานได้";
    case PeriodRule::RoundFY: return "ปีงบประมาณของรอบ";
    case PeriodRule::PreviousFY: return "ปีงบประมาณก่อนหน้า";
    case PeriodRule::SpansRoundFY: return "แผนที่ครอบคลุมปีของรอบ";
    case PeriodRule::Unknown: break;
  }
  return "ไม่ระบุ";
}

class Migration {
 public:
  explicit Migration(const MigrationInput& in) : in_(in), from_(*in.from), to_(*in.to) {}

  Result<MigrationPlan> run() {
    if (from_.round == to_.round)
      return make_error({"site.toml"}, "--from-round and --to-round are both " + std::to_string(to_.round),
                        "give the round the site is prepared for and the next one, e.g. --from-round 2568 --to-round 2569");
    if (to_.round < from_.round)
      return make_error({"site.toml"}, "--to-round " + std::to_string(to_.round) + " is before --from-round " + std::to_string(from_.round),
                        "a site is carried forward only; keep the old site in version control to go back");
    auto cfg = parse_site_config(in_.site_toml, "site.toml");
    if (!cfg) return cfg.error();
    if (cfg->round != from_.round && cfg->round != to_.round)
      return make_error(cfg->round_pos, "site.toml is for round " + std::to_string(cfg->round) + ", not " + std::to_string(from_.round),
                        "run `oit new --from-round " + std::to_string(cfg->round) + " --to-round " + std::to_string(to_.round) + "`");
    site_ = cfg->round == from_.round ? &from_ : &to_;
    if (cfg->round == from_.round) {
      auto lines = split_lines(in_.site_toml);
      std::string& l = lines[static_cast<size_t>(cfg->round_pos.line - 1)];
      size_t at = l.find(std::to_string(from_.round));
      if (at == std::string::npos) return make_error(cfg->round_pos, "cannot find the round number on this line", "edit `round` by hand");
      l.replace(at, 4, std::to_string(to_.round));
      planned_.push_back({{"site.toml", join(lines, "")}, "site.toml: round " + std::to_string(from_.round) + " → " + std::to_string(to_.round)});
    }
    if (!in_.readme.empty() && in_.readme == site_readme(*site_) && site_ != &to_)
      planned_.push_back({{"README.md", site_readme(to_)}, "README.md: the list of item pages for round " + std::to_string(to_.round)});
    for (const auto& [path, text] : in_.pages) {
      auto p = parse_page(path, text);
      if (!p) return p.error();
      pages_[path] = std::move(*p);
    }
    for (auto& [path, p] : pages_)
      if (!p.meta.oit.empty()) retag(p);
    for (auto& [path, p] : pages_)
      if (!p.meta.oit.empty()) carry_dated(p);
    for (auto& [path, p] : pages_)
      if (p.placeholder) refresh_placeholder(p);
    add_new_items();
    return finish();
  }

 private:
  // Plans a write; an existing page is read again so later steps see the change.
  void write(const std::string& content_path, const std::string& text, const std::string& action) {
    edited_[content_path] = text;
    planned_.push_back({{"content/" + content_path, text}, action});
    if (auto it = pages_.find(content_path); it != pages_.end())
      if (auto again = parse_page(content_path, text)) it->second = std::move(*again);
  }

  bool exists(const std::string& content_path) const {
    if (edited_.count(content_path) || pages_.count(content_path)) return true;
    return std::find(in_.files.begin(), in_.files.end(), content_path) != in_.files.end();
  }

  // Item codes of the site's round become topic keys (codes are renumbered between rounds); topics the
  // new round no longer has are dropped, else the build would stop at them.
  void retag(ParsedPage& p) {
    std::vector<std::string> tags, dropped;
    bool changed = false;
    for (const auto& v : p.meta.oit) {
      std::string topic = v;
      if (is_item_code(v)) {
        const Item* it = site_->find(v);
        if (!it) continue;  // the build reports unknown codes
        topic = it->topics.front();
        changed = true;
      }
      if (!to_.find_by_topic(topic) && site_->find_by_topic(topic)) {
        dropped.push_back(topic);
        changed = true;
        continue;
      }
      if (std::find(tags.begin(), tags.end(), topic) == tags.end()) tags.push_back(topic);
    }
    if (!changed) return;
    if (tags.empty())
      write(p.path, edit_oit_lines(p, nullptr, std::string(kDroppedMark) + std::to_string(to_.round)),
            "content/" + p.path + ": `oit` commented out: " + join(dropped, ", ") + " is not an item of round " + std::to_string(to_.round));
    else
      write(p.path, edit_oit_lines(p, &tags, ""), "content/" + p.path + ": `oit` written with topic keys: " + join(tags, ", "));
  }

  // A page about one fiscal year whose item asks for another year in the new round: a new page for the new
  // year beside it takes the item over; the old page stays published with its `oit` line commented out.
  void carry_dated(ParsedPage& p) {
    if (p.section || !p.meta.fiscal_year) return;
    const int fy = *p.meta.fiscal_year;
    const Item* item = nullptr;
    int want = 0;
    for (const auto& t : p.meta.oit) {
      const Item* it = to_.find_by_topic(t);
      if (!it || !is_primary(*it, t)) continue;
      int e = to_.expected_fiscal_year(*it);
      if (e && fy < e) item = it, want = e;
    }
    if (!item) return;
    for (const auto& [path, other] : pages_) {
      if (path == p.path || other.meta.fiscal_year != want) continue;
      for (const auto& t : other.meta.oit)
        if (t == item->topics.front()) {
          std::string text = edit_oit_lines(p, nullptr, std::string(kKeptMark) + std::to_string(to_.round) + " uses " + path);
          write(p.path, text, "content/" + p.path + ": kept; `oit` commented out, content/" + path + " covers fiscal year " + std::to_string(want));
          return;
        }
    }
    std::string next = next_year_path(p, fy, want);
    if (exists(next) || exists(leaf_twin(next))) {
      plan_.notes.push_back("content/" + next + " exists but does not claim " + item->id + " of round " + std::to_string(to_.round) +
                            ": content/" + p.path + " left as it is");
      return;
    }
    std::string old_path = p.path;
    write(next, placeholder_page(to_, *item, in_.today, next, old_path),
          "content/" + next + ": new page for " + item->id + " of round " + std::to_string(to_.round) + " (fiscal year " + std::to_string(want) + ")");
    std::string text = edit_oit_lines(p, nullptr, std::string(kKeptMark) + std::to_string(to_.round) + " uses " + next);
    write(p.path, text, "content/" + p.path + ": kept (fiscal year " + std::to_string(fy) + "); `oit` commented out");
  }

  // An untouched placeholder of the old round is written again for the new one (its guidance, number and
  // fiscal year change), in a folder named for the new year when its name carried the old one.
  void refresh_placeholder(ParsedPage& p) {
    const PlaceholderMarks& m = *p.placeholder;
    const Criteria* made_for = m.round == from_.round ? &from_ : m.round == to_.round ? &to_ : nullptr;
    if (!made_for) return;
    const std::string& topic = m.topics.front();
    const Item* old_item = made_for->find_by_topic(topic);
    if (!old_item) return;
    std::string expected = placeholder_page(*made_for, *old_item, in_.today, p.path, m.previous);
    if (!same_but_updated(p.text, expected)) return;  // the author has started on it: leave it alone
    if (made_for == &to_) return;                     // already for the new round
    const Item* item = to_.find_by_topic(topic);
    const bool index = name_of(p.path) == "index.md" && only_file_of_folder(p.path);
    if (!item || !is_primary(*item, topic)) {
      // Merged into another item or dropped: the page holds nothing of the author's, and its guidance is wrong now.
      std::string why = item ? "round " + std::to_string(to_.round) + " merges `" + topic + "` into " + item->id
                             : "`" + topic + "` is not an item of round " + std::to_string(to_.round);
      if (index) {
        plan_.removes.push_back("content/" + p.path);
        removed_.insert(p.path);
        removal_why_["content/" + p.path] = why;
      } else {
        plan_.notes.push_back("content/" + p.path + " is an unfilled page of round " + std::to_string(made_for->round) + " and " + why +
                              ": remove it or use it for the new item");
      }
      return;
    }
    std::string target = p.path;
    if (index) {
      const std::string dir = dir_of(p.path), parent = dir_of(dir), old_name = scaffold_folder(*made_for, *old_item),
                        new_name = scaffold_folder(to_, *item);
      const int old_fy = made_for->expected_fiscal_year(*old_item), new_fy = to_.expected_fiscal_year(*item);
      std::string moved;
      if (name_of(dir) == old_name && old_name != new_name)
        moved = (parent.empty() ? "" : parent + "/") + new_name + "/index.md";
      else if (old_fy && new_fy && old_fy != new_fy)
        moved = next_year_path(p, old_fy, new_fy);
      if (!moved.empty() && !exists(moved) && !exists(leaf_twin(moved))) target = moved;
    }
    write(target, placeholder_page(to_, *item, in_.today, target, m.previous),
          "content/" + target + ": placeholder for " + item->id + " of round " + std::to_string(to_.round));
    if (target != p.path) {
      plan_.removes.push_back("content/" + p.path);
      removed_.insert(p.path);
      removal_why_["content/" + p.path] = "moved to content/" + target;
    }
  }

  static bool same_but_updated(const std::string& a, const std::string& b) {
    auto la = split_lines(a), lb = split_lines(b);
    if (la.size() != lb.size()) return false;
    for (size_t i = 0; i < la.size(); ++i)
      if (la[i] != lb[i] && !(la[i].starts_with("updated = ") && lb[i].starts_with("updated = "))) return false;
    return true;
  }

  bool only_file_of_folder(const std::string& index) const {
    std::string dir = dir_of(index) + "/";
    for (const auto& f : in_.files)
      if (f.starts_with(dir)) return false;
    for (const auto& [path, p] : pages_)
      if (path != index && path.starts_with(dir)) return false;
    return true;
  }

  // Items of the new round that share no topic with the old round get a placeholder page.
  void add_new_items() {
    for (const auto& item : to_.items) {
      bool known = std::any_of(item.topics.begin(), item.topics.end(), [&](const std::string& t) { return from_.find_by_topic(t) != nullptr; });
      if (known || covered(item)) continue;
      std::string path = scaffold_page_path(to_, item);
      if (exists(path)) continue;
      write(path, placeholder_page(to_, item, in_.today, path), "content/" + path + ": placeholder for " + item.id + ", new in round " + std::to_string(to_.round));
      std::string section = std::string(kSection) + "/_index.md";
      if (!exists(section))
        write(section, simple_page("การเปิดเผยข้อมูลสาธารณะ", "ข้อมูลที่หน่วยงานเปิดเผยตามเกณฑ์ ITA", in_.today, 30,
                                   "ข้อมูลที่หน่วยงานเปิดเผยต่อสาธารณะตามเกณฑ์ OIT ของการประเมิน ITA\n"),
              "content/" + section + ": section for the new items");
    }
  }

  bool covered(const Item& item) const {
    for (const auto& [path, p] : pages_) {
      const auto& topics = p.placeholder ? p.placeholder->topics : p.meta.oit;
      for (const auto& t : topics)
        if (std::find(item.topics.begin(), item.topics.end(), t) != item.topics.end()) return true;
    }
    return false;
  }

  // ---- the report, from the state after this run ----

  Result<MigrationPlan> finish() {
    std::map<std::string, ParsedPage> state;
    for (const auto& [path, p] : pages_)
      if (!removed_.count(path)) state[path] = p;
    for (const auto& [path, text] : edited_) {
      auto p = parse_page(path, text);
      if (!p) return p.error();
      state[path] = std::move(*p);
    }
    // A rerun plans the same texts again: only real changes are writes. The last text planned for a file wins.
    std::map<std::string, size_t> last;
    for (size_t i = 0; i < planned_.size(); ++i) last[planned_[i].first.path] = i;
    for (size_t i = 0; i < planned_.size(); ++i) {
      const auto& [w, action] = planned_[i];
      const std::string* old_text = &in_.site_toml;
      if (w.path == "README.md") {
        old_text = &in_.readme;
      } else if (w.path != "site.toml") {
        auto it = in_.pages.find(w.path.substr(8));
        old_text = it == in_.pages.end() ? nullptr : &it->second;
      }
      if (old_text && *old_text == w.text) continue;
      plan_.actions.push_back(action);
      if (last[w.path] == i) plan_.writes.push_back(w);
    }
    for (const auto& rm : plan_.removes) plan_.actions.push_back(rm + ": unfilled placeholder removed (" + removal_why_[rm] + ")");
    plan_.report_path = "oit-round-" + std::to_string(to_.round) + ".md";
    plan_.report = report(state);
    return plan_;
  }

  std::string report(const std::map<std::string, ParsedPage>& state) {
    const std::string F = std::to_string(from_.round), T = std::to_string(to_.round);
    std::string r = "# เว็บไซต์สำหรับการประเมิน ITA รอบ " + T + " (carried from round " + F + ")\n\n";
    r += "ปีงบประมาณ พ.ศ. " + T + ": " + fy_range(to_.round) + ". รายงานนี้สร้างโดย `oit new --from-round " + F + " --to-round " + T +
         "` จากสภาพของเว็บไซต์ในขณะนั้น รันคำสั่งเดิมซ้ำได้เสมอ (ไม่เปลี่ยนสิ่งที่ทำไปแล้ว) เพื่อดูรายการล่าสุด\n\n";

    // What to do, item by item.
    std::string rows;
    int todo = 0;
    for (const auto& item : to_.items) {
      std::string file, what;
      bool must = describe_item(item, state, file, what);
      todo += must;
      rows += "| " + item.id + " | " + md_text(item.title) + " | " + (file.empty() ? "—" : "`content/" + file + "`") + " | " +
              (must ? "**ต้องทำ:** " : "") + what + " |\n";
    }
    plan_.todo = todo;
    r += "## สิ่งที่ต้องทำสำหรับรอบ " + T + " (to do: " + std::to_string(todo) + " of " + std::to_string(to_.items.size()) + " items)\n\n";
    r += "| ข้อ | ชื่อ | หน้า | สถานะ |\n|---|---|---|---|\n" + rows + "\n";

    // Numbers that moved, merged items, new and dropped items.
    std::string moved, merged, fresh, dropped;
    for (const auto& item : to_.items) {
      std::vector<const Item*> olds;
      for (const auto& t : item.topics)
        if (const Item* o = from_.find_by_topic(t); o && std::find(olds.begin(), olds.end(), o) == olds.end()) olds.push_back(o);
      if (olds.empty()) {
        fresh += "- " + item.id + " " + md_text(item.title) + " — หน้าใหม่: `content/" + page_of(item, state) + "`\n";
        continue;
      }
      std::vector<std::string> codes;
      for (const Item* o : olds) codes.push_back(o->id);
      if (olds.size() > 1 || codes.front() != item.id) moved += "| " + join(codes, ", ") + " | " + item.id + " | " + join(item.topics, ", ") + " |\n";
      if (olds.size() > 1) {
        merged += "- " + T + " " + item.id + " " + md_text(item.title) + " รวม " + F + " ";
        std::vector<std::string> parts;
        for (const Item* o : olds) parts.push_back(o->id + " " + md_text(o->title));
        merged += join(parts, " และ ") + ": หน้าของข้อนี้ (หัวข้อ `" + item.topics.front() + "`) ต้องมีเนื้อหาของทุกข้อที่รวมกัน";
        std::vector<std::string> support;
        for (size_t i = 1; i < item.topics.size(); ++i)
          for (const auto& [path, p] : state)
            if (std::find(p.meta.oit.begin(), p.meta.oit.end(), item.topics[i]) != p.meta.oit.end()) support.push_back("`content/" + path + "`");
        if (!support.empty()) merged += " หน้าที่ติดหัวข้อรอง (" + join(support, ", ") + ") ควรลิงก์จากหน้าหลักของข้อนี้";
        merged += "\n";
      }
    }
    for (const auto& o : from_.items) {
      bool kept = std::any_of(o.topics.begin(), o.topics.end(), [&](const std::string& t) { return to_.find_by_topic(t) != nullptr; });
      if (!kept) dropped += "- " + F + " " + o.id + " " + md_text(o.title) + " (`" + o.topics.front() + "`)\n";
    }
    r += "## เลขข้อที่เปลี่ยน (item numbers)\n\n";
    r += moved.empty() ? "ไม่มี: ทุกข้อใช้เลขเดิม\n\n"
                       : "หน้าเว็บติดป้ายด้วยหัวข้อ (topic key) จึงย้ายไปเลขข้อใหม่เองเมื่อสร้างเว็บไซต์ (`oit build`)\n\n| รอบ " + F + " | รอบ " + T +
                             " | หัวข้อ |\n|---|---|---|\n" + moved + "\n";
    r += "## ข้อที่รวมกัน (merged items)\n\n" + (merged.empty() ? std::string("ไม่มี\n") : merged) + "\n";
    r += "## ข้อใหม่ในรอบ " + T + " (new items)\n\n" + (fresh.empty() ? std::string("ไม่มี\n") : fresh) + "\n";
    r += "## ข้อที่ไม่มีแล้วในรอบ " + T + " (items dropped)\n\n" + (dropped.empty() ? std::string("ไม่มี\n") : dropped) + "\n";

    std::string kept;
    for (const auto& [path, p] : state) {
      std::string_view front = p.front;
      size_t at = front.find(kKeptMark);
      if (at == std::string_view::npos) continue;
      std::string rest(front.substr(at + kKeptMark.size()));
      rest = rest.substr(0, rest.find('\n'));
      size_t uses = rest.find(" uses ");
      kept += "- `content/" + path + "`" + (p.meta.fiscal_year ? " (ปีงบประมาณ " + std::to_string(*p.meta.fiscal_year) + ")" : "") +
              (uses == std::string::npos ? "" : " — รอบ " + T + " ใช้ `content/" + trim(rest.substr(uses + 6)) + "`") + "\n";
    }
    r += "## เอกสารปีก่อนที่เก็บไว้ (previous-year pages kept)\n\n";
    r += kept.empty() ? "ไม่มี\n"
                      : "หน้าเหล่านี้ยังเผยแพร่อยู่ (ผู้ประเมินตรวจรายงานของปีก่อนด้วย ห้ามลบ) แต่ไม่ได้เป็นหน้าของข้อใดแล้ว:\n\n" + kept;
    return r;
  }

  std::string page_of(const Item& item, const std::map<std::string, ParsedPage>& state) const {
    for (const auto& [path, p] : state)
      if (p.placeholder && p.placeholder->topics.front() == item.topics.front()) return path;
    for (const auto& [path, p] : state)
      for (const auto& t : p.meta.oit)
        if (t == item.topics.front()) return path;
    return scaffold_page_path(to_, item);
  }

  // The page that stands for `item` after this run and what is left to do; true when something must be done.
  bool describe_item(const Item& item, const std::map<std::string, ParsedPage>& state, std::string& file, std::string& what) const {
    const ParsedPage* owner = nullptr;
    const ParsedPage* support = nullptr;
    const ParsedPage* placeholder = nullptr;
    for (const auto& [path, p] : state) {
      for (const auto& t : p.meta.oit) {
        const Item* it = is_item_code(t) ? to_.find(t) : to_.find_by_topic(t);
        if (it != &item) continue;
        if (is_item_code(t) || is_primary(item, t)) owner = owner ? owner : &p;
        else support = support ? support : &p;
      }
      if (p.placeholder && p.placeholder->topics.front() == item.topics.front() && !placeholder) placeholder = &p;
    }
    const ParsedPage* page = owner ? owner : support;
    const int want = to_.expected_fiscal_year(item);
    if (!owner && placeholder) {
      file = placeholder->path;
      what = "ยังไม่ได้กรอก: เขียนเนื้อหาแล้วลบ `# ` หน้าบรรทัด `oit`";
      if (support) what += " (ระหว่างนี้หน้าที่ติดหัวข้อรอง `content/" + support->path + "` เป็นหน้าของข้อนี้)";
      return true;
    }
    if (!page) {
      what = "ไม่มีหน้า: สร้างหน้าที่ติดป้าย `oit = \"" + item.topics.front() + "\"`";
      return true;
    }
    file = page->path;
    std::string notes;
    if (!owner) notes = "มีเฉพาะหน้าของหัวข้อรอง: ";
    auto fy = page->meta.fiscal_year;
    if (want && fy != want && page->section) {
      what = notes + "แก้ `fiscal_year = " + std::to_string(want) + "` ในหน้านี้" +
             (item.coverage == Coverage::AnyInFY ? " และเพิ่มรายการที่ลงวันที่ในปีงบประมาณ " + std::to_string(want) : std::string());
      return true;
    }
    if (want && fy != want) {
      what = notes + (fy ? "หน้าระบุปีงบประมาณ " + std::to_string(*fy) : std::string("หน้าไม่ระบุปีงบประมาณ")) + " ต้องเป็น " +
             std::to_string(want) + ": ปรับปรุงเนื้อหาและเอกสารเป็นของปีงบประมาณ " + std::to_string(want) + " แล้วแก้ `fiscal_year = " +
             std::to_string(want) + "`";
      if (item.coverage == Coverage::AnyInFY) what += " และเพิ่มรายการที่ลงวันที่ในปีงบประมาณ " + std::to_string(want);
      return true;
    }
    if (item.period == PeriodRule::SpansRoundFY && fy && *fy != to_.round) {
      what = notes + "ตรวจว่าช่วงของแผนครอบคลุมปีงบประมาณ " + std::to_string(to_.round) + " (ถ้าแผนสิ้นสุดแล้วต้องมีแผนใหม่) แล้วแก้ `fiscal_year = " +
             std::to_string(to_.round) + "`";
      return true;
    }
    if (!owner) {
      what = notes + "หน้าหลักของข้อนี้ต้องติดป้าย `oit = \"" + item.topics.front() + "\"`";
      return true;
    }
    what = "พร้อม (" + period_name_th(item.period) + ")";
    if (item.period == PeriodRule::Current || item.period == PeriodRule::InForce || item.period == PeriodRule::Working)
      what += ": ตรวจว่ายังเป็นปัจจุบันและใช้งานได้";
    else if (item.coverage == Coverage::FirstHalf)
      what += ": เพิ่มข้อมูลรายเดือนให้ครบถึงมีนาคม " + std::to_string(to_.round);
    return false;
  }

  const MigrationInput& in_;
  const Criteria& from_;
  const Criteria& to_;
  const Criteria* site_ = nullptr;
  std::map<std::string, ParsedPage> pages_;
  std::map<std::string, std::string> edited_;  // content path → new text (planned writes)
  std::set<std::string> removed_;
  std::map<std::string, std::string> removal_why_;  // site path → why
  std::vector<std::pair<SiteFile, std::string>> planned_;  // writes with what they do, in order
  MigrationPlan plan_;
};

// The site's files are read like a build reads them (source_file.h): regular files inside `site`, bounded.
Result<std::string> read_text_file(const fs::path& p, const std::string& shown, SourceKind kind, const fs::path& site) {
  return read_source_file(p, shown, kind, site);
}

Result<void> write_text_file(const fs::path& p, const std::string& text, const std::string& shown) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  fs::path tmp = p;
  tmp += ".oit-tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) return make_error({shown}, "cannot write file", "check that the folder is writable");
  }
  fs::rename(tmp, p, ec);
  if (ec) return make_error({shown}, "cannot replace file: " + ec.message(), "check that the folder is writable");
  return {};
}

}  // namespace

Result<MigrationPlan> plan_migration(const MigrationInput& in) {
  if (!in.from || !in.to) return make_error({}, "criteria of both rounds are needed");
  return Migration(in).run();
}

Result<MigrationPlan> migrate_site(const fs::path& dir, int from_round, int to_round, const Date& today) {
  auto from = load_criteria(from_round, dir / "criteria");
  if (!from) return from.error();
  auto to = load_criteria(to_round, dir / "criteria");
  if (!to) return to.error();
  MigrationInput in;
  in.from = &*from;
  in.to = &*to;
  in.today = today;
  std::error_code ec;
  auto toml = read_text_file(dir / "site.toml", "site.toml", SourceKind::SiteConfig, dir);
  if (!toml && fs::exists(fs::symlink_status(dir / "site.toml", ec))) return toml.error();  // there, but not readable as it is
  if (!toml)
    return make_error({"site.toml"}, "no site.toml in " + dir.string(), "give the folder of the site to carry forward: oit new --from-round " +
                                                                          std::to_string(from_round) + " --to-round " + std::to_string(to_round) + " DIR");
  in.site_toml = std::move(*toml);
  if (auto readme = read_text_file(dir / "README.md", "README.md", SourceKind::Page, dir)) in.readme = std::move(*readme);
  const fs::path content = dir / "content";
  for (auto it = fs::recursive_directory_iterator(content, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::string rel = it->path().lexically_relative(content).generic_string();
    if (rel.ends_with(".md")) {
      auto text = read_text_file(it->path(), "content/" + rel, SourceKind::Page, dir);
      if (!text) return text.error();
      in.pages[rel] = std::move(*text);
    } else {
      in.files.push_back(rel);
    }
  }
  if (ec) return make_error({"content"}, "cannot read the content folder: " + ec.message(), "check that DIR/content exists");
  std::sort(in.files.begin(), in.files.end());
  auto plan = plan_migration(in);
  if (!plan) return plan;
  for (const auto& w : plan->writes)
    if (auto r = write_text_file(dir / w.path, w.text, w.path); !r) return r.error();
  for (const auto& rm : plan->removes) {
    fs::remove(dir / rm, ec);
    fs::remove(dir / rm.substr(0, rm.rfind('/')), ec);  // the folder, when now empty
  }
  if (auto r = write_text_file(dir / plan->report_path, plan->report, plan->report_path); !r) return r.error();
  return plan;
}

}  // namespace oit
