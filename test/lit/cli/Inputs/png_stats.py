#!/usr/bin/env python3
"""Facts about a PNG screenshot, for tests that must see that a page drew something.

usage: png_stats.py FILE [--color '#rrggbb']... [--span '#rrggbb']...
Prints "size WxH", "background #rrggbb" (the most common colour), "drawn P%" (pixels
not of the background colour), per --color "color #rrggbb: N" (exact matches) and per
--span "span #rrggbb: x X0-X1 y Y0-Y1" (the columns and rows where it appears).
A plain decoder (zlib + PNG filters), 8-bit RGB or RGBA, not interlaced: what Chromium writes.
"""
import struct
import sys
import zlib
from collections import Counter


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("png_stats: %s is not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("png_stats: unsupported PNG (depth %d, colour type %d)" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    counts = Counter()
    boxes = {}
    for y, line in enumerate(rows):
        for i in range(0, stride, bpp):
            c = bytes(line[i:i + 3])
            counts[c] += 1
            x = i // bpp
            b = boxes.get(c)
            if b is None:
                boxes[c] = [x, x, y, y]
            else:
                b[0], b[1], b[3] = min(b[0], x), max(b[1], x), y
    return w, h, counts, boxes


def main():
    path = sys.argv[1]
    colors = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--color"]
    spans = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--span"]
    w, h, counts, boxes = decode(path)
    bg, n_bg = counts.most_common(1)[0]
    print("size %dx%d" % (w, h))
    print("background #%s" % bg.hex())
    print("drawn %d%%" % (100 * (w * h - n_bg) // (w * h)))
    for c in colors:
        print("color %s: %d" % (c, counts.get(bytes.fromhex(c.lstrip("#")), 0)))
    for c in spans:
        b = boxes.get(bytes.fromhex(c.lstrip("#")))
        print("span %s: %s" % (c, "x %d-%d y %d-%d" % tuple(b) if b else "none"))


main()
