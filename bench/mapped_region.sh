#!/usr/bin/env bash
# The exit check's cost with a 1 GiB region the program mapped itself: the median, over
# RUNS runs (default 5), of the time the world was stopped (verbosity=1), with the
# program's mappings scanned (use_mmap=1) and not (use_mmap=0), for the region untouched,
# touched one page per MiB, and fully touched.
# Usage: bench/mapped_region.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
bin=$(mktemp -d)/mapped_region
trap 'rm -rf "$(dirname "$bin")"' EXIT
"$build/bin/leakscope-clang++" -O2 "$root/bench/workloads/mapped_region.cpp" -o "$bin"
echo "| region | use_mmap=1 ms | use_mmap=0 ms |"
echo "|---|---:|---:|"
for mode in none sparse all; do
  row="| $mode"
  for mm in 1 0; do
    times=()
    for _ in $(seq "$runs"); do
      t=$(LEAKSCOPE_OPTIONS=verbosity=1:exitcode=0:use_mmap=$mm "$bin" "$mode" 2>&1 >/dev/null |
          sed -n 's/.*world stopped: \([0-9.]*\) ms.*/\1/p')
      times+=("$t")
    done
    row+=" | $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  done
  echo "$row |"
done
