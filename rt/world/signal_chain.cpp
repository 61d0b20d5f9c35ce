#include "world/signal_chain.h"

#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include "base/common.h"
#include "base/locks.h"
#include "base/report_io.h"

namespace leakscope {


namespace {
SigactionFn g_real_sigaction;
int g_chained_sig;                 // 0 until InstallChainedHandler
SpinLock g_lock{LockRank::kSignalChain};  // writers only; the handler reads without it
LS_REGISTER_LOCK(g_lock);
// What the program believes is installed. Not GUARDED_BY: the handler reads it without
// the lock (a handler cannot take one), and accepts a torn read while the program
// changes its action for the stop signal (the program's own race, as with sigaction).
struct sigaction g_program_action;
}  // namespace

SigactionFn RealSigaction() {
  if (!g_real_sigaction) {
    g_real_sigaction = (SigactionFn)dlsym(RTLD_NEXT, "sigaction");
    if (!g_real_sigaction) Fatal("cannot find the real sigaction");
  }
  return g_real_sigaction;
}

void InstallChainedHandler(int sig, SigInfoHandler handler) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
  sigfillset(&sa.sa_mask);  // no program handler runs on top of a stopped thread
  memset(&old, 0, sizeof(old));
  if (RealSigaction()(sig, &sa, &old) != 0) Fatal("cannot install the handler for signal %d", sig);
  ScopedLock l(&g_lock);
  g_program_action = old;
  g_chained_sig = sig;
}

// SIGURG, SIGCHLD, SIGWINCH and SIGCONT (already continued) are ignored by default;
// for the others the default is to stop or terminate the process.
static bool DefaultIsIgnore(int sig) {
  return sig == SIGURG || sig == SIGCHLD || sig == SIGWINCH || sig == SIGCONT;
}

void ForwardToProgramHandler(int sig, siginfo_t *si, void *uc) {
  struct sigaction a = g_program_action;
  if (a.sa_flags & SA_SIGINFO) {
    if (a.sa_sigaction) a.sa_sigaction(sig, si, uc);
    return;
  }
  if (a.sa_handler == SIG_IGN) return;
  if (a.sa_handler == SIG_DFL) {
    if (DefaultIsIgnore(sig)) return;
    // Carry out the default action: reinstall it and let the signal be redelivered
    // when this handler returns and unblocks it.
    struct sigaction dfl;
    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    RealSigaction()(sig, &dfl, nullptr);
    raise(sig);
    return;
  }
  if (a.sa_flags & SA_RESETHAND) g_program_action.sa_handler = SIG_DFL;
  a.sa_handler(sig);
}

// Returns true when the call was about the chained signal (and handled here).
static bool ChainedSigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  if (!g_chained_sig || sig != g_chained_sig) return false;
  ScopedLock l(&g_lock);
  if (old) *old = g_program_action;
  if (act) g_program_action = *act;
  return true;
}

static SigactionHook g_sigaction_hook;

void SetSigactionHook(SigactionHook hook) { g_sigaction_hook = hook; }

}  // namespace leakscope

using namespace leakscope;

// The runtime's only sigaction()/signal() interceptors: the stop signal is chained
// here, the snapshot signal by the hook snapshot_trigger.cpp sets.
LS_INTERFACE int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  if (ChainedSigaction(sig, act, old)) return 0;
  int result;
  if (g_sigaction_hook && g_sigaction_hook(sig, act, old, &result)) return result;
  return RealSigaction()(sig, act, old);
}

LS_INTERFACE sighandler_t signal(int sig, sighandler_t handler) {
  struct sigaction act, old;
  memset(&act, 0, sizeof(act));
  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;  // BSD semantics, as glibc's signal()
  sigemptyset(&act.sa_mask);
  sigaddset(&act.sa_mask, sig);
  if (ChainedSigaction(sig, &act, &old)) return old.sa_handler;
  if (sig <= 0 || sig >= NSIG) {
    errno = EINVAL;
    return SIG_ERR;
  }
  if (sigaction(sig, &act, &old) != 0) return SIG_ERR;
  return old.sa_handler;
}
