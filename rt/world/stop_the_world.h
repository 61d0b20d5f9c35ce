// Stop-the-world: runs a callback while every other thread of the program is suspended
// with its registers saved, so the heap and the roots hold still.
//
// Threads are stopped by a signal whose handler saves the registers and waits; ptrace
// is never used, so the check works under gdb, strace and without CAP_SYS_PTRACE.
#pragma once

#include "base/common.h"

namespace leakscope {

class Marker;

typedef void (*StoppedWorldCallback)(void *arg);
// Calls cb(arg) with all other registered threads stopped, the registry locked and the
// `world` locks of base/locks.h held; resumes them when cb returns. cb must not allocate through InternalAlloc (a stopped
// thread may hold its lock): InternalVector is fine.
void RunWithWorldStopped(StoppedWorldCallback cb, void *arg);

// Scans the stacks, registers and TLS of every thread (the caller's included), and the
// thread library's roots (thread_roots.cpp). Only from inside a RunWithWorldStopped
// callback.
void ScanThreads(Marker *m);

// True inside a RunWithWorldStopped callback when every thread of the process other
// than the caller is stopped or a registered runtime thread: none was unresponsive, and
// /proc/self/task lists no thread the registry does not know (one made by raw clone or
// the real pthread_create). Then no thread can write chunk metadata meanwhile.
bool WorldIsExclusive();

// Installs the stop_signal handler (after options and threads are initialised).
void InitStopTheWorld();

// The signal that stops threads; 0 before InitStopTheWorld.
int StopSignal();

}  // namespace leakscope
