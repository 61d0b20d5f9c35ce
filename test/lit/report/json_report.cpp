// json_path=PATH writes JSON Lines to PATH.PID beside the text report: one object per
// record (kind, bytes, objects, type, symbolized frames) and a summary per check whose
// totals match the records. Every line parses (python3 -m json.tool --json-lines), and
// check_report.py validates the fields. Several checks append to one file.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: python3 -m json.tool --json-lines %t.json.* > /dev/null
// RUN: %check_report json %t.json.* | FileCheck %s
// RUN: FileCheck %s --check-prefix=RAW < %t.json.*
// json_path=stdout puts the lines on stdout, for pipes:
// RUN: env LEAKSCOPE_OPTIONS=json_path=stdout:exitcode=0 %t 2>/dev/null > %t.stdout
// RUN: %check_report json %t.stdout | FileCheck %s
// A clean run still writes its summary:
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json %expect_exit 0 %t clean
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=CLEAN
// With report_objects=1 each record lists its objects:
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json:report_objects=1 %expect_exit 23 %t
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=OBJECTS
// RUN: rm -f %t.json.*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Pair {
  Pair *other;
  char name[24];
};

void *volatile sink;

__attribute__((noinline)) void leak_plain() {
  // Three frames: malloc, this function, main.
  sink = malloc(10);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "clean")) return 0;
  leak_plain();
  Pair *p = new Pair{new Pair{nullptr, "inner"}, "outer"};
  sink = p;
  p = nullptr;
  sink = nullptr;
  return 0;
}
// TEXT: Direct leak of 32 byte(s) in 1 object(s)
// TEXT: SUMMARY: LeakScope: 74 byte(s) leaked in 3 allocation(s).

// CHECK: leak check=1 direct bytes=32 objects=1 type=Pair site=json_report.cpp:42 frames=2
// CHECK-NEXT: leak check=1 direct bytes=10 objects=1 site=json_report.cpp:36 frames=3
// CHECK-NEXT: leak check=1 indirect bytes=32 objects=1 type=Pair site=json_report.cpp:42 frames=2
// CHECK-NEXT: summary check=1 mode=exit bytes=74 objects=3 records=3 suppressed_bytes=0 suppressed_objects=0
// CHECK-NOT: leak

// RAW: {"event":"leak","check":1,"kind":"direct","bytes":32,"objects":1,"type":"Pair","frames":[{"index":0,"pc":"0x{{[0-9a-f]+}}","function":"operator new(unsigned long)","file":null,"line":0,"column":0,"module":"{{.*}}json_report.cpp.tmp","module_offset":"0x{{[0-9a-f]+}}","inlined":false},{"index":1,"pc":"0x{{[0-9a-f]+}}","function":"main","file":"{{.*}}json_report.cpp","line":42,"column":{{[0-9]+}},

// CLEAN: summary check=1 mode=exit bytes=0 objects=0 records=0
// CLEAN-NOT: leak

// OBJECTS: leak check=1 direct bytes=32 objects=1 type=Pair site=json_report.cpp:42 frames=2 addresses=1
