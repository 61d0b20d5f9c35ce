// The main thread's stack top, found on the first unwind that needs it.
//
// In preload mode the program's .preinit_array functions and the libraries initialised
// before the runtime allocate before the runtime's constructor runs, so the thread
// registry has not written the bounds yet. The unwinder must still never read
// outside the stack: a frame chain through code without frame pointers (Debian's libc)
// holds arbitrary values, and above the outermost frame lies the end of the stack
// mapping. __libc_stack_end is written by ld.so before any user code runs and lies in
// the main thread's stack, above every frame; the stack's extent below it is bounded
// by RLIMIT_STACK. Only syscalls, no malloc: this runs inside malloc.
//
// Another thread with unknown bounds is a pthread in the moment before it registers
// (pthread_getattr_np, which the registry calls for the bounds, allocates) or a raw
// clone. For a pthread, glibc puts the thread's TCB, which the thread pointer (%fs
// base) addresses, at the top of its stack mapping, above every frame: that is the
// bound when [current frame, thread pointer) is one mapped stretch (mincore, one
// syscall per thread). Otherwise (a raw clone with a TLS block of its own, a clone
// sharing another thread's thread pointer, a sigaltstack) the bound is the end of the
// mapped stretch above the current frame, at most 1 MiB up (mincore again): reads stay
// in mapped memory, so the walk cannot fault, and the frames found are kept.
#include "stacks/stack_bounds.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" void *__libc_stack_end;

namespace leakscope {

// The most the main stack can reach below its top when the rlimit says "unlimited".
static constexpr uptr kMaxMainStack = 1ull << 30;

// The most a pthread's frames and static TLS may span below its TCB for the bound to be
// trusted.
static constexpr uptr kMaxThreadSpan = 64ull << 20;

static uptr ThreadTop(uptr here) {
  uptr tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  if (tp <= here || tp - here > kMaxThreadSpan) return 0;
  unsigned char vec[1024];  // one byte per page, 1024 pages at a time
  for (uptr p = RoundDown(here, kPageSize); p < tp;) {
    uptr len = tp - p < 1024 * kPageSize ? tp - p : 1024 * kPageSize;
    if (syscall(SYS_mincore, p, len, vec) != 0) return 0;  // ENOMEM: a hole
    p += len;
  }
  tls_stack_hi = tp;
  return tp;
}

// The most an unknown stack is trusted above the current frame.
static constexpr uptr kMaxUnknownSpan = 1u << 20;

// The end of the run of mapped pages from `here` up, at most kMaxUnknownSpan above it.
static uptr MappedTop(uptr here) {
  uptr p = RoundDown(here, kPageSize), end = here + kMaxUnknownSpan;
  unsigned char vec[16];
  while (p < end) {
    if (syscall(SYS_mincore, p, 16 * kPageSize, vec) != 0) {  // a hole within 16 pages
      while (p < end && syscall(SYS_mincore, p, kPageSize, vec) == 0) p += kPageSize;
      break;
    }
    p += 16 * kPageSize;
  }
  if (p > end) p = end;
  if (p <= here) return 0;
  tls_stack_hi = p;
  return p;
}

uptr DiscoverStackTop() {
  if ((long)syscall(SYS_gettid) != (long)syscall(SYS_getpid)) {
    uptr here = (uptr)__builtin_frame_address(0);
    if (uptr top = ThreadTop(here)) return top;
    return MappedTop(here);
  }
  if (!__libc_stack_end) return 0;
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
