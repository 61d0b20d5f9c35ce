// leakscope run: an uninstrumented program (plain clang++) gets the runtime by
// LD_PRELOAD, the -o options after any LEAKSCOPE_OPTIONS already set, its arguments
// unchanged, and exits with the program's status (23 on leaks).
// RUN: %plain_clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %leakscope run -- %t 2>&1 | FileCheck --check-prefix=LEAK %s
// LEAK: ==ERROR: LeakScope: detected memory leaks
// LEAK: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// LEAK: in main {{.*}}run.cpp:{{[0-9]+}}:10
// LEAK: SUMMARY: LeakScope: 77 byte(s) leaked in 1 allocation(s).
//
// RUN: %expect_exit 7 %leakscope run -o exitcode=7 -- %t 2> /dev/null
// RUN: %expect_exit 0 %leakscope run -o detect_leaks=0 %t
// A value with ':' and a blank is quoted, so the runtime reads it whole (here it opens
// the file: a wrong split would fail).
// RUN: echo 'leak:nothing_matches_this' > '%t.sup:file name'
// RUN: env LEAKSCOPE_OPTIONS=exitcode=5 LD_PRELOAD= %leakscope run -o max_leaks=1 -o 'suppressions=%t.sup:file name' -- %t env 'two words' --help | FileCheck --check-prefix=ENV %s
// ENV: LEAKSCOPE_OPTIONS=exitcode=5:max_leaks=1:suppressions="{{.*}}.sup:file name"
// ENV-NEXT: LD_PRELOAD={{/.*}}/libleakscope_rt.so
// ENV-NEXT: argv[1]=env argv[2]=two words argv[3]=--help
// RUN: env LD_PRELOAD=/lib/x86_64-linux-gnu/libm.so.6 %leakscope run %t env 2>/dev/null | FileCheck --check-prefix=KEEP %s
// KEEP: LD_PRELOAD={{/.*}}/libleakscope_rt.so:/lib/x86_64-linux-gnu/libm.so.6
// RUN: env LEAKSCOPE_OPTIONS=exitcode=5 %expect_exit 5 %leakscope run -o max_leaks=1 -- %t 2> /dev/null
//
// RUN: %expect_exit 2 %leakscope run -o exitcode -- %t 2>&1 | FileCheck --check-prefix=BADOPT %s
// BADOPT: LeakScope: run: option 'exitcode' is not KEY=VALUE
// The runtime's own parser checks each -o value before the program starts; an unknown
// name is the runtime's warning, as in LEAKSCOPE_OPTIONS.
// RUN: %expect_exit 2 %leakscope run -o exitcode=seven -- %t 2>&1 | FileCheck --check-prefix=BADVAL %s
// BADVAL: LeakScope: run: bad value 'seven' for option 'exitcode' in LEAKSCOPE_OPTIONS (expected an integer)
// RUN: %expect_exit 2 %leakscope run -o exitcode=300 -- %t 2>&1 | FileCheck --check-prefix=RANGE %s
// RANGE: LeakScope: run: exitcode=300 in LEAKSCOPE_OPTIONS is out of range (0..255)
// RUN: %expect_exit 23 %leakscope run -o frobnicate=1 -- %t 2>&1 | FileCheck --check-prefix=UNKNOWN %s
// UNKNOWN: LeakScope: unknown option 'frobnicate' in LEAKSCOPE_OPTIONS ignored
// RUN: %expect_exit 2 %leakscope run -o 2>&1 | FileCheck --check-prefix=NOVAL %s
// NOVAL: LeakScope: run: -o needs KEY=VALUE
// RUN: %expect_exit 2 %leakscope run 2>&1 | FileCheck --check-prefix=NOPROG %s
// RUN: %expect_exit 2 %leakscope run -- 2>&1 | FileCheck --check-prefix=NOPROG %s
// NOPROG: LeakScope: run: which program?
// RUN: %expect_exit 127 %leakscope run -- %t.does-not-exist 2>&1 | FileCheck --check-prefix=MISSING %s
// MISSING: LeakScope: run: cannot run '{{.*}}does-not-exist': No such file or directory
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *volatile sink;

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "env")) {
    printf("LEAKSCOPE_OPTIONS=%s\nLD_PRELOAD=%s\n", getenv("LEAKSCOPE_OPTIONS"), getenv("LD_PRELOAD"));
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s%s", i, argv[i], i + 1 < argc ? " " : "\n");
    return 0;
  }
  sink = malloc(77);
  sink = nullptr;
  return 0;
}
