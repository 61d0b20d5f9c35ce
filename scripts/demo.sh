#!/usr/bin/env bash
# The demo: installs what is missing, builds LeakScope, compiles examples/leaky.cpp with
# leakscope-clang++ and runs it, so the leak report appears.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" >/dev/null
build=${LEAKSCOPE_BUILD_DIR:-$root/build}
out=$build/examples
mkdir -p "$out"

echo "\$ leakscope-clang++ -g examples/leaky.cpp -o leaky && ./leaky"
"$build/bin/leakscope-clang++" -g "$root/examples/leaky.cpp" -o "$out/leaky"
set +e
"$out/leaky"
status=$?
set -e
echo "(exit code $status)"
[[ $status -eq 23 ]]
