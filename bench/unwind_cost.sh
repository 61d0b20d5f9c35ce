#!/usr/bin/env bash
# The cost of full stacks (the CFI walk through code without frame pointers) against
# the frame-pointer-only walk (fast_unwind_on_malloc=1), in instructions: callgrind
# counts are stable on a shared machine where CPU times move by 10-20 %. Runs the
# LeakScope builds bench/run.sh left in bench/out/build/leakscope (run it first, e.g.
# `bench/run.sh --quick --only micro,sqlite,leveldb --configs uninstrumented,leakscope`).
# Prints a Markdown table; the target (issue 16) is <= 1.05x.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/build/leakscope
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() {  # count FAST_UNWIND CMD...: the program's instruction count
  local fast=$1; shift
  LEAKSCOPE_OPTIONS=fast_unwind_on_malloc=$fast:detect_leaks=0 \
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" 2>&1 >/dev/null |
    sed -n 's/.*refs: *//p' | tr -d ,
}
echo "| workload | frame pointers only (instructions) | full stacks (instructions) | full / frame pointers |"
echo "|---|---:|---:|---:|"
row() {
  local name=$1; shift
  [[ -x $1 ]] || { echo "| $name | not built | | |"; return; }
  rm -rf "$tmp/db"; local fp; fp=$(count 1 "$@")
  rm -rf "$tmp/db"; local full; full=$(count 0 "$@")
  python3 -c "import sys; fp,full=int(sys.argv[2]),int(sys.argv[3]); print('| %s | %s | %s | %.3fx |' % (sys.argv[1], format(fp, ','), format(full, ','), full/fp))" "$name" "$fp" "$full"
}
row micro "$out/micro" 10
row sqlite "$out/sqlite" "$tmp/db" 10000
row leveldb "$out/leveldb" --db="$tmp/db" --num=20000 --benchmarks=fillseq,fillrandom,overwrite,readrandom,readseq,readreverse,deleterandom
