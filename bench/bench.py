#!/usr/bin/env python3
"""LeakScope side by side with LeakSanitizer, AddressSanitizer, Valgrind and heaptrack.

Builds every workload in every configuration, runs the configurations in rounds, each
in a new random order (so load drift on a shared machine hits all of them alike), and
prints one table of medians with ratios to the uninstrumented build measured in the
same run; writes the same text to bench/RESULTS.md (bench/out/RESULTS-quick.md with
--quick).

Invariants:
* Third-party sources come from `npm pack NAME@VERSION` into bench/cache/ and are
  used only when their sha256 matches the one recorded in SOURCES below.
* Every number is measured by this script, through bench/measure.c, from the rusage of
  the process and all its descendants, waited for or not (CPU = user + sys; peak RSS =
  the largest of them) and a monotonic clock around the run; nothing is copied from
  elsewhere.
* A run that exits with an unexpected status is reported as failed, never measured.
* A configuration that cannot run here (tool missing, feature not built yet) shows
  "n/a" with the reason, so the table always has the same shape.

Usage: bench/run.sh [--quick] [--runs N] [--only micro,threads,recursive,sqlite,...] [--configs a,b,...]
"""
import argparse
import datetime
import fcntl
import hashlib
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

import instructions  # bench/instructions.py: callgrind counts and where they go

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
BUILD = os.environ.get("LEAKSCOPE_BUILD_DIR", os.path.join(ROOT, "build"))
CACHE = os.path.join(BENCH, "cache")
OUT = os.path.join(BENCH, "out")
WORKLOADS = os.path.join(BENCH, "workloads")

# npm tarballs: (npm spec, sha256 of the tarball, directory inside it that we use).
SOURCES = {
    "sqlite": ("better-sqlite3@12.11.1",
               "ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835",
               "package/deps/sqlite3"),
    "leveldb": ("leveldown@6.1.1",
                "fe534f13e475826331c9cd59f279f073c3238e4db2ff2c930e17a786ba0f4f01",
                "package/deps/leveldb/leveldb-1.20"),
}

# The access shadow's configurations. The pass reads LEAKSCOPE_PASS_OPTIONS at compile
# time (pass/PassOptions.h); the default build counts reads and writes.
#  * leakscope-noshadow: no access instrumented (track_writes=0 track_loads=0): the
#    plugin still adds allocation sites and frame pointers and the runtime tracks every
#    allocation ("allocation tracking only"), the reference the shadow is judged against;
#  * leakscope-writes: writes only (track_loads=0), the cheaper mode.
NOSHADOW_ENV = {"LEAKSCOPE_PASS_OPTIONS": "track_writes=0 track_loads=0"}
WRITES_ENV = {"LEAKSCOPE_PASS_OPTIONS": "track_loads=0"}
# Every LeakScope run: the epoch clock advances every 100 ms (the default period is 1 s,
# longer than some workloads: before the first advance the checks skip all shadow
# work, which would flatter the figure), and verbosity=1 makes the runtime print the
# number of epochs at exit, which the bench reads and requires to be non-zero for the
# builds that check accesses (EPOCH_LINE).
CLOCK_OPTIONS = "epoch_period_ms=100:verbosity=1"
CLOCKED_KINDS = ("leakscope", "leakscope-writes")  # builds whose runs must see the epoch advance
EPOCH_LINE = re.compile(r"epoch clock: (\d+) epoch\(s\) advanced")

CLANG, CLANGXX = "clang-19", "clang++-19"
LS_CC = os.path.join(BUILD, "bin", "leakscope-clang")
LS_CXX = os.path.join(BUILD, "bin", "leakscope-clang++")
LS_PRELOAD = os.path.join(BUILD, "lib", "libleakscope_rt.so")
TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4"  # gperftools' heap profiler lives in tcmalloc

# Variables that would change what a run measures; every run starts without them.
LEAK_EXIT = 23  # LeakScope's and the sanitizers' exit code after a leak report

SCRUB_ENV = ("LSAN_OPTIONS", "ASAN_OPTIONS", "LEAKSCOPE_OPTIONS", "LD_PRELOAD",
             "VALGRIND_OPTS", "MALLOC_CONF", "GLIBC_TUNABLES")


def die(msg):
    print("LeakScope: bench: " + msg, file=sys.stderr)
    sys.exit(1)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def have(tool):
    return shutil.which(tool) is not None


# ---------------------------------------------------------------------------------------
# Sources


def fetch(name):
    """Returns the verified, extracted source directory of SOURCES[name]."""
    spec, sha, inner = SOURCES[name]
    os.makedirs(CACHE, exist_ok=True)
    tarball = os.path.join(CACHE, spec.replace("@", "-").lstrip("-") + ".tgz")
    if not os.path.exists(tarball) or sha256_file(tarball) != sha:
        if not have("npm"):
            die("npm is needed to fetch %s (scripts/install-deps.sh --bench installs it)" % spec)
        print("fetching %s with npm pack" % spec, flush=True)
        r = subprocess.run(["npm", "pack", spec, "--silent"], cwd=CACHE, capture_output=True, text=True)
        if r.returncode != 0:
            die("npm pack %s failed: %s" % (spec, r.stderr.strip().splitlines()[-1:] or "?"))
        got = os.path.join(CACHE, r.stdout.strip().splitlines()[-1])
        if got != tarball:
            os.replace(got, tarball)
        actual = sha256_file(tarball)
        if actual != sha:
            os.remove(tarball)
            die("%s has sha256 %s, expected %s; refusing to use it" % (spec, actual, sha))
    dest = os.path.join(CACHE, name)
    stamp = os.path.join(dest, ".sha256")
    if not os.path.exists(stamp) or open(stamp).read() != sha:
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        with tarfile.open(tarball) as t:
            members = [m for m in t.getmembers() if m.name.startswith(inner + "/")]
            if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4: refuse links out of dest
                t.extractall(dest, members=members, filter="data")
            else:
                t.extractall(dest, members=members)
        with open(stamp, "w") as f:
            f.write(sha)
    return os.path.join(dest, inner)


# ---------------------------------------------------------------------------------------
# Builds


class Kind:
    """One way of compiling: compilers, flags, environment, and whether it is available."""

    def __init__(self, name, cc, cxx, flags, env=None, missing=None, tool_files=()):
        self.name, self.cc, self.cxx, self.flags = name, cc, cxx, flags
        self.env = env or {}
        self.missing = missing
        self.tool_files = tool_files  # files whose change means "rebuild"

    def key(self):
        parts = [self.cc, self.cxx, " ".join(self.flags), repr(sorted(self.env.items()))]
        parts += [sha256_file(f) for f in self.tool_files if os.path.exists(f)]
        return "\n".join(parts)


