#!/usr/bin/env bash
# Hostile files around `oit build`: an --out that would delete the sources, names beside the output that
# look like oit's staging folders, source files that are FIFOs, devices, links out of the site, huge or
# deeply nested. Every case checks that the source folder is intact afterwards (a hash of every file,
# link and folder before and after).
#   usage: build_files.sh OIT_BINARY REPO_ROOT
source "$(dirname "$0")/lib.sh"
BASE="$REPO/tests/fixtures/base-site"
OIT_ABS=$(cd "$(dirname "$OIT")" && pwd)/$(basename "$OIT")  # for cases that run oit from another folder

# A copy of the smallest valid site at $WORK/NAME.
make_site() { rm -rf "${WORK:?}/$1"; cp -r "$BASE" "$WORK/$1"; }
# Every entry under a folder: path, type, link target or content hash. Sorted, then hashed.
tree_hash() {
  python3 - "$1" <<'PY'
import hashlib, os, stat, sys
root = sys.argv[1]
h = hashlib.sha256()
for dirpath, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(dirs + files):
        p = os.path.join(dirpath, name)
        st = os.lstat(p)
        h.update(os.path.relpath(p, root).encode("utf-8", "surrogateescape") + b"\0")
        if stat.S_ISLNK(st.st_mode):
            h.update(b"L" + os.readlink(p).encode("utf-8", "surrogateescape"))
        elif stat.S_ISREG(st.st_mode):
            with open(p, "rb") as f:
                h.update(b"F" + hashlib.sha256(f.read()).digest())
        else:
            h.update(b"T%d" % stat.S_IFMT(st.st_mode))
print(h.hexdigest())
PY
}
err_has() { grep -qF -- "$1" "$WORK/err"; }
# ok_if 'CONDITIONS'   the whole condition, `&&` included, judged by `expect` (one string, evaluated there).
ok_if() { eval "$1"; }

# ---- issue 11 case 5: an --out that is, holds or lies inside the sources is refused; nothing is deleted ----
make_site s5
before=$(tree_hash "$WORK/s5")
hostile_run 30 600 "$OIT" build --source "$WORK/s5" --out "$WORK/s5"
expect "5: --out equal to --source is refused, site.toml and content/ stay" ok_if '[ "$STATUS" -eq 2 ] && err_has "is the site'\''s source folder" && [ "$(tree_hash "$WORK/s5")" = "$before" ]'

hostile_run 30 600 "$OIT" build --source "$WORK/s5" --out "$WORK/s5/content"
expect "5: --out inside content/ is refused, content/ stays" ok_if '[ "$STATUS" -eq 2 ] && err_has "is inside the site'\''s content/ folder" && [ "$(tree_hash "$WORK/s5")" = "$before" ]'

mkdir -p "$WORK/parent5" && make_site parent5/site && echo "my notes" >"$WORK/parent5/notes.txt"
before_parent=$(tree_hash "$WORK/parent5")
hostile_run 30 600 bash -c 'cd "$1/parent5/site" && exec "$2" build --out ..' _ "$WORK" "$OIT_ABS"
expect "5: cd site && oit build --out .. is refused, the parent and the site stay" ok_if '[ "$STATUS" -eq 2 ] && err_has "contains the site'\''s source folder" && [ "$(tree_hash "$WORK/parent5")" = "$before_parent" ]'

ln -s "$WORK/s5" "$WORK/link-to-s5"
hostile_run 30 600 "$OIT" build --source "$WORK/s5" --out "$WORK/link-to-s5" --force
expect "5: --out a symlink to the source is refused, even with --force" ok_if '[ "$STATUS" -eq 2 ] && err_has "is the site'\''s source folder" && [ "$(tree_hash "$WORK/s5")" = "$before" ]'

hostile_run 30 600 "$OIT" build --source "$WORK/s5" --out "$WORK/s5/public/../themes/mine"
expect "5: --out reaching themes/ through public/.. is refused" ok_if '[ "$STATUS" -eq 2 ] && err_has "inside the site'\''s themes/ folder" && [ "$(tree_hash "$WORK/s5")" = "$before" ]'

mkdir -p "$WORK/home5/Documents" && echo "tax 2567" >"$WORK/home5/Documents/tax.txt"
before_home=$(tree_hash "$WORK/home5")
hostile_run 30 600 env HOME="$WORK/home5" "$OIT" build --source "$WORK/s5" --out "$WORK/home5" --force
expect "5: --out the home folder is refused, even with --force" ok_if '[ "$STATUS" -eq 2 ] && err_has "is your home folder" && [ "$(tree_hash "$WORK/home5")" = "$before_home" ]'

