#!/usr/bin/env bash
# What oit prints and writes on the user's behalf: a report never replaces a source, and a hostile file name
# or URL cannot forge a line or drive the terminal through an error message.
source "$(dirname "$0")/lib.sh"
BASE=$REPO/tests/fixtures/base-site
site() { cp -r "$BASE" "$WORK/$1" && echo "$WORK/$1"; }
"$OIT" build --source "$BASE" --out "$WORK/public" >/dev/null 2>&1 || { echo "base site does not build"; exit 1; }

# -o naming a source file (a typo for -o site-report.txt): refused before the crawl, the file untouched.
S=$(site report-over-source)
before=$(sha256sum "$S/site.toml")
hostile_run 30 400 "$OIT" check "$WORK/public" --offline -o "$S/site.toml"
expect "check -o site.toml is refused and site.toml is left as it was" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && grep -q "not an oit check report" "$WORK/err" && [ "$(sha256sum "$S/site.toml")" = "$before" ]'

# -o naming a folder: refused, never removed or written into.
mkdir -p "$WORK/reports-folder/keep" && echo keep >"$WORK/reports-folder/keep/x"
hostile_run 30 400 "$OIT" check "$WORK/public" --offline -o "$WORK/reports-folder"
expect "check -o FOLDER is refused and the folder kept" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && [ -f "$WORK/reports-folder/keep/x" ]'

# An earlier report of any format is replaced, and no temporary file is left beside it.
for fmt in text json junit html markdown; do
  "$OIT" check "$WORK/public" --offline --format "$fmt" -o "$WORK/report.$fmt" >/dev/null 2>&1
  hostile_run 60 600 "$OIT" check "$WORK/public" --offline --format "$fmt" -o "$WORK/report.$fmt"
  expect "check -o replaces an earlier $fmt report" \
    eval 'no_crash && [ "$STATUS" -le 1 ] && [ -s "$WORK/report.$fmt" ] && [ -z "$(find "$WORK" -maxdepth 1 -name ".report.*tmp-*")" ]'
done

# A page whose file name carries a terminal escape and whose link carries an encoded CR LF: the error
# names both, escaped; nothing raw reaches the terminal and no line is forged.
S=$(site escapes)
printf '+++\ntitle = "ประชุม"\ndate = 2025-01-15\n+++\n[x](/plans/a%%0d%%0aerror:%%20forged/)\n' >"$S/content/news/$(printf 'red\033[31m').md"
hostile_run 60 600 "$OIT" build --source "$S" --out "$WORK/escapes-out"
expect "an error about a hostile file name and URL prints them escaped" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && ! grep -q "$(printf "\033")" "$WORK/err" && ! grep -q "^error: forged" "$WORK/err" && grep -q "\\\\x1b" "$WORK/err"'

# A control character written as a TOML escape in site.toml: refused with its place.
S=$(site toml-escape)
sed -i 's/^title = "สำนักงานทดสอบระบบ"/title = "สำนักงาน\\u0001ทดสอบ"/' "$S/site.toml"
hostile_run 30 400 "$OIT" build --source "$S" --out "$WORK/toml-escape-out"
expect "a \\u0001 in site.toml's title is refused at site.toml:3:9" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && grep -q "^error: site.toml:3:9: control character U+0001 in \`title\`" "$WORK/err" && [ ! -e "$WORK/toml-escape-out" ]'

# What oit check is given to read is bounded like every source: a FIFO as --itas does not hang, /dev/zero as
# --previous does not exhaust memory, and a 2 MB oit.json is refused with its limit.
mkfifo "$WORK/itas.fifo"
hostile_run 20 400 "$OIT" check "$WORK/public" --offline --itas "$WORK/itas.fifo"
expect "a FIFO given as --itas is refused at once" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && grep -q "itas.fifo: is a FIFO (named pipe), not a regular file" "$WORK/err"'
hostile_run 20 400 "$OIT" check "$WORK/public" --offline --previous /dev/zero
expect "/dev/zero given as --previous is refused at once" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && grep -q "/dev/zero: is a character device" "$WORK/err"'
cp -r "$WORK/public" "$WORK/big-manifest"
python3 -c "import json; json.dump({'round': 2568, 'items': [], 'pad': 'x' * 2000000}, open('$WORK/big-manifest/oit.json', 'w'))"
hostile_run 20 400 "$OIT" check "$WORK/big-manifest" --offline
expect "a 2 MB oit.json is refused with the manifest limit" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && grep -q "over the 1048576-byte limit for oit.json manifests" "$WORK/err"'

hostile_done
