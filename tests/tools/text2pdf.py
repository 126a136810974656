#!/usr/bin/env python3
"""Typeset a plain Thai text into a small A4 PDF with a real text layer.

The example agency's plans and reports are made from short texts kept in
make-example-assets.sh. pango-view (Debian pango1.0-tools) does the Thai
shaping and cairo embeds a subset of the font, so `pdftotext` gets the
words back, the way an assessor's tools read a born-digital PDF.

Input (stdin), one paragraph per line:
  "# text"   document title (extra large)
  "## text"  heading (large)
  "@page"    start a new A4 page
  anything else: body text; an empty line is an empty line.

usage: text2pdf.py OUT.pdf < text
The output is reproducible: pdfunite's random file /ID is replaced by one
derived from the content.
"""
import hashlib
import html
import os
import re
import subprocess
import sys
import tempfile

FONT = "Laksaman 13"
LINE_SPACING = "0.85"  # Laksaman's own line gap is generous; ~40 lines fit a page
# A4 = 595 x 842 pt: text box 495 x 742 plus a 50 pt margin all round
WIDTH, HEIGHT, MARGIN = 495, 742, 50
MAX_BYTES = 60_000


def markup(line: str) -> str:
    # Size and colour, not bold: a bold face embeds a second font subset per
    # page and doubles the file size.
    if line.startswith("# "):
        return '<span size="x-large" foreground="#1f3b57">' + html.escape(line[2:], quote=False) + "</span>"
    if line.startswith("## "):
        return '<span size="large" foreground="#1f3b57">' + html.escape(line[3:], quote=False) + "</span>"
    return html.escape(line, quote=False)


def pages(text: str) -> list:
    result, current = [], []
    for line in text.splitlines():
        if line.strip() == "@page":
            result.append(current)
            current = []
        else:
            current.append(line)
    result.append(current)
    return [p for p in result if any(l.strip() for l in p)]


def render(page_lines: list, out: str, spacer: int = 0) -> None:
    """Typeset one page, as tall as its text plus a blank spacer line of
    `spacer` Pango units (1/1024 pt) at the bottom."""
    src = out + ".txt"
    body = "\n".join(markup(l) for l in page_lines).strip("\n")
    if spacer > 0:
        body += f'\n<span line_height="{spacer}"> </span>'
    with open(src, "w", encoding="utf-8") as f:
        f.write(body + "\n")
    subprocess.run(["pango-view", "-q", "--markup", f"--font={FONT}", f"--width={WIDTH}",
                    f"--line-spacing={LINE_SPACING}", f"--margin={MARGIN}", "--wrap=word-char",
                    "-o", out, src], check=True)


def render_a4(page_lines: list, out: str) -> bool:
    """Typeset one page on A4. pango-view sizes the page to the text (its
    --height option drops lines that do not fit), so pad the bottom with a
    spacer line, tuned by the secant method until the page is A4 high."""
    target = HEIGHT + 2 * MARGIN
    render(page_lines, out)
    natural = page_height(out)
    if natural > target:
        return False
    x0, h0 = 0, natural
    x1 = int((target - natural) * 1024)
    for _ in range(10):
        render(page_lines, out, x1)
        h1 = page_height(out)
        if abs(h1 - target) < 0.5:
            return True
        if h1 == h0:
            break
        x0, h0, x1 = x1, h1, max(1, int(x1 + (target - h1) * (x1 - x0) / (h1 - h0)))
    render(page_lines, out)  # could not hit A4 exactly: keep the natural size
    return True


def page_height(pdf: str) -> float:
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    return float(m.group(2)) if m else 0.0


def extracted_text_matches(pdf: str, page_list: list) -> bool:
    """The text layer must give back every character typeset (spaces aside)."""
    got = subprocess.run(["pdftotext", "-raw", pdf, "-"], check=True, capture_output=True,
                         text=True).stdout
    want = "".join(re.sub(r"^#+ ", "", l) for page in page_list for l in page)
    squash = lambda t: re.sub(r"\s+", "", t)
    return squash(got) == squash(want)


def fix_trailer(data: bytes) -> bytes:
    """Replace pdfunite's random trailer /ID with one derived from the content.

    The trailer follows the xref table and startxref points before it, so its
    length may change without moving any offset."""
    tail = data.rfind(b"trailer")
    if tail < 0 or data.find(b"xref", 0, tail) < 0:
        return data
    m = re.compile(rb"/ID\s*\[.*?\]\s*(?=/Root)", re.S).search(data, tail)
    if not m:
        return data
    digest = hashlib.md5(data[:tail]).hexdigest().encode()
    data = data[:m.start()] + b"/ID [<" + digest + b"> <" + digest + b">] " + data[m.end():]
    # pdfunite also writes a /Size smaller than its own xref table; correct it.
    table = re.compile(rb"xref\s+0 (\d+)").search(data, data.rfind(b"xref", 0, tail))
    if table:
        data = data[:tail] + re.sub(rb"/Size \d+", b"/Size " + table.group(1), data[tail:], count=1)
    return data


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    text = sys.stdin.read()
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        page_list = pages(text)
        for i, page in enumerate(page_list):
            part = os.path.join(tmp, f"page{i:02d}.pdf")
            if not render_a4(page, part):
                print(f"{out}: page {i + 1} is longer than A4; split it with @page", file=sys.stderr)
                return 1
            parts.append(part)
        joined = os.path.join(tmp, "joined.pdf")
        subprocess.run(["pdfunite", *parts, joined], check=True)
        if not extracted_text_matches(joined, page_list):
            print(f"{out}: pdftotext does not give back the text typeset", file=sys.stderr)
            return 1
        with open(joined, "rb") as f:
            data = fix_trailer(f.read())
    if len(data) > MAX_BYTES:
        print(f"{out}: {len(data)} bytes, more than {MAX_BYTES}; shorten the text", file=sys.stderr)
        return 1
    with open(out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
