#include "world/stop_signal_mask.h"

#include <sys/syscall.h>
#include <unistd.h>

#include "base/common.h"
#include "world/stop_the_world.h"

namespace leakscope {

// The program believes this thread blocks the stop signal; the real mask does not.
static __thread bool tls_stop_signal_hidden __attribute__((tls_model("initial-exec")));

void BlockAllSignalsInRuntimeThread() {
  sigset_t all;
  sigfillset(&all);
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, nullptr, sizeof(u64));
}

bool StopSignalHidden() { return tls_stop_signal_hidden; }
void SetStopSignalHidden(bool hidden) { tls_stop_signal_hidden = hidden; }

// Blocks every asynchronous signal, not the stop signal for itself.
static bool Wholesale(const sigset_t *set) {
  return sigismember(set, SIGINT) == 1 && sigismember(set, SIGTERM) == 1;
}

void FilterStopSignal(int how, const sigset_t **set, sigset_t *storage, StopSignalMaskCall *call) {
  call->was_hidden = tls_stop_signal_hidden;
  int sig = StopSignal();
  if (!sig || !*set || how == SIG_UNBLOCK) return;
  if (sigismember(*set, sig) != 1 || !Wholesale(*set)) return;
  *storage = **set;
  sigdelset(storage, sig);
  *set = storage;
}

void AfterMaskCall(int how, const sigset_t *program_set, sigset_t *old, const StopSignalMaskCall &call) {
  int sig = StopSignal();
  if (!sig) return;
  if (old && call.was_hidden) sigaddset(old, sig);
  if (!program_set) return;
  bool names_it = sigismember(program_set, sig) == 1;
  if (how == SIG_UNBLOCK) {
    if (names_it) tls_stop_signal_hidden = false;
  } else if (how == SIG_SETMASK) {
    tls_stop_signal_hidden = names_it && Wholesale(program_set);
  } else if (how == SIG_BLOCK && names_it && Wholesale(program_set)) {
    tls_stop_signal_hidden = true;
  }
}

}  // namespace leakscope