def make_kinds():
    ls_files = [os.path.join(BUILD, "lib", f) for f in ("libleakscope_rt.a", "LeakScopePass-19.so")]
    ls_missing = None if os.path.exists(LS_CXX) else "LeakScope not built"
    kinds = [
        Kind("plain", CLANG, CLANGXX, ["-O2"]),
        # The sanitizers' documented setup for usable stacks: with frame pointers, so their
        # fast unwinder records as deep a stack as LeakScope's (whose pass forces them).
        Kind("lsan", CLANG, CLANGXX, ["-O2", "-fno-omit-frame-pointer", "-fsanitize=leak"]),
        Kind("asan", CLANG, CLANGXX, ["-O2", "-fno-omit-frame-pointer", "-fsanitize=address"]),
        Kind("leakscope-noshadow", LS_CC, LS_CXX, ["-O2"], env=NOSHADOW_ENV, missing=ls_missing,
             tool_files=ls_files),
        Kind("leakscope", LS_CC, LS_CXX, ["-O2"], missing=ls_missing, tool_files=ls_files),
        Kind("leakscope-writes", LS_CC, LS_CXX, ["-O2"], env=WRITES_ENV, missing=ls_missing,
             tool_files=ls_files),
    ]
    if not have(CLANGXX):
        for k in kinds:
            k.missing = k.missing or CLANGXX + " not installed"
    return {k.name: k for k in kinds}


