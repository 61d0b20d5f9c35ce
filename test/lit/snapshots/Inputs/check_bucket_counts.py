#!/usr/bin/env python3
"""Sums a snapshot's samples whose blocks are BYTES long and prints the totals
(bucket_counts_threads.cpp). usage: check_bucket_counts.py FILE BYTES"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import profile_reader  # noqa: E402

p = profile_reader.load(sys.argv[1])
types = [t for t, _ in p["types"]]
total = dict((t, 0) for t in types)
for s in p["samples"]:
    if s["labels"].get("bytes") == int(sys.argv[2]):
        for t, v in zip(types, s["values"]):
            total[t] += v
print(" ".join("%s=%d" % (t, total[t]) for t in types))
