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

struct UnwindModuleStats {
  u32 modules;                // modules with CFI in use
  u32 rows;                   // rows over all of them
  u32 fdes;                   // FDEs compiled
  u32 frame_pointer_modules;  // of them, walked by frame pointers alone (the main program)
};
UnwindModuleStats GetUnwindModuleStats();

}  // namespace leakscope
