// A program that closes stderr before it exits (coreutils' close_stdout does: sort, ls,
// cat) still gets its leak report where stderr pointed at start-up, when that is a file
// or a terminal; before, the report was lost and only exit code 23 showed. The file is
// opened again only if it is still the same file: one created under the same name
// since gets nothing. A pipe cannot be opened again (the report is lost, as with
// LeakSanitizer); the exit code still says so.
// RUN: %clangxx -g -O0 %s -o %t
// Positive control: stderr left open.
// RUN: %expect_exit 23 %t open 2> %t.err
// RUN: FileCheck %s < %t.err
// Closed: the report still reaches the file, after what the program wrote.
// RUN: %expect_exit 23 %t close 2> %t.err
// RUN: FileCheck %s --check-prefixes=CHECK,PROGRAM < %t.err
// Closed, and the file renamed away and a new one made under its name: neither the new
// file nor the old one receives anything after the close.
// RUN: rm -f %t.err %t.err.old
// RUN: %expect_exit 23 %t replace %t.err 2> %t.err
// RUN: count 0 < %t.err
// RUN: FileCheck %s --check-prefix=PROGRAM < %t.err.old
// RUN: not grep -q 'detected memory leaks' %t.err.old
// A pipe: nothing to open again (the report is lost); the exit code is still 23.
// RUN: %expect_exit 23 bash -c 'set -o pipefail; %t close 2>&1 | cat > %t.pipe'
// RUN: FileCheck %s --check-prefix=PROGRAM < %t.pipe
// The preload runtime and `leakscope run` do the same for a real program (sort).
// RUN: printf 'b\na\n' > %t.in
// RUN: %expect_exit 23 %leakscope run -- sort %t.in > %t.sorted 2> %t.err
// RUN: FileCheck %s --check-prefix=SORT < %t.err
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *volatile g_sink;

int main(int argc, char **argv) {
  g_sink = malloc(40);
  g_sink = nullptr;  // leaked: 40 bytes
  if (argc > 1 && strcmp(argv[1], "open")) {
    fprintf(stderr, "program: closing stderr\n");
    fflush(stderr);
    close(2);
    if (!strcmp(argv[1], "replace")) {
      char old[4096];
      snprintf(old, sizeof old, "%s.old", argv[2]);
      rename(argv[2], old);
      FILE *f = fopen(argv[2], "w");  // a new file under stderr's name (fd 2: closed)
      if (f) fclose(f);
    }
  }
  return 0;
}
// PROGRAM: program: closing stderr
// CHECK: ERROR: LeakScope: detected memory leaks
// CHECK: Direct leak of 40 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakScope: 40 byte(s) leaked in 1 allocation(s).
// SORT: ERROR: LeakScope: detected memory leaks
// SORT: SUMMARY: LeakScope: {{[0-9]+}} byte(s) leaked in {{[0-9]+}} allocation(s).
