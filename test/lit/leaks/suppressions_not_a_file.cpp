// suppressions= must name a regular file of at most 1 MiB: a device (/dev/zero read
// without end), a FIFO (opening it must not wait for a writer), a directory or a bigger
// file is refused before main with one line naming it. A normal file still works.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && mkfifo %t.dir/fifo
// RUN: echo "leak:main" > %t.dir/good
// RUN: python3 -c "import sys; sys.stdout.write('# pad\n' * 200000)" > %t.dir/big
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.dir/good %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=GOOD
// RUN: env LEAKSCOPE_OPTIONS=suppressions=/dev/zero %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.dir/fifo %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=FIFO
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.dir %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=DIR
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.dir/big %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=BIG
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  puts("main ran");
  fflush(stdout);
  sink = malloc(5);
  sink = nullptr;
  return 0;
}
// GOOD: main ran
// GOOD: Suppressions used:
// ZERO: LeakScope: suppressions file '/dev/zero' is not a regular file
// ZERO-NOT: main ran
// FIFO: LeakScope: suppressions file '{{.*}}fifo' is not a regular file
// DIR: LeakScope: suppressions file '{{.*}}.dir' is not a regular file
// BIG: LeakScope: suppressions file '{{.*}}big' is larger than 1048576 bytes
// BIG-NOT: main ran
