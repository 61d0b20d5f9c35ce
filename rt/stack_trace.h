// Frame-pointer unwinding of the calling thread, for the allocation fast path.
//
// Instrumented code keeps frame pointers (the pass forces them), but Debian's libc and
// libstdc++ do not: a frame reached from them may hold any value in its "saved frame
// pointer". So every frame is validated before it is read: it must be 8-byte
// aligned, strictly above the previous frame (stacks grow down) and inside the
// thread's stack when its bounds are known. An invalid frame ends the walk; it never
// faults.
#pragma once

#include "common.h"
#include "threads.h"

namespace leakscope {


// Fills pcs[1..] with return addresses starting at the caller of the frame `fp`,
// after pcs[0] = entry_pc. Returns the number of entries, at most max.
LS_ALWAYS_INLINE u32 UnwindFast(uptr *pcs, u32 max, uptr entry_pc, uptr fp) {
  u32 n = 0;
  pcs[n++] = entry_pc;
  uptr hi = tls_stack_hi;
  uptr outermost = tls_outermost_fp;
  // Without known bounds, trust frames within 1 MiB above the previous one.
  uptr lo = fp;
  while (n < max) {
    if (fp & 7) break;
    if (hi ? (fp < lo || fp + 16 > hi) : (fp - lo > (1u << 20))) break;
    uptr ra = ((uptr *)fp)[1];
    uptr next = ((uptr *)fp)[0];
    if (ra < 0x1000 || next == outermost) break;  // ra would be inside the runtime's wrapper
    pcs[n++] = ra;
    if (next <= fp) break;
    if (!hi) lo = fp;
    fp = next;
  }
  return n;
}

}  // namespace leakscope
