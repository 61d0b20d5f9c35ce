"""Instruction counts (callgrind), and where LeakScope's instructions go.

CPU times on this shared 2-CPU machine move by 10-20 % between runs; instruction counts do
not, so each main workload is also run once under `valgrind --tool=callgrind` (at a
smaller size: callgrind runs 50-100x slower) in the configurations that explain the
difference: uninstrumented, LeakSanitizer, LeakScope without access checks
(leakscope-noshadow) and LeakScope.

LeakScope's extra instructions over the uninstrumented build are then split by where they
are spent, from callgrind's self cost per function:
  * access checks: the program's own code (checks are inlined into it) in `leakscope`
    minus the same in `leakscope-noshadow`;
  * frame pointers and sites: the program's code in `leakscope-noshadow` minus the
    uninstrumented build's (the pass keeps frame pointers and passes allocation sites);
  * the runtime by part: allocator (the allocation and free paths, malloc's entry points),
    unwinding, stack depot, bucket counters, string/memory interceptors, the exit-time
    check and everything else; each against what the uninstrumented build spends in
    glibc's allocator (the allocator row is LeakScope's minus glibc's).
A function is the runtime's when its name is in the runtime's namespace or is one of
the entry points the runtime defines (malloc, operator new, memcmp, ...) in the program's
own binary (the runtime is linked in statically); in the uninstrumented build the same
names live in libc and libstdc++. LeakScope's counted runs add LEAKSCOPE_OPTIONS below.
"""

import os
import re
import subprocess

# Sizes for the counted runs (the timed runs' sizes / 5-10; the counts scale linearly).
SIZES = {
    "micro": ["10"],
    # One thread only: valgrind runs a program's threads one at a time, so a thread that
    # spins on a lock the descheduled one holds counts instructions a native run does
    # not spend (2 threads counted 823M in leakscope-noshadow against 530M in leakscope).
    "threads-1-shared": ["1", "shared", "500000"],
    "recursive": ["10"],
    "sqlite": ["5000"],
    "leveldb": ["10000"],
}
CONFIGS = ("uninstrumented", "lsan", "leakscope-noshadow", "leakscope")
# Under valgrind the process's anonymous mappings include valgrind's own (resident, tens
# of MiB), which the exit-time check would scan as the program's mmap'd memory
# (use_mmap): 50M instructions on the threads workload that a native run does not
# spend (its anonymous mappings hold well under 1 MiB). So the counted runs do without.
LEAKSCOPE_OPTIONS = "use_mmap=0"
# LeakSanitizer stops the threads for its exit check with ptrace from a helper task,
# which under valgrind waits forever once the program has threads of its own (LevelDB's
# compaction thread): its counted runs go without the check. Its allocator, interceptors
# and unwinding are what the counts compare.
LSAN_OPTIONS = "detect_leaks=0"
# A counted run that takes longer than this has hung (the slowest, recursive under LSan,
# takes about a minute).
TIMEOUT_S = 900

# (part, pattern on the function name). First match wins; names are callgrind's
# demangled ones, "leakscope::Allocate(unsigned long, ...)".
ENTRY_POINTS = (r"(malloc|free|calloc|realloc|reallocarray|posix_memalign|aligned_alloc|memalign|valloc|"
                r"pvalloc|malloc_usable_size|cfree|strdup|__strdup|strndup)$|operator (new|delete)")