def run_build(cmd, env, log, cwd=None):
    with open(log, "a") as f:
        f.write("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        f.flush()
        r = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        die("build failed (%s); see %s" % (" ".join(cmd[:3]), log))


def build(workload, kind, src):
    """Builds one workload for one Kind (cached by a key); returns the binary path."""
    if kind.missing:
        return None
    outdir = os.path.join(OUT, "build", kind.name)
    os.makedirs(outdir, exist_ok=True)
    binary = os.path.join(outdir, workload)
    stamp = binary + ".stamp"
    sources = {
        "micro": [os.path.join(WORKLOADS, "micro.cpp")],
        "threads": [os.path.join(WORKLOADS, "threads.cpp")],
        "recursive": [os.path.join(WORKLOADS, "recursive.cpp")],
        "exitcheck": [os.path.join(WORKLOADS, "exitcheck.cpp")],
        "exitcheck_off": [os.path.join(WORKLOADS, "exitcheck.cpp")],
        "snapshot": [os.path.join(WORKLOADS, "snapshot.cpp")],
        "sqlite": [os.path.join(WORKLOADS, "sqlite_driver.c"), os.path.join(src or "", "sqlite3.c")],
        "leveldb": [],
    }[workload]
    key = kind.key() + "\n" + "\n".join(sha256_file(s) for s in sources) + "\n" + (src or "")
    if os.path.exists(binary) and os.path.exists(stamp) and open(stamp).read() == key:
        return binary
    print("building %s (%s)" % (workload, kind.name), flush=True)
    env = dict(os.environ, **kind.env)
    log = binary + ".build.log"
    open(log, "w").close()
    if workload in ("micro", "threads", "recursive", "exitcheck", "snapshot"):
        run_build([kind.cxx] + kind.flags + sources + ["-pthread", "-o", binary], env, log)
    elif workload == "exitcheck_off":
        run_build([kind.cxx] + kind.flags + ["-DLEAK_CHECK_OFF"] + sources + ["-pthread", "-o", binary], env, log)
    elif workload == "sqlite":
        obj = binary + ".sqlite3.o"
        run_build([kind.cc] + kind.flags + ["-c", sources[1], "-o", obj], env, log)
        run_build([kind.cc] + kind.flags + ["-I", src, sources[0], obj, "-lpthread", "-lm", "-o", binary], env, log)
    elif workload == "leveldb":
        tree = os.path.join(outdir, "leveldb-src")
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(src, tree)
        os.chmod(os.path.join(tree, "build_detect_platform"), 0o755)
        opt = " ".join(["-DNDEBUG"] + kind.flags)
        run_build(["make", "-j2", "CC=" + kind.cc, "CXX=" + kind.cxx, "OPT=" + opt, "out-static/db_bench"],
                  env, log, cwd=tree)
        shutil.copy(os.path.join(tree, "out-static", "db_bench"), binary)
        shutil.rmtree(tree, ignore_errors=True)
    with open(stamp, "w") as f:
        f.write(key)
    return binary


# ---------------------------------------------------------------------------------------
# Configurations: a build Kind plus how to run it.


class Config:
    def __init__(self, name, kind, prefix=(), env=None, missing=None):
        self.name, self.kind, self.prefix = name, kind, list(prefix)
        self.env = env or {}
        self.missing = missing


def make_configs(kinds):
    preload_missing = None if os.path.exists(LS_PRELOAD) else "libleakscope_rt.so not built"
    return [
        Config("uninstrumented", "plain"),
        Config("lsan", "lsan"),
        Config("asan", "asan"),
        Config("valgrind", "plain", ["valgrind", "--leak-check=full", "--quiet"],
               missing=None if have("valgrind") else "valgrind not installed"),
        Config("heaptrack", "plain", ["heaptrack", "-o", "{tmp}/heaptrack"],
               missing=None if have("heaptrack") else "heaptrack not installed"),
        # gperftools' heap profiler (tcmalloc preloaded), dumping a profile every second
        # as leakscope-snapshots writes a snapshot every second: the peer a C++ user
        # picks for heap snapshots of a running program.
        Config("gperftools", "plain", env={"LD_PRELOAD": TCMALLOC, "HEAPPROFILE": "{tmp}/gperftools",
                                           "HEAP_PROFILE_TIME_INTERVAL": "1"},
               missing=None if os.path.exists(TCMALLOC) else "gperftools not installed (libgoogle-perftools4)"),
        Config("leakscope-noshadow", "leakscope-noshadow"),
        Config("leakscope", "leakscope"),
        Config("leakscope-writes", "leakscope-writes"),
        # The default build with a snapshot every second: the epoch advances, so the
        # write checks record (before the first advance they skip all shadow work).
        Config("leakscope-snapshots", "leakscope",
               env={"LEAKSCOPE_OPTIONS": "snapshot_interval_s=1:snapshot_path={tmp}/ls.%p.%n.pb.gz"}),
        Config("leakscope-preload", "plain", env={"LD_PRELOAD": LS_PRELOAD}, missing=preload_missing),
        # The default build with frame-pointer-only unwinding: against `leakscope`, the
        # cost of full stacks through code without frame pointers (issue 16's target:
        # leakscope ≤ 1.05x leakscope-fpwalk).
        Config("leakscope-fpwalk", "leakscope", env={"LEAKSCOPE_OPTIONS": "fast_unwind_on_malloc=1"}),
    ]


def config_missing(cfg, kinds):
    return cfg.missing or kinds[cfg.kind].missing


# ---------------------------------------------------------------------------------------
# Measuring


MEASURE = os.path.join(OUT, "measure")


def build_measure():
    src = os.path.join(BENCH, "measure.c")
    if os.path.exists(MEASURE) and os.path.getmtime(MEASURE) >= os.path.getmtime(src):
        return
    os.makedirs(OUT, exist_ok=True)
    r = subprocess.run([CLANG, "-O2", src, "-o", MEASURE], capture_output=True, text=True)
    if r.returncode != 0:
        die("cannot build bench/measure.c: " + r.stderr.strip())


def measure(cmd, env, log, tmp):
    """Runs cmd once; returns (wall s, cpu s, peak RSS KiB, exit status, stdout)."""
    os.makedirs(tmp, exist_ok=True)
    full_env = {k: v for k, v in os.environ.items() if k not in SCRUB_ENV}
    full_env.update(env)
    result = log + ".result"
    out_path = log + ".stdout"
    with open(log, "w") as err, open(out_path, "w") as out:
        err.write("$ " + " ".join("%s=%s" % kv for kv in env.items()) + (" " if env else "")
                  + " ".join(shlex.quote(c) for c in cmd) + "\n")
        err.flush()
        subprocess.run([MEASURE, result] + cmd, env=full_env, stdout=out, stderr=err, cwd=tmp)
    try:
        wall, cpu, rss, rc = open(result).read().split()
    except (OSError, ValueError):
        die("bench/measure.c gave no result for %s; see %s" % (cmd[0], log))
    stdout = open(out_path).read()
    for f in os.listdir(tmp):  # heaptrack files, snapshots, databases: not kept
        path = os.path.join(tmp, f)
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    return float(wall), float(cpu), int(rss), int(rc), stdout


class Cell:
    """Medians of one (workload, config)."""

    def __init__(self, na=None):
        self.na, self.failed, self.note = na, None, ""
        self.walls, self.cpus, self.rsss, self.stdouts = [], [], [], []
        self.epochs = []  # epochs the runtime advanced, per run (LeakScope runs)
        self.needs_epochs = False  # a build with access checks, run with CLOCK_OPTIONS

    def epochs_text(self):
        return "%d" % statistics.median(self.epochs) if self.epochs else "-"

    def add(self, wall, cpu, rss, rc, stdout, log):
        if self.needs_epochs:
            with open(log, errors="replace") as f:
                m = EPOCH_LINE.findall(f.read())
            if not m or int(m[-1]) == 0:
                self.failed = "the epoch clock never advanced (no '%s' above 0), see %s" % (
                    "epoch clock: N epoch(s) advanced", os.path.relpath(log, ROOT))
            else:
                self.epochs.append(int(m[-1]))
        if rc == LEAK_EXIT:
            # A leak report (none is expected: a false positive). The run still measured
            # the same work, so it counts, with a note pointing at the report.
            self.note = "reported leaks (exit %d), see %s" % (rc, os.path.relpath(log, ROOT))
        elif rc != 0:
            self.failed = "exit %d, see %s" % (rc, os.path.relpath(log, ROOT))
        self.walls.append(wall)
        self.cpus.append(cpu)
        self.rsss.append(rss)
        self.stdouts.append(stdout)

    def ok(self):
        return not self.na and not self.failed and self.walls

    def wall(self):
        return statistics.median(self.walls)

    def cpu(self):
        return statistics.median(self.cpus)

    def rss(self):
        return statistics.median(self.rsss) / 1024.0


SLOW_TOOLS = ("valgrind", "heaptrack")  # run as a command prefix


def slow_row(cmd, env):
    """Rows whose 10-300x ratios need no median: valgrind, heaptrack, and gperftools'
    heap profiler (preloaded, so known by its environment)."""
    return cmd[0] in SLOW_TOOLS or "HEAPPROFILE" in env


def run_matrix(rows, runs, tag, slow_runs=None):
    """rows: list of (cell, cmd, env). Runs every row `runs` times, one round after the
    other, each round in a new random order (so no configuration always runs right after
    the same one, or first when the machine is coldest); rows under valgrind or heaptrack
    only `slow_runs` times."""
    shuffler = random.Random(0x1eac5c09e)  # a fixed seed: a re-run uses the same orders
    for rep in range(runs):
        order = list(range(len(rows)))
        shuffler.shuffle(order)
        for i in order:
            cell, cmd, env = rows[i]
            if cell.na or cell.failed:
                continue
            if slow_runs is not None and slow_row(cmd, env) and rep >= slow_runs:
                continue
            log = os.path.join(OUT, "logs", "%s-%d-run%d.log" % (tag, i, rep))
            os.makedirs(os.path.dirname(log), exist_ok=True)
            cell.add(*measure(cmd, env, log, os.path.join(OUT, "tmp")), log=log)


def subst(args, tmp):
    return [a.replace("{tmp}", tmp) for a in args]


# ---------------------------------------------------------------------------------------
# Reporting

# Issue 17's targets: CPU over uninstrumented per workload, peak RSS over uninstrumented
# everywhere, and on every workload no more CPU than LeakSanitizer's.
TARGETS = {"micro": 1.3, "sqlite": 1.10, "leveldb": 1.10, "recursive": 1.3}
# threads: CPU per allocation at 2 threads, over uninstrumented at 2 threads and over the
# same configuration at 1 thread (issue 17); judged in threads_table, not per row.
THREADS_TARGET, THREADS_SCALING_TARGET = 1.5, 1.15


def thread_counts():
    """1 and 2 threads, then 4, 8, 16 where the machine has that many CPUs."""
    n = os.cpu_count() or 1
    return [1, 2] + [k for k in (4, 8, 16) if k <= n]


def threads_variants():
    return ["threads-%d-%s" % (n, mode) for mode in ("shared", "distinct") for n in thread_counts()]


def base_workload(w):
    return "threads" if w.startswith("threads-") else w
RSS_TARGET = 1.2
CHECK_TARGET = 0.5  # LeakScope's exit-time check / LeakSanitizer's, at the largest N
SNAPSHOT_TARGET_MS = 1.0


def fmt(x, digits=2):
    return "%.*f" % (digits, x)


def ratio(x, base):
    return "%.2fx" % (x / base) if base > 0 else "-"


def main_table(results, configs, workloads):
    lines = ["| workload | configuration | wall s | wall × | CPU s | CPU × | peak RSS MiB | RSS × | target |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    misses = []
    for w in workloads:
        if w not in results:
            continue
        base = results[w]["uninstrumented"]
        for c in configs:
            cell = results[w][c.name]
            if not cell.na and not cell.failed and not cell.walls:
                lines.append("| %s | %s | pending | | | | | | |" % (w, c.name))
                continue
            if cell.na:
                lines.append("| %s | %s | n/a | | | | | | %s |" % (w, c.name, cell.na))
                continue
            if cell.failed:
                lines.append("| %s | %s | failed | | | | | | %s |" % (w, c.name, cell.failed))
                continue
            target = ""
            if c.name.startswith("leakscope") and c.name != "leakscope-noshadow" and base.ok() and w in TARGETS:
                t = TARGETS[w]
                cr, wr, rr = cell.cpu() / base.cpu(), cell.wall() / base.wall(), cell.rss() / base.rss()
                lsan = results[w].get("lsan")
                lsan_cpu = lsan.cpu() if lsan is not None and lsan.ok() else None
                ok = cr <= t and rr <= RSS_TARGET and (lsan_cpu is None or cell.cpu() <= lsan_cpu)
                target = "%s (CPU ≤%.2gx, RSS ≤%.2gx%s)" % ("ok" if ok else "MISS", t, RSS_TARGET,
                                                           ", CPU ≤ LSan's" if lsan_cpu else "")
                if not ok:
                    misses.append("%s %s: CPU %.2fx, wall %.2fx, RSS %.2fx%s" % (
                        w, c.name, cr, wr, rr,
                        ", CPU %.2fx LSan's" % (cell.cpu() / lsan_cpu) if lsan_cpu else ""))
            if cell.note:
                target = (target + "; " if target else "") + cell.note
            b = base if base.ok() else None
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                w, c.name, fmt(cell.wall()), ratio(cell.wall(), b.wall()) if b else "-",
                fmt(cell.cpu()), ratio(cell.cpu(), b.cpu()) if b else "-",
                fmt(cell.rss(), 1), ratio(cell.rss(), b.rss()) if b else "-", target))
    return lines, misses


