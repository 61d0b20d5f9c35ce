// report_pinned=1: eight 1 MiB buffers held only through pointers 4096 bytes into them
// are pinned (exactly 8 objects, 8 MiB; one pointed-to byte each), and so is a 64 KiB
// block held by two pointers 7,977 bytes apart (within its first eighth, 8 KiB); a
// 1 MiB control buffer held by its start, and a 64 KiB block held by pointers 59 KiB
// apart, are not. The report is taken before static destructors: the views live in a
// global whose destructor clears them, so the leak check (after it) finds the eight
// buffers leaked. Pinned memory itself does not change the exit code.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=report_pinned=1 %expect_exit 23 %t 2>&1 | FileCheck %s
// exit() called from main: the same report, still before the static destructor.
// RUN: env LEAKSCOPE_OPTIONS=report_pinned=1 %expect_exit 23 %t exit 2>&1 | FileCheck %s
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=report_pinned=1:json_path=%t.json %expect_exit 23 %t 2>/dev/null
// RUN: FileCheck %s --check-prefix=JSON < %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=report_pinned=1 %expect_exit 0 %t keep 2>&1 | FileCheck %s --check-prefix=KEEP
// Off by default:
// RUN: %expect_exit 0 %t keep 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
#include <stdlib.h>
#include <string.h>

struct View {
  const char *data;
  size_t len;
};

struct Cache {
  View views[8];
  char *control;
  char *near[2];
  char *far[2];
  bool keep;
  ~Cache() {  // a static destructor: by the time the leak check runs, views are gone
    if (!keep) memset(views, 0, sizeof(views));
  }
};

Cache g_cache;

__attribute__((noinline)) char *read_block(size_t n) {
  char *p = (char *)malloc(n);
  memset(p, 'x', n);
  return p;
}

// Fills the cache; its frame is dead once it returns, so no stack slot of main holds a
// block's start when main calls exit().
__attribute__((noinline)) void fill() {
  for (int i = 0; i < 8; i++) g_cache.views[i] = {read_block(1 << 20) + 4096, 16};
  g_cache.control = read_block(1 << 20);
  char *near = read_block(64 << 10);
  g_cache.near[0] = near + 1024;
  g_cache.near[1] = near + 9000;
  char *far = (char *)malloc(64 << 10);
  g_cache.far[0] = far + 1024;
  g_cache.far[1] = far + (60 << 10);
}

int main(int argc, char **argv) {
  g_cache.keep = argc > 1 && !strcmp(argv[1], "keep");
  fill();
  if (argc > 1 && !strcmp(argv[1], "exit")) exit(0);
  return 0;
}
// CHECK: Pinned memory: 8388608 byte(s) in 8 object(s) kept alive only by pointers into 8 byte(s), allocated from:
// CHECK-NEXT: type: char
// CHECK-NEXT: kept alive by: global g_cache (pinned_views.cpp.tmp){{$}}
// CHECK-NEXT: global g_cache (pinned_views.cpp.tmp) retains 9568256 byte(s) in 11 object(s)
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}} in read_block(unsigned long) {{.*}}pinned_views.cpp:40
// CHECK-NEXT: #2 {{.*}} in fill() {{.*}}pinned_views.cpp:48
// CHECK: Pinned memory: 65536 byte(s) in 1 object(s) kept alive only by pointers into 7977 byte(s), allocated from:
// CHECK-NEXT: type: char
// CHECK-NEXT: kept alive by: global g_cache+136 (pinned_views.cpp.tmp){{$}}
// CHECK-NEXT: global g_cache (pinned_views.cpp.tmp) retains 9568256 byte(s) in 11 object(s)
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}} in read_block(unsigned long) {{.*}}pinned_views.cpp:40
// CHECK-NEXT: #2 {{.*}} in fill() {{.*}}pinned_views.cpp:50
// CHECK-NOT: Pinned memory
// CHECK: Direct leak of 8388608 byte(s) in 8 object(s) allocated from:
// CHECK: SUMMARY: LeakScope: 8388608 byte(s) leaked in 8 allocation(s).

