#!/usr/bin/env python3
"""A minimal pprof reader for the lit tests, independent of the runtime's encoder and
of go tool pprof (fast enough for hundreds of files).

    profile_reader.py dump FILE        prints one line per sample:
                                       TYPE=VALUE ... | label=value ... | leaf;...;root
Exits 1 with "profile_reader: FILE: REASON" when a file does not decode or is
inconsistent (missing ids, wrong number of values, string table not starting with "").
"""
import gzip
import sys


def varint(buf, i):
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        if not b & 0x80:
            return v, i
        shift += 7


def fields(buf):
    i = 0
    out = []
    while i < len(buf):
        tag, i = varint(buf, i)
        num, wire = tag >> 3, tag & 7
        if wire == 0:
            v, i = varint(buf, i)
        elif wire == 2:
            n, i = varint(buf, i)
            v = buf[i:i + n]
            if len(v) != n:
                raise ValueError("truncated field %d" % num)
            i += n
        else:
            raise ValueError("unexpected wire type %d" % wire)
        out.append((num, wire, v))
    return out


def varints(wire, v):
    if wire == 0:
        return [v]
    out, i = [], 0
    while i < len(v):
        x, i = varint(v, i)
        out.append(x)
    return out


def load(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    top = fields(data)
    strings = [v.decode() for n, w, v in top if n == 6]
    if not strings or strings[0] != "":
        raise ValueError('string table does not start with ""')
    p = {"types": [], "samples": [], "locations": {}, "functions": {}, "mappings": {},
         "time_nanos": 0, "period": 0}
    for n, w, v in top:
        if n == 1:
            f = dict((a, c) for a, b, c in fields(v))
            p["types"].append((strings[f.get(1, 0)], strings[f.get(2, 0)]))
        elif n == 2:
            s = {"locs": [], "values": [], "labels": {}}
            for a, b, c in fields(v):
                if a == 1:
                    s["locs"] += varints(b, c)
                elif a == 2:
                    s["values"] += varints(b, c)
                elif a == 3:
                    lab = dict((x, z) for x, y, z in fields(c))
                    s["labels"][strings[lab.get(1, 0)]] = strings[lab[2]] if 2 in lab else lab.get(3, 0)
            p["samples"].append(s)
        elif n == 3:
            f = dict((a, c) for a, b, c in fields(v))
            p["mappings"][f[1]] = f
        elif n == 4:
            loc = {"mapping": 0, "lines": []}
            for a, b, c in fields(v):
                if a == 1:
                    loc["id"] = c
                elif a == 2:
                    loc["mapping"] = c
                elif a == 4:
                    loc["lines"].append(dict((x, z) for x, y, z in fields(c)))
            if loc.get("id", 0) == 0 or loc["id"] in p["locations"]:
                raise ValueError("bad location id")
            p["locations"][loc["id"]] = loc
        elif n == 5:
            f = dict((a, c) for a, b, c in fields(v))
            if f.get(1, 0) == 0 or f[1] in p["functions"]:
                raise ValueError("bad function id")
            p["functions"][f[1]] = strings[f.get(2, 0)]
        elif n == 9:
            p["time_nanos"] = v
        elif n == 12:
            p["period"] = v
    for s in p["samples"]:
        if len(s["values"]) != len(p["types"]):
            raise ValueError("sample with %d values for %d types" % (len(s["values"]), len(p["types"])))
        stack = []
        for l in s["locs"]:
            loc = p["locations"].get(l)
            if loc is None:
                raise ValueError("sample refers to missing location %d" % l)
            if loc["mapping"] and loc["mapping"] not in p["mappings"]:
                raise ValueError("location refers to missing mapping")
            for line in loc["lines"]:
                if line.get(1) not in p["functions"]:
                    raise ValueError("line refers to missing function")
                stack.append(p["functions"][line[1]])
        s["stack"] = stack
    return p


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "dump":
        sys.exit(__doc__)
    try:
        p = load(sys.argv[2])
    except Exception as e:  # noqa: BLE001 - any decoding failure is the answer
        print("profile_reader: %s: %s" % (sys.argv[2], e))
        sys.exit(1)
    for s in p["samples"]:
        vals = " ".join("%s=%d" % (t[0], v) for t, v in zip(p["types"], s["values"]))
        labs = " ".join("%s=%s" % kv for kv in sorted(s["labels"].items()))
        print("%s | %s | %s" % (vals, labs, ";".join(s["stack"])))


if __name__ == "__main__":
    main()