mkdir -p "$WORK/photos" && echo "jpeg" >"$WORK/photos/wedding.jpg"
hostile_run 30 600 "$OIT" build --source "$WORK/s5" --out "$WORK/photos"
expect "5: a non-empty folder oit did not build is refused and kept" ok_if '[ "$STATUS" -eq 2 ] && err_has "is not empty and oit did not build it" && [ "$(cat "$WORK/photos/wedding.jpg")" = jpeg ]'

hostile_run 60 600 "$OIT" build --source "$WORK/s5" --out "$WORK/photos" --force
expect "5: --force replaces a non-empty folder" ok_if '[ "$STATUS" -eq 0 ] && [ -f "$WORK/photos/index.html" ] && [ ! -e "$WORK/photos/wedding.jpg" ] && [ -f "$WORK/photos/.oit-output" ]'

hostile_run 60 600 "$OIT" build --source "$WORK/s5"
hostile_run 60 600 "$OIT" build --source "$WORK/s5"
expect "5: the default public/ builds the first time and again (it carries oit's marker)" ok_if '[ "$STATUS" -eq 0 ] && [ -f "$WORK/s5/public/.oit-output" ] && [ -f "$WORK/s5/public/index.html" ]'

# An output of oit before the marker: oit.json written by oit, no .oit-output.
rm "$WORK/s5/public/.oit-output"
hostile_run 60 600 "$OIT" build --source "$WORK/s5"
expect "5: a public/ built by an oit without the marker is still replaced" ok_if '[ "$STATUS" -eq 0 ] && [ -f "$WORK/s5/public/.oit-output" ]'

hostile_run 30 600 "$OIT" build --source "$WORK/s5/site.toml" --out "$WORK/out-file-source"
expect "extra: --source a file is refused with a clear message" ok_if '[ "$STATUS" -eq 2 ] && err_has "site.toml\` is not a folder" && [ ! -e "$WORK/out-file-source" ]'

# ---- case 6: only oit's own, dead staging folders are cleaned up ----
make_site s6
mkdir -p "$WORK/out6/.public.tmp-notes" "$WORK/out6/.public.tmp-999999998"
echo "my notes" >"$WORK/out6/.public.tmp-notes/todo.txt"
echo "archive" >"$WORK/out6/.public.tmp-backup.tar"
echo "mine" >"$WORK/out6/.public.tmp-999999998/keep.txt"
before6=$(tree_hash "$WORK/out6")
hostile_run 60 600 "$OIT" build --source "$WORK/s6" --out "$WORK/out6/public"
rm -rf "$WORK/out6/public"
expect "6: names like .public.tmp-* that oit did not make survive a build" ok_if '[ "$STATUS" -eq 0 ] && [ "$(tree_hash "$WORK/out6")" = "$before6" ]'

# A killed build's staging folder (oit's name and marker) is still cleared.
mkdir -p "$WORK/out6/.public.tmp-999999997/news" && touch "$WORK/out6/.public.tmp-999999997/.oit-output"
hostile_run 60 600 "$OIT" build --source "$WORK/s6" --out "$WORK/out6/public"
expect "6: a dead build's marked staging folder is cleared" ok_if '[ "$STATUS" -eq 0 ] && [ ! -e "$WORK/out6/.public.tmp-999999997" ] && [ -f "$WORK/out6/.public.tmp-notes/todo.txt" ]'

# ---- case 14: a 100 MB CSV is refused by its size, at once, naming the file ----
make_site s14
csv="$WORK/s14/content/procurement/monthly/procurement.csv"
# 105 MB of whole, valid rows (oit before the limit took 12-20 s and 1.7-2.4 GB, then blamed page.html).
{ head -n 1 "$csv"; yes '1,จัดซื้อกระดาษ A4 สำหรับสำนักงาน,1500.50,2024-10' | head -n 1010000; } >"$csv.new" && mv "$csv.new" "$csv"
before14=$(tree_hash "$WORK/s14")
hostile_run 30 400 "$OIT" build --source "$WORK/s14" --out "$WORK/out14"
expect "14: a 100 MB CSV is refused early with its path and the size limit" ok_if '[ "$STATUS" -eq 2 ] && err_has "content/procurement/monthly/procurement.csv: file is" && err_has "-byte limit for CSV tables" &&
  ! err_has "runaway loop" && python3 -c "import sys; sys.exit(0 if $ELAPSED < 5 else 1)" && [ ! -e "$WORK/out14" ] &&
  [ "$(tree_hash "$WORK/s14")" = "$before14" ]'

