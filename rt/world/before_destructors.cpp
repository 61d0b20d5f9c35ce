// The "before destructors" point (see before_destructors.h) and the exit() interceptor
// that reaches it when the program exits without returning from main. main returning
// is seen by the __libc_start_main wrapper (start_main.cpp): libc's own call to exit
// after main does not go through the interposed symbol.
#include "world/before_destructors.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/report_io.h"
#include "stacks/stack_bounds.h"

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

using namespace leakscope;

typedef void (*ExitFn)(int);

// Zeroes the dead stack below the caller, as the leak check does (leak_checks.cpp):
// exit()'s frames and the hooks' are laid out over what the program's returned calls
// left there, often the very pointer that leaked; the at-exit leak check, which scans
// from its own frame up, would see it in their uninitialised slots. exit() never
// returns, so everything below it is dead.
LS_NOINLINE static void ClearDeadStackBelow() {
  uptr sp;
  __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
  uptr lo = tls_stack_lo;
  uptr n = lo ? 32768 : 2048;
  if (lo && sp - n < lo + 4096) n = sp > lo + 4096 ? sp - lo - 4096 : 0;
  void *dst = __builtin_alloca(n);
  __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(0) : "memory");
}

LS_NOINLINE static void ExitSlowPath(int status) {
  static ExitFn real;
  if (!real) real = (ExitFn)dlsym(RTLD_NEXT, "exit");
  RunBeforeDestructorsHooks();
  if (!real) _exit(status);  // cannot happen with glibc; never return from exit
  ClearDeadStackBelow();
  real(status);
  __builtin_unreachable();
}

// Reached from the exit() below with the caller-saved registers zeroed.
extern "C" __attribute__((noreturn, used, visibility("hidden"))) void __leakscope_exit_impl(
    int status) {
  ClearDeadStackBelow();
  ExitSlowPath(status);
  __builtin_unreachable();
}

// Naked, so that no prologue spills the caller's scratch registers: a compiled exit()
// pushes %rax for stack alignment, and in `p = malloc(n); p = 0; exit(0);` at -O0 %rax
// still holds the leaked pointer, which the at-exit check then finds on exit()'s frame.
// The stub zeroes every caller-saved register but the argument and jumps on.
LS_INTERFACE __attribute__((naked, noreturn)) void exit(int) noexcept {
  __asm__ volatile(
      "xorl %eax, %eax\n\txorl %ecx, %ecx\n\txorl %edx, %edx\n\txorl %esi, %esi\n\t"
      "xorl %r8d, %r8d\n\txorl %r9d, %r9d\n\txorl %r10d, %r10d\n\txorl %r11d, %r11d\n\t"
      "jmp __leakscope_exit_impl");
}
