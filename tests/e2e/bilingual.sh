#!/usr/bin/env bash
# The example agency declares English ([languages.en]) and translates five pages (.en.md twins). Checks the
# built site as a reader and a search engine meet it: /en/ mirrors every page, twins and their Thai pages
# name each other with hreflang, untranslated pages are shown in Thai with a notice and point search
# engines at the Thai page, the theme speaks English there, and the OIT outputs stay Thai-only. Then the
# same content without [languages.en] and its twins builds with no /en/ at all.
#   usage: bilingual.sh OIT_BINARY REPO_ROOT
set -eu
oit=$1 repo=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$oit" build --source "$repo" --out "$work/public" >"$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
python3 - "$work/public" <<'PY'
import html.parser, json, os, re, sys
public = sys.argv[1]
base = "https://www.example.go.th/"
problems = []

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang, self.alternates, self.canonical, self.switch, self.h1_lang = None, {}, None, None, None
        self.links, self.text, self.in_switch = [], [], False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html": self.lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a: self.alternates[a["hreflang"]] = a["href"]
        if tag == "link" and a.get("rel") == "canonical": self.canonical = a["href"]
        if tag == "nav" and "language-switch" in a.get("class", ""): self.in_switch = True
        if tag == "a" and self.in_switch: self.switch = (a["href"], a.get("hreflang"))
        if tag == "a" and "href" in a: self.links.append(a["href"])
        if tag == "h1": self.h1_lang = a.get("lang")
    def handle_endtag(self, tag):
        if tag == "nav": self.in_switch = False
    def handle_data(self, d): self.text.append(d)

def page(rel):
    p = Page()
    p.feed(open(os.path.join(public, rel, "index.html"), encoding="utf-8").read())
    p.body = " ".join(" ".join(p.text).split())
    return p

def want(cond, what):
    if not cond: problems.append(what)

# A twin and its Thai page name each other and themselves, and switch to each other.
for route in ("", "about/", "about/vision-mission/", "contact/", "news/"):
    th, en = page(route), page("en/" + route)
    pair = {"th": base + route, "en": base + "en/" + route}
    want(th.alternates == pair, f"/{route}: hreflang {th.alternates}, want {pair}")
    want(en.alternates == pair, f"/en/{route}: hreflang {en.alternates}, want {pair}")
    want(th.lang == "th" and en.lang == "en", f"/{route}: <html lang> {th.lang}/{en.lang}")
    want(en.canonical == base + "en/" + route, f"/en/{route}: canonical {en.canonical}")
    want(th.switch == ("/en/" + route, "en"), f"/{route}: language switch {th.switch}")
    want(en.switch == ("/" + route, "th"), f"/en/{route}: language switch {en.switch}")
    want("not yet available in English" not in en.body, f"/en/{route}: a translated page shows the fallback notice")

contact = page("en/contact/")
want(contact.h1_lang is None and "Contact us" in contact.body, "/en/contact/: English title")
want("Office hours วันจันทร์" in contact.body and "Skip to main content" in contact.body, "/en/contact/: theme strings")
want("Fiscal year 2025 (B.E. 2568)" in contact.body, "/en/contact/: fiscal year inherited from the Thai page, shown in CE")
want("Published 1 October 2024" in contact.body, "/en/contact/: English date")

# An untranslated page: Thai text with a notice, the Thai page as canonical, no hreflang pair.
hr_th, hr_en = page("hr/"), page("en/hr/")
want("This page is not yet available in English" in hr_en.body, "/en/hr/: no fallback notice")
want(hr_en.canonical == base + "hr/", f"/en/hr/: canonical {hr_en.canonical}")
want(hr_en.h1_lang == "th", "/en/hr/: the Thai title is not marked lang=th")
want(hr_en.alternates == {} and hr_th.alternates == {}, "/hr/ or /en/hr/ has hreflang without a translation")
want(hr_th.switch == ("/en/hr/", "en"), f"/hr/: language switch {hr_th.switch}")
want("/en/hr/hr-plan-2568/" in hr_en.links, "/en/hr/: its children are not listed under /en/")

# English home: its own title and menu; relative Markdown links lead to English pages.
home = page("en/")
for href in ("/en/about/", "/en/contact/", "/en/news/", "/en/services/e-service/", "/oit/"):
    want(href in home.links, f"/en/: no link to {href}")
want("© 2025 Office for the Promotion of Public Data Transparency (OPDT). All rights reserved." in home.body, "/en/: copyright line")
want("© พ.ศ. 2568" in page("").body, "/: Thai copyright line")
# Pages only in Thai (the OIT hub) offer the English home page.
want(page("oit/").switch == ("/en/", "en"), "/oit/: no switch to the English home page")

# sitemap.xml: twins with their alternates, fallbacks left out.
smx = open(os.path.join(public, "sitemap.xml"), encoding="utf-8").read()
want('xmlns:xhtml="http://www.w3.org/1999/xhtml"' in smx, "sitemap.xml: no xhtml namespace")
want(re.search(r'<loc>https://www\.example\.go\.th/en/contact/</loc>(<lastmod>[^<]*</lastmod>)?<xhtml:link rel="alternate" hreflang="th" href="https://www\.example\.go\.th/contact/"/>', smx),
     "sitemap.xml: /en/contact/ without its alternates")
want("/en/hr/<" not in smx, "sitemap.xml lists a fallback page")

# The OIT outputs (ITAS URLs, manifest) and the search index are the Thai site's.
for name in ("oit.json", "itas.csv"):
    want("/en/" not in open(os.path.join(public, name), encoding="utf-8").read(), f"{name} names an /en/ page")
docs = "".join(open(os.path.join(public, "search/d", f), encoding="utf-8").read() for f in os.listdir(os.path.join(public, "search/d")))
want('"/en/' not in docs, "the search index lists /en/ pages")

for p in problems: print("FAIL", p)
print(f"bilingual example: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
PY

# Without [languages.en] and the twins: no /en/, no language switch.
mkdir -p "$work/thai" && cp -r "$repo/content" "$work/thai/" && find "$work/thai/content" -name '*.en.md' -delete
sed '/^\[languages.en\]/,/^\[/{/^\[opendata\]/!d}' "$repo/site.toml" >"$work/thai/site.toml"
grep -q '^\[languages' "$work/thai/site.toml" && { echo "FAIL could not remove [languages.en]"; exit 1; }
"$oit" build --source "$work/thai" --out "$work/thai/public" >/dev/null 2>"$work/err2" || { cat "$work/err2"; exit 1; }
[ ! -e "$work/thai/public/en" ] || { echo "FAIL a Thai-only site has /en/"; exit 1; }
! grep -rlq 'language-switch\|hreflang' "$work/thai/public" --include='*.html' || { echo "FAIL a Thai-only site offers another language"; exit 1; }
echo "Thai-only build of the same content: ok"