RESIDENT_LINE = re.compile(r"resident memory: (.*)")
RESIDENT_PART = re.compile(r"([a-z][a-z ]*?) (\d+) KiB")
RESIDENT_PARTS = ("heap blocks", "allocator metadata", "access shadow", "stack depot", "bucket counters",
                  "work arrays", "other")


def memory_table(memory, results, workloads):
    lines = ["| workload | uninstrumented peak MiB | leakscope peak MiB (this run) | excess MiB | "
             + " | ".join("%s MiB" % p for p in RESIDENT_PARTS) + " | runtime's parts, in all MiB |",
             "|---|---:|---:|---:|" + "---:|" * (len(RESIDENT_PARTS) + 1)]
    for w in workloads:
        if w not in memory:
            continue
        m = memory[w]
        base = results.get(w, {}).get("uninstrumented")
        base_mib = base.rss() if base is not None and base.ok() else None
        if isinstance(m, str):
            lines.append("| %s | %s | failed | | %s |" % (w, fmt(base_mib, 1) if base_mib else "-", m))
            continue
        rss, parts = m
        mib = lambda kib: kib / 1024.0
        runtime = sum(v for k, v in parts.items() if k != "heap blocks")
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            w, fmt(base_mib, 1) if base_mib else "-", fmt(mib(rss), 1),
            fmt(mib(rss) - base_mib, 1) if base_mib else "-",
            " | ".join(fmt(mib(parts.get(p, 0)), 1) for p in RESIDENT_PARTS), fmt(mib(runtime), 1)))
    return lines


# The access shadow over allocation tracking only (leakscope-noshadow), CPU (issue 13):
# reads and writes (the default build) and writes only.
SHADOW_TARGET = {"sqlite": 1.15, "leveldb": 1.15}
WRITES_TARGET = {"sqlite": 1.10, "leveldb": 1.10}


def threads_table(results, configs, variants, per_thread):
    """CPU per allocation of the threads workload, per mode and thread count: against the
    uninstrumented build at the same count, and against the same configuration at 1 thread."""
    lines = ["| mode | threads | configuration | CPU ns / allocation | × uninstrumented | × own 1-thread | target |",
             "|---|---:|---|---:|---:|---:|---|"]
    misses = []
    per_alloc = lambda cell, n: cell.cpu() * 1e9 / (n * per_thread)
    for mode in ("shared", "distinct"):
        for n in thread_counts():
            w = "threads-%d-%s" % (n, mode)
            if w not in variants or w not in results:
                continue
            base = results[w]["uninstrumented"]
            one = results.get("threads-1-%s" % mode, {})
            for c in configs:
                cell = results[w][c.name]
                if not cell.ok():
                    why = cell.na or cell.failed or "pending"
                    lines.append("| %s | %d | %s | n/a | | | %s |" % (mode, n, c.name, why))
                    continue
                x = per_alloc(cell, n)
                xb = x / per_alloc(base, n) if base.ok() else None
                single = one.get(c.name)
                xs = x / per_alloc(single, 1) if single is not None and single.ok() else None
                target = ""
                if n == 2 and c.name.startswith("leakscope") and c.name != "leakscope-noshadow" and xb and xs:
                    ok = xb <= THREADS_TARGET and xs <= THREADS_SCALING_TARGET
                    target = "%s (≤%.2gx uninstrumented, ≤%.2fx 1-thread)" % (
                        "ok" if ok else "MISS", THREADS_TARGET, THREADS_SCALING_TARGET)
                    if not ok:
                        misses.append("threads %s 2 threads %s: %.2fx uninstrumented, %.2fx its 1-thread figure"
                                      % (mode, c.name, xb, xs))
                lines.append("| %s | %d | %s | %.1f | %s | %s | %s |" % (
                    mode, n, c.name, x, "%.2fx" % xb if xb else "-", "%.2fx" % xs if xs else "-", target))
    return lines, misses


def shadow_table(results, workloads):
    """The access shadow's own cost: each build against the one without any shadow."""
    lines = ["| workload | allocation tracking only (leakscope-noshadow) CPU s | writes only (leakscope-writes) CPU s | "
             "writes × | reads and writes (leakscope) CPU s | reads and writes × | epochs advanced | target |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    misses = []
    for w in workloads:
        cells = results.get(w, {})
        ref, on, writes = cells.get("leakscope-noshadow"), cells.get("leakscope"), cells.get("leakscope-writes")
        if not ref or not on:
            continue
        if not ref.ok() or not on.ok():
            why = ref.na or ref.failed or on.na or on.failed or "pending"
            lines.append("| %s | n/a | | | | | | %s |" % (w, why))
            continue
        r = on.cpu() / ref.cpu()
        if writes is None or not writes.ok():
            writes_s, writes_r, wr = "n/a", (writes.na or writes.failed or "pending") if writes else "not run", None
        else:
            wr = writes.cpu() / ref.cpu()
            writes_s, writes_r = fmt(writes.cpu()), "%.2fx" % wr
        verdicts = []
        if w in SHADOW_TARGET:
            ok = r <= SHADOW_TARGET[w]
            verdicts.append("reads and writes %s (≤%.2fx)" % ("ok" if ok else "MISS", SHADOW_TARGET[w]))
            if not ok:
                misses.append("access shadow %s: reads and writes %.2fx over allocation tracking only" % (w, r))
        if w in WRITES_TARGET and wr is not None:
            ok = wr <= WRITES_TARGET[w]
            verdicts.append("writes %s (≤%.2fx)" % ("ok" if ok else "MISS", WRITES_TARGET[w]))
            if not ok:
                misses.append("access shadow %s: writes only %.2fx over allocation tracking only" % (w, wr))
        lines.append("| %s | %s | %s | %s | %s | %.2fx | %s | %s |" % (
            w, fmt(ref.cpu()), writes_s, writes_r, fmt(on.cpu()), r, on.epochs_text(), "; ".join(verdicts)))
    return lines, misses


def exitcheck_table(results, sizes, names):
    lines = ["| live objects | configuration | wall s (check on) | wall s (check off) | check wall s | check CPU s | CPU vs LSan | peak RSS MiB | target |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    misses = []
    for n in sizes:
        checks = {}
        for name in names:
            on, off = results[(n, name, "on")], results[(n, name, "off")]
            if not on.na and not (on.failed or off.failed) and not (on.walls and off.walls):
                lines.append("| %s | %s | pending | | | | | | |" % (f"{n:,}", name))
                continue
            if on.na or on.failed or off.failed:
                why = on.na or on.failed or off.failed
                lines.append("| %s | %s | %s | | | | | | %s |" % (f"{n:,}", name, "n/a" if on.na else "failed", why))
                continue
            checks[name] = max(on.cpu() - off.cpu(), 0.0)
            check_wall = max(on.wall() - off.wall(), 0.0)
            lsan = checks.get("lsan")
            vs = ratio(checks[name], lsan) if lsan else "-"
            target = ""
            if name.startswith("leakscope") and n == sizes[-1] and lsan:
                ok = checks[name] <= CHECK_TARGET * lsan
                target = "%s (CPU ≤%.1fx LSan)" % ("ok" if ok else "MISS", CHECK_TARGET)
                if not ok:
                    misses.append("exit check %s at %s: %.2fx LSan" % (name, f"{n:,}", checks[name] / lsan))
            if on.note:
                target = (target + "; " if target else "") + on.note
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                f"{n:,}", name, fmt(on.wall()), fmt(off.wall()), fmt(check_wall, 3), fmt(checks[name], 3), vs,
                fmt(on.rss(), 1), target))
    return lines, misses


