// Sharing the stop signal with the program.
//
// The stop-the-world handler must stay installed for the life of the process, but the
// program may want the same signal (SIGURG, the default, is also what the kernel sends
// for out-of-band socket data). So sigaction() and signal() are intercepted for that
// one signal: the program's handler is recorded, not installed, and sigaction() reports
// back what the program last set, as if it had been installed. Signals that are not
// stop requests are forwarded to the recorded handler (or dropped, for SIG_IGN and for
// SIG_DFL when the default action is to ignore; a SIG_DFL whose default is to
// terminate is carried out).
//
// Limits: the program's handler runs with every signal blocked (the stop handler's
// mask) instead of its own sa_mask; sigset(), sysv_signal() and raw rt_sigaction
// syscalls are not intercepted.
#pragma once

#include <signal.h>

namespace leakscope {

typedef void (*SigInfoHandler)(int, siginfo_t *, void *);
typedef int (*SigactionFn)(int, const struct sigaction *, struct sigaction *);

// libc's sigaction, behind the interceptor (signal_chain.cpp holds the only one).
SigactionFn RealSigaction();

// Installs `handler` for `sig` (SA_SIGINFO | SA_RESTART | SA_ONSTACK, every signal
// blocked while it runs) and keeps the previous disposition as the program's.
void InstallChainedHandler(int sig, SigInfoHandler handler);

// Calls what the program installed for `sig`. Async-signal-safe.
void ForwardToProgramHandler(int sig, siginfo_t *si, void *uc);

// A component above this one that owns another signal (the snapshot trigger) sees
// every sigaction() call first: the hook returns true, with the call's result in
// *result, when the call was about its signal. Set once at start-up, before threads.
typedef bool (*SigactionHook)(int sig, const struct sigaction *act, struct sigaction *old,
                              int *result);
void SetSigactionHook(SigactionHook hook);

}  // namespace leakscope
