#!/usr/bin/env python3
"""Retention-snapshot cost of two builds, runs alternating (bench/STANDALONE.md).

    bench/retention_alternate.py OLD_BUILD NEW_BUILD [--blocks N] [--rounds R]

OLD_BUILD and NEW_BUILD are build directories (each with bin/leakscope-clang++). Builds
bench/retention_cost.cpp with each, then runs them in turn, R rounds, each run under
`flock /work/bench.lock` (if the machine has it) 0.3 s after the last, with
snapshot_retention=1:verbosity=1, and prints per build the medians of the runtime's own
figures (in all, released, world stopped, capture, dominator tree, paths), of the exit
check's stopped-world time, of the peak RSS added, and the ratio of "in all" to the
median of both builds' exit checks. A line the runtime did not print (an older build
has no "releasing") counts as missing, not as zero.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIGURES = [
    ("in all", r"([0-9.]+) ms in all"),
    ("released", r"then ([0-9.]+) ms releasing"),
    ("world stopped", r"world stopped ([0-9.]+) ms"),
    ("capture", r"\(capture ([0-9.]+)"),
    ("dominator tree", r"dominator tree ([0-9.]+)"),
    ("paths", r"paths ([0-9.]+)"),
    ("exit check", r"leak check with the world stopped: ([0-9.]+) ms"),
    ("peak RSS added KiB", r"\(\+([0-9]+) KiB\)"),
]


def build(build_dir, out):
    cxx = os.path.join(build_dir, "bin", "leakscope-clang++")
    if not os.path.exists(cxx):
        sys.exit("LeakScope: no %s (pass a build directory)" % cxx)
    include = os.path.join(HERE, "..", "include")
    subprocess.run([cxx, "-O2", "-g", "-I" + include, os.path.join(HERE, "retention_cost.cpp"), "-o", out],
                   check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--blocks", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=11)
    args = ap.parse_args()
    tmp = "/tmp/retention_alternate.%d" % os.getpid()
    builds = {"old": args.old, "new": args.new}
    for name, d in builds.items():
        build(d, "%s.%s" % (tmp, name))
    values = {name: {f: [] for f, _ in FIGURES} for name in builds}
    for _ in range(args.rounds):
        for name in builds:
            time.sleep(0.3)
            env = dict(os.environ, LEAKSCOPE_OPTIONS="snapshot_retention=1:verbosity=1")
            cmd = ["%s.%s" % (tmp, name), tmp + ".snap", str(args.blocks)]
            if os.path.exists("/work/bench.lock"):
                cmd = ["flock", "/work/bench.lock"] + cmd
            p = subprocess.run(cmd, env=env, capture_output=True, text=True)
            text = p.stdout + p.stderr
            for f, pattern in FIGURES:
                m = re.search(pattern, text)
                if m:
                    values[name][f].append(float(m.group(1)))
    exits = values["old"]["exit check"] + values["new"]["exit check"]
    exit_median = statistics.median(exits) if exits else None
    for name, d in builds.items():
        row = []
        for f, _ in FIGURES:
            v = values[name][f]
            row.append("%s %s" % (f, "%.1f" % statistics.median(v) if v else "-"))
        print("%s (%s): %s" % (name, d, ", ".join(row)))
        allv = values[name]["in all"]
        if allv and exit_median:
            print("  ratio to the exit checks' median (%.1f ms, %d runs): %.2fx; runs: %s" %
                  (exit_median, len(exits), statistics.median(allv) / exit_median,
                   " ".join("%.1f" % x for x in allv)))
    for name in builds:
        os.remove("%s.%s" % (tmp, name))
    for leftover in (tmp + ".snap", tmp + ".snap.pb.gz", tmp + ".snap.retained.pb.gz"):
        if os.path.exists(leftover):
            os.remove(leftover)


if __name__ == "__main__":
    main()
