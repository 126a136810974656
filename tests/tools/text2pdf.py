#!/usr/bin/env python3
"""Typeset a plain Thai text into a small A4 PDF with a real text layer.

The example agency's plans and reports are made from short texts kept in
make-example-assets.sh. pango-view (Debian pango1.0-tools) does the Thai
shaping and cairo embeds a subset of the font, so `pdftotext` gets the
words back, the way an assessor's tools read a born-digital PDF.

Input (stdin), one paragraph per line:
  "# text"   document title (large, bold, centred)
  "## text"  heading (bold)
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

FONT = "Laksaman 14"
# A4 = 595 x 842 pt: text box 495 x 742 plus a 50 pt margin all round
WIDTH, HEIGHT, MARGIN = 495, 742, 50
MAX_BYTES = 60_000


def markup(line: str) -> str:
    if line.startswith("# "):
        return '<span size="x-large" weight="bold">' + html.escape(line[2:], quote=False) + "</span>"
    if line.startswith("## "):
        return '<span weight="bold">' + html.escape(line[3:], quote=False) + "</span>"
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


def render(page_lines: list, out: str) -> None:
    src = out + ".txt"
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(markup(l) for l in page_lines).strip("\n") + "\n")
    subprocess.run(["pango-view", "-q", "--markup", f"--font={FONT}", f"--width={WIDTH}",
                    f"--height={HEIGHT}", f"--margin={MARGIN}", "--wrap=word-char",
                    "-o", out, src], check=True)


def page_height(pdf: str) -> float:
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    return float(m.group(2)) if m else 0.0


def fix_id(data: bytes) -> bytes:
    # Replace the trailer's /ID [(...) (...)] with content-derived bytes of the
    # same length, so the xref offsets stay valid.
    m = re.search(rb"/ID \[(.*?)\] /Root", data[data.rfind(b"trailer"):], re.S)
    if not m:
        return data
    start = data.rfind(b"trailer") + m.start(1)
    length = m.end(1) - m.start(1)
    digest = hashlib.md5(data[:start]).hexdigest().encode()
    size = min((length - 5) // 2, len(digest))  # "(x) (x)" is 2*size + 5 bytes
    if size < 8:
        return data
    ident = b"(" + digest[:size] + b") (" + digest[:size] + b")"
    ident += b" " * (length - len(ident))  # pad: whitespace is free inside an array
    return data[:start] + ident + data[start + length:]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    text = sys.stdin.read()
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for i, page in enumerate(pages(text)):
            part = os.path.join(tmp, f"page{i:02d}.pdf")
            render(page, part)
            if page_height(part) > HEIGHT + 2 * MARGIN + 1:
                print(f"{out}: page {i + 1} is longer than A4; split it with @page", file=sys.stderr)
                return 1
            parts.append(part)
        joined = os.path.join(tmp, "joined.pdf")
        subprocess.run(["pdfunite", *parts, joined], check=True)
        with open(joined, "rb") as f:
            data = fix_id(f.read())
    if len(data) > MAX_BYTES:
        print(f"{out}: {len(data)} bytes, more than {MAX_BYTES}; shorten the text", file=sys.stderr)
        return 1
    with open(out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