def parse_snapshot(stdout):
    for line in stdout.splitlines():
        if line.startswith("snapshot:"):
            if "n/a" in line:
                return None
            return {k: (v if k == "mode" else float(v)) for k, v in (f.split("=") for f in line.split()[1:])}
    return None


# The snapshot workload's modes: (key, workload mode, LEAKSCOPE_OPTIONS, command prefix, what).
# "signal-1cpu" pins the process to one CPU (taskset): the writer and the mutator then
# share it, as they do when every CPU of a machine is busy.
SNAPSHOT_MODES = [
    ("api", "api", "", [], "`__leakscope_write_snapshot()` from the main thread"),
    ("signal", "signal", "snapshot_path={tmp}/snap.%n.pb.gz", [], "SIGUSR1, written by the runtime's snapshot thread"),
    ("signal-1cpu", "signal", "snapshot_path={tmp}/snap.%n.pb.gz", ["taskset", "-c", "0"],
     "SIGUSR1, the whole process on one CPU (`taskset -c 0`)"),
    ("allstale-1cpu", "signal", "snapshot_path={tmp}/snap.%n.pb.gz:stale_after_s=0", ["taskset", "-c", "0"],
     "as signal-1cpu, with `stale_after_s=0`: every live block is stale, the worst case of the snapshot's "
     "walk over the chunks (the other modes run with the default 60 s in a process younger than that, "
     "where no block can be stale and the walk is skipped)"),
    ("leaks", "leaks", "snapshot_leaks=1", [], "`__leakscope_write_snapshot()` with `snapshot_leaks=1`"),
]


def snapshot_cell(results, key, name):
    """Returns (cell, parsed runs) or (cell, reason it has no figures)."""
    cell = results[(key, name)]
    if not cell.na and not cell.failed and not cell.walls:
        return cell, "pending"
    if cell.na or cell.failed:
        return cell, ("n/a: " + cell.na) if cell.na else ("failed: " + cell.failed)
    parsed = [parse_snapshot(s) for s in cell.stdouts]
    if not parsed or any(p is None for p in parsed):
        return cell, "n/a: __leakscope_write_snapshot not in this runtime"
    return cell, parsed


