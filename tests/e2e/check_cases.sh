#!/usr/bin/env bash
# The measured cases of issue 13, each rebuilt on the example site: one item page replaced as agencies
# write it, the site built and checked offline for round 2568 as of 2025-04-15, and the item's verdict
# asserted as an assessor would give it. False passes: a pasted criterion (2), a plan whose span ended
# (3), last year's No Gift page (4). False fails: the manual only in a linked PDF (6), steps written as a
# numbered list without the word ขั้นตอน (7). Every element of the item is shown with its evidence (a
# quote and where it was found) or with what was looked for.
# Usage: check_cases.sh /path/to/oit /repo/root
set -euo pipefail
OIT=$(realpath "$1")
ROOT=$(realpath "${2:-.}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fails=0

# case NAME ITEM EXPECTED PAGE   (the page's new Markdown on stdin)
case_page() {
  local name=$1 item=$2 expected=$3 page=$4 site="$WORK/$1"
  mkdir -p "$site"
  cp -r "$ROOT/site.toml" "$ROOT/content" "$site/"
  cat >"$site/content/$page"
  # A page bundle lists every file beside index.md as an attachment: keep only the files the new page links.
  if [ "$(basename "$page")" = index.md ]; then
    for f in "$(dirname "$site/content/$page")"/*; do
      [ "$(basename "$f")" = index.md ] || grep -qF "($(basename "$f"))" "$site/content/$page" || rm -f "$f"
    done
  fi
  "$OIT" build --source "$site" --out "$site/public" >"$site/build.log" 2>&1 || { cat "$site/build.log"; echo "FAIL $name: build"; fails=$((fails + 1)); return; }
  "$OIT" check "$site/public" --offline --as-of 2025-04-15 --format json -o "$site/report.json" >/dev/null 2>&1 || true
  local got
  got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next(i["status"] for i in r["items"] if i["id"]==sys.argv[2]))' "$site/report.json" "$item")
  # Every element is shown with its evidence: found with a quote and where, or what was looked for.
  local shown
  shown=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); it=next(i for i in r["items"] if i["id"]==sys.argv[2])
els=it.get("elements",[]); bad=[e["key"] for e in els if (e["state"]=="found" and not (e.get("quote") and e.get("where"))) or (e["state"] in ("missing","uncertain") and not e.get("looked_for"))]
print("none" if not els else ",".join(bad) or "ok")' "$site/report.json" "$item")
  if [ "$shown" != ok ]; then
    echo "FAIL $name: $item elements without their evidence: $shown"
    fails=$((fails + 1))
  elif [ "$got" = "$expected" ]; then
    echo "ok   $name: $item $got"
  else
    echo "FAIL $name: $item is $got, an assessor gives $expected"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(next(i for i in r["items"] if i["id"]==sys.argv[2]), ensure_ascii=False, indent=1))' "$site/report.json" "$item"
    fails=$((fails + 1))
  fi
}

case_page restated-o20 O20 fail integrity/participation-2568.md <<'MD'
+++
title = "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
oit = "participation"
date = 2024-12-13
+++

แสดงผลการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงาน

เป็นการเปิดโอกาสให้บุคคลภายนอกมีส่วนร่วมในการดำเนินงาน

ระบุ (1) ประเด็น (2) สรุปผู้เข้าร่วม (3) ผลที่ได้ (4) การนำผลไปใช้
MD

case_page ended-plan-o25 O25 fail integrity/anti-corruption-plan-2568/index.md <<'MD'
+++
title = "แผนปฏิบัติการป้องกันการทุจริต"
oit = "anti-corruption-plan"
date = 2018-01-10
+++

แผนปฏิบัติการป้องกันการทุจริต ปี ๒๕๖๑ – ๒๕๖๔ ของสำนักงาน

| โครงการ/กิจกรรม | งบประมาณ (บาท) | ระยะเวลาดำเนินการ |
|---|---|---|
| อบรมจริยธรรมเจ้าหน้าที่ | 50,000 | ทุกปี ไตรมาส 2 |
| ประกาศเจตนารมณ์ต่อต้านการทุจริต | ไม่ใช้งบประมาณ | ทุกปี ตุลาคม |
MD

case_page last-year-no-gift-o21 O21 fail integrity/no-gift-2568/index.md <<'MD'
+++
title = "ประกาศเจตนารมณ์ No Gift Policy"
oit = "no-gift"
date = 2021-10-01
+++

ประกาศสำนักงาน เรื่อง เจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)
ประจำปีงบประมาณ พ.ศ. 2565

ข้าพเจ้าและเจ้าหน้าที่ทุกคนจะไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่

ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2564

ลงชื่อ นายสมชาย ใจดี
ผู้อำนวยการสำนักงาน
MD

case_page manual-in-pdf-o8 O8 pass manuals/staff-manual/index.md <<'MD'
+++
title = "คู่มือการปฏิบัติงาน"
oit = "staff-manual"
date = 2024-11-20
+++

[คู่มือการปฏิบัติงาน เรื่อง การให้บริการข้อมูลข่าวสารของราชการ (PDF)](staff-manual-information-service.pdf)
MD

case_page numbered-steps-o9 O9 pass services/service-manual/index.md <<'MD'
+++
title = "คู่มือสำหรับประชาชน: การขอข้อมูลข่าวสารของราชการ"
oit = "service-manual"
date = 2024-11-20
+++

งานบริการ: การขอข้อมูลข่าวสารของราชการ ใช้ตั้งแต่ 20 พฤศจิกายน 2567 (ปีงบประมาณ พ.ศ. 2568)

สถานที่/ช่องทาง: ศูนย์บริการข้อมูลข่าวสาร ชั้น 1 อาคารสำนักงาน หรือทางระบบ E-Service ของสำนักงาน

1. ยื่นคำขอพร้อมสำเนาบัตรประจำตัวประชาชน
2. เจ้าหน้าที่ตรวจสอบคำขอภายใน 2 วันทำการ
3. แจ้งผลและส่งข้อมูลให้ผู้ขอภายใน 15 วันทำการ

ระยะเวลาให้บริการ: รวมไม่เกิน 15 วันทำการ

ค่าธรรมเนียม: ไม่มีค่าธรรมเนียม (สำเนาเอกสารหน้าละ 1 บาท)

เอกสารหลักฐานที่ต้องใช้: สำเนาบัตรประจำตัวประชาชน 1 ฉบับ
MD

echo "$((5 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
