#!/usr/bin/env bash
# The test command: installs what is missing, builds for every LLVM major, runs every
# test (unit, IR and end-to-end, per major). The last line is ctest's summary; the exit
# status is non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${LEAKSCOPE_BUILD_DIR:-$root/build}
cd "$build"
ctest --output-on-failure -j 2 --timeout 1800
