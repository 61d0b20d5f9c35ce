// verbosity=1 adds one line per check with its totals and timing; help=1 lists every
// option of rt/options.inc with its default and exits 0 without running the program.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=QUIET
// RUN: env LEAKSCOPE_OPTIONS=help=1 %expect_exit 0 %t > %t.help 2>&1
// RUN: FileCheck %s --check-prefix=HELP < %t.help
// Every option declared in options.inc appears in the help, with a default:
// RUN: sed -n -e 's/^LS_OPTION([^,]*, *\([a-z_]*\),.*/\1/p' -e 's/^LS_INT_OPTION(\([a-z_]*\),.*/\1/p' %S/../../../rt/options.inc > %t.names
// RUN: test $(wc -l < %t.names) -gt 15
// RUN: while read name; do grep -q "^  $name  *default " %t.help || { echo "missing: $name"; exit 1; }; done < %t.names
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  puts("main ran");
  sink = malloc(66);
  sink = nullptr;
  return 0;
}
// VERBOSE: LeakScope: leak check 1 (exit): 1 record(s), 66 byte(s) in 1 object(s) leaked, 0 byte(s) suppressed; marking took {{[0-9]+}} us, reporting {{[0-9]+}} us
// QUIET-NOT: leak check 1

// HELP: Available LeakScope options
// HELP: exitcode default 23 Exit code
// HELP: log_path default "" Write the report to PATH.PID
// HELP: json_path default ""
// HELP: sarif_path default ""
// HELP: help default 0
// HELP-NOT: main ran
