// Full allocation stacks through code without frame pointers, on the allocation path.
//
// Debian's libc and libstdc++, and any binary run under `leakscope run`, are built
// without frame pointers: a frame-pointer walk stops (or goes astray) at the first of
// their frames. The hybrid walk follows each frame's DWARF CFI rule instead, from the
// module's .eh_frame compiled into rows (cfi_rules.h), and the frame-pointer chain only
// where no rule exists (JIT code, a gap in the CFI).
//
// What keeps it at frame-pointer cost:
//  * a function's CFI is compiled once, the first time one of its PCs is unwound (the
//    main program's whole, to learn whether every frame of it has a frame pointer:
//    then its return addresses are followed by frame pointer with no lookup);
//  * each thread caches the rules of the PCs it unwinds (a direct-mapped table of 256
//    entries): allocation stacks repeat, so a step is usually a hash, a compare and
//    two loads from the stack, as in the frame-pointer walk.
//
// What keeps it safe on the allocation path:
//  * modules are found with _dl_find_object (glibc 2.35), which takes no lock and does
//    not allocate, unlike dl_iterate_phdr and libgcc's unwinder;
//  * every read from the stack is checked against the thread's stack bounds
//    (stack_bounds.h) first; with unknown bounds a step may not go more than 1 MiB up;
//  * a thread that finds a module being compiled by another thread walks that frame by
//    its frame pointer instead of waiting;
//  * dlclose (intercepted here) drops the rules of unmapped modules and invalidates every
//    thread's cache, so a module loaded later at the same address gets its own rules.
//
// The signal trampoline (__restore_rt: `mov $15, %rax; syscall`) has no rule in this
// subset; a walk that meets it continues in the interrupted code from the saved
// ucontext, so allocations in signal handlers show the interrupted stack.
#pragma once

#include "base/common.h"
#include "stacks/stack_bounds.h"
#include "stacks/stack_depot.h"
#include "stacks/stack_trace.h"

namespace leakscope {

// Fills pcs[1..] with return addresses starting at the caller of the frame `fp` (a
// frame with a frame pointer: the allocation entry point's), after pcs[0] = entry_pc.
// Returns the number of entries, at most max. fast_unwind_on_malloc=1 selects the
// frame-pointer-only walk (stack_trace.h).
u32 UnwindStack(uptr *pcs, u32 max, uptr entry_pc, uptr fp);
// The same, also storing FrameHash(pcs, n) (stack_depot.h) in *frame_hash, computed
// during the walk: what the allocation path hands the depot.
u32 UnwindStackHashed(uptr *pcs, u32 max, uptr entry_pc, uptr fp, u64 *frame_hash);

// The hybrid walk itself (also for tests), with FrameHash(pcs, n) stored in *frame_hash.
u32 UnwindHybrid(uptr *pcs, u32 max, uptr entry_pc, uptr fp, u64 *frame_hash);

// ---- The walk's first part, inline on the allocation path ------------------------------
// The main program's code on the side of the wrappers' section that holds the program's
// entry point (_start, in .text with the program's code; the whole module when the
// wrappers lie outside it, as when the runtime is preloaded), once the main program is
// known to keep frame pointers in every function (0 until then): a return address in it
// needs neither a rule nor the wrapper check, so this loop makes one range test a
// frame. Set once, g_fp_fast_size last (release).
extern uptr g_fp_fast_start, g_fp_fast_size;

// The rest of the walk from the caller state (sp, rbp, ra), pcs[0..n) filled: every
// kind of step. Stores FrameHash(pcs, result) in *frame_hash.
u32 UnwindContinue(uptr *pcs, u32 n, u32 max, uptr hi, uptr sp, uptr rbp, uptr ra, u64 *frame_hash);

LS_ALWAYS_INLINE u32 UnwindHybridInline(uptr *pcs, u32 max, uptr entry_pc, uptr fp, u64 *frame_hash) {
  pcs[0] = entry_pc;
  u64 h = FrameHashStep(kFrameHashSeed, entry_pc);
  *frame_hash = h;
  // Unknown bounds: the main thread's top can be found; otherwise no frame beyond the
  // entry point is read (stack_bounds.h).
  uptr hi = tls_stack_hi;
  if (LS_UNLIKELY(!hi) && !(hi = DiscoverStackTop())) return 1;
  if ((fp & 7) || fp >= hi || hi - fp < 16 || max <= 1) return 1;
  // The entry point's own frame has a frame pointer: its caller's state.
  uptr rbp = ((uptr *)fp)[0];
  uptr ra = ((uptr *)fp)[1];
  // Runs of the main program's frames: the frame-pointer step with its checks and no
  // rule lookup, which keeps deep recursion at frame-pointer-walk cost. ra in the fast
  // range implies ra >= 0x1000 and ra outside the wrappers. `prev` is the frame just
  // left: a frame must lie above it (so the walk ends) and inside the stack, with its
  // 16 bytes readable.
  const uptr fast_size = __atomic_load_n(&g_fp_fast_size, __ATOMIC_ACQUIRE);  // first: it
  const uptr fast_start = g_fp_fast_start;  // publishes the start
  const uptr hi16 = hi - 16;
  u32 n = 1;
  uptr prev = fp;
#pragma clang loop unroll_count(2)
  while (ra - fast_start < fast_size) {
    pcs[n++] = ra;
    h = FrameHashStep(h, ra);
    if (n >= max || (rbp & 7) || rbp <= prev || rbp > hi16) {
      *frame_hash = h;
      return n;
    }
    prev = rbp;
    ra = ((uptr *)rbp)[1];
    rbp = ((uptr *)rbp)[0];
  }
  // The walk's usual end: main's or a thread start routine's caller.
  if (ra - (uptr)__start_leakscope_wrappers < kWrappersSize()) {
    *frame_hash = h;
    return n;
  }
  return UnwindContinue(pcs, n, max, hi, prev + 16, rbp, ra, frame_hash);
}

struct UnwindModuleStats {
  u32 modules;                // modules with CFI in use
  u32 rows;                   // rows over all of them
  u32 fdes;                   // FDEs compiled
  u32 frame_pointer_modules;  // of them, walked by frame pointers alone (the main program)
};
UnwindModuleStats GetUnwindModuleStats();

}  // namespace leakscope
