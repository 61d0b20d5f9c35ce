// The "before destructors" point (see before_destructors.h). Two callers: the exit()
// interceptor (exit_frame.cpp) when the program calls exit(), and the __libc_start_main
// wrapper (start_main.cpp) when main returns (libc's own call to exit after main does
// not go through the interposed symbol).
#include "world/before_destructors.h"

#include <unistd.h>

#include "base/report_io.h"

namespace leakscope {

namespace {
void (*g_hooks[kMaxBeforeDestructorsHooks])();
int g_num_hooks;
int g_ran;        // 0, then 1 once a thread started running the hooks
pid_t g_ran_pid;  // the process that ran them (a forked child runs its own)
}  // namespace

void AddBeforeDestructorsHook(void (*fn)()) {
  if (g_num_hooks == kMaxBeforeDestructorsHooks) Fatal("too many before-destructors hooks");
  g_hooks[g_num_hooks++] = fn;
}

void RunBeforeDestructorsHooks() {
  pid_t pid = getpid();
  if (__atomic_load_n(&g_ran, __ATOMIC_ACQUIRE) && g_ran_pid == pid) return;
  if (__atomic_exchange_n(&g_ran, 1, __ATOMIC_ACQ_REL) && g_ran_pid == pid) return;
  g_ran_pid = pid;
  for (int i = 0; i < g_num_hooks; i++) g_hooks[i]();
}

}  // namespace leakscope

