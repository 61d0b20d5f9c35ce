// A binary built without LeakScope (plain clang++, no plugin, no runtime) gets the
// leak check by preloading the runtime: LD_PRELOAD=lib/libleakscope_rt.so.
// RUN: %plain_clangxx -g -O0 %s -o %t
// RUN: %expect_exit 0 %t
// RUN: env LD_PRELOAD=%rt_so %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LD_PRELOAD=%rt_so LEAKSCOPE_OPTIONS=exitcode=0 %expect_exit 0 %t 2>&1 | FileCheck %s
// The machine-readable reports work the same without the pass (no type names):
// RUN: rm -f %t.sarif.*
// RUN: env LD_PRELOAD=%rt_so LEAKSCOPE_OPTIONS=sarif_path=%t.sarif %expect_exit 23 %t 2>/dev/null
// RUN: %check_report sarif %t.sarif.* | FileCheck %s --check-prefix=SARIF
// RUN: rm -f %t.sarif.*
#include <stdlib.h>
#include <string.h>

void *volatile sink;

__attribute__((noinline)) void leak_here() {
  sink = strdup("preloaded");
  sink = new int[25];
  sink = nullptr;
}

int main() {
  leak_here();
  return 0;
}
// CHECK: ERROR: LeakScope: detected memory leaks
// CHECK: Direct leak of 100 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in operator new[](unsigned long) {{.*}}libleakscope_rt.so
// CHECK-NEXT: #1 {{.*}} in leak_here() {{.*}}ld_preload.cpp:19
// CHECK: Direct leak of 10 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in strdup {{.*}}libleakscope_rt.so
// CHECK-NEXT: #1 {{.*}} in leak_here() {{.*}}ld_preload.cpp:18
// CHECK: SUMMARY: LeakScope: 110 byte(s) leaked in 2 allocation(s).

// SARIF: run 0 driver=LeakScope rules=direct-leak,indirect-leak results=2
// SARIF-NEXT: result direct-leak error at ld_preload.cpp:19 frames=3: Direct leak of 100 byte(s) in 1 object(s) allocated in leak_here()
// SARIF-NEXT: result direct-leak error at ld_preload.cpp:18 frames=3: Direct leak of 10 byte(s) in 1 object(s) allocated in leak_here()
