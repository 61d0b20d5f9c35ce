#!/usr/bin/env python3
"""Checks the runtime's folder layering (rt/README.md): a file in one component folder
may include headers of its own folder and of lower ones, never of a higher one; the
top level (entry points and the option table) may include anything, and every folder
may include the top-level option table and ABI header.

Usage: check_layering.py RT_DIR. Prints one line per violation and exits 1 if any.
check_layering.py --self-test first shows, on a made-up tree, that an upward include
and a top-level include are caught (the positive control of this check).
"""
import os
import re
import sys

# Lowest first. Keep in step with rt/README.md.
ORDER = ["base", "stacks", "heap", "world", "check", "report", "profile"]
# Top-level headers every component may read: the option table and the ABI.
SHARED_TOP = {"options.h", "options.inc", "abi.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main(rt):
    problems = []
    folders = sorted(d for d in os.listdir(rt) if os.path.isdir(os.path.join(rt, d)))
    for d in folders:
        if d not in ORDER:
            problems.append(f"rt/{d}/: folder not in the layer order")
    for d in ORDER:
        base = os.path.join(rt, d)
        if not os.path.isdir(base):
            problems.append(f"rt/{d}/: missing")
            continue
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name)
            text = open(path, encoding="utf-8").read()
            for inc in INCLUDE.findall(text):
                if "/" not in inc:
                    if inc not in SHARED_TOP:
                        problems.append(f"rt/{d}/{name}: includes top-level \"{inc}\"")
                    continue
                folder = inc.split("/")[0]
                if folder not in ORDER:
                    continue  # e.g. ../include/leakscope/leakscope.h
                if ORDER.index(folder) > ORDER.index(d):
                    problems.append(f"rt/{d}/{name}: includes \"{inc}\", a higher layer")
    for p in problems:
        print(p)
    print(f"{len(ORDER)} layers checked, {len(problems)} violation(s)")
    return 1 if problems else 0


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as rt:
        for d in ORDER:
            os.mkdir(os.path.join(rt, d))
        with open(os.path.join(rt, "base", "low.h"), "w") as f:
            f.write('#include "options.h"\n#include "heap/allocator.h"\n#include "init.h"\n')
        with open(os.path.join(rt, "profile", "high.cpp"), "w") as f:
            f.write('#include "base/low.h"\n')
        import io, contextlib
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(rt)
        lines = out.getvalue().splitlines()
        expected = ['rt/base/low.h: includes "heap/allocator.h", a higher layer',
                    'rt/base/low.h: includes top-level "init.h"']
        if status != 1 or any(e not in lines for e in expected) or len(lines) != 3:
            print("self-test failed:", lines)
            return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--self-test":
        if self_test():
            sys.exit(1)
        sys.argv.pop(1)
    sys.exit(main(sys.argv[1]))
