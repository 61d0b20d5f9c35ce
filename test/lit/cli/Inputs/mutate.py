#!/usr/bin/env python3
"""Runs COMMAND... FILE on broken variants of a valid profile and checks how each ends:
either read (exit 0, nothing on stderr) or rejected (exit 1 and exactly one stderr line,
"LeakScope: FILE: ..."). A crash, a hang past 10 s, any other exit code or a rejection
in another shape fails the run, naming the variant.

usage: mutate.py PROFILE N WORKFILE COMMAND...
         N seeded random mutations (bytes changed, inserted, deleted; every other one
         gzipped). Both outcomes must occur: a command that ignores its input, or
         rejects everything, fails too.
       mutate.py --prefixes STEP [--all-rejected] PROFILE WORKFILE COMMAND...
         every STEP-th prefix of PROFILE as it is (--all-rejected: each must be rejected)
"""
import gzip
import random
import subprocess
import sys


def run(cmd, work, data, what):
    open(work, "wb").write(data)
    try:
        p = subprocess.run(cmd + [work], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10)
    except subprocess.TimeoutExpired:
        sys.exit("%s: timed out" % what)
    err = p.stderr.decode("utf-8", "replace").splitlines()
    if p.returncode < 0:
        sys.exit("%s: killed by signal %d" % (what, -p.returncode))
    if p.returncode == 0:
        if err:
            sys.exit("%s: exit 0 with stderr: %s" % (what, err[0]))
        return "read"
    if p.returncode != 1:
        sys.exit("%s: exit %d" % (what, p.returncode))
    if len(err) != 1 or not err[0].startswith("LeakScope: " + work + ": "):
        sys.exit("%s: exit 1 with %d stderr line(s), not one 'LeakScope: %s: ...': %r" % (what, len(err), work, err[:3]))
    return "rejected"


def main():
    args = sys.argv[1:]
    counts = {"read": 0, "rejected": 0}
    if args[0] == "--prefixes":
        step = int(args[1])
        args = args[2:]
        all_rejected = args[0] == "--all-rejected"
        if all_rejected:
            args = args[1:]
        src, work, cmd = args[0], args[1], args[2:]
        data = open(src, "rb").read()
        for n in range(1, len(data), step):
            outcome = run(cmd, work, data[:n], "prefix of %d bytes" % n)
            if all_rejected and outcome != "rejected":
                sys.exit("prefix of %d bytes: read, expected a rejection" % n)
            counts[outcome] += 1
        print("%d prefixes: %d read, %d rejected, no crash" % (sum(counts.values()), counts["read"], counts["rejected"]))
        return
    src, n, work, cmd = args[0], int(args[1]), args[2], args[3:]
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
        counts[run(cmd, work, bytes(data), "mutation %d" % i)] += 1
    if not counts["read"] or not counts["rejected"]:
        sys.exit("%d mutations all %s: the command does not look at its input" % (n, "read" if counts["read"] else "rejected"))
    print("%d mutations: %d read, %d rejected, no crash" % (n, counts["read"], counts["rejected"]))


main()
