// Allocations made while the dynamic loader runs a library's static initializers, in
// code with no symbol (libstdc++'s emergency exception pool, about 71 KiB, allocated by
// an internal function of the stripped libstdc++.so.6) are named "MODULE (start-up)" in
// snapshots, not MODULE+0xOFFSET: one documented row, in leakscope top and pprof alike.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %t
// RUN: %leakscope top %t.1.pb.gz > %t.top
// RUN: FileCheck %s < %t.top
// RUN: not grep -E 'libstdc\+\+\.so\.6\+0x' %t.top
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B %t.1.pb.gz 2>&1 | FileCheck %s --check-prefix=PPROF
// The program's own allocation is named as always (the positive control for naming):
// CHECK-DAG: {{^ +1000B .* MakeBlock\(\)}}
// CHECK-DAG: {{^ +[0-9.]+KiB .* libstdc\+\+\.so\.6 \(start-up\)$}}
// PPROF: {{^ +[0-9]+B .* libstdc\+\+\.so\.6 \(start-up\)$}}
#include <stdlib.h>

void *volatile g_block;

__attribute__((noinline)) void *MakeBlock() { return malloc(1000); }

int main() {
  g_block = MakeBlock();
  return 0;
}
