// What makes heap snapshots happen: a signal (snapshot_signal, SIGUSR1 by default), a
// period (snapshot_interval_s), the program's exit (snapshot_at_exit).
//
// The signal belongs to the runtime while it owns it: it is blocked in every program
// thread (blocked at start-up in the first thread, inherited by every thread created
// after, kept blocked by snapshot_signal_owner.cpp) and taken by the snapshot thread
// through a signalfd, so a request never interrupts the program (a sleep(), poll() or
// read() of a program thread never returns early with EINTR because of it). raise() and
// pthread_kill() of the signal count a request directly. A handler stays installed for
// the threads where it is unblocked anyway: it only counts the request and writes one
// byte to a non-blocking pipe (both async-signal-safe), and blocks the signal in that
// thread again. The snapshot thread, a runtime thread blocking every signal, wakes on
// the pipe or the signalfd and writes the snapshot. Requests that arrive while it is
// busy are served by one snapshot, and a log line says how many it covered; requests
// still pending at exit are served by the exit handler, so none is dropped silently.
// The exit handler (and snapshot_at_exit's snapshot) runs when main returns or exit()
// is called, before static destructors and atexit handlers (world/before_destructors.h).
// (The kernel itself merges a signal sent again before its first delivery: only
// deliveries can be counted.)
//
// After fork() the child has no snapshot thread (starting one there could deadlock on
// locks the parent's other threads held at the fork): the signal is unblocked there and
// interrupts the child as it did before this design; its requests are counted and
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

// For snapshot_signal_owner.cpp, the interceptors that keep the signal blocked.
// The trigger signal while the runtime owns it (its handler is the disposition, the
// program has not taken the signal over), else 0.
int OwnedSnapshotSignal();
// A request, as the handler counts it. Async-signal-safe.
void CountSnapshotRequest();
// The program takes the signal over (installs a handler, ignores it, waits for it):
// LeakScope says so once and stops taking snapshots on it; `unblock` gives the signal
// back to the calling thread.
void YieldSnapshotSignal(const char *how, bool unblock);
// Set around exec-like calls, while the signal is unblocked in the calling thread so
// that the new program starts without it blocked: the handler then leaves it unblocked.
extern __thread int tls_snapshot_signal_open __attribute__((tls_model("initial-exec")));

}  // namespace leakscope
