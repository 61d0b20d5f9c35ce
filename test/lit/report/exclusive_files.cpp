// Report files (log_path, json_path, sarif_path: PATH.PID) are always new files of
// ours, created exclusively with mode 0600: a file or symlink someone planted at
// PATH.PID (in a sticky directory such as /tmp) never receives the report. The next
// free name, PATH.PID.1, is used instead and a warning says which.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %expect_exit 23 sh -c 'echo planted > %t.dir/log.$$; ln -s %t.dir/target %t.dir/json.$$; echo planted > %t.dir/sarif.$$; exec env LEAKSCOPE_OPTIONS=log_path=%t.dir/log:json_path=%t.dir/json:sarif_path=%t.dir/sarif %t' 2> %t.err
// RUN: FileCheck %s --check-prefix=WARN < %t.err
// RUN: find %t.dir -regex '.*/\(log\|sarif\)\.[0-9]*' | xargs cat | FileCheck %s --check-prefix=PLANTED
// RUN: test ! -e %t.dir/target
// RUN: cat %t.dir/log.*.1 | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t.dir/json.*.1
// RUN: FileCheck %s --check-prefix=SARIF < %t.dir/sarif.*.1
// RUN: stat -c %%a %t.dir/log.*.1 %t.dir/json.*.1 %t.dir/sarif.*.1 | FileCheck %s --check-prefix=MODE
// Without anything planted, the plain names are used and nothing is said.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=log_path=%t.dir/log:json_path=%t.dir/json %expect_exit 23 %t 2> %t.err
// RUN: FileCheck %s --check-prefix=QUIET --allow-empty < %t.err
// RUN: ls %t.dir | FileCheck %s --check-prefix=PLAIN
// The log file is created on the first write: a run that reports nothing leaves none
// (so a process that execs before writing leaves no empty PATH.PID behind).
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=log_path=%t.dir/log:detect_leaks=0 %expect_exit 0 %t
// RUN: ls %t.dir | count 0
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(21);
  sink = nullptr;
  return 0;
}
// WARN-DAG: LeakScope: log_path: '{{.*}}.dir/log.[[PID:[0-9]+]]' already exists; writing to '{{.*}}.dir/log.[[PID]].1' instead
// WARN-DAG: LeakScope: json_path: '{{.*}}.dir/json.[[PID]]' already exists; writing to '{{.*}}.dir/json.[[PID]].1' instead
// WARN-DAG: LeakScope: sarif_path: '{{.*}}.dir/sarif.[[PID]]' already exists; writing to '{{.*}}.dir/sarif.[[PID]].1' instead
// PLANTED: {{^planted$}}
// PLANTED-NEXT: {{^planted$}}
// PLANTED-NOT: leak
// CHECK: Direct leak of 21 byte(s) in 1 object(s)
// JSON: "event":"leak"
// SARIF: "version":"2.1.0"
// MODE: 600
// MODE-NEXT: 600
// MODE-NEXT: 600
// QUIET-NOT: LeakScope:
// PLAIN: {{^json\.[0-9]+$}}
// PLAIN-NEXT: {{^log\.[0-9]+$}}
