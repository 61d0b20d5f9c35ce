// LeakSanitizer on examples/sync_worker.cpp reports nothing and exits 0: the blocked
// worker's stack is a root, so what it holds is reachable. (The positive control, the
// same program under LeakScope reporting the thread, is sync_worker_example.cpp; here,
// LeakSanitizer itself reports a plain leak, so its silence on the thread is not a
// broken set-up.) Runs only where libclang-rt-19-dev is installed.
// REQUIRES: lsan19
// RUN: clang++-19 -g -O0 -fsanitize=leak %S/../../../examples/sync_worker.cpp -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: clang++-19 -g -O0 -fsanitize=leak -DCONTROL %s -o %t.control
// RUN: not %t.control 2>&1 | FileCheck %s --check-prefix=CONTROL
// CHECK: processed 3 jobs
// CHECK-NOT: LeakSanitizer
#ifdef CONTROL
#include <stdlib.h>
void *volatile sink;
int main() {
  sink = malloc(33);
  sink = nullptr;
  return 0;
}
#endif
// CONTROL: ERROR: LeakSanitizer: detected memory leaks
// CONTROL: Direct leak of 33 byte(s)
