#!/usr/bin/env python3
"""rt/README.md's lock table lists the inventory of rt/base/locks.h in its order, with each
lock's kind (Mutex or SpinLock) as its definition declares it.

usage: check_lock_table.py RT_DIR   (exit 1 with one line per difference)"""
import os
import re
import sys

rt = sys.argv[1]
inventory = re.findall(r"^\s*X\((k\w+),", open(os.path.join(rt, "base", "locks.h")).read(), re.M)
# Kinds from the definitions: `Mutex NAME{LockRank::kX}` / `SpinLock lock{LockRank::kX}`.
kinds = {}
for root, _, files in os.walk(rt):
    for f in files:
        if f.endswith((".cpp", ".h")):
            for kind, rank in re.findall(r"\b(Mutex|SpinLock)\s+\w+\s*\{LockRank::(k\w+)\}",
                                         open(os.path.join(root, f)).read()):
                kinds[rank] = kind
readme = open(os.path.join(rt, "README.md")).read()
table = readme[readme.index("## Locks and their order"):]
listed, listed_kinds = [], {}
for row in re.findall(r"^\| [\d-]+ \| (.*) \| (Mutex|SpinLock) \|$", table, re.M):
    names = re.findall(r"`(k\w+)`", row[0])
    listed += names
    for n in names:
        listed_kinds[n] = row[1]
errors = []
if listed != inventory:
    errors.append("README order %s differs from the inventory %s" % (listed, inventory))
for rank in inventory:
    if rank not in kinds:
        errors.append("no definition with LockRank::%s" % rank)
    elif listed_kinds.get(rank) not in (None, kinds[rank]):
        errors.append("%s: README says %s, the definition is a %s" % (rank, listed_kinds[rank], kinds[rank]))
for e in errors:
    print("LeakScope: " + e)
if not errors:
    print("lock table: %d ranks, in order" % len(inventory))
sys.exit(1 if errors else 0)
