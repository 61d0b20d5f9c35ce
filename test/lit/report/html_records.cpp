// Every record kind reaches the HTML report, each check in its own section in the
// order they ran: the stale memory report (with each record's "kept alive by"), the pinned and reachable-site reports
// (before static destructors) with "kept alive by" as a path of steps (a global, then
// a hop through a heap block) and what its root retains, then the leak check with a
// direct leak and a thread leak (where it waits, shown in the source, its two stacks).
// The same run's text report has the same records (TEXT).
// RUN: %clangxx -g -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:report_pinned=1:retention_path_site=make_cold:html_path=%t.d/r %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: %check_html %t.d/r.*.html | FileCheck %s
// RUN: FileCheck %s --check-prefix=RAW < %t.d/r.[0-9]*.html
// Without the checks that produce them, their sections are absent (the leak check's stays):
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=detect_thread_leaks=0:html_path=%t.d/r %expect_exit 23 %t 2>/dev/null
// RUN: %check_html %t.d/r.*.html | FileCheck %s --check-prefix=PLAIN
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "../threads/Inputs/wait_blocked.h"

struct Entry {
  char data[480];
};
struct Holder {
  long tag;
  char *view;  // into a 1 MiB buffer: the buffer is pinned
};
struct Box {
  std::mutex mu;
  std::condition_variable cv;
};

Entry *volatile cold[3];
Holder *volatile g_holder;
void *volatile sink;
static int started;

static void Wait(Box *b) {
  std::unique_lock<std::mutex> l(b->mu);
  __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
  b->cv.wait(l);
}

__attribute__((noinline)) void make_cold() {
  for (int i = 0; i < 3; i++) cold[i] = new Entry();
}

__attribute__((noinline)) void make_pinned() {
  char *big = (char *)malloc(1 << 20);
  memset(big, 'x', 1 << 20);
  g_holder = new Holder{0, big + 4096};
}

int main() {
  make_cold();
  make_pinned();
  sink = malloc(99);
  sink = nullptr;
  std::thread(Wait, new Box).detach();
  while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE)) usleep(1000);
  for (int i = 0; i < 15; i++) {
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  WaitUntilOthersBlocked();
  return 0;
}
// TEXT: Stale memory: 1048576 byte(s) in 1 object(s) not accessed for at least 1 s, allocated from:
// TEXT: Pinned memory: 1048576 byte(s) in 1 object(s) kept alive only by pointers into 1 byte(s), allocated from:
// TEXT-NEXT: type: char
// TEXT-NEXT: kept alive by: global g_holder (html_records.cpp.tmp) -> Holder+8{{$}}
// TEXT: Reachable memory: 1440 byte(s) in 3 object(s), allocated from:
// TEXT: Direct leak of 99 byte(s) in 1 object(s) allocated from:
// TEXT: Thread leak: thread {{[0-9]+}} blocked in Wait(Box*) {{.*}}html_records.cpp:[[#WAIT:]] on

// CHECK: h2: Stale memory report 1 (exit)
// CHECK-NEXT: summary: SUMMARY: LeakScope: {{[0-9]+}} byte(s) stale in {{[0-9]+}} allocation(s).
// CHECK-NEXT: row: stale 1048576 (1.0 MiB) 1 make_pinned() html_records.cpp:[[#BIG:]]
// CHECK-NEXT: row: stale 1440 (1.4 KiB) 3 make_cold() html_records.cpp:[[#COLD:]]
// CHECK: h3: stale Stale memory: 1048576 byte(s) in 1 object(s) not accessed for at least 1 s
// CHECK-NEXT:   fact: type: char
// CHECK-NEXT:   fact: last accessed {{[0-9]+ s( to [0-9]+ s)?}} ago
// CHECK-NEXT:   fact: kept alive by: global g_holder (html_records.cpp.tmp) → Holder+8
// CHECK-NEXT:   site: allocated in make_pinned() at {{.*}}html_records.cpp:[[#BIG]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[#BIG]]:   char *big = (char *)malloc(1 << 20);
// CHECK-NEXT:   stack: Allocation stack ({{[0-9]+}} frames)
// CHECK-NEXT: h3: stale Stale memory: 1440 byte(s) in 3 object(s) not accessed for at least 1 s
// CHECK-NEXT:   fact: type: Entry
// CHECK-NEXT:   fact: last accessed {{.*}} ago
// CHECK-NEXT:   fact: kept alive by: global cold{{(\+[0-9]+)?}} (html_records.cpp.tmp)

