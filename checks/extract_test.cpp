#include "checks/extract.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace oit;

namespace {
// Shaped like a WordPress page of a Thai agency: unclosed tags, entities, menus, a widget sidebar.
const char* kCmsPage = R"(<!DOCTYPE html>
<html lang="th-TH"><head>
<meta charset="UTF-8">
<title>รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ &#8211; สำนักงานตัวอย่าง</title>
<meta name="oit:item" content="O7"><meta name="OIT:Item" content="O8">
<meta property="og:title" content="รายงาน &amp; ผล">
<link rel='stylesheet' href='/wp-content/themes/x/style.css?ver=6.4' media='all'>
<link rel="preconnect" href="https://fonts.example.com">
<script src="/wp-includes/js/jquery.min.js"></script>
</head>
<body class="page">
<header id="masthead"><a href="/"><img src="/logo.png" alt="โลโก้"></a>
<nav><ul><li><a href="/oit/">ITA ปีงบประมาณ 2568</a><li><a href="/news/">ข่าว</a></ul></nav></header>
<div id="content"><main id="main">
<article><header><h1 class="entry-title">รายงานผลการดำเนินงาน&nbsp;ประจำปีงบประมาณ พ.ศ. ๒๕๖๗</h1></header>
<p>เผยแพร่เมื่อ <time datetime="2024-11-15">15 พฤศจิกายน 2567</time>
<p>ดาวน์โหลด: <a href="/wp-content/uploads/2024/11/รายงาน%20ผล.pdf">รายงานผล (PDF)</a>
<a href="#sec2"><img src="icon.png" alt="ไปส่วนที่ 2"></a>
<h2 id=sec2>ส่วนที่ ๒</h2><a name="old-anchor"></a>
<picture><source srcset="/a.webp 1x, /a@2x.webp 2x"><img src="/a.jpg" srcset="/a-small.jpg 480w,/a-big.jpg 1024w" alt="ภาพ"></picture>
<table><caption>สถิติ</caption><thead><tr><th>เดือน</th><th>จำนวน</th></tr></thead>
<tbody><tr><td>ตุลาคม 2567<td>12</tr><tr><td>พฤศจิกายน 2567</td><td>0</td></tr></tbody></table>
<table><tr><td>ไม่มี th</td><td>แถวแรก</td></tr><tr><td>a</td><td>b</td></tr></table>
<iframe src="https://www.youtube.com/embed/x"></iframe>
<script>var hidden = "ข้อความในสคริปต์";</script><div hidden>ซ่อนอยู่</div>
</article></main>
<aside id="secondary"><h2>ลิงก์แนะนำ</h2><a href="https://www.nacc.go.th/">ป.ป.ช. ปีงบประมาณ 2566</a></aside></div>
<footer><p>โทร 02-123-4567 ปรับปรุงล่าสุด 1 มีนาคม 2568</footer>
</body></html>)";

bool has_link(const Page& p, std::string_view href, std::string_view kind) {
  return std::any_of(p.links.begin(), p.links.end(),
                     [&](const PageLink& l) { return l.href == href && l.kind == kind; });
}
}  // namespace

TEST_CASE("extract_html reads title, lang, meta and headings of CMS HTML with Thai and entities") {
  Page p = extract_html(kCmsPage);
  CHECK(p.title == "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ – สำนักงานตัวอย่าง");
  CHECK(p.lang == "th-TH");
  CHECK(p.meta_values("oit:item") == std::vector<std::string>{"O7", "O8"});
  CHECK(p.meta_values("og:title") == std::vector<std::string>{"รายงาน & ผล"});
  REQUIRE(p.headings.size() == 3);
  CHECK(p.headings[0].level == 1);
  CHECK(p.headings[0].text == "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗");
  CHECK_FALSE(p.headings[0].in_chrome);  // an article's own <header> is content
  CHECK(p.headings[2].text == "ลิงก์แนะนำ");
  CHECK(p.headings[2].in_chrome);  // sidebar
  CHECK(p.time_datetimes == std::vector<std::string>{"2024-11-15"});
}

