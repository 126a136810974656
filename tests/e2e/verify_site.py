#!/usr/bin/env python3
"""Checks a built oit site: the OIT outputs the checker and ITAS rely on, and that every local link resolves.

usage: verify_site.py PUBLIC_DIR [--items N]   (exit 1 and a list of problems when something is wrong)
"""
import csv
import html.parser
import json
import os
import sys
import urllib.parse

public = sys.argv[1]
want_items = int(sys.argv[sys.argv.index("--items") + 1]) if "--items" in sys.argv else None
problems = []


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.meta, self.ids, self.in_head, self.lang = [], {}, set(), False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "head":
            self.in_head = True
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta" and self.in_head and a.get("name", "").startswith("oit:"):
            self.meta.setdefault(a["name"], []).append(a.get("content"))
        for attr in ("href", "src"):
            if attr in a and a[attr] is not None:
                self.links.append((tag, a[attr]))
        if "srcset" in a:
            for part in a["srcset"].split(","):
                self.links.append((tag, part.strip().split(" ")[0]))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


manifest = json.load(open(os.path.join(public, "oit.json"), encoding="utf-8"))
base = manifest["base_url"]
items = manifest["items"]
if want_items is not None and len(items) != want_items:
    problems.append(f"oit.json has {len(items)} items, expected {want_items}")
for key in ("round", "generated", "base_url", "items"):
    if key not in manifest:
        problems.append(f"oit.json lacks `{key}`")
for it in items:
    for key in ("id", "title", "url", "path", "fiscal_year", "updated", "attachments"):
        if key not in it:
            problems.append(f"oit.json item {it.get('id')} lacks `{key}`")
    if it.get("url") is None:
        problems.append(f"{it['id']} has no page (url is null)")
        continue
    if not it["url"].startswith(base):
        problems.append(f"{it['id']} url {it['url']} is not under {base}")
    page_path = os.path.join(public, it["path"])
    if not os.path.isfile(page_path):
        problems.append(f"{it['id']} path {it['path']} does not exist")
        continue
    page = parse(page_path)
    if it["id"] not in page.meta.get("oit:item", []):
        problems.append(f"{it['path']} lacks <meta name=oit:item content={it['id']}>")
    if page.meta.get("oit:fiscal-year") != [str(it["fiscal_year"])]:
        problems.append(f"{it['path']} oit:fiscal-year {page.meta.get('oit:fiscal-year')} != {it['fiscal_year']}")
    if page.meta.get("oit:updated") != [it["updated"]]:
        problems.append(f"{it['path']} oit:updated {page.meta.get('oit:updated')} != {it['updated']}")
    for att in it["attachments"]:
        rel = urllib.parse.unquote(att[len(base):])
        if not os.path.isfile(os.path.join(public, rel)):
            problems.append(f"{it['id']} attachment {att} is not in the output")

with open(os.path.join(public, "itas.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
if rows[0] != ["item", "url", "title"]:
    problems.append(f"itas.csv header is {rows[0]}")
if [r[0] for r in rows[1:]] != [it["id"] for it in items]:
    problems.append("itas.csv rows are not the items in criteria order")
for r in rows[1:]:
    if want_items is not None and not r[1]:
        problems.append(f"itas.csv row {r[0]} has no URL")

for required in ("oit/index.html", "sitemap.xml", "robots.txt", "404.html", "sitemap/index.html"):
    if not os.path.isfile(os.path.join(public, required)):
        problems.append(f"{required} is missing")

# Every local link and image of every page resolves to a file of the output (fragments to an id).
pages = {}
for root, _, files in os.walk(public):
    for name in files:
        if name.endswith(".html"):
            full = os.path.join(root, name)
            pages[os.path.relpath(full, public)] = parse(full)
checked = 0
for rel, page in sorted(pages.items()):
    # English pages of the bilingual example are under en/ (fallbacks too: their text is marked lang="th").
    want_lang = "en" if rel.startswith("en/") else "th"
    if page.lang != want_lang:
        problems.append(f"{rel}: <html lang> is {page.lang!r}, not {want_lang!r}")
    here = "/" + os.path.dirname(rel) + ("/" if os.path.dirname(rel) else "")
    for tag, link in page.links:
        u = urllib.parse.urlsplit(link)
        if u.scheme in ("mailto", "tel") or (u.scheme and not link.startswith(base)):
            continue
        if link.startswith(base):
            u = urllib.parse.urlsplit("/" + link[len(base):])
        path = urllib.parse.unquote(u.path) if u.path else ("/" + rel)
        path = urllib.parse.urljoin(here, path)
        target = path.lstrip("/")
        if target == "" or target.endswith("/"):
            target += "index.html"
        checked += 1
        if not os.path.isfile(os.path.join(public, target)):
            problems.append(f"{rel}: <{tag}> link {link} resolves to nothing")
        elif u.fragment and target in pages and urllib.parse.unquote(u.fragment) not in pages[target].ids:
            problems.append(f"{rel}: link {link} names a missing fragment")

for p in problems:
    print("FAIL", p)
print(f"verified {len(pages)} pages, {checked} local links, {len(items)} OIT items: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
