// What makes heap snapshots happen: a signal (snapshot_signal, SIGUSR1 by default), a
// period (snapshot_interval_s), the program's exit (snapshot_at_exit).
//
// The signal handler only counts the request and writes one byte to a non-blocking
// pipe (both async-signal-safe); the snapshot thread, a runtime thread blocking every
// signal, wakes on the pipe and writes the snapshot. Requests that arrive while it is
// busy are served by one snapshot, and a log line says how many it covered; requests
// still pending at exit are served by the exit handler, so none is dropped silently.
// (The kernel itself merges a signal sent again before its first delivery: only
// deliveries can be counted.)
//
// After fork() the child has no snapshot thread (starting one there could deadlock on
// locks the parent's other threads held at the fork): its signals are counted and
// served by its exit handler, with the usual coalescing line.
//
// The signal belongs to the program first: if it already has a disposition at start-up
// (inherited SIG_IGN, a handler from an earlier constructor), or the program installs a
// handler later (sigaction/signal are intercepted for that signal), the program's
// handler stays, LeakScope says so once and stops taking snapshots on that signal.
#pragma once

#include <signal.h>

namespace leakscope {

// From InitRuntime (options parsed): wake-up pipe, signal handler, exit handler, and
// the sigaction() hook (world/signal_chain.h) through which the program's calls about
// the snapshot signal reach this component.
void InitSnapshotTriggers();

}  // namespace leakscope