// CHECK: h2: Pinned memory (at exit, before static destructors)
// CHECK-NEXT: summary: 1048576 byte(s) in 1 record(s).
// CHECK-NEXT: row: pinned 1048576 (1.0 MiB) 1 make_pinned() html_records.cpp:[[#BIG]]
// CHECK-NEXT: h3: pinned Pinned memory: 1048576 byte(s) in 1 object(s) kept alive only by pointers into 1 byte(s)
// CHECK-NEXT:   fact: type: char
// CHECK-NEXT:   fact: kept alive by: global g_holder (html_records.cpp.tmp) → Holder+8
// CHECK-NEXT:   fact: global g_holder (html_records.cpp.tmp) retains {{[0-9]+}} byte(s) in 2 object(s)
// CHECK-NEXT:   site: allocated in make_pinned() at {{.*}}html_records.cpp:[[#BIG]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[#BIG]]:   char *big = (char *)malloc(1 << 20);

// CHECK: h2: Reachable memory (at exit, before static destructors)
// CHECK-NEXT: summary: 1440 byte(s) in 1 record(s).
// CHECK-NEXT: row: reachable 1440 (1.4 KiB) 3 make_cold() html_records.cpp:[[#COLD]]
// CHECK-NEXT: h3: reachable Reachable memory: 1440 byte(s) in 3 object(s)
// CHECK-NEXT:   fact: type: Entry
// CHECK-NEXT:   fact: kept alive by: global cold{{(\+[0-9]+)?}} (html_records.cpp.tmp)
// CHECK-NEXT:   fact: global cold (html_records.cpp.tmp) retains 1440 byte(s) in 3 object(s)
// CHECK-NEXT:   site: allocated in make_cold() at {{.*}}html_records.cpp:[[#COLD]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[#COLD]]:   for (int i = 0; i < 3; i++) cold[i] = new Entry();

// CHECK: h2: Leak check 1 (exit)
// CHECK-NEXT: summary: SUMMARY: LeakScope: 99 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: summary: SUMMARY: LeakScope: 1 leaked thread(s) holding {{[0-9]+}} byte(s).
// CHECK-NEXT: row: direct 99 1 main html_records.cpp:[[#LEAK:]]
// CHECK-NEXT: row: thread {{[0-9]+}} {{[0-9]+}} Wait(Box*) html_records.cpp:[[#WAIT:]]
// CHECK-NEXT: h3: direct Direct leak of 99 byte(s) in 1 object(s)
// CHECK-NEXT:   site: allocated in main at {{.*}}html_records.cpp:[[#LEAK]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[#LEAK]]:   sink = malloc(99);
// CHECK-NEXT:   stack: Allocation stack ({{[0-9]+}} frames)
// CHECK-NEXT: h3: thread Thread leak: thread [[TID:[0-9]+]] blocked in Wait(Box*) {{.*}}html_records.cpp:[[#WAIT]] on an object no running thread can reach
// CHECK-NEXT:   fact: holds {{[0-9]+}} byte(s) in {{[0-9]+}} object(s) that only it can reach
// CHECK-NEXT:   fact: waiting on futex word 0x{{[0-9a-f]+}}
// CHECK-NEXT:   site: waits in Wait(Box*) at {{.*}}html_records.cpp:[[#WAIT]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[#WAIT]]:   b->cv.wait(l);
// CHECK-NEXT:   stack: Creation stack ({{[0-9]+}} frames)
// CHECK-NEXT:   stack: Stack of thread [[TID]] ({{[0-9]+}} frames)
// CHECK-NOT: h2:

// The path's steps are list items, the root marked, an arrow before each hop.
// RAW: <li>kept alive by: <ol class="path"><li class="root"><code>global g_holder (html_records.cpp.tmp)</code></li><li><span class="arrow"> &#x2192; </span><code>Holder+8</code></li></ol></li>

// PLAIN-NOT: Stale memory
// PLAIN-NOT: Pinned memory
// PLAIN-NOT: Reachable memory
// PLAIN: h2: Leak check 1 (exit)
// PLAIN-NEXT: summary: SUMMARY: LeakScope: 99 byte(s) leaked in 1 allocation(s).
// PLAIN-NEXT: row: direct 99 1 main
// PLAIN-NOT: thread
