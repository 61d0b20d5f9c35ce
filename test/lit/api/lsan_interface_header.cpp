// Code annotated for LeakSanitizer builds and works unchanged with both wrappers after
// only the README's set-up: <sanitizer/lsan_interface.h> is clang's own where it is
// installed (libclang-rt-N-dev) and LeakScope's (include/leakscope/compat, added with
// -idirafter) where it is not. Both cases run here, for every LLVM major: the second
// compile hides clang's header behind a copy of its resource directory without it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -g -O0 -H %s -o %t/default 2> %t/default.headers
// RUN: if test -f "$(%plain_clangxx -print-resource-dir)/include/sanitizer/lsan_interface.h"; then FileCheck --check-prefix=CLANGS %s < %t/default.headers; else FileCheck --check-prefix=OURS %s < %t/default.headers; fi
// RUN: %expect_exit 23 %t/default 2>&1 | FileCheck %s
//
// RUN: %resource_dir_without_sanitizer %plain_clangxx %t/res
// RUN: not %plain_clangxx -resource-dir %t/res -fsyntax-only %s 2>&1 | FileCheck --check-prefix=ABSENT %s
// RUN: %clangxx -resource-dir %t/res -g -O0 -H %s -o %t/compat 2> %t/compat.headers
// RUN: FileCheck --check-prefix=OURS %s < %t/compat.headers
// RUN: %expect_exit 23 %t/compat 2>&1 | FileCheck %s
// CLANGS: {{^\. .*/lib/clang/[0-9]+/include/sanitizer/lsan_interface.h$}}
// OURS: {{^\. .*/include/leakscope/compat/sanitizer/lsan_interface.h$}}
// ABSENT: 'sanitizer/lsan_interface.h' file not found
#include <sanitizer/lsan_interface.h>
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  {
    __lsan::ScopedDisabler d;
    sink = malloc(201);  // not reported
  }
  void *ignored = malloc(202);
  __lsan_ignore_object(ignored);
  ignored = nullptr;
  sink = malloc(203);
  sink = nullptr;
  printf("recoverable: %d\n", __lsan_do_recoverable_leak_check());
  fflush(stdout);
  __lsan_do_leak_check();
  puts("not reached");
  return 0;
}
// CHECK: Direct leak of 203 byte(s) in 1 object(s)
// CHECK: recoverable: 1
// CHECK: Direct leak of 203 byte(s) in 1 object(s)
// CHECK-NOT: leak of 20{{[12]}}
// CHECK-NOT: not reached
