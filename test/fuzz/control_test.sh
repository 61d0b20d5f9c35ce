#!/bin/sh
# usage: control_test.sh CONTROL_FUZZER RUN_FUZZER SCRATCH_DIR
# The positive control of the fuzz tests: run_fuzzer.sh on a target that crashes on a
# seed fails in both modes, and the bounded run leaves the crashing input in
# artifacts/; with a harmless seed the replay passes.
set -u
fuzzer=$1 run=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir/src/corpus/control" || exit 1
printf 'CRASH' > "$dir/src/corpus/control/seed"
if "$run" "$fuzzer" "$dir/src" "$dir/build" control replay > "$dir/replay.log" 2>&1; then
  echo "control_test: the replay passed on a crashing input" >&2; exit 1
fi
if "$run" "$fuzzer" "$dir/src" "$dir/build" control 5 > "$dir/fuzz.log" 2>&1; then
  echo "control_test: the bounded run passed on a crashing seed" >&2; exit 1
fi
if ! ls "$dir/build/artifacts/control/"crash-* > /dev/null 2>&1; then
  echo "control_test: no crashing input in $dir/build/artifacts/control/" >&2; exit 1
fi
printf 'harmless' > "$dir/src/corpus/control/seed"
if ! "$run" "$fuzzer" "$dir/src" "$dir/build" control replay > "$dir/replay-ok.log" 2>&1; then
  echo "control_test: the replay failed on a harmless input (see $dir/replay-ok.log)" >&2; exit 1
fi
echo "control_test: a crash fails replay and fuzzing and its input is kept; a harmless input passes"
