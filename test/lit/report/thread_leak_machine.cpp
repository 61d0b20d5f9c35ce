// Thread leaks in the machine-readable reports: a JSON Lines record with "kind":"thread"
// (thread ids, holds, wait site, creation stack, the thread's own stack) and the
// summary's leaked_threads; a SARIF result under rule thread-leak, located where the
// thread waits, with both stacks. Both files parse. The memory leak beside it keeps
// its usual record.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.json.* %t.sarif.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json:sarif_path=%t.sarif %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: python3 -m json.tool --json-lines %t.json.* > /dev/null
// RUN: python3 -c "import json,sys; json.load(open(sys.argv[1]))" %t.sarif.*
// RUN: FileCheck %s --check-prefix=JSON < %t.json.*
// RUN: FileCheck %s --check-prefix=SARIF < %t.sarif.*
#include <stdlib.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "../threads/Inputs/wait_blocked.h"

struct Box {
  std::mutex mu;
  std::condition_variable cv;
};

static int started;

static void Wait(Box *b, void *held) {
  std::unique_lock<std::mutex> l(b->mu);
  __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
  b->cv.wait(l);
}

int main() {
  void *lost = malloc(77);
  lost = nullptr;
  std::thread(Wait, new Box, malloc(4000)).detach();
  while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE)) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// TEXT: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// TEXT: Thread leak: thread [[TID:[0-9]+]] blocked in Wait(Box*, void*) {{.*}}thread_leak_machine.cpp:32 on
// TEXT: holds 4{{[0-9][0-9][0-9]}} byte(s) in 3 object(s) that only it can reach
// TEXT: SUMMARY: LeakScope: 1 leaked thread(s) holding 4{{[0-9][0-9][0-9]}} byte(s).
// JSON: {"event":"leak","check":1,"kind":"direct","bytes":77,"objects":1,
// JSON-NEXT: {"event":"leak","check":1,"kind":"thread","tid":{{[0-9]+}},"threads":1,"tids":[{{[0-9]+}}],"held_bytes":4{{[0-9][0-9][0-9]}},"held_objects":3,"futex":"0x{{[0-9a-f]+}}","wait_site":{"function":"Wait(Box*, void*)","file":"{{.*}}thread_leak_machine.cpp","line":32},"frames":[{"index":0,{{.*}}"function":"pthread_create"{{.*}}"function":"main"{{.*}}],"thread_frames":[{{.*}}"function":"Wait(Box*, void*)"{{.*}}]}
// JSON-NEXT: {"event":"summary","check":1,"mode":"exit",{{.*}}"leaked_bytes":77,"leaked_objects":1,"records":1,{{.*}}"leaked_threads":1,"thread_held_bytes":4{{[0-9][0-9][0-9]}},
// SARIF: "rules":[{"id":"direct-leak"{{.*}}{"id":"indirect-leak"{{.*}}{"id":"thread-leak","name":"ThreadLeak"
// SARIF-SAME: {"ruleId":"direct-leak"
// SARIF-SAME: {"ruleId":"thread-leak","ruleIndex":2,"level":"error","message":{"text":"Thread leak: thread {{[0-9]+}} blocked in Wait(Box*, void*) on an object no running thread can reach (1 thread(s), holding 4{{[0-9][0-9][0-9]}} byte(s) in 3 object(s))"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"file://{{[^"]*}}thread_leak_machine.cpp"},"region":{"startLine":32,
// SARIF-SAME: "stacks":[{"message":{"text":"Creation stack"},"frames":[{{.*}}{"message":{"text":"Stack of the blocked thread"}
// SARIF-SAME: "properties":{"kind":"thread","tid":{{[0-9]+}},"threads":1,"heldBytes":4{{[0-9][0-9][0-9]}},"heldObjects":3}}
// SARIF-SAME: "leakedThreads":1
