// One allocation stack whose stale blocks fall into two age ranges gives two stale
// samples, youngest range first (the order the profile writer expects: by stack, then
// by age; snapshot.cpp builds it without a sort). A block 12 s old is in the 10 s range
// (its age counts from the end of its epoch: 100 ms epochs, so a loaded machine that
// starts the clock late does not make it younger than 10 s),
// one just made in the first.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=stale_after_s=0:epoch_period_ms=100:snapshot_path=%t.%%n.pb.gz %t
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.1.pb.gz 2>&1 | FileCheck %s
#include <unistd.h>

extern "C" int __leakscope_write_snapshot(const char *path);

__attribute__((noinline)) char *Make() { return new char[1000]; }
char *g_blocks[2];

int main() {
  for (int i = 0; i < 2; i++) {  // one call site: one stack for both blocks
    g_blocks[i] = Make();
    if (i == 0) sleep(12);
  }
  return __leakscope_write_snapshot(nullptr);
}
// CHECK: Samples:
// CHECK: {{^ *}}2 2000 0 0 2 2000: [[STACK:[0-9 ]+]]{{$}}
// CHECK: {{^ *}}0 0 1 1000 0 0: [[STACK]]{{$}}
// CHECK-NEXT: type:[char]
// CHECK-NEXT: age_s:[0 seconds] bytes:[1000]
// CHECK-NEXT: {{^ *}}0 0 1 1000 0 0: [[STACK]]{{$}}
// CHECK-NEXT: type:[char]
// CHECK-NEXT: age_s:[10 seconds] bytes:[1000]
