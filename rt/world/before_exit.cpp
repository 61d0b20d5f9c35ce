// The before-exit hooks (before_exit.h) and the exit() interceptor that runs them when
// the program calls exit() itself; start_main.cpp runs them when main returns (glibc's
// own call to exit from __libc_start_main does not go through the interceptor).
#include "world/before_exit.h"

#include <dlfcn.h>
#include <unistd.h>

#include "base/common.h"
#include "base/report_io.h"

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

using namespace leakscope;

LS_INTERFACE void exit(int status) {
  typedef void (*ExitFn)(int);
  static ExitFn real;
  if (!real) real = (ExitFn)dlsym(RTLD_NEXT, "exit");
  if (!real) _exit(status);
  RunBeforeExitHooks();
  real(status);
  __builtin_unreachable();
}
