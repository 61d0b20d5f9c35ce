// html_path is a report file like json_path (base/report_file.h): a file, a directory
// or a symlink someone put at PATH.PID.html is never written to, followed or replaced;
// the next free name is used and a one-line warning says so, in the same words as
// json_path's. A path that cannot be created gets json_path's one-line error. Neither
// stops the check: the text report and the exit code stay.
// RUN: %clangxx -g -O0 %s -o %t
// A file that is not ours, at both names:
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %expect_exit 23 sh -c 'echo planted > %t.d/h.$$.html; echo planted > %t.d/j.$$; exec env LEAKSCOPE_OPTIONS=html_path=%t.d/h:json_path=%t.d/j %t' 2> %t.err
// RUN: FileCheck %s --check-prefix=FILE < %t.err
// RUN: find %t.d -regex '.*/h\.[0-9]*\.html' | xargs cat | FileCheck %s --check-prefix=PLANTED
// RUN: %check_html %t.d/h.*.1.html | FileCheck %s --check-prefix=REPORT
// RUN: stat -c %%a %t.d/h.*.1.html | FileCheck %s --check-prefix=MODE
// A directory, and a symlink to a file that must not appear:
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %expect_exit 23 sh -c 'mkdir %t.d/h.$$.html; ln -s %t.d/target %t.d/j.$$; exec env LEAKSCOPE_OPTIONS=html_path=%t.d/h:json_path=%t.d/j %t' 2> %t.err
// RUN: FileCheck %s --check-prefix=FILE < %t.err
// RUN: find %t.d -regex '.*/h\.[0-9]*\.html' -type d | count 1
// RUN: test ! -e %t.d/target
// RUN: %check_html %t.d/h.*.1.html | FileCheck %s --check-prefix=REPORT
// A symlink at the HTML name:
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %expect_exit 23 sh -c 'ln -s %t.d/target %t.d/h.$$.html; exec env LEAKSCOPE_OPTIONS=html_path=%t.d/h %t' 2> %t.err
// RUN: FileCheck %s --check-prefix=LINK < %t.err
// RUN: test ! -e %t.d/target
// A directory that does not exist, and a path through a regular file:
// RUN: rm -rf %t.d && mkdir %t.d && touch %t.d/file
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/missing/h:json_path=%t.d/missing/j %expect_exit 23 %t 2> %t.err
// RUN: FileCheck %s --check-prefix=MISSING < %t.err
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/file/h:json_path=%t.d/file/j %expect_exit 23 %t 2> %t.err
// RUN: FileCheck %s --check-prefix=NOTDIR < %t.err
// RUN: ls %t.d | FileCheck %s --check-prefix=NOTHING
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(21);
  sink = nullptr;
  return 0;
}
// The text report comes first: the files are opened after it, at their first write.
// FILE: Direct leak of 21 byte(s) in 1 object(s)
// FILE-DAG: {{^}}LeakScope: html_path: '{{.*}}.d/h.[[PID:[0-9]+]].html' already exists; writing to '{{.*}}.d/h.[[PID]].1.html' instead{{$}}
// FILE-DAG: {{^}}LeakScope: json_path: '{{.*}}.d/j.[[PID]]' already exists; writing to '{{.*}}.d/j.[[PID]].1' instead{{$}}
// PLANTED: {{^planted$}}
// PLANTED-NOT: {{.}}
// REPORT: h2: Leak check 1 (exit)
// REPORT-NEXT: summary: SUMMARY: LeakScope: 21 byte(s) leaked in 1 allocation(s).
// MODE: 600
// LINK: {{^}}LeakScope: html_path: '{{.*}}.d/h.[[PID:[0-9]+]].html' already exists; writing to '{{.*}}.d/h.[[PID]].1.html' instead{{$}}
// MISSING: Direct leak of 21 byte(s) in 1 object(s)
// MISSING-DAG: {{^}}LeakScope: cannot open html_path '{{.*}}.d/missing/h.[[PID:[0-9]+]].html': No such file or directory{{$}}
// MISSING-DAG: {{^}}LeakScope: cannot open json_path '{{.*}}.d/missing/j.[[PID]]': No such file or directory{{$}}
// NOTDIR-DAG: {{^}}LeakScope: cannot open html_path '{{.*}}.d/file/h.[[PID:[0-9]+]].html': Not a directory{{$}}
// NOTDIR-DAG: {{^}}LeakScope: cannot open json_path '{{.*}}.d/file/j.[[PID]]': Not a directory{{$}}
// NOTHING: {{^file$}}
// NOTHING-NOT: {{.}}
