#!/usr/bin/env python3
"""Checks the stress test's log and snapshots (see stress.cpp).

usage: check_stress.py LOG DIR EXPECTED_REQUESTS
(a negative EXPECTED_REQUESTS -N means "between 1 and N": signals the kernel may merge)
Prints facts for FileCheck and exits 1 on the first broken invariant."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import profile_reader  # noqa: E402


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


log, directory, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(log).read().splitlines()
written, requests, pending = [], 0, None
for line in lines:
    m = re.match(r"LeakScope: (\d+) snapshot requests \(signal \d+\) coalesced into one snapshot$", line)
    if m:
        pending = int(m.group(1))
        continue
    m = re.match(r"LeakScope: wrote heap snapshot (.*)$", line)
    if m:
        written.append((m.group(1), pending or 1))
        pending = None
        continue
    if line.startswith("LeakScope:") or line.strip():
        fail("unexpected output: " + line)
if not written:
    fail("no snapshot written")
# The last file is the exit snapshot; all others answer signals.
requests = sum(n for _, n in written[:-1])
print("requests: %d" % requests)
if (requests != expected) if expected > 0 else not 1 <= requests <= -expected:
    fail("expected %d requests, the log accounts for %d" % (expected, requests))
files = sorted(os.listdir(directory), key=lambda f: int(f.split(".")[1]))
if len(files) != len(written) or any(not f.endswith(".pb.gz") for f in files):
    fail("files %s do not match the log" % files)

last = {}
for f in files:
    p = profile_reader.load(os.path.join(directory, f))
    types = [t for t, _ in p["types"]]
    if types != ["alloc_objects", "alloc_space", "stale_objects", "stale_space", "inuse_objects", "inuse_space"]:
        fail("%s: sample types %s" % (f, types))
    for s in p["samples"]:
        ao, asp, so, ssp, io, isp = s["values"]
        if not 0 <= io <= ao or not 0 <= isp <= asp:
            fail("%s: inconsistent sample %s" % (f, s["values"]))
        key = tuple(s["stack"]) + (s["labels"].get("bytes"),)
        if ao < last.get(key, 0):
            fail("%s: alloc_objects went down for %s" % (f, key))
        last[key] = ao
print("files decoded: %d" % len(files))


def worker_of(sample):
    """The worker whose loop allocated this sample (block size 32 * (I + 1)), or None."""
    for fn in sample["stack"]:
        m = re.match(r"void\* (StressWorker<(\d)>)", fn)
        if m:
            return m.group(1) if sample["labels"].get("bytes") == 32 * (int(m.group(2)) + 1) else None
    return None


# The exit snapshot: exact counts per worker loop.
p = profile_reader.load(os.path.join(directory, files[-1]))
seen = {}
for s in p["samples"]:
    name = worker_of(s)
    if name:
        v = seen.setdefault(name, [0, 0, 0])
        v[0] += s["values"][0]
        v[1] += s["values"][4]
        v[2] += s["values"][5]
for name in sorted(seen):
    print("%s: alloc_objects=%d inuse_objects=%d inuse_space=%d" % ((name,) + tuple(seen[name])))
if len(seen) != 8:
    fail("expected 8 worker stacks, found %s" % sorted(seen))
print("OK")
