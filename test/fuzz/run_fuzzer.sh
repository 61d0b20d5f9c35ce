#!/bin/sh
# usage: run_fuzzer.sh FUZZER SOURCE_DIR BUILD_DIR NAME replay|SECONDS
# replay: runs FUZZER once on every input in SOURCE_DIR/corpus/NAME (the seeds) and
# SOURCE_DIR/crashes/NAME (inputs that once crashed it); fails if any crashes.
# SECONDS: fuzzes for that long from those inputs, new ones kept in BUILD_DIR/work/NAME;
# a crash leaves its input in BUILD_DIR/artifacts/NAME/ and fails the run.
set -eu
fuzzer=$1 src=$2 build=$3 name=$4 mode=$5
seeds=$src/corpus/$name
crashes=$src/crashes/$name
if [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
  echo "run_fuzzer: no seed inputs in $seeds" >&2
  exit 1
fi
dirs=$seeds
[ -d "$crashes" ] && dirs="$dirs $crashes"
# LeakSanitizer (part of ASan) stops threads with ptrace, which containers often refuse;
# the targets are checked for memory errors and crashes, not leaks.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
common="-max_len=4096 -timeout=10 -rss_limit_mb=1024 -detect_leaks=0"
if [ "$mode" = replay ]; then
  # shellcheck disable=SC2046,SC2086
  exec "$fuzzer" $common $(find $dirs -type f | sort)
fi
mkdir -p "$build/work/$name" "$build/artifacts/$name"
# shellcheck disable=SC2086
exec "$fuzzer" $common -max_total_time="$mode" -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/$name/" "$build/work/$name" $dirs