def snapshot_table(results, n, names):
    """The snapshot pause: per mode and configuration, medians over runs of each run's
    medians over its warm snapshots (maxima: the largest of any run)."""
    med = lambda parsed, k: statistics.median(p[k] for p in parsed)
    lines = ["| live objects / stacks | trigger | configuration | mutator pause ms (median) | pause ms (max) | "
             "baseline gap ms (median) | writer ms (median) | writer CPU ms (median) | first snapshot ms | "
             "first snapshot pause ms | target |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    misses = []
    for key, _, _, _, _ in SNAPSHOT_MODES:
        if key == "leaks":
            continue
        for name in names:
            if (key, name) not in results:
                continue
            cell, parsed = snapshot_cell(results, key, name)
            if isinstance(parsed, str):
                lines.append("| %s | %s | %s | %s | | | | | | | |" % (f"{n:,}", key, name, parsed))
                continue
            stacks = int(parsed[0]["stacks"])
            pause = med(parsed, "pause_ms_median")
            ok = pause <= SNAPSHOT_TARGET_MS
            if not ok:
                misses.append("snapshot pause %s %s: %.2f ms" % (key, name, pause))
            lines.append("| %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (≤%g ms) |" % (
                f"{n:,}", f"{stacks:,}", key, name, fmt(pause, 3), fmt(max(p["pause_ms_max"] for p in parsed), 3),
                fmt(med(parsed, "baseline_ms_median"), 3), fmt(med(parsed, "call_ms_median"), 3),
                fmt(med(parsed, "cpu_ms_median"), 3), fmt(med(parsed, "first_ms"), 1),
                fmt(med(parsed, "first_pause_ms"), 3), "ok" if ok else "MISS", SNAPSHOT_TARGET_MS))
    return lines, misses


def snapshot_leaks_table(results, n, names):
    """snapshot_leaks=1 (the world stopped, the heap marked) next to the exit-time check
    (__lsan_do_leak_check(), run while the mutator still runs) in the same process."""
    med = lambda parsed, k: statistics.median(p[k] for p in parsed)
    lines = ["| live objects / stacks | configuration | snapshot_leaks pause ms (median) | snapshot_leaks call ms | "
             "exit check pause ms (median) | exit check call ms | pause ratio | baseline gap ms |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for name in names:
        if ("leaks", name) not in results:
            continue
        cell, parsed = snapshot_cell(results, "leaks", name)
        if isinstance(parsed, str):
            lines.append("| %s | %s | %s | | | | | |" % (f"{n:,}", name, parsed))
            continue
        snap, check = med(parsed, "pause_ms_median"), med(parsed, "exitcheck_pause_ms")
        lines.append("| %s / %s | %s | %s | %s | %s | %s | %s | %s |" % (
            f"{n:,}", f"{int(parsed[0]['stacks']):,}", name, fmt(snap, 3), fmt(med(parsed, "call_ms_median"), 3),
            fmt(check, 3), fmt(med(parsed, "exitcheck_call_ms"), 3), ratio(snap, check),
            fmt(med(parsed, "baseline_ms_median"), 3)))
    return lines


def machine_info():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    return model, os.cpu_count(), mem


def tool_version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except Exception:
        return "not installed"


def git_rev():
    """HEAD, and whether the tree had changes when the run started (bench/RESULTS.md, which
    the run itself rewrites as it goes, does not count)."""
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = [l for l in subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                                       capture_output=True, text=True).stdout.splitlines()
             if not l.endswith("bench/RESULTS.md")]
    return r.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


# ---------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description="LeakScope benchmarks side by side")
    ap.add_argument("--quick", action="store_true", help="1 run, smaller sizes (smoke test)")
    ap.add_argument("--runs", type=int, help="runs per configuration (default 3, quick 1)")
    ap.add_argument("--slow-runs", type=int,
                    help="runs for valgrind, heaptrack and gperftools, whose 10-300x ratios need no median (default: --runs)")
    ap.add_argument("--only", help="comma-separated workloads: micro,threads,recursive,sqlite,leveldb,exitcheck,snapshot")
    ap.add_argument("--configs", help="comma-separated configurations (default: all)")
    ap.add_argument("--no-counts", action="store_true",
                    help="skip the instruction counts (callgrind runs of the main workloads, a few minutes)")
    args = ap.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    all_workloads = ["micro", "threads", "recursive", "sqlite", "leveldb", "exitcheck", "snapshot"]
    selected = args.only.split(",") if args.only else all_workloads
    for w in selected:
        if w not in all_workloads:
            die("unknown workload '%s' (known: %s)" % (w, ",".join(all_workloads)))
    q = args.quick
    sizes = {
        "micro": ["20" if q else "100"],
        "threads": 2000000 if q else 10000000,  # allocations per thread
        "recursive": ["10" if q else "100"],
        "sqlite": ["10000" if q else "50000"],
        "leveldb": ["20000" if q else "120000"],
        "exitcheck": [100000, 1000000] if q else [1000000, 10000000],
        "snapshot": 100000 if q else 1000000,
    }

    rev = git_rev()  # the tree as the run starts
    started = time.monotonic()
    load_start = os.getloadavg()
    # Runs share bench/out/tmp and bench/out/logs, and would disturb each other's timing.
    os.makedirs(OUT, exist_ok=True)
    lock = open(os.path.join(OUT, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        die("another bench run is in progress (bench/out/.lock)")
    build_measure()
    shutil.rmtree(os.path.join(OUT, "logs"), ignore_errors=True)
    # The LeakScope under test is this tree's: bring the build up to date first.
    if shutil.which("cmake") and os.path.exists(os.path.join(ROOT, "scripts", "build.sh")):
        r = subprocess.run([os.path.join(ROOT, "scripts", "build.sh")], capture_output=True, text=True)
        if r.returncode != 0:
            die("scripts/build.sh failed:\n" + r.stdout[-2000:] + r.stderr[-2000:])
    kinds = make_kinds()
    configs = make_configs(kinds)
    if args.configs:
        wanted = args.configs.split(",")
        names = [c.name for c in configs]
        for w in wanted:
            if w not in names:
                die("unknown configuration '%s' (known: %s)" % (w, ",".join(names)))
        configs = [c for c in configs if c.name in wanted or c.name == "uninstrumented"]
    tmp = os.path.join(OUT, "tmp")

    srcs = {}
    if "sqlite" in selected:
        srcs["sqlite"] = fetch("sqlite")
    if "leveldb" in selected:
        srcs["leveldb"] = fetch("leveldb")

    def binary_for(w, cfg):
        return build(base_workload(w), kinds[cfg.kind], srcs.get(w))

    # (a)-(c): every configuration.
    commands = {
        "micro": lambda b: [b] + sizes["micro"],
        "recursive": lambda b: [b] + sizes["recursive"],
        "sqlite": lambda b: [b, os.path.join(tmp, "bench.db")] + sizes["sqlite"],
        "leveldb": lambda b: [b, "--db=" + os.path.join(tmp, "leveldb"), "--num=" + sizes["leveldb"][0],
                              "--benchmarks=fillseq,fillrandom,overwrite,readrandom,readseq,readreverse,deleterandom"],
    }
    for v in threads_variants():  # threads-N-MODE: N threads, one or N call sites
        n, mode = v.split("-")[1:]
        commands[v] = lambda b, n=n, mode=mode: [b, n, mode, str(sizes["threads"])]
    main_workloads = []
    for w in ("micro", "threads", "recursive", "sqlite", "leveldb"):
        if w in selected:
            main_workloads += threads_variants() if w == "threads" else [w]
    results, run_lines, ec_results, snap_results, counts, memory = {}, [], {}, {}, {}, {}
    check_configs = [c for c in configs if c.name in ("lsan", "asan", "leakscope", "leakscope-writes", "leakscope-preload")]
    snap_configs = [c for c in configs if c.name.startswith("leakscope")
                    and c.name not in ("leakscope-noshadow", "leakscope-snapshots")]

    def report(final=False):
        """Writes the table of everything measured so far (again after each workload)."""
        model, ncpu, mem = machine_info()
        load_end = os.getloadavg()
        out = ["# LeakScope benchmarks" + (" (--quick smoke run: 1 run, small sizes)" if q else ""), ""]
        out += ["Generated by `./bench/run.sh%s` on %s UTC, tree %s, in %.0f s%s." % (
            "".join(" " + shlex.quote(a) for a in sys.argv[1:]), datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
            rev, time.monotonic() - started, "" if final else " (still running: partial results)"), ""]
        out += ["Machine: %d CPUs (%s), %s RAM, %s %s. Load average %.1f at start, %.1f at end%s." % (
            ncpu, model, mem, platform.system(), platform.release(), load_start[0], load_end[0],
            " — the machine was shared with other jobs, so expect noise of tens of percent"
            if max(load_start[0], load_end[0]) > 0.5 * ncpu else ""), ""]
        out += ["Tools: %s; %s; %s." % (tool_version([CLANGXX, "--version"]), tool_version(["valgrind", "--version"]),
                                       tool_version(["heaptrack", "--version"])), ""]
        out += ["Each figure is the median of %d run(s)%s; configurations run in rounds, each in a new random order; ratios are to the "
                "uninstrumented build of the same run. Targets are judged on CPU time, which a busy shared "
                "machine disturbs less than wall time. CPU = user + sys of the process and all its descendants (llvm-symbolizer included); "
                "peak RSS = the largest ru_maxrss among them (for heaptrack that may be its interpreter)." % (
                runs, " (valgrind, heaptrack and gperftools: %d)" % args.slow_runs if args.slow_runs is not None else ""), ""]
        misses = []
        if main_workloads:
            out += ["## Run time and memory", ""]
            lines, m = main_table(results, configs, main_workloads)
            out += lines + [""]
            misses += m
            variants = [w for w in main_workloads if w.startswith("threads-")]
            if variants:
                out += ["## Threads", "",
                        "The threads workload (bench/workloads/threads.cpp): N threads each allocating and freeing "
                        "%s small blocks (16..128 bytes, 64 live at a time), all from one call site (shared: one "
                        "stack, one bucket) or each thread from its own (distinct). CPU per allocation = the run's "
                        "CPU time over all threads' allocations. Target at 2 threads: ≤%.2gx uninstrumented and "
                        "≤%.2fx the same configuration's 1-thread figure." % (
                            f"{sizes['threads']:,}", THREADS_TARGET, THREADS_SCALING_TARGET), ""]
                lines, m = threads_table(results, configs, variants, sizes["threads"])
                out += lines + [""]
                misses += m
            lines, m = shadow_table(results, main_workloads)
            if len(lines) > 2:
                out += ["## Access shadow", "",
                        "What the access shadow costs on its own: CPU of each LeakScope build over the same "
                        "build with no access instrumented (`LEAKSCOPE_PASS_OPTIONS=\"track_writes=0 "
                        "track_loads=0\"` at compile time: allocation sites, frame pointers and the runtime's "
                        "allocation tracking stay), medians of the same runs as above. Every LeakScope run "
                        "has `LEAKSCOPE_OPTIONS=%s`: the epoch clock advances every 100 ms, so the checks "
                        "compare and stamp for all but the first 100 ms, and the runtime prints how many "
                        "epochs advanced; a run of a build with access checks in which none advanced counts as "
                        "failed. \"epochs advanced\" is the median for `leakscope`." % CLOCK_OPTIONS, ""]
                out += lines + [""]
                misses += m
        if counts:
            out += ["## Instruction counts", "",
                    "Each main workload once under `valgrind --tool=callgrind` at a smaller size (in brackets; "
                    "the counts do not depend on the machine's load), in M instructions, with the ratio to the "
                    "uninstrumented build. The second table splits LeakScope's extra instructions by where "
                    "they are spent, from callgrind's self cost per function (bench/instructions.py says how "
                    "functions are assigned): the access checks inlined into the program (leakscope minus "
                    "leakscope-noshadow), frame pointers and allocation sites (leakscope-noshadow's program "
                    "code minus the uninstrumented one's), and the runtime's parts, the allocator's against "
                    "glibc's malloc and free. LeakScope's counted runs add `LEAKSCOPE_OPTIONS=%s`: under "
                    "valgrind the process's anonymous mappings include valgrind's own, which the exit-time "
                    "check would scan. LSan's add `LSAN_OPTIONS=%s`: its exit check stops threads with "
                    "ptrace, which hangs under valgrind once the program has threads." % (
                        instructions.LEAKSCOPE_OPTIONS, instructions.LSAN_OPTIONS), ""]
            out += instructions.table(counts, main_workloads)
        if memory:
            out += ["## Where the memory goes", "",
                    "One more run of `leakscope` per workload with `verbosity=2`: at the final leak check the "
                    "runtime names its resident memory by owner (mincore over its own mappings; "
                    "heap/resident_memory.h). The program's blocks take about what glibc's heap takes for them, "
                    "so the peak RSS over the uninstrumented run's (the main table's medians) is mostly the "
                    "runtime's parts. Heap blocks are counted at exit, after the program freed what it frees.", ""]
            out += memory_table(memory, results, main_workloads) + [""]
        if ec_results:
            out += ["## Exit-time leak check alone",
                    "", "Check time = median total time with the check on minus the same with it off "
                    "(the `exitcheck_off` build: `detect_leaks=0` from the `__lsan/__asan/__leakscope_default_options` "
                    "hooks and from `LSAN_OPTIONS`/`ASAN_OPTIONS`/`LEAKSCOPE_OPTIONS`), in wall and in CPU time.", ""]
            lines, m = exitcheck_table(ec_results, sizes["exitcheck"], [c.name for c in check_configs])
            out += lines + [""]
            misses += m
        if snap_results:
            out += ["## Snapshot pause", "",
                    "The snapshot workload (bench/workloads/snapshot.cpp): %s live objects from 10,000 distinct "
                    "stacks; a mutator thread allocates and frees in a loop and records its longest gap between two "
                    "iterations. Each run takes 21 snapshots one at a time, each in a window of at least 30 ms, "
                    "alternating with windows of the same length without a snapshot (baseline: what the scheduler "
                    "does to the mutator anyway). Pause = the mutator's longest gap in a snapshot window; writer = "
                    "trigger to file in place; writer CPU = CPU time of the process minus the mutator's. The first "
                    "snapshot is shown apart: it starts llvm-symbolizer, a process that needs a few hundred ms of CPU, "
                    "and on a busy machine the mutator shares a CPU with it (its pause is that); the other figures are the medians, over "
                    "runs, of each run's median over its 20 warm snapshots; maxima are over all runs. Triggers:" % (
                        f"{sizes['snapshot']:,}"), ""]
            out += ["* %s: %s" % (key, what) for key, _, _, _, what in SNAPSHOT_MODES if key != "leaks"] + [""]
            lines, m = snapshot_table(snap_results, sizes["snapshot"], [c.name for c in snap_configs])
            out += lines + [""]
            misses += m
            out += ["### snapshot_leaks and the exit-time check", "",
                    "Same workload with `snapshot_leaks=1`: each snapshot stops the world and marks the heap. Then, "
                    "in the same process, `__lsan_do_leak_check()` (the exit-time check itself, run before exit so "
                    "that the mutator can time it). Pause = the mutator's longest gap; call = the calling thread's "
                    "wait.", ""]
            out += snapshot_leaks_table(snap_results, sizes["snapshot"], [c.name for c in snap_configs]) + [""]
        if misses:
            out += ["## Targets missed", ""] + ["* " + x for x in misses] + [""]
            # What is left, per workload that missed: the instruction profile's biggest parts.
            left = []
            for w in main_workloads:
                line = instructions.where_extra_goes(counts, w) if counts else ""
                prefix = "threads " if w.startswith("threads-") else w + " "
                if line and any(x.startswith(prefix) for x in misses):
                    left.append("* %s: %s" % (w, line))
            if left:
                out += ["Where the cost of each workload that missed goes (LeakScope's extra instructions, "
                        "from the instruction counts above):", ""] + left + [""]
        out += ["## Commands", "", "Builds (`-O2` everywhere; sources in bench/workloads and bench/cache):", ""]
        for k in kinds.values():
            out.append("* %s: `%s %s`%s%s" % (k.name, os.path.relpath(k.cxx, ROOT) if os.path.isabs(k.cxx) else k.cxx,
                                              " ".join(k.flags), " with " + " ".join("%s=%s" % kv for kv in k.env.items())
                                              if k.env else "", " — n/a: " + k.missing if k.missing else ""))
        out.append("* LevelDB: `make out-static/db_bench CC=... CXX=... OPT=\"-DNDEBUG <flags>\"` in a copy of leveldb-1.20")
        out += ["", "The preload configuration runs the uninstrumented binary, which has no frame pointers: "
            "its recorded stacks are usually cut short after a frame or two, which makes it cheaper "
            "and its reports less useful.", "", "Runs:", "", "```"]
        for w, name, env, cmd in run_lines:
            line = "%-10s %-29s %s%s" % (w, name, "".join("%s=%s " % kv for kv in env.items()),
                                         " ".join(shlex.quote(c) for c in cmd))
            out.append(line.replace(ROOT + "/", ""))
        out += ["```", ""]
        text = "\n".join(out)
        dest = os.path.join(OUT, "RESULTS-quick.md") if q else os.path.join(BENCH, "RESULTS.md")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w") as f:
            f.write(text)
        if final:
            print()
            print(text)
        print("%s written to %s" % ("results" if final else "partial results", os.path.relpath(dest, ROOT)), flush=True)

    for w in main_workloads:
        results[w] = {}
        rows = []
        for c in configs:
            missing = config_missing(c, kinds)
            cell = Cell(missing)
            results[w][c.name] = cell
            if missing:
                continue
            cmd = subst(c.prefix, tmp) + commands[w](binary_for(w, c))
            env = {k: v.replace("{tmp}", tmp) for k, v in c.env.items()}
            if c.kind.startswith("leakscope"):  # the same clock for the reference build
                env["LEAKSCOPE_OPTIONS"] = ":".join(x for x in (CLOCK_OPTIONS, env.get("LEAKSCOPE_OPTIONS")) if x)
                cell.needs_epochs = c.kind in CLOCKED_KINDS
            rows.append((cell, cmd, env))
            run_lines.append((w, c.name, env, cmd))
        print("running %s: %d configurations x %d runs" % (w, len(rows), runs), flush=True)
        run_matrix(rows, runs, w, args.slow_runs)
        report()

    # (c'') where LeakScope's memory goes: one more run of the default build per main
    # workload with verbosity=2, whose final check names the resident memory by owner.
    ls_config = next((c for c in configs if c.name == "leakscope" and not config_missing(c, kinds)), None)
    if main_workloads and ls_config:
        for w in main_workloads:
            env = {k: v.replace("{tmp}", tmp) for k, v in ls_config.env.items()}
            env["LEAKSCOPE_OPTIONS"] = ":".join(x for x in (CLOCK_OPTIONS, "verbosity=2",
                                                            env.get("LEAKSCOPE_OPTIONS")) if x)
            log = os.path.join(OUT, "logs", "%s-memory.log" % w)
            _, _, rss, rc, _ = measure(subst(ls_config.prefix, tmp) + commands[w](binary_for(w, ls_config)),
                                       env, log, os.path.join(OUT, "tmp"))
            with open(log, errors="replace") as f:
                m = RESIDENT_LINE.findall(f.read())
            memory[w] = (rss, dict((k, int(v)) for k, v in RESIDENT_PART.findall(m[-1]))) if m and rc in (0, LEAK_EXIT) \
                else "no resident-memory line (exit %d), see %s" % (rc, os.path.relpath(log, ROOT))
        report()

    # (c') instruction counts of the main workloads (callgrind; one run each, smaller sizes).
    if main_workloads and not args.no_counts and have("valgrind") and have("callgrind_annotate"):
        def count_command(w, b, size):
            if w == "sqlite":
                return [b, os.path.join(tmp, "bench.db")] + size
            if w == "leveldb":
                return [b, "--db=" + os.path.join(tmp, "leveldb"), "--num=" + size[0],
                        "--benchmarks=fillseq,fillrandom,overwrite,readrandom,readseq,readreverse,deleterandom"]
            return [b] + size

        def count_env(c):
            env = {k: v for k, v in os.environ.items() if k not in SCRUB_ENV}
            env.update({k: v.replace("{tmp}", tmp) for k, v in c.env.items()})
            if c.kind.startswith("leakscope"):
                env["LEAKSCOPE_OPTIONS"] = ":".join(x for x in (CLOCK_OPTIONS, instructions.LEAKSCOPE_OPTIONS,
                                                                c.env.get("LEAKSCOPE_OPTIONS")) if x)
            if c.kind == "lsan":
                env["LSAN_OPTIONS"] = instructions.LSAN_OPTIONS
            shutil.rmtree(tmp, ignore_errors=True)  # a fresh database for each run
            os.makedirs(tmp, exist_ok=True)
            return env

        counts.update(instructions.measure_all(
            main_workloads, binary_for, {w: (lambda b, size, w=w: count_command(w, b, size)) for w in main_workloads},
            {c.name: c for c in configs if not config_missing(c, kinds)}, os.path.join(OUT, "callgrind"), count_env))
        report()

    # (d) exit-time check: total time with the check on minus with it off.
    off_env = {"lsan": {"LSAN_OPTIONS": "detect_leaks=0"}, "asan": {"ASAN_OPTIONS": "detect_leaks=0"}}
    if "exitcheck" in selected:
        rows = []
        for n in sizes["exitcheck"]:
            for c in check_configs:
                missing = config_missing(c, kinds)
                for mode in ("on", "off"):
                    cell = Cell(missing)
                    ec_results[(n, c.name, mode)] = cell
                    if missing:
                        continue
                    env = dict(c.env)
                    if mode == "off":
                        env.update(off_env.get(c.kind, {"LEAKSCOPE_OPTIONS": "detect_leaks=0"}))
                    cmd = [binary_for("exitcheck" if mode == "on" else "exitcheck_off", c), str(n)]
                    rows.append((cell, cmd, env))
                    run_lines.append(("exitcheck", "%s (check %s)" % (c.name, mode), env, cmd))
        print("running exitcheck: %d rows x %d runs" % (len(rows), runs), flush=True)
        run_matrix(rows, runs, "exitcheck")
        report()

    # (e) snapshot pause, per trigger.
    if "snapshot" in selected:
        rows = []
        for key, mode, options, prefix, _ in SNAPSHOT_MODES:
            for c in snap_configs:
                missing = config_missing(c, kinds)
                if not missing and prefix and not have(prefix[0]):
                    missing = prefix[0] + " not installed"
                cell = Cell(missing)
                snap_results[(key, c.name)] = cell
                if missing:
                    continue
                env = dict(c.env)
                if options:
                    env["LEAKSCOPE_OPTIONS"] = options.replace("{tmp}", tmp)
                cmd = prefix + [binary_for("snapshot", c), str(sizes["snapshot"]), os.path.join(tmp, "snap"), mode]
                rows.append((cell, cmd, env))
                run_lines.append(("snapshot", "%s (%s)" % (c.name, key), env, cmd))
        print("running snapshot: %d rows x %d runs" % (len(rows), runs), flush=True)
        run_matrix(rows, runs, "snapshot")
        report()

    report(final=True)
    failed = any(c.failed for r in results.values() for c in r.values()) or \
        any(c.failed for c in ec_results.values()) or any(c.failed for c in snap_results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