# What rt/heap/access_interceptors.cpp defines (strdup and friends allocate: allocator).
INTERCEPTED = r"(memcmp|memcpy|memmove|memset|strcmp|strcpy|strncpy|strlen|read|pread|recv|recvfrom|send|write|fread|fwrite|fgets|qsort)$"
RUNTIME_PARTS = [
    ("unwinding", re.compile(r"^leakscope::\w*(Unwind|Step|Cfi|Fde|Frame|Hybrid|InlineWalk)")),
    ("stack depot", re.compile(r"^leakscope::\w*(Depot|StackCache|StackHash|HashFrames|RecordStack)")),
    ("bucket counters", re.compile(r"^leakscope::\w*(Bucket|Counter)")),
    ("exit-time check", re.compile(r"^leakscope::(Marker|\w*Leak|\w*Mark|\w*Root|ScanWords|StopTheWorld|RunWithWorld)")),
    ("allocator", re.compile(r"^(leakscope::\w*(Allocat|Dealloc|Realloc|Central|ThreadCache|Refill|Drain|PagesOn|"
                             r"ClassSize|SizeClass|Chunk|Page|Slot|Meta)|" + ENTRY_POINTS + ")")),
    ("interceptors", re.compile(r"^" + INTERCEPTED)),
    ("other runtime", re.compile(r"^(leakscope::|__leakscope|__lsan|__sanitizer::|__interceptor_)")),
]
# glibc's allocator in the uninstrumented build (libc.so: malloc, _int_malloc, tcache, ...).
GLIBC_ALLOCATOR = re.compile(r"^(_int_\w+|malloc\w*|free\w*|cfree|calloc|realloc\w*|tcache\w*|sysmalloc|unlink_chunk|"
                             r"alloc_perturb|_mid_memalign|__libc_\w*alloc\w*|__libc_free|operator new|operator delete|"
                             r"arena_get2|__default_morecore|sbrk|__brk)")

LINE = re.compile(r"^\s*([\d,]+) \([ \d.]+%\)\s+(.*)$")


