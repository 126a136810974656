#!/usr/bin/env python3
"""Writes a synthetic agency site of N pages for the benchmarks, in oit's content format and (with --hugo)
the same content as a Hugo site with a minimal theme that renders every page with about as much HTML as
oit's default theme.

Every page: ~500 words of Thai and English, two headings, a list, a GFM table, relative links to two other
pages and to its section. 10 sections (news + section1..9); every 50th page is a bundle with a 20-row CSV
table shown through the `table` shortcode (oit: published as .csv and .json beside the page; Hugo: the
shortcode reads the CSV resource, renders the table and publishes the CSV and a JSON copy too).

usage: make-site.py N OUT_DIR [--hugo HUGO_DIR] [--base-url URL]
"""
import argparse
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
THEME_STATIC = os.path.join(HERE, "..", "themes", "default", "static")

THAI = ("หน่วยงาน ดำเนินการ ตาม แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2568 เพื่อ ส่งเสริม ความโปร่งใส "
        "และ การมีส่วนร่วม ของ ประชาชน ใน การ ตรวจสอบ การ ใช้จ่าย งบประมาณ การจัดซื้อจัดจ้าง "
        "ร้องเรียนการทุจริต ข้อมูลสาธารณะ บริการ ประชาชน ผู้บริหาร โครงสร้าง อำนาจหน้าที่").split()
ENGLISH = ("the agency publishes open data about procurement budget plans and results so that "
           "citizens can follow public spending and report concerns").split()
SECTIONS = ["news"] + [f"section{i}" for i in range(1, 10)]
SITE_TITLE = "สำนักงานทดสอบประสิทธิภาพ"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("pages", type=int)
    p.add_argument("out")
    p.add_argument("--hugo", help="also write the same content as a Hugo site here")
    p.add_argument("--base-url", default="https://www.example.go.th/")
    return p.parse_args()


class Writer:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def words(self, k):
        rng = self.rng
        return " ".join(rng.choice(THAI) if rng.random() < 0.6 else rng.choice(ENGLISH) for _ in range(k))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def page_location(k):
    """Page k (0-based) lives in section k % 10 as p<k // 10>: sections fill evenly."""
    return SECTIONS[k % len(SECTIONS)], k // len(SECTIONS)


def page_count_in(section_index, n):
    return (n - section_index + len(SECTIONS) - 1) // len(SECTIONS)


def body(w, k, n, table_shortcode):
    """The Markdown of page k (~500 words). table_shortcode is the shortcode call or None."""
    section, i = page_location(k)
    s = SECTIONS.index(section)
    same = (i + 7) % page_count_in(s, n)                     # another page of the same section
    other_k = (k + 13) % n                                    # a page of (usually) another section
    other_section, other_i = page_location(other_k)
    parts = [f"## หัวข้อ {i}", "", w.words(120), "",
             "- " + w.words(8), "- " + w.words(8), "- " + w.words(8), "",
             "| รายการ | จำนวน | งบประมาณ (บาท) |", "|---|---:|---:|"]
    parts += [f"| {w.words(3)} | {w.rng.randint(1, 99)} | {w.rng.randint(1000, 900000)} |" for _ in range(4)]
    parts += ["", "### รายละเอียด", "", w.words(150), "",
              f"ดูเพิ่มเติม [เรื่องที่ {same}](../p{same}/) "
              f"[เรื่องในหมวด {other_section}](../../{other_section}/p{other_i}/) และ [หมวดนี้](../)", "",
              w.words(200)]
    if table_shortcode:
        parts += ["", table_shortcode]
    return "\n".join(parts) + "\n"


def menu_toml():
    entries = [("หน้าแรก", "/", 1), ("ข่าว", "/news/", 2)]
    entries += [(f"หมวด {s}", f"/{s}/", 3 + j) for j, s in enumerate(SECTIONS[1:])]
    return "".join(f'[[menu.main]]\ntitle = "{t}"\nurl = "{u}"\nweight = {wt}\n' for t, u, wt in entries)


def oit_site_toml(base_url):
    return f"""[site]
title = "{SITE_TITLE}"
base_url = "{base_url}"
[agency]
name = "{SITE_TITLE}"
phone = "02 000 0000"
email = "saraban@example.go.th"
[oit]
round = 2568
{menu_toml()}"""


def hugo_config(base_url):
    # Only what oit also writes: pages, section lists, home, 404, sitemap.xml, robots.txt and one feed
    # (the news section's, set in its front matter). No taxonomies, no per-section feeds.
    return f"""baseURL = "{base_url}"
title = "{SITE_TITLE}"
languageCode = "th"
defaultContentLanguage = "th"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true
[outputs]
home = ["HTML"]
section = ["HTML"]
page = ["HTML"]
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.parser]
autoHeadingID = false
[params]
email = "saraban@example.go.th"
phone = "02 000 0000"
{menu_toml()}"""


