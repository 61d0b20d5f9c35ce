#!/usr/bin/env bash
# Installs the system packages LeakScope builds and tests with (Debian 12, as root).
# Idempotent: when everything is present it installs nothing and takes well under a second.
set -euo pipefail

packages=(
  cmake ninja-build python3 make
  clang-19 llvm-19-dev llvm-19-tools lld-19
  clang-22 llvm-22-dev llvm-22-tools llvm-22-linker-tools lld-22
  libgtest-dev zlib1g-dev golang-go gdb strace
  libclang-rt-19-dev  # libFuzzer (-fsanitize=fuzzer) for the fuzz tests (test/fuzz)
  valgrind perl  # test/lit/unwind: perl's leak stacks against Valgrind's
  chromium  # headless, for the tests that open the flame graphs and reports (test/lit/cli)
  autoconf automake meson  # test/lit/cli: the wrappers as the compilers of real build systems
  graphviz  # dot, for go tool pprof -svg / -web (test/lit/snapshots/signal_top.cpp)
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(heaptrack libgoogle-perftools4)  # the heap-profiling peers of bench/run.sh
  # npm comes with the machine's Node.js; Debian's npm package conflicts with it.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "LeakScope: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
