// The before-exit hooks (before_exit.h). start_main.cpp runs them when main returns,
// and registers RunBeforeExitHooks with atexit() just before main starts: atexit
// handlers run in reverse order of registration, so when the program calls exit()
// the hooks run before the destructors of every static object constructed before main
// (and long before the leak check, registered first of all). exit() itself is
// interposed by exit_frame.cpp, which notes where the live frames end, so the hooks'
// stack scans, like the check's, skip the dead frames below.
#include "world/before_exit.h"

#include <unistd.h>

#include "base/common.h"

namespace leakscope {

namespace {
constexpr int kMaxBeforeExitHooks = 8;
BeforeExitHook g_hooks[kMaxBeforeExitHooks];
int g_num_hooks;
pid_t g_ran_in;  // the process that ran the hooks (0: none yet)
}  // namespace

void AddBeforeExitHook(BeforeExitHook hook) {
  if (g_num_hooks < kMaxBeforeExitHooks) g_hooks[g_num_hooks++] = hook;
}

void RunBeforeExitHooks() {
  pid_t self = getpid();
  if (__atomic_exchange_n(&g_ran_in, self, __ATOMIC_ACQ_REL) == self) return;
  for (int i = 0; i < g_num_hooks; i++) g_hooks[i]();
}

}  // namespace leakscope