# The Hugo theme: the same page structure and about the same HTML as oit's default theme
# (themes/default/templates): head meta, header with the menu twice (narrow/wide), breadcrumbs,
# Thai dates, attachments, footer; section pages list every child; home lists the 5 newest news.
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="alternate" type="application/atom+xml" title="ข่าวประชาสัมพันธ์ {{ site.Title }}" href="/news/index.xml">
<link rel="stylesheet" href="/css/oit.css">
<link rel="icon" type="image/svg+xml" href="/icons/favicon.svg">
<meta property="og:type" content="{{ if .IsHome }}website{{ else }}article{{ end }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="th_TH">
{{- with .Date }}{{ if not $.IsNode }}
<meta name="oit:updated" content="{{ .Format "2006-01-02" }}">{{ end }}{{ end }}
</head>
<body class="kind-{{ .Kind }}">
<a class="skip-link" href="#main">ข้ามไปยังเนื้อหาหลัก</a>
{{- partial "header.html" . }}
<main id="main" tabindex="-1">
{{- block "main" . }}{{ end }}
</main>
{{- partial "footer.html" . }}
</body>
</html>
""",
    "partials/header.html": """<header class="site-header">
  <div class="container header-inner">
    <a class="brand" href="/"{{ if .IsHome }} aria-current="page"{{ end }}>
      <img class="brand-emblem" src="/icons/emblem.svg" alt="" width="56" height="56">
      <span class="brand-text">
        <span class="brand-name">{{ site.Title }}</span>
      </span>
    </a>
    <a class="oit-link" href="/">
      <span class="oit-link-label">ITA / OIT</span>
      <span class="oit-link-text">การเปิดเผยข้อมูลสาธารณะ</span>
    </a>
  </div>
  <nav class="main-nav" aria-label="เมนูหลัก">
    <div class="container">
      <details class="nav-narrow">
        <summary>เมนูหลัก</summary>{{ partial "menu.html" . }}
      </details>
      <div class="nav-wide">{{ partial "menu.html" . }}
      </div>
    </div>
  </nav>
</header>
""",
    "partials/menu.html": """<ul class="menu">
  {{- $page := . }}
  {{- range site.Menus.main }}
  <li><a href="{{ .URL }}"{{ if eq .URL $page.RelPermalink }} aria-current="page"{{ else if and (ne .URL "/") (hasPrefix $page.RelPermalink .URL) }} aria-current="true"{{ end }}>{{ .Name }}</a></li>
  {{- end }}
</ul>
""",
    "partials/breadcrumbs.html": """<nav class="breadcrumbs" aria-label="เส้นทางนำทาง">
  <ol>
    <li><a href="/">หน้าแรก</a></li>
    {{- range .Ancestors.Reverse }}{{ if not .IsHome }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{- end }}{{ end }}
    <li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li>
  </ol>
</nav>
""",
    "partials/thai-date.html": """{{- $months := slice "มกราคม" "กุมภาพันธ์" "มีนาคม" "เมษายน" "พฤษภาคม" "มิถุนายน" "กรกฎาคม" "สิงหาคม" "กันยายน" "ตุลาคม" "พฤศจิกายน" "ธันวาคม" -}}
{{- printf "%d %s %d" .Day (index $months (sub (int .Month) 1)) (add .Year 543) -}}
""",
    "partials/page-meta.html": """{{- with .Date }}{{ if not .IsZero }}
<ul class="page-meta">
  <li>เผยแพร่เมื่อ <time datetime="{{ .Format "2006-01-02" }}">{{ partial "thai-date.html" . }}</time></li>
  <li class="meta-updated">ปรับปรุงล่าสุด <time datetime="{{ .Format "2006-01-02" }}">{{ partial "thai-date.html" . }}</time></li>
</ul>
{{- end }}{{ end }}
""",
    "partials/attachments.html": """{{- with .Resources.Match "*.csv" }}
<section class="attachments" aria-labelledby="attachments-heading">
  <h2 id="attachments-heading">เอกสารแนบ</h2>
  <ul class="attachment-list">
    {{- range . }}
    <li><a href="{{ .RelPermalink }}" class="attachment"><span class="file-type" aria-hidden="true">CSV</span> <span class="file-name">{{ .Name }}</span> <span class="file-size">(CSV)</span></a></li>
    {{- end }}
  </ul>
