// Shadow bookkeeping of heap writes: before every instruction that may write heap
// memory, record the current epoch in the shadow byte of the granule written, so the
// runtime can tell memory in use from memory that is reachable but no longer touched.
//
// For a store, atomic store, atomicrmw or cmpxchg to %p (and a load, with track_loads):
//
//   %a   = ptrtoint ptr %p to i64                                  ; all !nosanitize
//   %off = sub i64 %a, HEAP_BASE
//   br (icmp ult %off, HEAP_SIZE), label %heap, label %cont
// heap:
//   %e   = load atomic i8, ptr @__leakscope_epoch monotonic
//   %s   = inttoptr (add (lshr %off, 4), SHADOW_BASE)
//   %old = load atomic i8, ptr %s monotonic
//   br (icmp ne %old, %e), label %mark, label %cont                ; check before write:
// mark:                                                            ; read-mostly memory
//   store atomic i8 %e, ptr %s monotonic                           ; stays clean
// cont:
//   store ...                                                      ; the original write
//
// memset/memcpy/memmove call __leakscope_shadow_range(dst, len) behind the same range check.
//
// What is skipped, and why:
//  * pointers whose underlying objects are all allocas, byval arguments or globals: stack
//    and static memory are never heap;
//  * a second access to the same object (same pointer after stripping inbounds offsets)
//    in one basic block with no call in between: the runtime asks for the epoch of an
//    object, the max over its granules, and the first access already marked one of them
//    with the current epoch (per-granule bytes are therefore a lower bound, not exact);
//  * instructions already !nosanitize (other instrumentation's bookkeeping).
// The epoch is loaded at each marked access (a relaxed load of a byte in L1): a loop in
// a long-running function sees every advance. Writes racing an advance may record the
// previous epoch; writes by uninstrumented code (libc, other libraries) are not seen.
#pragma once

#include "llvm/IR/Module.h"

namespace leakscope {

class HeapAccessInstrumenter {
 public:
  HeapAccessInstrumenter(llvm::Module &M, bool TrackWrites, bool TrackLoads);
  // Instruments F; returns the number of accesses instrumented.
  unsigned Instrument(llvm::Function &F);

 private:
  struct Access {
    llvm::Instruction *I;
    llvm::Value *Ptr;
    llvm::Value *Length;  // mem intrinsics only
  };
  void Collect(llvm::BasicBlock &BB, llvm::SmallVectorImpl<Access> &Out);
  void InstrumentOne(const Access &A);

  llvm::Module &M;
  bool TrackWrites, TrackLoads;
  llvm::GlobalVariable *Epoch;
  llvm::FunctionCallee ShadowRange;
};

}  // namespace leakscope
