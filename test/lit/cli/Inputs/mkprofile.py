#!/usr/bin/env python3
"""Writes a pprof profile.proto file from a small text description, for CLI tests.

An independent encoder (plain Python, no protobuf library), so the tool's reader is
tested against bytes it did not produce. Description lines:

  types alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes
  time NANOS
  sample V1 V2 ... @ FRAME;FRAME;...      frames leaf first; FRAME = func[:file[:line]],
                                          inlined frames of one location joined by '+'
                                          (innermost first); func|file|line
                                          when func has ':' (C++ names); nothing
                                          after '@': a sample without locations
  # comment

usage: mkprofile.py DESCRIPTION OUT [--raw] [--truncate N] [--packed=0]
"""
import gzip
import sys


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def f_int(field, v):
    return key(field, 0) + varint(v) if v else b""


def f_bytes(field, data):
    return key(field, 2) + varint(len(data)) + data


def f_packed(field, values, packed):
    if not values:
        return b""
    if packed:
        return f_bytes(field, b"".join(varint(v) for v in values))
    return b"".join(key(field, 0) + varint(v) for v in values)


def main():
    args = sys.argv[1:]
    raw = "--raw" in args
    packed = "--packed=0" not in args
    truncate = None
    if "--truncate" in args:
        truncate = int(args[args.index("--truncate") + 1])
    desc, out = [a for a in args if not a.startswith("--") and not a.isdigit()][:2]

    strings = [""]
    index = {"": 0}

    def s(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    types, samples, time_nanos = [], [], 0
    functions, locations = {}, {}
    for line in open(desc):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "types":
            types = [t.split("/") for t in rest.split()]
        elif word == "time":
            time_nanos = int(rest)
        elif word == "sample":
            values, _, frames = rest.partition("@")
            loc_ids = []
            # "sample V... @" with nothing after '@': a sample with no locations.
            for loc in frames.strip().split(";") if frames.strip() else []:
                if loc not in locations:
                    lines = []
                    for fr in loc.split("+"):
                        parts = fr.split("|") if "|" in fr else fr.split(":")
                        name, file = parts[0], parts[1] if len(parts) > 1 else ""
                        ln = int(parts[2]) if len(parts) > 2 and parts[2] else 0
                        fkey = (name, file)
                        if fkey not in functions:
                            functions[fkey] = len(functions) + 1
                        lines.append((functions[fkey], ln))
                    locations[loc] = (len(locations) + 1, lines)
                loc_ids.append(locations[loc][0])
            samples.append(([int(v) for v in values.split()], loc_ids))
        else:
            sys.exit("mkprofile: bad line: " + line)

    msg = b""
    for t, u in types:
        msg += f_bytes(1, f_int(1, s(t)) + f_int(2, s(u)))
    for values, loc_ids in samples:
        body = f_packed(1, loc_ids, packed) + f_packed(2, values, packed)
        if len(values) >= 2 and values[0]:
            body += f_bytes(3, f_int(1, s("bytes")) + f_int(3, values[1] // values[0]))
        msg += f_bytes(2, body)
    msg += f_bytes(3, f_int(1, 1) + f_int(2, 0x400000) + f_int(3, 0x800000) + f_int(5, s("/bin/app")) + f_int(7, 1) + f_int(8, 1) + f_int(9, 1))
    for loc, (lid, lines) in locations.items():
        body = f_int(1, lid) + f_int(2, 1) + f_int(3, 0x401000 + 16 * lid)
        for fid, ln in lines:
            body += f_bytes(4, f_int(1, fid) + f_int(2, ln))
        msg += f_bytes(4, body)
    for (name, file), fid in functions.items():
        msg += f_bytes(5, f_int(1, fid) + f_int(2, s(name)) + f_int(3, s(name)) + f_int(4, s(file)))
    msg += f_int(9, time_nanos)
    msg += f_bytes(11, f_int(1, s("space")) + f_int(2, s("bytes"))) + f_int(12, 524288)
    # The string table last: every s() call above has happened.
    msg = msg + b"".join(f_bytes(6, t.encode()) for t in strings)
    data = msg if raw else gzip.compress(msg, mtime=0)
    if truncate is not None:
        data = data[:truncate]
    with open(out, "wb") as f:
        f.write(data)


main()
