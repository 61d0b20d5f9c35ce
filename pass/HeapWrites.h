// Shadow bookkeeping of heap writes: before every instruction that may write heap
// memory, record the current epoch in the shadow byte of the granule written, so the
// runtime can tell memory in use from memory that is reachable but no longer touched.
//
// For a store, atomic store, atomicrmw or cmpxchg to %p (and a load, with track_loads):
//
//   %a    = ptrtoint ptr %p to i64                                 ; all !nosanitize
//   %in   = icmp eq (lshr %a, 41), HEAP_TAG                        ; p in the heap range
//   %s    = select %in, inttoptr (lshr %a, 4), @__leakscope_epoch  ; shadow(p) = p >> 4
//   %e    = load atomic i8, ptr @__leakscope_epoch monotonic
//   %old  = load atomic i8, ptr %s monotonic                       ; check before write:
//   br (and %in, (icmp ne %old, %e)), label %mark, label %cont      ; read-mostly memory
// mark:                                                            ; stays clean
//   store atomic i8 %e, ptr %s monotonic
// cont:
//   store ...                                                      ; the original write
//
// One branch and no 64-bit immediates per access (abi.h chose the layout for that): a
// pointer outside the heap reads a harmless byte (the epoch) instead of its shadow.
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

#include "llvm/ADT/SmallPtrSet.h"
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
  using ObjectSet = llvm::SmallPtrSet<const llvm::Value *, 8>;
  void Collect(llvm::BasicBlock &BB, ObjectSet &Marked, llvm::SmallVectorImpl<Access> &Out);
  void InstrumentOne(const Access &A);

  llvm::Module &M;
  bool TrackWrites, TrackLoads;
  llvm::GlobalVariable *Epoch;
  llvm::FunctionCallee ShadowRange;
};

}  // namespace leakscope
