// Frame-pointer unwinding of the calling thread, for the allocation fast path.
//
// Instrumented code keeps frame pointers (the pass forces them), but Debian's libc and
// libstdc++ do not: a frame reached from them may hold any value in its "saved frame
// pointer". So every frame is validated before it is read: it must be 8-byte
// aligned, strictly above the previous frame (stacks grow down) and inside the
// thread's stack, whose top must be known (stack_bounds.h). An invalid frame ends the
// walk; it never faults.
#pragma once

#include "base/common.h"
#include "stacks/stack_bounds.h"

// The runtime functions that call main() and thread start routines live in their own
// section (LS_OUTERMOST_WRAPPER); the linker defines its bounds. Unwinding stops at a
// return address inside them, so stacks end at main / the start routine: the frames
// below are the same for every allocation and only noise. A range check works whether
// or not the program keeps frame pointers (a frame-pointer-less function leaves the
// wrapper's frame pointer in place, so comparing frame addresses would stop too early).
#define LS_OUTERMOST_WRAPPER __attribute__((section("leakscope_wrappers"), noinline))
extern "C" __attribute__((visibility("hidden"))) char __start_leakscope_wrappers[];
extern "C" __attribute__((visibility("hidden"))) char __stop_leakscope_wrappers[];

namespace leakscope {

LS_ALWAYS_INLINE uptr kWrappersSize() {
  return (uptr)__stop_leakscope_wrappers - (uptr)__start_leakscope_wrappers;
}


// Fills pcs[1..] with return addresses starting at the caller of the frame `fp`,
// after pcs[0] = entry_pc. Returns the number of entries, at most max.
LS_ALWAYS_INLINE u32 UnwindFast(uptr *pcs, u32 max, uptr entry_pc, uptr fp) {
  u32 n = 0;
  pcs[n++] = entry_pc;
  uptr hi = tls_stack_hi;
  // Unknown bounds: the main thread's top can be found; otherwise no frame beyond the
  // entry point is read (a frame chain may lead anywhere).
  if (LS_UNLIKELY(!hi) && !(hi = DiscoverStackTop())) return n;
  uptr lo = fp;
  while (n < max) {
    if (fp & 7) break;
    if (fp < lo || fp >= hi || hi - fp < 16) break;  // no fp + 16: it may wrap
    uptr ra = ((uptr *)fp)[1];
    if (ra < 0x1000 || ra - (uptr)__start_leakscope_wrappers < kWrappersSize()) break;
    pcs[n++] = ra;
    uptr next = ((uptr *)fp)[0];
    if (next <= fp) break;
    fp = next;
  }
  return n;
}

}  // namespace leakscope
