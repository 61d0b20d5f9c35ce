#include "HeapWrites.h"

#include "abi.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace leakscope {

HeapAccessInstrumenter::HeapAccessInstrumenter(Module &M, bool TrackWrites, bool TrackLoads)
    : M(M), TrackWrites(TrackWrites), TrackLoads(TrackLoads) {
  LLVMContext &C = M.getContext();
  Type *I8 = Type::getInt8Ty(C);
  Epoch = M.getGlobalVariable(LEAKSCOPE_EPOCH_SYMBOL);
  if (!Epoch)
    Epoch = new GlobalVariable(M, I8, false, GlobalValue::ExternalLinkage, nullptr,
                               LEAKSCOPE_EPOCH_SYMBOL);
  AttributeList Attrs = AttributeList().addFnAttribute(C, Attribute::NoUnwind);
  ShadowRange = M.getOrInsertFunction(LEAKSCOPE_SHADOW_RANGE_SYMBOL, Attrs, Type::getVoidTy(C),
                                      PointerType::getUnqual(C), Type::getInt64Ty(C));
}

// True when no object P may point to can be heap memory.
static bool CannotBeHeap(const Value *P) {
  if (P->getType()->getPointerAddressSpace() != 0) return true;  // not the program's heap
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(P, Objects);
  for (const Value *O : Objects) {
    if (isa<AllocaInst>(O) || isa<GlobalVariable>(O)) continue;  // stack, static storage
    if (auto *A = dyn_cast<Argument>(O); A && A->hasByValAttr()) continue;  // a stack copy
    if (isa<ConstantPointerNull>(O) || isa<UndefValue>(O)) continue;
    return false;
  }
  return true;
}

void HeapAccessInstrumenter::Collect(BasicBlock &BB, ObjectSet &Marked,
                                     SmallVectorImpl<Access> &Out) {
  auto Add = [&](Instruction &I, Value *Ptr, Value *Length) {
    if (CannotBeHeap(Ptr)) return;
    const Value *Object = Ptr->stripInBoundsOffsets();
    if (!Length && !Marked.insert(Object).second) return;
    if (Length) Marked.insert(Object);
    Out.push_back({&I, Ptr, Length});
  };
  for (Instruction &I : BB) {
    if (I.hasMetadata(LLVMContext::MD_nosanitize)) continue;
    if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {  // memset, memcpy, memmove (+ .inline)
      if (TrackWrites) Add(I, MI->getDest(), MI->getLength());
      if (auto *MT = dyn_cast<MemTransferInst>(MI); MT && TrackLoads)
        Add(I, MT->getSource(), MT->getLength());
      continue;
    }
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      // A call may run long (or block): later accesses must see a fresh epoch.
      if (!isa<IntrinsicInst>(CB)) Marked.clear();
      continue;
    }
    if (TrackWrites) {
      if (auto *S = dyn_cast<StoreInst>(&I)) Add(I, S->getPointerOperand(), nullptr);
      else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) Add(I, RMW->getPointerOperand(), nullptr);
      else if (auto *X = dyn_cast<AtomicCmpXchgInst>(&I)) Add(I, X->getPointerOperand(), nullptr);
    }
    if (TrackLoads)
      if (auto *L = dyn_cast<LoadInst>(&I)) Add(I, L->getPointerOperand(), nullptr);
  }
}

static void MarkNoSanitize(BasicBlock::iterator From, BasicBlock::iterator To) {
  for (; From != To; ++From)
    From->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(From->getContext(), {}));
}

void HeapAccessInstrumenter::InstrumentOne(const Access &A) {
  LLVMContext &C = M.getContext();
  Type *I8 = Type::getInt8Ty(C), *I64 = Type::getInt64Ty(C);
  PointerType *Ptr = PointerType::getUnqual(C);
  Instruction *At = A.I;
  BasicBlock *Entry = At->getParent();
  Instruction *Prev = At->getPrevNode();  // what we add in Entry follows it
  IRBuilder<> B(At);
  Value *Addr = B.CreatePtrToInt(A.Ptr, I64);
  Value *InHeap = B.CreateICmpEQ(B.CreateLShr(Addr, LEAKSCOPE_HEAP_SHIFT),
                                 ConstantInt::get(I64, LEAKSCOPE_HEAP_TAG));
  MDNode *Cold = MDBuilder(C).createUnlikelyBranchWeights();
  Instruction *Term;
  if (A.Length) {
    Term = SplitBlockAndInsertIfThen(InHeap, At->getIterator(), false);  // heap is common
    B.SetInsertPoint(Term);
    B.CreateCall(ShadowRange, {A.Ptr, B.CreateZExtOrTrunc(A.Length, I64)});
  } else {
    // One branch: a pointer outside the heap reads a harmless byte (the epoch itself)
    // instead of a shadow byte, and the mark condition is false for it anyway.
    static_assert(LEAKSCOPE_SHADOW_BASE == LEAKSCOPE_HEAP_BASE >> LEAKSCOPE_SHADOW_SCALE,
                  "shadow(p) is p >> SCALE");
    Value *Shadow = B.CreateIntToPtr(B.CreateLShr(Addr, LEAKSCOPE_SHADOW_SCALE), Ptr);
    Shadow = B.CreateSelect(InHeap, Shadow, Epoch);
    LoadInst *E = B.CreateAlignedLoad(I8, Epoch, Align(1));
    E->setAtomic(AtomicOrdering::Monotonic);
    LoadInst *Old = B.CreateAlignedLoad(I8, Shadow, Align(1));
    Old->setAtomic(AtomicOrdering::Monotonic);
    Value *Mark = B.CreateAnd(InHeap, B.CreateICmpNE(Old, E));
    Term = SplitBlockAndInsertIfThen(Mark, At->getIterator(), false, Cold);
    B.SetInsertPoint(Term);
    B.CreateAlignedStore(E, Shadow, Align(1))->setAtomic(AtomicOrdering::Monotonic);
  }
  MarkNoSanitize(Prev ? std::next(Prev->getIterator()) : Entry->begin(), Entry->end());
  MarkNoSanitize(Term->getParent()->begin(), Term->getParent()->end());
}

unsigned HeapAccessInstrumenter::Instrument(Function &F) {
  if (!TrackWrites && !TrackLoads) return 0;
  SmallVector<Access, 32> Accesses;
  // Blocks in reverse post-order; a block whose only predecessor is already done
  // continues that predecessor's marked set (an extended basic block). A loop header
  // has two predecessors, so a set never survives into the next iteration.
  DenseMap<const BasicBlock *, ObjectSet> MarkedAtEnd;
  ReversePostOrderTraversal<Function *> RPOT(&F);
  for (BasicBlock *BB : RPOT) {
    ObjectSet Marked;
    if (const BasicBlock *Pred = BB->getSinglePredecessor()) {
      auto It = MarkedAtEnd.find(Pred);
      if (It != MarkedAtEnd.end() && !isa<InvokeInst>(Pred->getTerminator())) Marked = It->second;
    }
    Collect(*BB, Marked, Accesses);
    if (succ_size(BB) > 0) MarkedAtEnd[BB] = std::move(Marked);
  }
  // Last first: each split then moves only the short tail after one access to a new
  // block, not the rest of a long block (splitting first-to-last is quadratic in the
  // block length, which -O0 code and interpreters like sqlite3VdbeExec have plenty of).
  for (const Access &A : llvm::reverse(Accesses)) InstrumentOne(A);
  return Accesses.size();
}

}  // namespace leakscope