make_site s14r
csv="$WORK/s14r/content/procurement/monthly/procurement.csv"
python3 - "$csv" <<'PY'
import sys
with open(sys.argv[1], "a", encoding="utf-8") as f:
    for i in range(200001):
        f.write(f"{i + 3},จัดซื้อ,1,2024-10\n")
PY
hostile_run 60 600 "$OIT" build --source "$WORK/s14r" --out "$WORK/out14r"
expect "14: a CSV over the row limit is refused with its path and the line where the limit is passed" ok_if '[ "$STATUS" -eq 2 ] && grep -qE "procurement\.csv:20000[0-9]:1: table has more than 200000 rows" "$WORK/err" && ! err_has "runaway loop"'

# ---- case 16: site.toml that is not a regular file ----
make_site s16 && mv "$WORK/s16/site.toml" "$WORK/s16/site.real" && mkfifo "$WORK/s16/site.toml"
hostile_run 10 400 "$OIT" build --source "$WORK/s16" --out "$WORK/out16"
expect "16: site.toml as a FIFO is refused at once, not waited on" ok_if '[ "$STATUS" -eq 2 ] && err_has "site.toml: is a FIFO (named pipe), not a regular file" && no_crash'

rm "$WORK/s16/site.toml" && ln -s /dev/zero "$WORK/s16/site.toml"
hostile_run 20 400 "$OIT" build --source "$WORK/s16" --out "$WORK/out16"
expect "16: site.toml as a link to /dev/zero is refused, no bad_alloc" ok_if '[ "$STATUS" -eq 2 ] && err_has "site.toml: is a character device, not a regular file" && no_crash'

rm "$WORK/s16/site.toml" && head -c 2000000 /dev/zero | tr '\0' '#' >"$WORK/s16/site.toml"
hostile_run 20 400 "$OIT" build --source "$WORK/s16" --out "$WORK/out16"
expect "16: a 2 MB site.toml is refused by its size" ok_if '[ "$STATUS" -eq 2 ] && err_has "site.toml: file is 2000000 bytes, over the 1048576-byte limit for site.toml" && no_crash'

echo "password = \"hunter2\"" >"$WORK/secret.toml"
rm "$WORK/s16/site.toml" && ln -s "$WORK/secret.toml" "$WORK/s16/site.toml"
hostile_run 20 400 "$OIT" build --source "$WORK/s16" --out "$WORK/out16"
expect "extra: site.toml linked to a file outside the site is not read" ok_if '[ "$STATUS" -eq 2 ] && err_has "site.toml: is a symlink that leads outside the source folder" && ! err_has "hunter2"'

# ---- more hostile files of the content folder ----
make_site sx && ln -s /etc/passwd "$WORK/sx/content/news/passwd.md"
hostile_run 30 600 "$OIT" build --source "$WORK/sx" --out "$WORK/outx"
expect "extra: a page linked to /etc/passwd is refused and nothing is published" ok_if '[ "$STATUS" -eq 2 ] && err_has "content/news/passwd.md: symlink points outside the source folder" && [ ! -e "$WORK/outx" ]'

make_site sl && ln -s b.md "$WORK/sl/content/news/a.md" && ln -s a.md "$WORK/sl/content/news/b.md"
hostile_run 30 600 "$OIT" build --source "$WORK/sl" --out "$WORK/outl"
expect "extra: a symlink loop in content/ is an error, not a hang" ok_if '[ "$STATUS" -eq 2 ] && err_has "symlink loop" && no_crash'

make_site sf && mkfifo "$WORK/sf/content/news/pipe.md"
hostile_run 20 600 "$OIT" build --source "$WORK/sf" --out "$WORK/outf"
expect "extra: a FIFO as a Markdown page is refused at once, not skipped in silence" ok_if '[ "$STATUS" -eq 2 ] && err_has "content/news/pipe.md: is a FIFO (named pipe), not a regular file" && no_crash'

make_site sc && rm "$WORK/sc/content/procurement/monthly/procurement.csv" && mkfifo "$WORK/sc/content/procurement/monthly/procurement.csv"
hostile_run 20 600 "$OIT" build --source "$WORK/sc" --out "$WORK/outc"
expect "extra: a FIFO as a CSV table is refused at once" ok_if '[ "$STATUS" -eq 2 ] && err_has "procurement.csv: is a FIFO (named pipe), not a regular file" && no_crash'

make_site sm && { printf '+++\ntitle = "ยาว"\n+++\n'; yes 'ข้อความยาวมากซ้ำ ๆ ในหน้าเดียว' | head -c 11000000; } >"$WORK/sm/content/news/long.md"
hostile_run 30 500 "$OIT" build --source "$WORK/sm" --out "$WORK/outm"
expect "extra: an 11 MB Markdown page is refused by its size" ok_if '[ "$STATUS" -eq 2 ] && err_has "content/news/long.md: file is" && err_has "-byte limit for Markdown pages" && no_crash'

