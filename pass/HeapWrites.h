// Shadow bookkeeping of heap writes: before every instruction that may write heap
// memory, record the current epoch in the shadow byte of a granule written, so the
// runtime can tell memory in use from memory that is reachable but no longer touched.
//
// For a store, atomic store, atomicrmw or cmpxchg to %p (and a load, with track_loads):
//
//   %e    = load atomic i8, ptr @__leakscope_epoch monotonic ; once per stretch, see below
//   %a    = ptrtoint ptr %p to i64                             ; all !nosanitize
//   br (icmp eq (lshr %a, 41), HEAP_TAG), label %check, label %cont   ; p in the heap?
// check:
//   %s    = inttoptr (lshr %a, 4)                              ; shadow(p) = p >> 4
//   %old  = load atomic i8, ptr %s unordered                   ; check before write:
//   br (icmp ne %old, %e), label %mark, label %cont            ; read-mostly memory
// mark:                                          (cold)        ; stays clean
//   store atomic i8 %e, ptr %s unordered
// cont:
//   store ...                                                  ; the original write
//
// On x86-64 that is 8 instructions on the heap path (mov, shr, cmp, jne, mov, shr,
// cmp-with-memory, jne), 4 off it, no 64-bit immediates (abi.h chose the layout for
// that). The shadow load and store are `unordered`: racing byte stores of the same or a
// newer epoch are expected, and unlike monotonic this ordering lets the backend fold
// the load into the compare.
//
// For x86-64 targets the pass emits exactly those instructions as one inline asm
// statement per access instead (the mark is then a store skipped by a forward branch,
// not a cold block): three blocks per access made code generation of large files
// markedly slower (sqlite3.c at -O2: llc ~1.35x plain with blocks, ~1.17x with asm),
// for the same instructions at run time. Other targets, and -leakscope-inline-asm=0,
// get the IR form above.
//
// Only what the runtime needs is recorded: it asks for the epoch of an object, the
// latest over its granules, so marking any one granule of the object written makes the
// object current. Hence (per-granule bytes are a lower bound, not exact):
//  * memset/memcpy/memmove mark the granule of their destination like a store does
//    (no call, no loop over the range); a length that may be 0 is tested first;
//  * an access to an object already marked is skipped: same pointer after stripping
//    inbounds offsets (an inbounds GEP stays in its object), earlier in the block or on
//    every path into the block (an intersection over its predecessors), with no call
//    in between. A call may block or run long while a snapshot advances the epoch, so
//    it ends the stretch; so does a loop's back edge, so every iteration marks again;
//  * in an innermost loop without calls, an access executed on every iteration and
//    before any exit (its block dominates every latch and exiting block) to an object
//    fixed for the whole loop (the pointer, stripped of inbounds offsets, is defined
//    outside it), not volatile and not atomic, is checked once in the loop's preheader
//    instead, on that base pointer. What this gives up: a call-free loop that runs for
//    longer than stale_after_s on one object leaves it stamped when the loop was
//    entered (a snapshot taken during the loop may call it stale; the next access after
//    the loop stamps it again). Volatile and atomic accesses (spin-waits) are never
//    hoisted.
//
// The epoch is loaded once per stretch of straight-line code without calls (a block
// and the blocks that have it as their only predecessor), right before its first
// access. Epochs are racy by design: an advance in the middle of a stretch is seen at
// the next call or loop iteration at the latest, so writes after it in the same
// stretch may record the previous epoch, as may writes racing the advance on another
// thread. Writes by uninstrumented code (libc, other libraries) are not seen.
//
// What is skipped, and why:
//  * pointers whose underlying objects are all allocas, byval arguments or globals: stack
//    and static memory are never heap;
//  * instructions already !nosanitize (other instrumentation's bookkeeping).
#pragma once

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Module.h"

namespace leakscope {

// What the instrumenter did, for LEAKSCOPE_PASS_OPTIONS=stats=1 (PassOptions.h).
struct HeapAccessStats {
  // Accesses instrumented, by kind.
  unsigned Stores = 0, Atomics = 0, Loads = 0, MemIntrinsicDests = 0, MemIntrinsicSources = 0;
  // Accesses skipped, by reason (see "What is skipped" above and the deduplication).
  unsigned NotHeap = 0, AlreadyMarked = 0, ZeroLength = 0, NoSanitize = 0;
  // Accesses in call-free loops checked once in the preheader (Hoisted: the checks
  // made there; HoistedAccesses: the accesses they stand for).
  unsigned Hoisted = 0, HoistedAccesses = 0;
};

class HeapAccessInstrumenter {
 public:
  HeapAccessInstrumenter(llvm::Module &M, bool TrackWrites, bool TrackLoads);
  // Instruments F; returns the number of accesses instrumented.
  unsigned Instrument(llvm::Function &F);
  const HeapAccessStats &Stats() const { return Counts; }

 private:
  struct Access {
    llvm::Instruction *I;
    llvm::Value *Ptr;
    llvm::Value *Length;  // a mem intrinsic's length when it may be 0, else null
    int EpochFrom;        // index of the access whose epoch load this one uses
  };
  using ObjectSet = llvm::SmallPtrSet<const llvm::Value *, 8>;
  struct BlockState {
    ObjectSet Marked;    // objects already marked, with no call since
    int EpochFrom = -1;  // access whose epoch load is available here, or -1
  };
  void Collect(llvm::BasicBlock &BB, BlockState &S, llvm::SmallVectorImpl<Access> &Out);
  // The preheader to check `Ptr` in instead of at I (see the header), or null.
  llvm::BasicBlock *HoistTarget(llvm::Instruction &I, llvm::Value *Ptr);
  // Per function: loops, and which of them contain a call (themselves or nested).
  llvm::DominatorTree *DT = nullptr;
  llvm::LoopInfo *LI = nullptr;
  llvm::SmallPtrSet<const llvm::Loop *, 16> LoopsWithCalls;
  // Preheader -> base pointers to check there, in the order found.
  llvm::MapVector<llvm::BasicBlock *, llvm::SmallVector<llvm::Value *, 4>> Hoisted;
  void InstrumentOne(const Access &A, llvm::Value *Epoch);
  void InstrumentOneAsm(const Access &A, llvm::Value *Epoch);
  // The check's inline asm, built once per module: [0] for a store, [1] for a mem
  // intrinsic whose length may be 0.
  llvm::InlineAsm *CheckAsm(bool WithLength);
  void MarkNoSanitize(llvm::Instruction *I);
  void MarkNoSanitize(llvm::BasicBlock::iterator From, llvm::BasicBlock::iterator To);

  llvm::Module &M;
  bool TrackWrites, TrackLoads;
  bool UseAsm;  // x86-64: one inline asm statement per access
  llvm::GlobalVariable *Epoch;
  llvm::InlineAsm *CheckAsms[2] = {nullptr, nullptr};
  llvm::MDNode *NoSanitize;  // the empty !nosanitize node
  HeapAccessStats Counts;
};

}  // namespace leakscope
