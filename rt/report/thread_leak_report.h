// The text report of thread leaks (check/thread_leaks.h), after the memory-leak report:
//
//   Thread leak: thread TID blocked in FUNC FILE:LINE on an object no running thread can reach, created at:
//       #0 0x... in pthread_create ...          the creation stack
//       #1 0x... in main app.cpp:40:5
//     holds B byte(s) in N object(s) that only it can reach
//     N threads with this creation stack: TID TID ...        (a pool's workers; N > 1)
//     stack of thread TID, waiting on futex word 0xADDR:
//       #0 0x... in ...                          the blocked thread's own stack
//
//   SUMMARY: LeakScope: N leaked thread(s) holding B byte(s).
//
// FUNC FILE:LINE is the first frame of the blocked thread's stack in the program's own
// code: not in a system library or header, not in the runtime.
#pragma once

#include "check/leak_set.h"
#include "stacks/symbolizer.h"

namespace leakscope {

// Prints the records; returns the number of leaked threads. `header` is true when no
// memory-leak report was printed before (so this one opens with the ERROR line).
u64 PrintThreadLeakReport(const ThreadLeakSet &set, bool header);

// verbosity=1, before the leak report: one line per thread blocked where reachability
// cannot judge it (a file descriptor, a sleep, a timed wait) or waiting on memory that
// running threads reach, with what it waits on.
void PrintThreadWaitNotes(const ThreadLeakSet &set);

// The first frame of `l`'s own stack in the program's code (the FUNC FILE:LINE of the
// first line); false when no frame is known. Shared with the JSON and SARIF writers.
bool FindWaitSite(const ThreadLeak &l, SymbolizedFrame *site, uptr *pc);

}  // namespace leakscope