</section>
{{- end }}
""",
    "partials/footer.html": """<footer class="site-footer">
  <div class="container footer-grid">
    <section class="footer-contact" aria-labelledby="footer-contact-heading">
      <h2 id="footer-contact-heading">{{ site.Title }}</h2>
      <address>
        <ul class="contact-list">
          <li>โทรศัพท์ <a href="tel:{{ replace site.Params.phone " " "" }}">{{ site.Params.phone }}</a></li>
          <li>อีเมล <a href="mailto:{{ site.Params.email }}">{{ site.Params.email }}</a></li>
        </ul>
      </address>
    </section>
    <nav class="footer-nav" aria-labelledby="footer-nav-heading">
      <h2 id="footer-nav-heading">นโยบายและข้อมูลเว็บไซต์</h2>
      <ul>
        <li><a href="/sitemap.xml">แผนผังเว็บไซต์</a></li>
        <li><a href="/">การเปิดเผยข้อมูลสาธารณะ (OIT)</a></li>
        <li><a href="/news/index.xml" type="application/atom+xml">ฟีดข่าว</a></li>
      </ul>
    </nav>
  </div>
  <div class="footer-bottom">
    <div class="container">
      <p>ปรับปรุงล่าสุด <time datetime="{{ now.Format "2006-01-02" }}">{{ partial "thai-date.html" now }}</time></p>
      <p>© พ.ศ. {{ add now.Year 543 }} {{ site.Title }} สงวนลิขสิทธิ์</p>
    </div>
  </div>
</footer>
""",
    "_default/single.html": """{{ define "main" }}
<div class="container">
  {{- partial "breadcrumbs.html" . }}
  <article class="page">
    <header class="page-header">
      <h1>{{ .Title }}</h1>
      {{- partial "page-meta.html" . }}
    </header>
    <div class="prose">
      {{ .Content }}
    </div>
    {{- partial "attachments.html" . }}
  </article>
</div>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<div class="container">
  {{- partial "breadcrumbs.html" . }}
  <article class="section">
    <header class="page-header">
      <h1>{{ .Title }}</h1>
    </header>
    {{- with .Content }}
    <div class="prose">
      {{ . }}
    </div>
    {{- end }}
    <section class="children" aria-labelledby="children-heading">
      <h2 id="children-heading">รายการทั้งหมดในหมวด{{ .Title }}</h2>
      <ul class="entry-list">
        {{- range .Pages.ByDate.Reverse }}
        <li class="entry">
          <h3 class="entry-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
          <p class="entry-meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "thai-date.html" .Date }}</time></p>
          {{- with .Params.summary }}
          <p class="entry-summary">{{ . }}</p>
          {{- end }}
        </li>
        {{- else }}
        <li class="entry entry-empty">ยังไม่มีรายการในหมวดนี้</li>
        {{- end }}
      </ul>
    </section>
  </article>
</div>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<div class="container">
  <section class="home-intro" aria-labelledby="home-heading">
    <h1 id="home-heading">{{ .Title }}</h1>
    <div class="prose">
      {{ .Content }}
    </div>
  </section>
  <section class="latest-news" aria-labelledby="news-heading">
    <h2 id="news-heading">ข่าวประชาสัมพันธ์ล่าสุด</h2>
    <ul class="entry-list">
      {{- range first 5 (where site.RegularPages "Section" "news").ByDate.Reverse }}
      <li class="entry">
        <h3 class="entry-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
        <p class="entry-meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "thai-date.html" .Date }}</time></p>
        <p class="entry-summary">{{ truncate 160 .Params.summary }}</p>
      </li>
      {{- end }}
    </ul>
  </section>
</div>
{{ end }}
""",
    "404.html": """{{ define "main" }}
<div class="container">
  <article class="not-found">
    <header class="page-header"><h1>ไม่พบหน้าที่ต้องการ</h1></header>
    <p class="lead">ขออภัย ไม่พบหน้าที่ท่านต้องการ</p>
    <ul class="not-found-links"><li><a href="/">กลับไปหน้าแรก</a></li></ul>
  </article>
