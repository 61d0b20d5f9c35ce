// The exit snapshot (snapshot_at_exit=1) and its retention profile are taken when main
// returns (or exit() is called), before static destructors and atexit handlers: a
// global std::vector of 10 buffers of 1000 bytes is still full there, and the profile
// says the global retains them. The program's atexit handler frees another block: it is
// still in the snapshot too. The same holds for exit() called from a function.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %t 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %leakscope top %t.1.pb.gz | FileCheck %s --check-prefix=TOP
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -cum -nodefraction=0 -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s --check-prefix=RETAINED
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %t exit 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %leakscope top %t.1.pb.gz | FileCheck %s --check-prefix=TOP
// Exactly one exit snapshot (the atexit fallback does not write a second):
// RUN: ls %t.*.pb.gz | count 1
#include <stdlib.h>
#include <string.h>

#include <vector>

std::vector<std::vector<char>> g_buffers;
void *g_freed_at_exit;

__attribute__((noinline)) void FillBuffers() {
  g_buffers.reserve(10);
  for (int i = 0; i < 10; i++) g_buffers.emplace_back(1000, (char)i);
}

__attribute__((noinline)) void *MakeExitBlock() { return malloc(4321); }

static void FreeAtExit() { free(g_freed_at_exit); }

int main(int argc, char **argv) {
  FillBuffers();
  g_freed_at_exit = MakeExitBlock();
  atexit(FreeAtExit);
  if (argc > 1) exit(0);
  return 0;
}
// LOG: wrote heap snapshot {{.*}}.1.pb.gz
// TOP-DAG: {{^ +9.77KiB .* FillBuffers\(\)}}
// TOP-DAG: {{^ +4.22KiB .* MakeExitBlock\(\)}}
// RETAINED: Type: retained_space
// RETAINED: {{^ +0 +0% +[0-9.]+% +10240B +[0-9.]+% +global g_buffers \(exit_before_destructors.cpp.tmp\)$}}
