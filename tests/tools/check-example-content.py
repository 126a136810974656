#!/usr/bin/env python3
"""Lint the example agency's content without building it.

Checks what the generator will later insist on, plus the example's own rules:
front matter parses (TOML +++ / YAML ---) with known keys only; every OIT
page has `updated` and `fiscal_year`, and each of the round's topic keys is
claimed exactly once; no date after the end of fiscal year 2568; CSV tables
are rectangular; relative links name a bundle file; root-relative links name
a page or a generated file; external links go only to allowed hosts; PDFs
have a text layer naming a Buddhist-Era year; no raw HTML.

usage: check-example-content.py [CONTENT_DIR]   (exit 1 and a list of problems)
"""
import csv
import os
import re
import subprocess
import sys
import tomllib

content = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../content")
content = os.path.normpath(content)

KEYS = {"title", "oit", "fiscal_year", "date", "updated", "draft", "summary", "weight", "layout", "slug"}
# Round 2568's items O1..O28 as topic keys, and the fiscal year each page must name.
TOPICS = ["structure", "executives", "contact", "news", "strategic-plan", "annual-plan", "annual-report",
          "staff-manual", "service-manual", "e-service", "service-statistics", "procurement-monthly",
          "procurement-annual-report", "hr-plan", "hr-report", "ethics-code", "complaint-guideline",
          "complaint-channel", "complaint-statistics", "participation", "no-gift", "gift-report",
          "bribery-risk", "risk-report", "anti-corruption-plan", "anti-corruption-report",
          "integrity-measures", "integrity-report"]
REPORTS_ON_PREVIOUS_YEAR = {"annual-report", "procurement-annual-report", "hr-report", "risk-report",
                            "anti-corruption-report", "integrity-report"}
LAST_DAY = "2025-09-30"
ALLOWED_HOSTS = {"www.openstreetmap.org", "eservice.example.go.th"}
GENERATED = {"/oit/", "/news/feed.xml", "/sitemap/", "/sitemap.xml", "/oit.json", "/itas.csv"}

problems = []


def problem(path, msg):
    problems.append(f"{os.path.relpath(path, content)}: {msg}")


def split_front_matter(path, text):
    for fence, kind in (("+++", "toml"), ("---", "yaml")):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence + "\n", len(fence))
            if end < 0:
                problem(path, f"front matter opened with {fence} is not closed")
                return None, text
            return (kind, text[len(fence) + 1:end + 1]), text[end + len(fence) + 2:]
    problem(path, "no front matter")
    return None, text


def parse_yaml_flat(path, block):
    # The example's YAML pages use flat `key: value` lines only; read them the
    # way the YAML core schema would (integers as int, booleans as bool).
    meta = {}
    for line in block.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if not m:
            problem(path, f"unexpected YAML line: {line!r}")
            continue
        key, value = m.groups()
        if re.fullmatch(r"-?\d+", value):
            meta[key] = int(value)
        elif value in ("true", "false"):
            meta[key] = value == "true"
        else:
            meta[key] = value.strip('"')
    return meta


def page_url(rel):
    # content/a/b/index.md -> /a/b/ ; content/a/_index.md -> /a/ ; content/a/c.md -> /a/c/
    parts = rel[:-3].split("/")
    if parts[-1] in ("index", "_index"):
        parts = parts[:-1]
    return "/" + "/".join(parts) + ("/" if parts else "")


pages = {}
for root, _, files in os.walk(content):
    for name in files:
        if name.endswith(".md"):
            full = os.path.join(root, name)
            pages[page_url(os.path.relpath(full, content))] = full

claimed = {}
for url, path in sorted(pages.items()):
    text = open(path, encoding="utf-8").read()
    fm, body = split_front_matter(path, text)
    if fm is None:
        continue
    kind, block = fm
    try:
        meta = tomllib.loads(block) if kind == "toml" else parse_yaml_flat(path, block)
    except tomllib.TOMLDecodeError as e:
        problem(path, f"TOML front matter: {e}")
        continue
    for key in meta:
        if key not in KEYS:
            problem(path, f"unknown front-matter key `{key}`")
    if not meta.get("title"):
        problem(path, "no title")
    for key in ("date", "updated"):
        if key in meta and str(meta[key])[:10] > LAST_DAY:
            problem(path, f"`{key}` {meta[key]} is after the end of fiscal year 2568")
    topics = meta.get("oit", [])
    topics = [topics] if isinstance(topics, str) else topics
    for topic in topics:
        if topic not in TOPICS:
            problem(path, f"`oit` names {topic!r}, not a topic key of round 2568")
        elif topic in claimed:
            problem(path, f"topic {topic} already claimed by {os.path.relpath(claimed[topic], content)}")
        else:
            claimed[topic] = path
        want = 2567 if topic in REPORTS_ON_PREVIOUS_YEAR else 2568
        if meta.get("fiscal_year") != want:
            problem(path, f"{topic}: fiscal_year is {meta.get('fiscal_year')}, expected {want}")
        if "updated" not in meta:
            problem(path, f"{topic}: no `updated` date")

    bundle = os.path.dirname(path) if os.path.basename(path) in ("index.md", "_index.md", "index.en.md", "_index.en.md") else None
    if re.search(r"<(?!https?://|mailto:)[a-zA-Z/][^>]*>", body):
        problem(path, "raw HTML in Markdown (it is filtered out)")
    for m in re.finditer(r'\{\{<\s*table\s+"([^"]+)"', body):
        csv_path = os.path.join(bundle or "", m.group(1))
        if not bundle or not os.path.isfile(csv_path):
            problem(path, f"table {m.group(1)} is not a file of this bundle")
            continue
        with open(csv_path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            problem(csv_path, f"ragged CSV: row widths {sorted(widths)}")
    for m in re.finditer(r"\]\(([^)\s]+)\)", body):
        link = m.group(1)
        if link.startswith(("mailto:", "tel:")):
            continue
        if re.match(r"^[a-z]+://", link):
            host = re.match(r"^[a-z]+://([^/]+)", link).group(1)
            if host not in ALLOWED_HOSTS:
                problem(path, f"external link to {host}: {link}")
            continue
        if link.startswith("/"):
            target = link.split("#")[0]
            if target not in pages and target not in GENERATED:
                problem(path, f"link {link} names no page")
            continue
        if not bundle or not os.path.isfile(os.path.join(bundle, link)):
            problem(path, f"relative link {link} names no file of this bundle")

for topic in TOPICS:
    if topic not in claimed:
        problems.append(f"no page claims topic {topic}")

for root, _, files in os.walk(content):
    for name in files:
        if name.endswith(".pdf"):
            full = os.path.join(root, name)
            text = subprocess.run(["pdftotext", "-raw", full, "-"], capture_output=True, text=True).stdout
            if not re.search(r"25[6-7]\d", text):
                problem(full, "PDF text layer names no Buddhist-Era year")
            if os.path.getsize(full) > 60_000:
                problem(full, f"{os.path.getsize(full)} bytes, more than 60 KB")

for p in problems:
    print("FAIL", p)
print(f"checked {len(pages)} pages, {len(claimed)}/{len(TOPICS)} OIT topics: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
