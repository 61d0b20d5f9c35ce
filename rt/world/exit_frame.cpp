// exit() interposed, to note where the live frames end (see exit_frame.h).
//
// The entry is naked: a compiled function could keep a stale word in its frame's
// padding, or save a callee-saved register in its own frame after overwriting it.
// Here the six callee-saved registers are pushed first, so the live region
// [floor, stack top) holds them, then the return address and the callers' frames, and
// nothing else. The other registers are dead across the call.
#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/report_io.h"
#include "world/exit_frame.h"

namespace leakscope {

namespace {
uptr g_exit_floor;  // written once, by the first exit() call
int g_exit_tid;
uptr g_main_floor;  // start_main.cpp, once main returned
}  // namespace

void NoteMainReturned(uptr wrapper_frame) {
  __atomic_store_n(&g_main_floor, wrapper_frame, __ATOMIC_RELEASE);
}

uptr LiveStackFloorAtExit(int tid) {
  uptr exit_floor = __atomic_load_n(&g_exit_floor, __ATOMIC_ACQUIRE);
  if (exit_floor && __atomic_load_n(&g_exit_tid, __ATOMIC_RELAXED) == tid) return exit_floor;
  uptr main_floor = __atomic_load_n(&g_main_floor, __ATOMIC_ACQUIRE);
  if (main_floor && tid == getpid()) return main_floor;
  return 0;
}

}  // namespace leakscope

using namespace leakscope;

typedef void (*ExitFn)(int);

extern "C" __attribute__((visibility("hidden"), noreturn, used)) void LeakScopeExitWithFloor(
    int status, uptr floor) {
  uptr expected = 0;
  if (__atomic_compare_exchange_n(&g_exit_floor, &expected, floor, false, __ATOMIC_RELAXED,
                                  __ATOMIC_RELAXED)) {
    __atomic_store_n(&g_exit_tid, (int)syscall(SYS_gettid), __ATOMIC_RELAXED);
    __atomic_store_n(&g_exit_floor, floor, __ATOMIC_RELEASE);
  }
  ExitFn real = (ExitFn)dlsym(RTLD_NEXT, "exit");
  if (!real) Fatal("cannot find the real exit");
  real(status);
  __builtin_unreachable();
}

// At entry %rsp is 8 mod 16 (the call pushed the return address); six pushes keep it
// so, and one more slot aligns it for the call.
extern "C" __attribute__((visibility("default"), naked, noreturn)) void exit(int) {
  __asm__ volatile(
      "push %rbp\n\t"
      "push %rbx\n\t"
      "push %r12\n\t"
      "push %r13\n\t"
      "push %r14\n\t"
      "push %r15\n\t"
      "mov %rsp, %rsi\n\t"
      "sub $8, %rsp\n\t"
      "call LeakScopeExitWithFloor\n\t"
      "ud2\n\t");
}
