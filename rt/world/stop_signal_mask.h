// Keeping the stop signal deliverable in threads that block every signal.
//
// Thread pools often block all signals in their workers (sigfillset, then
// pthread_sigmask(SIG_SETMASK): xz, ...) so that only one thread sees SIGINT. A thread
// that blocks the stop signal cannot be stopped: the leak check then scans its stack
// while it runs and misses its registers (stop_the_world.cpp warns "blocks signal N").
// So the mask interceptors (profile/snapshot_signal_owner.cpp holds them, for both
// signals) pass each call through FilterStopSignal:
//  * a call that blocks the stop signal together with SIGINT and SIGTERM (a thread that
//    wants no asynchronous signal at all) has the stop signal taken out, and the thread
//    remembers that the program believes it blocked;
//  * old masks reported back show it blocked while the program believes so, so a save
//    and restore pair sees what it set; a thread inherits its creator's belief, as it
//    inherits the mask;
//  * a call that blocks the stop signal without both (the program's own use of that
//    signal: SIGURG by default, also the kernel's out-of-band data signal) is applied
//    as it is, and such a thread is still reported as one that blocks it.
// Limits: a signal the program sends itself on that number (not a stop request) may
// now run the program's handler in such a thread, and sigwait() on it there no longer
// sees it (use stop_signal= another signal for a program that waits for SIGURG).
#pragma once

#include <signal.h>

namespace leakscope {

// Before the real call: *set is replaced by a copy in *storage when the stop signal is
// to be left out. After it, AfterMaskCall (result 0 only) updates the belief and adds
// the stop signal to *old when the program believes it blocked.
struct StopSignalMaskCall {
  bool was_hidden;  // the belief before the call (what *old must show)
};
void FilterStopSignal(int how, const sigset_t **set, sigset_t *storage, StopSignalMaskCall *call);
void AfterMaskCall(int how, const sigset_t *program_set, sigset_t *old, const StopSignalMaskCall &call);

// The runtime's own threads (clock, snapshot writer, helpers) block every signal, the
// stop signal included (they are never stopped, and no program handler may run on
// them): with the raw system call, so the filter above does not apply. sigfillset
// already leaves out glibc's internal signals (SIGCANCEL, SIGSETXID), as glibc's own
// pthread_sigmask does.
void BlockAllSignalsInRuntimeThread();

// For pthread_create: the creating thread's belief, and the new thread's, set first.
bool StopSignalHidden();
void SetStopSignalHidden(bool hidden);

}  // namespace leakscope
