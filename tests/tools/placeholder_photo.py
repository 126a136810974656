#!/usr/bin/env python3
"""Write a placeholder portrait (PNG): a plain silhouette on a coloured background.

Used for the example agency's executives page, where a real site would show
official photographs. Standard library only (zlib), so the output is
byte-for-byte reproducible.

usage: placeholder_photo.py OUT.png RRGGBB   (background colour)
"""
import struct
import sys
import zlib

WIDTH, HEIGHT = 240, 300
SUPERSAMPLE = 3  # smooth the outline without any image library


def inside_silhouette(x: float, y: float) -> bool:
    # head: a circle; shoulders: the top half of a wide ellipse
    head_cx, head_cy, head_r = 120.0, 112.0, 50.0
    if (x - head_cx) ** 2 + (y - head_cy) ** 2 <= head_r ** 2:
        return True
    body_cx, body_cy, body_rx, body_ry = 120.0, 300.0, 105.0, 120.0
    return y >= 180.0 and ((x - body_cx) / body_rx) ** 2 + ((y - body_cy) / body_ry) ** 2 <= 1.0


def png(width: int, height: int, rows: list) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in rows)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main() -> int:
    if len(sys.argv) != 3 or len(sys.argv[2]) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    out, colour = sys.argv[1], sys.argv[2]
    background = tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    figure = (236, 239, 243)
    rows = []
    n = SUPERSAMPLE * SUPERSAMPLE
    for py in range(HEIGHT):
        row = []
        for px in range(WIDTH):
            hits = sum(inside_silhouette(px + (i + 0.5) / SUPERSAMPLE, py + (j + 0.5) / SUPERSAMPLE)
                       for i in range(SUPERSAMPLE) for j in range(SUPERSAMPLE))
            # quantise coverage to quarters: keeps the file small, edges still soft
            cover = round(hits / n * 4) / 4
            row += [round(b + (f - b) * cover) for b, f in zip(background, figure)]
        rows.append(row)
    with open(out, "wb") as f:
        f.write(png(WIDTH, HEIGHT, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