TEST_CASE("extract_html collects every kind of link with text and chrome flag") {
  Page p = extract_html(kCmsPage);
  CHECK(has_link(p, "/wp-content/themes/x/style.css?ver=6.4", "link"));
  CHECK_FALSE(has_link(p, "https://fonts.example.com", "link"));
  CHECK(has_link(p, "/wp-includes/js/jquery.min.js", "script"));
  CHECK(has_link(p, "/a.webp", "srcset"));
  CHECK(has_link(p, "/a@2x.webp", "srcset"));
  CHECK(has_link(p, "/a-small.jpg", "srcset"));
  CHECK(has_link(p, "/a-big.jpg", "srcset"));
  CHECK(has_link(p, "/a.jpg", "img"));
  CHECK(has_link(p, "https://www.youtube.com/embed/x", "iframe"));
  auto pdf = std::find_if(p.links.begin(), p.links.end(),
                          [](const PageLink& l) { return l.href.find(".pdf") != std::string::npos; });
  REQUIRE(pdf != p.links.end());
  CHECK(pdf->href == "/wp-content/uploads/2024/11/รายงาน%20ผล.pdf");
  CHECK(pdf->text == "รายงานผล (PDF)");
  CHECK_FALSE(pdf->in_chrome);
  auto icon = std::find_if(p.links.begin(), p.links.end(), [](const PageLink& l) { return l.href == "#sec2"; });
  REQUIRE(icon != p.links.end());
  CHECK(icon->text == "ไปส่วนที่ 2");  // image alt as link text
  auto menu = std::find_if(p.links.begin(), p.links.end(), [](const PageLink& l) { return l.href == "/oit/"; });
  REQUIRE(menu != p.links.end());
  CHECK(menu->in_chrome);
}

TEST_CASE("extract_html collects ids, a names, images and tables") {
  Page p = extract_html(kCmsPage);
  CHECK(p.ids.count("sec2") == 1);
  CHECK(p.ids.count("old-anchor") == 1);
  CHECK(p.ids.count("masthead") == 1);
  REQUIRE(p.images.size() == 3);
  CHECK(p.images[0].in_chrome);  // logo in the site header
  CHECK_FALSE(p.images[2].in_chrome);
  REQUIRE(p.tables.size() == 2);
  CHECK(p.tables[0].caption == "สถิติ");
  CHECK(p.tables[0].headers == std::vector<std::string>{"เดือน", "จำนวน"});
  REQUIRE(p.tables[0].rows.size() == 2);
  CHECK(p.tables[0].rows[1] == std::vector<std::string>{"พฤศจิกายน 2567", "0"});
  CHECK(p.tables[1].headers == std::vector<std::string>{"ไม่มี th", "แถวแรก"});
  CHECK(p.tables[1].rows.size() == 1);
}

TEST_CASE("visible text leaves out scripts and hidden parts; main text leaves out chrome") {
  Page p = extract_html(kCmsPage);
  CHECK(p.text.find("ข้อความในสคริปต์") == std::string::npos);
  CHECK(p.text.find("ซ่อนอยู่") == std::string::npos);
  CHECK(p.text.find("02-123-4567") != std::string::npos);
  CHECK(p.text.find("ตุลาคม 2567") != std::string::npos);
  CHECK(p.main_text.find("02-123-4567") == std::string::npos);  // footer
  CHECK(p.main_text.find("ป.ป.ช.") == std::string::npos);       // sidebar
  CHECK(p.main_text.find("ITA ปีงบประมาณ") == std::string::npos);  // menu
  CHECK(p.main_text.find("15 พฤศจิกายน 2567") != std::string::npos);
  CHECK(p.main_text.find("ส่วนที่ ๒") != std::string::npos);
}

TEST_CASE("extract_html survives empty and broken input") {
  Page e = extract_html("");
  CHECK(e.title.empty());
  CHECK(e.links.empty());
  Page b = extract_html("<a href='x'>unclosed <b>bold <table><td>cell");
  CHECK(b.links.size() == 1);
  CHECK(b.tables.size() == 1);
}

TEST_CASE("parse_csv_table reads RFC 4180 with a BOM, quotes and CRLF") {
  PageTable t = parse_csv_table("\xEF\xBB\xBFที่,ชื่อรายการ,เดือน\r\n1,\"จ้าง \"\"ซ่อม\"\", รถ\",2024-10\r\n2,,2024-11\n");
  CHECK(t.headers == std::vector<std::string>{"ที่", "ชื่อรายการ", "เดือน"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0][1] == "จ้าง \"ซ่อม\", รถ");
  CHECK(t.rows[1] == std::vector<std::string>{"2", "", "2024-11"});
  CHECK(parse_csv_table("").headers.empty());
}

TEST_CASE("collapse_whitespace folds NBSP and newlines") {
  CHECK(collapse_whitespace("  a\xC2\xA0\xC2\xA0 b\n\tc  ") == "a b c");
}

namespace {
std::string repeat(std::string_view s, size_t n) {
  std::string r;
  r.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) r += s;
  return r;
}
}  // namespace

TEST_CASE("50,000 nested elements are read without recursion, their links and text kept") {
  // Issue 11 case 7: the recursive walk overflowed the stack on this page.
  std::string html = "<html><body>" + repeat("<object>", 50000) + "<a href=\"deep.pdf\">ลึก</a>";
  Page p = extract_html(html);
  CHECK(p.parsed);
  REQUIRE(p.links.size() == 1);
  CHECK(p.links[0].href == "deep.pdf");
  CHECK(p.links[0].text == "ลึก");
  CHECK(p.text.find("ลึก") != std::string::npos);
  CHECK(p.limits.empty());
}

