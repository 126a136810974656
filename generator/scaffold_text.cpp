#include "generator/scaffold_text.h"

#include <filesystem>
#include <stdexcept>

#include "core/embedded.h"
#include "generator/scaffold.h"

namespace oit::scaffold_detail {

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

std::string md_text(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) r += '\\';
    r += c;
  }
  return r;
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

std::string trim_blanks(std::string_view s) {
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

std::string scaffold_folder(const Criteria& c, const Item& item) {
  int fy = c.expected_fiscal_year(item);
  return item.topics.front() + (fy ? "-" + std::to_string(fy) : "");
}

std::string simple_page(const std::string& title, const std::string& summary, const Date& updated, int weight,
                        const std::string& body, const std::string& comment) {
  std::string f = "+++\n" + comment;
  f += "title = " + toml_quote(title) + "\n";
  if (!summary.empty()) f += "summary = " + toml_quote(summary) + "\n";
  f += "updated = " + to_iso(updated) + "\n";
  if (weight) f += "weight = " + std::to_string(weight) + "\n";
  return f + "+++\n\n" + body;
}

std::string scaffold_text(std::string_view name, const std::map<std::string, std::string>& values) {
  const std::string path = "generator/scaffold/" + std::string(name);
  auto text = embedded_file(path);
  // Compiled into the binary by CMake: missing only when the embed list and this code disagree.
  if (!text) throw std::logic_error("not embedded: " + path);
  std::string out;
  out.reserve(text->size());
  for (size_t i = 0; i < text->size();) {
    size_t open = text->find("{{", i);
    size_t close = open == std::string_view::npos ? open : text->find("}}", open + 2);
    auto it = close == std::string_view::npos ? values.end() : values.find(std::string(text->substr(open + 2, close - open - 2)));
    if (it == values.end()) {  // no slot, or not one of ours: the text as it is
      size_t upto = open == std::string_view::npos ? text->size() : open + 2;
      out.append(*text, i, upto - i);
      i = upto;
      continue;
    }
    out.append(*text, i, open - i).append(it->second);
    i = close + 2;
  }
  return out;
}

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

}  // namespace oit::scaffold_detail
