#include "HeapWrites.h"

#include "abi.h"
#include "llvm/ADT/SmallPtrSet.h"
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

void HeapAccessInstrumenter::Collect(BasicBlock &BB, SmallVectorImpl<Access> &Out) {
  // Objects already marked in this block since the last call (see the header).
  SmallPtrSet<const Value *, 16> Marked;
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
  Instruction *At = A.I;
  BasicBlock *Entry = At->getParent();
  Instruction *Prev = At->getPrevNode();  // what we add in Entry follows it
  IRBuilder<> B(At);
  Value *Off = B.CreateSub(B.CreatePtrToInt(A.Ptr, I64), ConstantInt::get(I64, LEAKSCOPE_HEAP_BASE));
  Value *InHeap = B.CreateICmpULT(Off, ConstantInt::get(I64, LEAKSCOPE_HEAP_SIZE));
  Instruction *HeapTerm = SplitBlockAndInsertIfThen(InHeap, At->getIterator(), false);
  MarkNoSanitize(Prev ? std::next(Prev->getIterator()) : Entry->begin(), Entry->end());

  B.SetInsertPoint(HeapTerm);
  if (A.Length) {
    B.CreateCall(ShadowRange, {A.Ptr, B.CreateZExtOrTrunc(A.Length, I64)});
    MarkNoSanitize(HeapTerm->getParent()->begin(), HeapTerm->getParent()->end());
    return;
  }
  LoadInst *E = B.CreateAlignedLoad(I8, Epoch, Align(1));
  E->setAtomic(AtomicOrdering::Monotonic);
  Value *Shadow = B.CreateIntToPtr(
      B.CreateAdd(B.CreateLShr(Off, LEAKSCOPE_SHADOW_SCALE), ConstantInt::get(I64, LEAKSCOPE_SHADOW_BASE)),
      PointerType::getUnqual(C));
  LoadInst *Old = B.CreateAlignedLoad(I8, Shadow, Align(1));
  Old->setAtomic(AtomicOrdering::Monotonic);
  Value *Stale = B.CreateICmpNE(Old, E);
  BasicBlock *HeapBB = HeapTerm->getParent();
  Instruction *MarkTerm = SplitBlockAndInsertIfThen(Stale, HeapTerm->getIterator(), false);
  MarkNoSanitize(HeapBB->begin(), HeapBB->end());
  B.SetInsertPoint(MarkTerm);
  StoreInst *S = B.CreateAlignedStore(E, Shadow, Align(1));
  S->setAtomic(AtomicOrdering::Monotonic);
  MarkNoSanitize(MarkTerm->getParent()->begin(), MarkTerm->getParent()->end());
  MarkNoSanitize(HeapTerm->getIterator(), std::next(HeapTerm->getIterator()));  // split off
}

unsigned HeapAccessInstrumenter::Instrument(Function &F) {
  if (!TrackWrites && !TrackLoads) return 0;
  SmallVector<Access, 32> Accesses;
  for (BasicBlock &BB : F) Collect(BB, Accesses);
  for (const Access &A : Accesses) InstrumentOne(A);
  return Accesses.size();
}

}  // namespace leakscope
