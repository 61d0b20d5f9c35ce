#!/usr/bin/env python3
"""Checks that LeakScope's allocation stacks name the same frames as Valgrind's.

usage: match_valgrind.py VALGRIND_XML LEAKSCOPE_JSONL

Takes Valgrind's first "definitely lost" record with at least three frames and looks
for a LeakScope leak record of the same size whose frames name the same functions, in
the same order, up to main (Valgrind's "???" frames, which it could not name, match any
frame). Prints the two stacks and "match" or "no match"; exits 1 on no match.
"""
import json
import sys
import xml.etree.ElementTree as ET


def valgrind_first(path):
    root = ET.parse(path).getroot()
    for error in root.findall("error"):
        if error.findtext("kind") != "Leak_DefinitelyLost":
            continue
        frames = [f.findtext("fn") or "???" for f in error.find("stack").findall("frame")]
        if len(frames) >= 3:
            return int(error.findtext("xwhat/leakedbytes")), frames
    return None, None


def leakscope_records(path):
    for line in open(path):
        rec = json.loads(line)
        if rec.get("event") == "leak":
            yield rec["bytes"], [f.get("function") or "???" for f in rec["frames"]]


def upto_main(frames):
    return frames[: frames.index("main") + 1] if "main" in frames else frames


def main():
    size, want = valgrind_first(sys.argv[1])
    if size is None:
        print("no definitely-lost record with a stack in the Valgrind log")
        return 1
    want = upto_main(want)
    print("valgrind:  %d bytes: %s" % (size, " <- ".join(want)))
    for bytes_, frames in leakscope_records(sys.argv[2]):
        got = upto_main(frames)
        if bytes_ != size or len(got) != len(want):
            continue
        if all(w == "???" or w == g for w, g in zip(want, got)):
            print("leakscope: %d bytes: %s" % (bytes_, " <- ".join(got)))
            print("match")
            return 0
    print("no match")
    return 1


if __name__ == "__main__":
    sys.exit(main())
