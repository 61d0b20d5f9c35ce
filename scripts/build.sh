#!/usr/bin/env bash
# Configures and builds LeakScope into build/ (or $LEAKSCOPE_BUILD_DIR) with clang 19.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LEAKSCOPE_BUILD_DIR:-$root/build}
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