TEST_CASE("nested links, headings and table cells each get their own text, bounded, in one walk") {
  // <object> is a formatting marker: links nest in it; each link's text is the text inside it.
  std::string html = "<body>" + repeat("<a href=#x><object>", 3000) + "inner" + "<h1><div><h2>sub</h2></div></h1>";
  Page p = extract_html(html);
  REQUIRE(p.links.size() == 3000);
  CHECK(p.links.front().text == "inner sub");
  CHECK(p.links.back().text == "inner sub");
  REQUIRE(p.headings.size() == 2);
  CHECK(p.headings[0].text == "sub");
  // Tables nested 3,000 deep: every cell holds the text of those inside it, but at most max_text_bytes.
  Page t = extract_html("<body>" + repeat("<table><tr><td>" + std::string(100, 'x') + " ", 3000));
  REQUIRE(t.tables.size() == 2000);  // the per-page bound
  CHECK(t.tables.front().headers.size() == 1);
  CHECK(t.tables.front().headers[0].size() <= ExtractLimits{}.max_text_bytes);
  CHECK(t.tables.back().headers[0].starts_with("xxx"));
  REQUIRE(t.limits.size() == 1);
  CHECK(t.limits[0] == "2000 tables per page; 1000 more tables on this page");
}

TEST_CASE("text of an element hidden inside a link is not the link's text; hidden links fall back to their title") {
  Page p = extract_html("<body><a href=a>shown<span hidden>secret</span></a><a href=b hidden title=T>x</a>"
                        "<div hidden><a href=c>in hidden</a></div>");
  REQUIRE(p.links.size() == 3);
  CHECK(p.links[0].text == "shown");
  CHECK(p.links[1].text == "T");
  CHECK(p.links[2].text == "in hidden");  // its own text; the page's text leaves it out
  CHECK(p.text.find("in hidden") == std::string::npos);
  CHECK(p.text.find("secret") == std::string::npos);
}

TEST_CASE("links beyond the per-page bound are counted, not kept; overlong URLs are not links") {
  ExtractLimits l;
  l.max_links = 10;
  std::string html = "<body>" + repeat("<a href=/p>p</a>", 25) + "<a href=\"/" + std::string(20000, 'a') + "\">long</a>";
  Page p = extract_html(html, l);
  CHECK(p.links.size() == 10);
  REQUIRE(p.limits.size() == 2);
  CHECK(p.limits[0] == "10 links per page; 15 more links on this page");
  CHECK(p.limits[1] == "URLs of 16384 bytes; 1 longer links on this page");
}

TEST_CASE("ids beyond the bound make the page's fragments unknown, not missing") {
  ExtractLimits l;
  l.max_ids = 100;
  std::string html = "<body>";
  for (int i = 0; i < 150; ++i) html += "<p id=i" + std::to_string(i) + ">x</p>";
  Page p = extract_html(html, l);
  CHECK(p.ids.size() == 100);
  CHECK_FALSE(p.ids_complete);
  CHECK(extract_html(html).ids_complete);
}

TEST_CASE("a page that makes gumbo build a tree far beyond its size is stopped and said to be unread") {
  // Every <p> re-opens the 300 distinct unclosed <b>: 4,000 paragraphs would be 1.2 million elements.
  std::string html = "<div>";
  for (int i = 0; i < 300; ++i) html += "<b id=" + std::to_string(i) + ">";
  html += "</div>" + repeat("<p>x</p>", 4000);
  ExtractLimits l;
  l.max_tree_bytes = 32u << 20;
  Page p = extract_html(html, l);
  CHECK_FALSE(p.parsed);
  CHECK_FALSE(p.ids_complete);
  CHECK(p.links.empty());
  REQUIRE(p.limits.size() == 1);
  CHECK(p.limits[0] == "the page was not read: the page's element tree needed more than 32 MB");
  // The same page within a larger budget is read.
  l.max_tree_bytes = 2048u << 20;
  CHECK(extract_html("<div><b id=1><b id=2></div>" + repeat("<p>x</p>", 10), l).parsed);
}

TEST_CASE("a parse past the deadline is not started; a slow one is stopped at its time") {
  ExtractLimits l;
  l.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  Page p = extract_html("<p>x</p>", l);
  CHECK_FALSE(p.parsed);
  CHECK(p.limits.at(0) == "the page was not read: the deadline had passed");
  // Deep <div> nesting costs gumbo quadratic time: 40,000 levels take seconds.
  ExtractLimits quick;
  quick.max_seconds = 0.2;
  auto t0 = std::chrono::steady_clock::now();
  Page slow = extract_html(repeat("<div>", 40000), quick);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK_FALSE(slow.parsed);
  CHECK(slow.limits.at(0) == "the page was not read: time: the page took too long to parse");
  CHECK(secs < 2);
}