</div>
{{ end }}
""",
    # oit's `table` shortcode: read the bundle's CSV, render an accessible table (numbers with thousands
    # separators, ISO dates as Thai short dates) and publish the CSV and a JSON array of records beside it.
    "shortcodes/table.html": """{{- $csv := .Page.Resources.Get (.Get "file") -}}
{{- $rows := $csv | transform.Unmarshal -}}
{{- $header := index $rows 0 -}}
{{- $months := slice "ม.ค." "ก.พ." "มี.ค." "เม.ย." "พ.ค." "มิ.ย." "ก.ค." "ส.ค." "ก.ย." "ต.ค." "พ.ย." "ธ.ค." -}}
{{- $records := slice -}}
<div class="table-wrap" role="region" tabindex="0" aria-labelledby="table-1"><table class="data-table"><caption id="table-1">{{ .Get "caption" }}</caption>
<thead><tr>{{ range $header }}<th scope="col">{{ . }}</th>{{ end }}</tr></thead>
<tbody>
{{- range after 1 $rows }}
{{- $row := . }}{{ $record := dict }}
<tr>{{ range $i, $cell := $row }}{{ $record = merge $record (dict (index $header $i) $cell) }}
{{- if findRE `^[0-9]{4}-[0-9]{2}-[0-9]{2}$` $cell }}{{ $t := time.AsTime $cell }}<td>{{ $t.Day }} {{ index $months (sub (int $t.Month) 1) }} {{ add $t.Year 543 }}</td>
{{- else if findRE `^[0-9]+$` $cell }}<td class="num">{{ lang.FormatNumberCustom 0 (float $cell) }}</td>
{{- else if findRE `^[0-9]+\\.[0-9]+$` $cell }}<td class="num">{{ lang.FormatNumberCustom 2 (float $cell) }}</td>
{{- else }}<td>{{ $cell }}</td>{{ end }}{{ end }}</tr>
{{- $records = $records | append $record }}
{{- end }}
</tbody></table></div>
{{- $json := $records | jsonify | resources.FromString (printf "%s%s.json" .Page.RelPermalink (strings.TrimSuffix ".csv" (.Get "file"))) }}
<p class="table-files"><a href="{{ $csv.RelPermalink }}">CSV</a> · <a href="{{ $json.RelPermalink }}">JSON</a></p>
""",
}


def main():
    args = parse_args()
    n, out, hugo = args.pages, args.out, args.hugo
    w = Writer(2568)
    for root in [out] + ([hugo] if hugo else []):
        if os.path.exists(root):
            shutil.rmtree(root)

    home = '+++\ntitle = "หน้าแรก"\n+++\nยินดีต้อนรับสู่เว็บไซต์ของสำนักงานทดสอบประสิทธิภาพ\n'
    write(f"{out}/site.toml", oit_site_toml(args.base_url))
    write(f"{out}/content/_index.md", home)
    if hugo:
        write(f"{hugo}/hugo.toml", hugo_config(args.base_url))
        write(f"{hugo}/content/_index.md", home)
        for name, text in HUGO_LAYOUTS.items():
            write(f"{hugo}/layouts/{name}", text)
        shutil.copytree(THEME_STATIC, f"{hugo}/static")

    for section in SECTIONS:
        text = f'+++\ntitle = "หมวด {section}"\n+++\nรายการในหมวด {section}\n'
        write(f"{out}/content/{section}/_index.md", text)
        if hugo:
            # the news section has the one feed of the site, as in oit
            htext = text if section != "news" else text.replace("\n+++\n", '\noutputs = ["HTML", "RSS"]\n+++\n', 1)
            write(f"{hugo}/content/{section}/_index.md", htext)

    for k in range(n):
        section, i = page_location(k)
        month = 10 + i % 3 if i % 12 < 3 else 1 + i % 9
        year = 2024 if month >= 10 else 2025
        date = f"{year}-{month:02d}-{1 + i % 28:02d}"
        has_table = (k + 1) % 50 == 0
        caption = f"ตารางข้อมูล {i}"
        fm = f'+++\ntitle = "เรื่องที่ {i} ของหมวด {section}"\ndate = {date}\nsummary = "{w.words(12)}"\n+++\n'
        oit_call = f'{{{{< table "data.csv" caption="{caption}" >}}}}' if has_table else None
        text = fm + body(w, k, n, oit_call)
        write(f"{out}/content/{section}/p{i}/index.md", text)
        if has_table:
            rows = ["ที่,รายการ,จำนวนเงิน (บาท),วันที่"] + [
                f"{r},{w.words(3)},{w.rng.randint(100, 99999)}.00,{date}" for r in range(1, 21)]
            csv = "\n".join(rows) + "\n"
            write(f"{out}/content/{section}/p{i}/data.csv", csv)
        if hugo:
            # Hugo shortcodes cannot mix positional and named parameters: same call, named.
            htext = text.replace(oit_call, f'{{{{< table file="data.csv" caption="{caption}" >}}}}') \
                if has_table else text
            write(f"{hugo}/content/{section}/p{i}/index.md", htext)
            if has_table:
                write(f"{hugo}/content/{section}/p{i}/data.csv", csv)
    print(f"wrote {n} pages to {out}" + (f" and {hugo}" if hugo else ""))


if __name__ == "__main__":
    main()