# Deleting a 50,000-deep nest takes minutes on ext4 and a second on tmpfs: build it in /dev/shm when there
# is one (a 5,000-deep nest elsewhere, still far past the limit).
deep_root=$(mktemp -d /dev/shm/oit-hostile-XXXXXX 2>/dev/null) && deep_levels=50000 || { deep_root=$WORK; deep_levels=5000; }
[ "$deep_root" = "$WORK" ] || HOSTILE_CLEANUP+=("rm -rf '$deep_root'")
rm -rf "$deep_root/sd" && cp -r "$BASE" "$deep_root/sd"
python3 - "$deep_root/sd/content" "$deep_levels" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
for _ in range(int(sys.argv[2])):
    os.mkdir("d", dir_fd=fd)
    nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
os.close(fd)
PY
hostile_run 30 500 "$OIT" build --source "$deep_root/sd" --out "$deep_root/outd"
expect "extra: folders nested $deep_levels deep are refused at the depth limit" ok_if '[ "$STATUS" -eq 2 ] && err_has "folders nested more than 32 levels deep" && no_crash && [ ! -e "$deep_root/outd" ]'
rm -rf "$deep_root/sd"

make_site sn && printf '+++\ntitle = "ชื่อไฟล์มีขึ้นบรรทัดใหม่"\n+++\nเนื้อหา\n' >"$WORK/sn/content/news/a
b.md"
hostile_run 30 600 "$OIT" build --source "$WORK/sn" --out "$WORK/outn"
expect "extra: a file name with a newline is published under an encoded address, one per sitemap line" ok_if '[ "$STATUS" -eq 0 ] && [ -f "$WORK/outn/news/a
b/index.html" ] && grep -q "<loc>https://www.example.go.th/news/a%0Ab/</loc>" "$WORK/outn/sitemap.xml"'

make_site sg && mkdir -p "$WORK/sg/criteria" && mkfifo "$WORK/sg/criteria/ita-2568.toml"
hostile_run 20 600 "$OIT" build --source "$WORK/sg" --out "$WORK/outg"
expect "extra: a FIFO as the round's criteria file is refused, not silently replaced by the built-in one" ok_if '[ "$STATUS" -eq 2 ] && err_has "criteria/ita-2568.toml: is a FIFO (named pipe), not a regular file"'

# An unreadable page. Root reads every file, so as root the build runs as `nobody` (setpriv).
make_site su && chmod 711 "$WORK" && chmod -R a+rX "$WORK/su" &&
  chmod 000 "$WORK/su/content/news/meeting.md" && mkdir -m 777 "$WORK/outu-parent"
as_user=()
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
hostile_run 30 600 "${as_user[@]}" "$OIT_ABS" build --source "$WORK/su" --out "$WORK/outu-parent/out"
expect "extra: an unreadable page is an error naming it, nothing is published" ok_if '[ "$STATUS" -eq 2 ] &&
  err_has "content/news/meeting.md: cannot read file: Permission denied" && [ ! -e "$WORK/outu-parent/out" ]'

# ---- oit new: never writes over a folder or outside the site ----
mkdir -p "$WORK/new1/full" && echo "mine" >"$WORK/new1/full/a.txt" && ln -s full "$WORK/new1/link"
before_new=$(tree_hash "$WORK/new1")
hostile_run 30 600 "$OIT" new "$WORK/new1/link" --round 2568
expect "extra: oit new into a link to a non-empty folder is refused and changes nothing" ok_if '[ "$STATUS" -eq 2 ] && err_has "already exists and is not empty" && [ "$(tree_hash "$WORK/new1")" = "$before_new" ]'

hostile_run 60 600 "$OIT" new "$WORK/mig/site" --round 2568
page="$WORK/mig/site/content/transparency/strategic-plan/index.md"
mv "$page" "$WORK/mig/outside.md" && ln -s ../../../../outside.md "$page"
before_mig=$(tree_hash "$WORK/mig")
hostile_run 60 600 "$OIT" new --from-round 2568 --to-round 2569 "$WORK/mig/site"
expect "extra: carrying a site whose page links out of it is refused; nothing is read or written" ok_if '[ "$STATUS" -eq 2 ] && err_has "strategic-plan/index.md: is a symlink that leads outside the source folder" &&
  [ "$(tree_hash "$WORK/mig")" = "$before_mig" ]'

hostile_done
