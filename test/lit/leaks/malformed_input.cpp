// Malformed LEAKSCOPE_OPTIONS and malformed or missing suppression files stop the
// program at start-up with exit code 1 and one line "LeakScope: ..." naming the bad
// text; nothing crashes and main never runs. An unknown option name is not fatal
// (LeakSanitizer ignores it): one warning, and the program runs.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbose %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=NOEQ
// RUN: env LEAKSCOPE_OPTIONS=no_such_option=1 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: env LEAKSCOPE_OPTIONS=exitcode=lots %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=BADINT
// RUN: env LEAKSCOPE_OPTIONS=detect_leaks=maybe %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=BADBOOL
// RUN: env LEAKSCOPE_OPTIONS=max_leaks=-3 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: env LEAKSCOPE_OPTIONS=malloc_context_size=0 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: env LEAKSCOPE_OPTIONS=exitcode=99999999999 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: printf 'leak:fine\nleek:typo_here\n' > %t.supp
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=SUPP -DFILE=%t.supp
// RUN: printf 'leak:\n' > %t.empty
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.empty %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=EMPTY -DFILE=%t.empty
// RUN: printf 'just some words\n' > %t.words
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.words %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=WORDS
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.does-not-exist %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=MISSING
#include <stdio.h>

int main() {
  puts("main ran");
  return 0;
}
// NOEQ: LeakScope: malformed option 'verbose' in LEAKSCOPE_OPTIONS (expected key=value)
// NOEQ-NOT: main ran
// UNKNOWN: LeakScope: unknown option 'no_such_option' in LEAKSCOPE_OPTIONS ignored
// UNKNOWN-NEXT: main ran
// BADINT: LeakScope: bad value 'lots' for option 'exitcode' in LEAKSCOPE_OPTIONS (expected an integer)
// BADINT-NOT: main ran
// BADBOOL: LeakScope: bad value 'maybe' for option 'detect_leaks' in LEAKSCOPE_OPTIONS (expected 0 or 1)
// NEGATIVE: LeakScope: max_leaks=-3 in LEAKSCOPE_OPTIONS is out of range (0..2147483647)
// RANGE: LeakScope: malloc_context_size=0 in LEAKSCOPE_OPTIONS is out of range (1..64)
// OVERFLOW: LeakScope: bad value '99999999999' for option 'exitcode'
// SUPP: LeakScope: [[FILE]]:2: bad suppression 'leek:typo_here' (expected leak:PATTERN)
// SUPP-NOT: main ran
// EMPTY: LeakScope: [[FILE]]:1: bad suppression 'leak:' (expected leak:PATTERN)
// WORDS: LeakScope: {{.*}}:1: bad suppression 'just some words'
// MISSING: LeakScope: cannot open suppressions file '{{.*}}does-not-exist': No such file or directory
// MISSING-NOT: main ran