// JSON: {"event":"pinned","kind":"pinned","pid":{{[0-9]+}},"bytes":8388608,"objects":8,"pinned_span_bytes":8,"type":"char","frames":[
// JSON-SAME: "kept_alive_by":[{"root":"global","tid":0,"offset":{{[0-9]+}},"text":"global g_cache (pinned_views.cpp.tmp)"}],"root_retains":{"bytes":9568256,"objects":11}}
// JSON: {"event":"leak"

// KEEP: Pinned memory: 8388608 byte(s) in 8 object(s)
// KEEP: Pinned memory: 65536 byte(s) in 1 object(s)
// KEEP-NOT: leak

// OFF-NOT: Pinned
// OFF-NOT: leak

// CHECKED: pinned bytes=8388608 objects=8 span=8 type=char site=pinned_views.cpp:40 path=global g_cache (pinned_views.cpp.tmp) root_retains=9568256/11{{$}}
// CHECKED-NEXT: pinned bytes=65536 objects=1 span=7977 type=char site=pinned_views.cpp:40 path=global g_cache+136 (pinned_views.cpp.tmp) root_retains=9568256/11{{$}}
// CHECKED-NEXT: leak check=1 direct bytes=8388608 objects=8

// The machine-readable reports (RUN lines here keep the source lines above stable):
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=CHECKED
// Heap snapshots add pinned_space (after Go's four; inuse_space stays the default):
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=report_pinned=1:snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %expect_exit 0 %t keep 2>/dev/null
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -unit=B -sample_index=pinned_space %t.1.pb.gz 2>&1 | FileCheck %s --check-prefix=SNAP
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -raw %t.1.pb.gz 2>&1 | FileCheck %s --check-prefix=TYPES
// SNAP: Type: pinned_space
// SNAP: {{^ +8454144B +100% +100% +8454144B +100% +read_block\(unsigned long\)$}}
// TYPES: alloc_objects/count alloc_space/bytes stale_objects/count stale_space/bytes inuse_objects/count inuse_space/bytes[dflt] pinned_space/bytes{{$}}
// In SARIF the pinned records join the exit run as "pinned-memory" warnings.
// RUN: rm -f %t.sarif.*
// RUN: env LEAKSCOPE_OPTIONS=report_pinned=1:sarif_path=%t.sarif %expect_exit 23 %t 2>/dev/null
// RUN: %check_report sarif %t.sarif.* | FileCheck %s --check-prefix=SARIF
// RUN: FileCheck %s --check-prefix=SARIF-RAW < %t.sarif.*
// SARIF: run 0 driver=LeakScope rules=direct-leak,indirect-leak,pinned-memory results=3
// SARIF-NEXT: result direct-leak error at pinned_views.cpp:40
// SARIF-NEXT: result pinned-memory warning at pinned_views.cpp:40 frames=4: Pinned memory: 8388608 byte(s) in 8 object(s) kept alive only by pointers into 8 byte(s), allocated in read_block(unsigned long)
// SARIF-NEXT: result pinned-memory warning at pinned_views.cpp:40 frames=4: Pinned memory: 65536 byte(s) in 1 object(s) kept alive only by pointers into 7977 byte(s), allocated in read_block(unsigned long)
// SARIF-RAW: "properties":{"kind":"pinned","bytes":8388608,"objects":8,"pinnedSpanBytes":8,"keptAliveBy":["global g_cache (pinned_views.cpp.tmp)"],"rootRetains":{"bytes":9568256,"objects":11}}
// Without report_pinned, the run has the two leak rules only:
// RUN: rm -f %t.sarif.*
// RUN: env LEAKSCOPE_OPTIONS=sarif_path=%t.sarif %expect_exit 23 %t 2>/dev/null
// RUN: %check_report sarif %t.sarif.* | FileCheck %s --check-prefix=SARIF-OFF
// SARIF-OFF: run 0 driver=LeakScope rules=direct-leak,indirect-leak results=1
