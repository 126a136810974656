#!/usr/bin/env python3
"""Writes a synthetic agency site of N pages for benchmarks, in oit's content format and (with --hugo)
the same content as a Hugo site: ~500 words of Thai and English per page, headings, a list, a GFM table,
relative links between pages, 10 sections, a news section, one CSV table per 50 pages.

usage: make-site.py N OUT_DIR [--hugo HUGO_DIR]
"""
import os
import random
import shutil
import sys

n = int(sys.argv[1])
out = sys.argv[2]
hugo = sys.argv[sys.argv.index("--hugo") + 1] if "--hugo" in sys.argv else None
rng = random.Random(2568)

THAI = ("หน่วยงาน ดำเนินการ ตาม แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2568 เพื่อ ส่งเสริม ความโปร่งใส "
        "และ การมีส่วนร่วม ของ ประชาชน ใน การ ตรวจสอบ การ ใช้จ่าย งบประมาณ การจัดซื้อจัดจ้าง "
        "ร้องเรียนการทุจริต ข้อมูลสาธารณะ บริการ ประชาชน ผู้บริหาร โครงสร้าง อำนาจหน้าที่").split()
ENGLISH = ("the agency publishes open data about procurement budget plans and results so that "
           "citizens can follow public spending and report concerns").split()
SECTIONS = ["news"] + [f"section{i}" for i in range(1, 10)]


def words(k):
    return " ".join(rng.choice(THAI) if rng.random() < 0.6 else rng.choice(ENGLISH) for _ in range(k))


def body(i, per_section, section, csv_name):
    other = (i + 7) % per_section
    parts = [f"## หัวข้อ {i}", words(120), "", "- " + words(8), "- " + words(8), "- " + words(8), "",
             "| รายการ | จำนวน | งบประมาณ (บาท) |", "|---|---:|---:|"]
    parts += [f"| {words(3)} | {rng.randint(1, 99)} | {rng.randint(1000, 900000)} |" for _ in range(4)]
    parts += ["", f"### รายละเอียด", words(150), "",
              f"ดูเพิ่มเติม [หน้า {other}](/{section}/p{other}/) และ [หมวด]({'/' + section + '/'})", "",
              words(200)]
    if csv_name:
        parts += ["", f'{{{{< table "{csv_name}" caption="ตารางข้อมูล {i}" >}}}}']
    return "\n".join(parts) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


for root in [out] + ([hugo] if hugo else []):
    if os.path.exists(root):
        shutil.rmtree(root)

write(f"{out}/site.toml", """[site]
title = "สำนักงานทดสอบประสิทธิภาพ"
base_url = "https://www.example.go.th/"
[agency]
name = "สำนักงานทดสอบประสิทธิภาพ"
phone = "02 000 0000"
email = "saraban@example.go.th"
[oit]
round = 2568
[[menu.main]]
title = "หน้าแรก"
url = "/"
[[menu.main]]
title = "ข่าว"
url = "/news/"
""")
write(f"{out}/content/_index.md", '+++\ntitle = "หน้าแรก"\n+++\nยินดีต้อนรับ\n')
if hugo:
    write(f"{hugo}/hugo.toml", 'baseURL = "https://www.example.go.th/"\ntitle = "สำนักงานทดสอบประสิทธิภาพ"\n'
          'languageCode = "th"\n[markup.goldmark.renderer]\nunsafe = false\n')
    write(f"{hugo}/content/_index.md", '+++\ntitle = "หน้าแรก"\n+++\nยินดีต้อนรับ\n')

per_section = max(1, n // len(SECTIONS))
count = 0
for s, section in enumerate(SECTIONS):
    fm = f'+++\ntitle = "หมวด {section}"\n+++\nรายการในหมวด\n'
    write(f"{out}/content/{section}/_index.md", fm)
    if hugo:
        write(f"{hugo}/content/{section}/_index.md", fm)
    for i in range(per_section):
        if count >= n:
            break
        count += 1
        month = 10 + i % 3 if i % 12 < 3 else 1 + i % 9
        year = 2024 if month >= 10 else 2025
        date = f"{year}-{month:02d}-{1 + i % 28:02d}"
        csv_name = "data.csv" if count % 50 == 0 else None
        fm = f'+++\ntitle = "เรื่องที่ {i} ของ{section}"\ndate = {date}\nsummary = "{words(12)}"\n+++\n'
        text = fm + body(i, per_section, section, csv_name)
        write(f"{out}/content/{section}/p{i}/index.md", text)
        if csv_name:
            rows = ["ที่,รายการ,จำนวนเงิน (บาท),วันที่"] + [
                f"{r},{words(3)},{rng.randint(100, 99999)}.00,{date}" for r in range(1, 21)]
            write(f"{out}/content/{section}/p{i}/{csv_name}", "\n".join(rows) + "\n")
        if hugo:
            # Hugo has no table shortcode: the same table as a Markdown table, same amount of content.
            htext = text.replace(f'{{{{< table "data.csv" caption="ตารางข้อมูล {i}" >}}}}',
                                 "| ที่ | รายการ |\n|---|---|\n" + "\n".join(f"| {r} | {words(3)} |" for r in range(1, 21)))
            write(f"{hugo}/content/{section}/p{i}/index.md", htext)
print(f"wrote {count} pages to {out}" + (f" and {hugo}" if hugo else ""))
