// Raw clone() helper threads (helper_threads.h).
#include "world/helper_threads.h"

#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/runtime_mappings.h"
#include "options.h"

namespace leakscope {

static constexpr uptr kHelperStack = 256 * 1024;

static int HelperMain(void *arg) {
  HelperThread *h = (HelperThread *)arg;
  sigset_t all;
  sigfillset(&all);
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, nullptr, sizeof(u64));
  return h->fn(h->arg);
}

bool StartHelperThread(HelperThread *h, int (*fn)(void *arg), void *arg) {
  h->fn = fn;
  h->arg = arg;
  h->stack = mmap(nullptr, kHelperStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (h->stack == MAP_FAILED) return false;
  RegisterRuntimeMapping(h->stack, kHelperStack);
  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
              CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  h->tid = 0;
  int tid = clone(HelperMain, (char *)h->stack + kHelperStack, flags, h, &h->tid, nullptr, &h->tid);
  if (tid <= 0) {
    UnregisterRuntimeMapping(h->stack);
    munmap(h->stack, kHelperStack);
    return false;
  }
  return true;
}

void JoinHelperThread(HelperThread *h) {
  pid_t tid;
  while ((tid = __atomic_load_n(&h->tid, __ATOMIC_ACQUIRE)) != 0)
    syscall(SYS_futex, &h->tid, FUTEX_WAIT, tid, nullptr, nullptr, 0);
  UnregisterRuntimeMapping(h->stack);
  munmap(h->stack, kHelperStack);
}

int WorkerCount() {
  int n = g_options.mark_threads;
  if (n <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
  }
  return n;
}

}  // namespace leakscope
