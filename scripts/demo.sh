#!/usr/bin/env bash
# The demo: installs what is missing, builds LeakScope, then
#  1. compiles examples/leaky.cpp with leakscope-clang++ and runs it: the leak report;
#  2. runs examples/growing_cache.cpp (a cache that never evicts: no leak at exit),
#     sends it SIGUSR1 twice and shows what grew between the two heap snapshots.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" >/dev/null
build=${LEAKSCOPE_BUILD_DIR:-$root/build}
bin=$build/bin
out=$build/demo
rm -rf "$out" && mkdir -p "$out" && cd "$out"

echo "== 1. Leaks at exit"
echo "\$ leakscope-clang++ -g examples/leaky.cpp -o leaky && ./leaky"
"$bin/leakscope-clang++" -g "$root/examples/leaky.cpp" -o leaky
set +e
./leaky
status=$?
set -e
echo "(exit code $status)"
[[ $status -eq 23 ]]

echo
echo "== 2. Heap snapshots of a running program"
echo "\$ leakscope-clang++ -g examples/growing_cache.cpp -o cache && ./cache 4 &"
"$bin/leakscope-clang++" -g "$root/examples/growing_cache.cpp" -o cache
./cache 4 &
pid=$!
sleep 1
echo "\$ kill -USR1 $pid; sleep 2; kill -USR1 $pid"
kill -USR1 "$pid"
sleep 2
kill -USR1 "$pid"
wait "$pid"
first=leakscope.$pid.1.pb.gz
second=leakscope.$pid.2.pb.gz
echo
echo "\$ leakscope top -n 5 $second          # what is in use now (go tool pprof -top reads it too)"
"$bin/leakscope" top -n 5 "$second"
echo
echo "\$ leakscope diff $first $second   # what grew between the snapshots"
"$bin/leakscope" diff "$first" "$second" | head -8