def count(cmd, env, out_file):
    """Runs cmd under callgrind; returns (total Ir, [(self Ir, function, object)]) or an error string."""
    full = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file] + cmd
    try:
        r = subprocess.run(full, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "callgrind run timed out after %d s" % TIMEOUT_S
    if not os.path.exists(out_file):
        return "callgrind failed (exit %d): %s" % (r.returncode, (r.stderr.strip().splitlines() or ["?"])[-1])
    a = subprocess.run(["callgrind_annotate", "--threshold=100", out_file], capture_output=True, text=True)
    total, funcs = None, []
    for line in a.stdout.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        rest = m.group(2)
        if rest.startswith("PROGRAM TOTALS"):
            total = ir
            continue
        obj = ""
        if rest.endswith("]") and " [" in rest:
            rest, obj = rest[:-1].rsplit(" [", 1)
        fn = rest.split(":", 1)[1] if ":" in rest else rest
        funcs.append((ir, fn.strip(), obj))
    if total is None:
        return "no totals in callgrind's output"
    return total, funcs


def split(funcs, binary, leakscope_runtime):
    """Self cost by part: {"program": n, "glibc allocator": n, part: n, ...}."""
    parts = {}
    own = os.path.realpath(binary)
    for ir, fn, obj in funcs:
        in_binary = os.path.realpath(obj) == own if obj else False
        part = None
        if leakscope_runtime and in_binary:
            for name, pattern in RUNTIME_PARTS:
                if pattern.match(fn):
                    part = name
                    break
        elif not leakscope_runtime and re.match(r"^(__lsan|__sanitizer|__interceptor_|__asan)", fn):
            part = "other runtime"
        if part is None and not in_binary and GLIBC_ALLOCATOR.match(fn):
            part = "glibc allocator"
        if part is None:
            part = "program" if in_binary else "libraries"
        parts[part] = parts.get(part, 0) + ir
    return parts


def measure_all(workloads, binary_for, commands, configs_by_name, out_dir, env_for):
    """{(workload, config): (total, parts) or error string}."""
    results = {}
    os.makedirs(out_dir, exist_ok=True)
    for w in workloads:
        if w not in SIZES:
            continue
        for name in CONFIGS:
            c = configs_by_name.get(name)
            if c is None:
                continue
            binary = binary_for(w, c)
            if not binary:
                results[(w, name)] = "n/a"
                continue
            cmd = commands[w](binary, SIZES[w])
            out = os.path.join(out_dir, "%s.%s.callgrind" % (w, name))
            if os.path.exists(out):
                os.remove(out)
            print("counting instructions: %s (%s)" % (w, name), flush=True)
            got = count(cmd, env_for(c), out)
            if isinstance(got, str):
                results[(w, name)] = got
                continue
            total, funcs = got
            results[(w, name)] = (total, split(funcs, binary, name.startswith("leakscope")))
    return results


def _m(n):
    return "%.1f" % (n / 1e6)


def breakdown(results, w):
    """(extra, uninstrumented total, [(part, extra instructions)]) of LeakScope over the
    uninstrumented build on workload w, or None when a count is missing."""
    plain, noshadow, ls = (results.get((w, c)) for c in (CONFIGS[0], CONFIGS[2], CONFIGS[3]))
    if not all(isinstance(x, tuple) for x in (plain, noshadow, ls)):
        return None
    p, n, l = plain[1], noshadow[1], ls[1]
    extra = ls[0] - plain[0]
    # The unwinder's main loop, the stack cache and the depot lookup are inlined into
    # Allocate (the runtime has no debug information to tell them apart there): one
    # column for the allocation path, with what stayed out of line beside it.
    parts = [
        ("access checks", l.get("program", 0) - n.get("program", 0)),
        ("frame pointers and sites", n.get("program", 0) - p.get("program", 0)),
        ("allocation path (over glibc's malloc and free)", l.get("allocator", 0) - p.get("glibc allocator", 0)),
        ("unwinding out of line", l.get("unwinding", 0)),
        ("stack depot inserts", l.get("stack depot", 0)),
        ("bucket counters", l.get("bucket counters", 0)),
        ("interceptors", l.get("interceptors", 0)),
        ("exit-time check", l.get("exit-time check", 0)),
        ("other runtime", l.get("other runtime", 0)),
    ]
    parts.append(("the rest (libraries, libc)", extra - sum(v for _, v in parts)))
    return extra, plain[0], parts


def where_extra_goes(results, w, top=3):
    """One line naming the largest parts of LeakScope's extra instructions on w, or ''."""
    b = breakdown(results, w)
    if not b or b[0] <= 0:
        return ""
    extra, base, parts = b
    big = sorted(parts, key=lambda kv: -kv[1])[:top]
    return "%s extra instructions (+%.0f%%): %s" % (_m(extra) + "M", 100.0 * extra / base if base else 0,
                                                     ", ".join("%s %.0f%%" % (k, 100.0 * v / extra) for k, v in big))


def table(results, workloads):
    """The two tables: totals per configuration, and LeakScope's extra instructions by part."""
    lines = ["| workload | uninstrumented M | LSan M | × | leakscope-noshadow M | × | leakscope M | × |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    parts_rows = []
    for w in workloads:
        if w not in SIZES:
            continue
        cells = [results.get((w, c)) for c in CONFIGS]
        base = cells[0][0] if isinstance(cells[0], tuple) else None
        row = ["%s (%s)" % (w, " ".join(SIZES[w]))]
        for i, cell in enumerate(cells):
            if not isinstance(cell, tuple):
                row += [cell or "n/a"] + ([] if i == 0 else [""])
                continue
            row.append(_m(cell[0]))
            if i:
                row.append("%.2fx" % (cell[0] / base) if base else "")
        lines.append("| " + " | ".join(row) + " |")
        b = breakdown(results, w)
        if b:
            parts_rows.append((w, b[0], b[1], b[2]))
    out = lines + [""]
    if parts_rows:
        names = [k for k, _ in parts_rows[0][3]]
        out += ["Where LeakScope's extra instructions go (M instructions, and % of the extra), from the "
                "same runs:", "",
                "| workload | extra over uninstrumented | " + " | ".join(names) + " |",
                "|---|---:|" + "---:|" * len(names)]
        for w, extra, base, parts in parts_rows:
            cells = ["%s (+%.0f%%)" % (_m(extra), 100.0 * extra / base if base else 0)]
            for _, v in parts:
                cells.append("%s (%.0f%%)" % (_m(v), 100.0 * v / extra if extra else 0))
            out.append("| %s | %s |" % (w, " | ".join(cells)))
        out.append("")
    return out
