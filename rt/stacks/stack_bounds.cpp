// The main thread's stack top, found on the first unwind that needs it.
//
// In preload mode the program, ld.so and the libraries loaded before the runtime
// allocate before the runtime's constructor runs (GNU as does, through libbfd), so the
// thread registry has not written the bounds yet. The unwinder must still never read
// outside the stack: a frame chain through code without frame pointers (Debian's libc)
// holds arbitrary values, and above the outermost frame lies the end of the stack
// mapping. __libc_stack_end is written by ld.so before any user code runs and lies in
// the main thread's stack, above every frame; the stack's extent below it is bounded
// by RLIMIT_STACK. Only syscalls, no malloc: this runs inside malloc.
//
// A thread other than the main one with unknown bounds (a raw clone, or a pthread in
// the moment before it registers) gets no bound here: the unwinder then records only
// the allocation entry point.
#include "stacks/stack_bounds.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" void *__libc_stack_end;

namespace leakscope {

// The most the main stack can reach below its top when the rlimit says "unlimited".
static constexpr uptr kMaxMainStack = 1ull << 30;

uptr DiscoverStackTop() {
  if ((long)syscall(SYS_gettid) != (long)syscall(SYS_getpid) || !__libc_stack_end) return 0;
  uptr top = RoundUp((uptr)__libc_stack_end, kPageSize);
  rlimit rl;
  uptr limit = kMaxMainStack;
  if (syscall(SYS_getrlimit, RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      rl.rlim_cur < limit)
    limit = rl.rlim_cur;
  // The caller must run on that stack (not on a sigaltstack, nor in a child forked
  // from another thread, whose tid is its pid too).
  uptr here = (uptr)__builtin_frame_address(0);
  if (here >= top || top - here > limit) return 0;
  tls_stack_hi = top;
  return top;
}

}  // namespace leakscope
