// suppressions=FILE: records matching a leak:PATTERN line (by function, by source
// file, with wildcards and anchors) are not reported; the "Suppressions used" table
// counts what each pattern matched; unmatched records are still reported. When every
// record is suppressed the program exits 0. print_suppressions=0 hides the table.
// A pattern is matched against each frame's module too, and the executable's path
// contains the source file's name: the file pattern ends with '$' so only files match.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: printf '# known leaks\n\nleak:leak_in_parser\nleak:^third_party_*init$\nleak:never_matches\n' > %t.supp
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: printf 'leak:leak_in_parser\nleak:third_party\nleak:leaks/suppressions_file.cpp$\n' > %t.all
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.all %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.all:print_suppressions=0 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void leak_in_parser() { sink = malloc(10); }
extern "C" __attribute__((noinline)) void third_party_init() {
  for (int i = 0; i < 3; i++) sink = malloc(20);
}
__attribute__((noinline)) void real_leak() { sink = malloc(30); }

int main() {
  leak_in_parser();
  third_party_init();
  real_leak();
  sink = nullptr;
  return 0;
}
// CHECK-NOT: leak of 10 byte
// CHECK-NOT: leak of 60 byte
// CHECK: Direct leak of 30 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}} in real_leak()
// CHECK: Suppressions used:
// CHECK-NEXT: count bytes template
// CHECK-NEXT: 1 10 leak_in_parser
// CHECK-NEXT: 3 60 ^third_party_*init$
// CHECK-NOT: never_matches
// CHECK: SUMMARY: LeakScope: 30 byte(s) leaked in 1 allocation(s).

// ALL-NOT: ERROR: LeakScope
// ALL: Suppressions used:
// ALL-NEXT: count bytes template
// ALL-NEXT: 1 10 leak_in_parser
// ALL-NEXT: 3 60 third_party
// ALL-NEXT: 1 30 leaks/suppressions_file.cpp$

// QUIET-NOT: Suppressions used
// QUIET-NOT: leak