TEST_CASE("offsets say where headings, links, images, labels, lists and table rows start in main_text") {
  Page p = extract_html(R"(<body><nav><a href="/m">เมนู O1</a></nav><main>
<p>คำนำ   ของหน้า</p>
<details><summary><h1>O1 โครงสร้าง</h1></summary><p><a href="/o1.pdf">แผนผัง</a> <img src="/c.png" alt="ภาพ"></p></details>
<p><strong>O2 ข้อมูลผู้บริหาร</strong></p>
<ol><li>ยื่นคำขอ</li><li>ตรวจสอบ <b>ภายใน 2 วัน</b><ul><li>ย่อย</li></ul></li></ol>
<table><tr><th>ข้อ</th><th>ลิงก์</th></tr><tr><td>O3</td><td><a href="/o3.pdf">ติดต่อ</a></td></tr></table>
<dl><dt id="o4">O4 ข่าว</dt><dd>ข่าวล่าสุด</dd></dl></main>)");
  const std::string& t = p.main_text;
  auto at = [&](size_t off, std::string_view s) { return t.compare(off, s.size(), s) == 0; };
  REQUIRE(p.headings.size() == 1);
  CHECK(at(p.headings[0].offset, "O1 โครงสร้าง"));
  CHECK(t.substr(0, p.headings[0].offset) == "คำนำ ของหน้า\n");  // whitespace collapsed before it
  REQUIRE(p.links.size() == 4);
  CHECK(p.links[0].in_chrome);
  CHECK(at(p.links[1].offset, "แผนผัง"));
  CHECK(at(p.images[0].offset, " ภาพ") == false);
  CHECK(at(p.images[0].offset, "ภาพ"));
  CHECK(at(p.links[3].offset, "ติดต่อ"));
  REQUIRE(p.labels.size() == 4);
  CHECK(p.labels[3].tag == "dt");
  CHECK(at(p.labels[3].offset, "O4 ข่าว"));
  CHECK(p.labels[0].tag == "summary");
  CHECK(at(p.labels[0].offset, "O1 โครงสร้าง"));
  CHECK(p.labels[1].tag == "strong");
  CHECK(p.labels[1].text == "O2 ข้อมูลผู้บริหาร");
  CHECK(at(p.labels[1].offset, "O2 ข้อมูลผู้บริหาร"));
  CHECK(p.labels[2].tag == "b");
  CHECK(at(p.labels[2].offset, "ภายใน 2 วัน"));
  REQUIRE(p.lists.size() == 2);
  CHECK(p.lists[0].ordered);
  CHECK(p.lists[0].items == std::vector<std::string>{"ยื่นคำขอ", "ตรวจสอบ ภายใน 2 วัน ย่อย"});
  REQUIRE(p.lists[0].item_offsets.size() == 2);
  CHECK(at(p.lists[0].offset, "ยื่นคำขอ"));
  CHECK(at(p.lists[0].item_offsets[1], "ตรวจสอบ"));
  CHECK_FALSE(p.lists[1].ordered);
  CHECK(p.lists[1].items == std::vector<std::string>{"ย่อย"});
  REQUIRE(p.tables.size() == 1);
  CHECK(at(p.tables[0].offset, "ข้อ"));
  CHECK(at(p.tables[0].header_offset, "ข้อ"));
  REQUIRE(p.tables[0].row_offsets.size() == 1);
  CHECK(at(p.tables[0].row_offsets[0], "O3"));
  CHECK(at(p.tables[0].end, "O4 ข่าว"));
  CHECK(at(p.id_offsets.at("o4"), "O4 ข่าว"));
  // The text itself is what it was without offsets.
  CHECK(t.find("เมนู") == std::string::npos);
}

TEST_CASE("labels and lists are bounded and what was cut is reported") {
  std::string html = "<body>";
  for (int i = 0; i < 30; ++i) html += "<ul><li>a</li><li>b</li></ul><strong>s</strong>";
  ExtractLimits lim;
  lim.max_lists = 10;
  lim.max_list_items = 15;
  lim.max_labels = 5;
  Page p = extract_html(html, lim);
  CHECK(p.lists.size() == 10);
  size_t entries = 0;
  for (const auto& l : p.lists) entries += l.items.size();
  CHECK(entries == 15);
  CHECK(p.labels.size() == 5);
  auto noted = [&](std::string_view s) {
    return std::any_of(p.limits.begin(), p.limits.end(), [&](const std::string& l) { return l.find(s) != std::string::npos; });
  };
  CHECK(noted("10 lists per page; 20 more lists"));
  CHECK(noted("15 list entries per page; 5 more"));
  CHECK(noted("5 labels"));
}
