#!/usr/bin/env python3
"""Runs COMMAND... FILE on N seeded mutations of a valid profile (bytes flipped,
inserted, deleted; gzipped or raw) and fails if any run ends other than by exit 0 or 1
(a crash, a hang past 10 s, a usage error). usage: mutate.py PROFILE N WORKFILE COMMAND...
"""
import gzip
import random
import subprocess
import sys

src, n, work, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
good = open(src, "rb").read()
raw = gzip.decompress(good) if good[:2] == b"\x1f\x8b" else good
rng = random.Random(1234)
for i in range(n):
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data))
        op = rng.randrange(3)
        if op == 0:
            data[at] = rng.randrange(256)
        elif op == 1:
            data.insert(at, rng.randrange(256))
        elif len(data) > 1:
            del data[at]
    if i % 2:
        data = bytearray(gzip.compress(bytes(data), mtime=0))
    open(work, "wb").write(data)
    try:
        rc = subprocess.run(cmd + [work], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10).returncode
    except subprocess.TimeoutExpired:
        sys.exit("mutation %d: timed out" % i)
    if rc not in (0, 1):
        sys.exit("mutation %d: exit %d" % (i, rc))
print("%d mutations, no crash" % n)
