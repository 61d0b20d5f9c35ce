#include "HeapWrites.h"

#include "abi.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace leakscope {

static cl::opt<bool> ClInlineAsm("leakscope-inline-asm", cl::Hidden, cl::init(true),
                                 cl::desc("LeakScope: x86-64 write checks as one inline asm each"));

HeapAccessInstrumenter::HeapAccessInstrumenter(Module &M, bool TrackWrites, bool TrackLoads)
    : M(M), TrackWrites(TrackWrites), TrackLoads(TrackLoads),
      NoSanitize(MDNode::get(M.getContext(), {})) {
  UseAsm = ClInlineAsm && Triple(M.getTargetTriple()).getArch() == Triple::x86_64 &&
           M.getDataLayout().getPointerSizeInBits() == 64;  // not x32
  LLVMContext &C = M.getContext();
  Type *I8 = Type::getInt8Ty(C);
  Epoch = M.getGlobalVariable(LEAKSCOPE_EPOCH_SYMBOL);
  if (!Epoch)
    Epoch = new GlobalVariable(M, I8, false, GlobalValue::ExternalLinkage, nullptr,
                               LEAKSCOPE_EPOCH_SYMBOL);
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

BasicBlock *HeapAccessInstrumenter::HoistTarget(Instruction &I, Value *Ptr) {
  if (I.isAtomic() || I.isVolatile()) return nullptr;  // spin-waits, device memory
  Loop *L = LI->getLoopFor(I.getParent());
  if (!L || !L->isInnermost() || LoopsWithCalls.count(L)) return nullptr;
  BasicBlock *Pre = L->getLoopPreheader();
  if (!Pre || !isa<BranchInst>(Pre->getTerminator())) return nullptr;
  if (!L->isLoopInvariant(Ptr->stripInBoundsOffsets())) return nullptr;
  // Executed on every iteration and before the loop can be left: once the loop is
  // entered the program uses the pointer, so the preheader's check stamps an object the
  // loop really accesses.
  SmallVector<BasicBlock *, 4> Latches, Exiting;
  L->getLoopLatches(Latches);
  L->getExitingBlocks(Exiting);
  for (BasicBlock *B : Latches)
    if (!DT->dominates(I.getParent(), B)) return nullptr;
  for (BasicBlock *B : Exiting)
    if (!DT->dominates(I.getParent(), B)) return nullptr;
  return Pre;
}

void HeapAccessInstrumenter::Collect(BasicBlock &BB, BlockState &S, SmallVectorImpl<Access> &Out) {
  // Adds the access unless it is skipped, and counts it either way (HeapAccessStats).
  auto Add = [&](Instruction &I, Value *Ptr, Value *Length, unsigned &Instrumented) {
    if (CannotBeHeap(Ptr)) return void(++Counts.NotHeap);
    if (auto *L = dyn_cast_or_null<ConstantInt>(Length)) {
      if (L->isZero()) return void(++Counts.ZeroLength);  // writes nothing
      Length = nullptr;         // a known non-zero length needs no guard
    }
    if (!Length) {
      if (BasicBlock *Pre = HoistTarget(I, Ptr)) {
        Value *Base = Ptr->stripInBoundsOffsets();
        auto &Bases = Hoisted[Pre];
        if (!is_contained(Bases, Base)) Bases.push_back(Base);
        ++Counts.HoistedAccesses;
        return;
      }
    }
    if (!S.Marked.insert(Ptr->stripInBoundsOffsets()).second) return void(++Counts.AlreadyMarked);
    if (S.EpochFrom < 0) S.EpochFrom = Out.size();
    Out.push_back({&I, Ptr, Length, S.EpochFrom});
    ++Instrumented;
  };
  for (Instruction &I : BB) {
    if (I.hasMetadata(LLVMContext::MD_nosanitize)) {
      if (I.mayReadOrWriteMemory()) ++Counts.NoSanitize;
      continue;
    }
    if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {  // memset, memcpy, memmove (+ .inline)
      if (TrackWrites) Add(I, MI->getDest(), MI->getLength(), Counts.MemIntrinsicDests);
      if (auto *MT = dyn_cast<MemTransferInst>(MI); MT && TrackLoads)
        Add(I, MT->getSource(), MT->getLength(), Counts.MemIntrinsicSources);
      continue;
    }
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      // A call may run long (or block): later accesses must see a fresh epoch.
      if (!isa<IntrinsicInst>(CB)) {
        S.Marked.clear();
        S.EpochFrom = -1;
      }
      continue;
    }
    if (TrackWrites) {
      if (auto *St = dyn_cast<StoreInst>(&I)) Add(I, St->getPointerOperand(), nullptr, Counts.Stores);
      else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
        Add(I, RMW->getPointerOperand(), nullptr, Counts.Atomics);
      else if (auto *X = dyn_cast<AtomicCmpXchgInst>(&I))
        Add(I, X->getPointerOperand(), nullptr, Counts.Atomics);
    }
    if (TrackLoads)
      if (auto *L = dyn_cast<LoadInst>(&I)) Add(I, L->getPointerOperand(), nullptr, Counts.Loads);
  }
}

void HeapAccessInstrumenter::MarkNoSanitize(Instruction *I) {
  I->setMetadata(LLVMContext::MD_nosanitize, NoSanitize);
}

void HeapAccessInstrumenter::MarkNoSanitize(BasicBlock::iterator From, BasicBlock::iterator To) {
  for (; From != To; ++From) MarkNoSanitize(&*From);
}

// x86-64: the whole check as one inline asm statement. The instructions are the ones
// the IR form below compiles to, but the backend sees one opaque instruction instead of
// three blocks per access, which halves the extra code generation time on large
// files (sqlite3.c: ~8700 accesses). The mark is a store skipped by a forward branch
// rather than a cold block; it has no memory clobber because only the shadow, which
// the program never reads, is written.
InlineAsm *HeapAccessInstrumenter::CheckAsm(bool WithLength) {
  if (CheckAsms[WithLength]) return CheckAsms[WithLength];
  static_assert(LEAKSCOPE_SHADOW_BASE == LEAKSCOPE_HEAP_BASE >> LEAKSCOPE_SHADOW_SCALE,
                "shadow(p) is p >> SCALE");
  LLVMContext &C = M.getContext();
  std::string Asm;
  SmallVector<Type *, 3> Params = {PointerType::getUnqual(C), Type::getInt8Ty(C)};
  std::string Constraints = "=&r,r,q";
  if (WithLength) {  // a mem intrinsic of length 0 writes nothing
    Asm += "testq $3, $3\n\tje 1f\n\t";
    Params.push_back(Type::getInt64Ty(C));
    Constraints += ",r";
  }
  // $0: scratch, $1: the address, $2: the epoch byte. Epoch 0 records nothing (a granule
  // never written reads as epoch 0), so until the first advance no shadow is touched.
  Asm += "testb ${2:b}, ${2:b}\n\tje 1f\n\t";
  Asm += "movq $1, $0\n\tshrq $$" + std::to_string(LEAKSCOPE_HEAP_SHIFT) + ", $0\n\t" +
         "cmpl $$" + std::to_string(LEAKSCOPE_HEAP_TAG) + ", ${0:k}\n\tjne 1f\n\t" +
         "movq $1, $0\n\tshrq $$" + std::to_string(LEAKSCOPE_SHADOW_SCALE) + ", $0\n\t" +
         "cmpb ${2:b}, ($0)\n\tje 1f\n\tmovb ${2:b}, ($0)\n1:";
  Constraints += ",~{dirflag},~{fpsr},~{flags}";
  auto *Ty = FunctionType::get(Type::getInt64Ty(C), Params, false);
  return CheckAsms[WithLength] = InlineAsm::get(Ty, Asm, Constraints, /*hasSideEffects=*/true);
}

void HeapAccessInstrumenter::InstrumentOneAsm(const Access &A, Value *E) {
  IRBuilder<> B(A.I);
  SmallVector<Value *, 3> Args = {A.Ptr, E};
  if (A.Length) Args.push_back(B.CreateZExtOrTrunc(A.Length, B.getInt64Ty()));
  CallInst *Call = B.CreateCall(CheckAsm(A.Length != nullptr), Args);
  Call->addFnAttr(Attribute::NoUnwind);
  MarkNoSanitize(Call);
  // The length's extension, when one was made (an i64 length is used as it is, and is
  // the program's own value).
  if (A.Length && Args[2] != A.Length)
    if (auto *Ext = dyn_cast<Instruction>(Args[2])) MarkNoSanitize(Ext);
}

// The IR form, for other targets (the runtime is x86-64 only today) and for
// -leakscope-inline-asm=0. It does not skip epoch 0: the same epochs are recorded, only
// shadow pages are read that the asm form leaves alone.
void HeapAccessInstrumenter::InstrumentOne(const Access &A, Value *E) {
  if (UseAsm) return InstrumentOneAsm(A, E);
  LLVMContext &C = M.getContext();
  Type *I8 = Type::getInt8Ty(C), *I64 = Type::getInt64Ty(C);
  Instruction *At = A.I;
  BasicBlock *Entry = At->getParent();
  Instruction *Prev = At->getPrevNode();  // what we add in Entry follows it
  IRBuilder<> B(At);
  Value *Addr = B.CreatePtrToInt(A.Ptr, I64);
  Value *InHeap = B.CreateICmpEQ(B.CreateLShr(Addr, LEAKSCOPE_HEAP_SHIFT),
                                 ConstantInt::get(I64, LEAKSCOPE_HEAP_TAG));
  if (A.Length) InHeap = B.CreateAnd(InHeap, B.CreateIsNotNull(A.Length));
  // Entry: br InHeap, Check, Cont.  No branch weights: both ways are common (pointers
  // into the caller's stack are as frequent as heap pointers in some functions).
  Instruction *CheckTerm = SplitBlockAndInsertIfThen(InHeap, At->getIterator(), false);
  BasicBlock *Check = CheckTerm->getParent(), *Cont = At->getParent();
  // Check: one compare of the shadow byte against the epoch, with the load folded into
  // it (an unordered load: racing stores of other threads are expected, see the header).
  static_assert(LEAKSCOPE_SHADOW_BASE == LEAKSCOPE_HEAP_BASE >> LEAKSCOPE_SHADOW_SCALE,
                "shadow(p) is p >> SCALE");
  B.SetInsertPoint(CheckTerm);
  Value *Shadow = B.CreateIntToPtr(B.CreateLShr(Addr, LEAKSCOPE_SHADOW_SCALE), B.getPtrTy());
  LoadInst *Old = B.CreateAlignedLoad(I8, Shadow, Align(1));
  Old->setAtomic(AtomicOrdering::Unordered);
  Value *Stale = B.CreateICmpNE(Old, E);
  // Mark (cold): the shadow byte is written only when it differs, so memory that is
  // written again and again in one epoch keeps its shadow cache line clean.
  BasicBlock *Mark = BasicBlock::Create(C, "", Cont->getParent(), Cont);
  B.SetInsertPoint(Mark);
  B.CreateAlignedStore(E, Shadow, Align(1))->setAtomic(AtomicOrdering::Unordered);
  B.CreateBr(Cont);
  B.SetInsertPoint(CheckTerm);
  B.CreateCondBr(Stale, Mark, Cont, MDBuilder(C).createUnlikelyBranchWeights());
  CheckTerm->eraseFromParent();
  MarkNoSanitize(Prev ? std::next(Prev->getIterator()) : Entry->begin(), Entry->end());
  MarkNoSanitize(Check->begin(), Check->end());
  MarkNoSanitize(Mark->begin(), Mark->end());
}

unsigned HeapAccessInstrumenter::Instrument(Function &F) {
  if (!TrackWrites && !TrackLoads) return 0;
  // Loops, before any block is split.
  DominatorTree DomTree(F);
  LoopInfo Loops(DomTree);
  DT = &DomTree;
  LI = &Loops;
  LoopsWithCalls.clear();
  Hoisted.clear();
  for (BasicBlock &BB : F) {
    Loop *L = Loops.getLoopFor(&BB);
    if (!L || LoopsWithCalls.count(L)) continue;
    for (Instruction &I : BB)
      if (isa<CallBase>(I) && !isa<IntrinsicInst>(I) && !I.hasMetadata(LLVMContext::MD_nosanitize)) {
        for (Loop *P = L; P; P = P->getParentLoop()) LoopsWithCalls.insert(P);
        break;
      }
  }
  SmallVector<Access, 32> Accesses;
  // Blocks in reverse post-order, so every predecessor of a block is done before it,
  // except along a back edge. What is known at a block's start:
  //  * marked objects: those marked at the end of every predecessor (an intersection),
  //    or none when a predecessor is not done yet (a back edge: every loop iteration
  //    marks again) or ends in an invoke (a call);
  //  * the loaded epoch: only from a single predecessor, where it dominates.
  DenseMap<const BasicBlock *, BlockState> AtEnd;
  ReversePostOrderTraversal<Function *> RPOT(&F);
  for (BasicBlock *BB : RPOT) {
    BlockState S;
    bool First = true, Known = !pred_empty(BB);
    for (const BasicBlock *Pred : predecessors(BB)) {
      auto It = AtEnd.find(Pred);
      if (It == AtEnd.end() || !isa<BranchInst, SwitchInst>(Pred->getTerminator())) {
        Known = false;
        break;
      }
      if (First) {
        S = It->second;
        First = false;
      } else {
        S.EpochFrom = -1;
        if (S.Marked.empty()) break;
        SmallVector<const Value *, 8> Gone;
        for (const Value *O : S.Marked)
          if (!It->second.Marked.count(O)) Gone.push_back(O);
        for (const Value *O : Gone) S.Marked.erase(O);
      }
    }
    if (!Known) S = BlockState();
    Collect(*BB, S, Accesses);
    if (succ_size(BB) > 0) AtEnd[BB] = std::move(S);
  }
  // The hoisted checks: at the end of each preheader, one epoch load for them all.
  for (auto &[Pre, Bases] : Hoisted) {
    int First = Accesses.size();
    for (Value *Base : Bases) {
      Accesses.push_back({Pre->getTerminator(), Base, nullptr, First});
      ++Counts.Hoisted;
    }
  }
  // The epoch is loaded once per stretch of code without calls, right before its first
  // access; the accesses after it in the same stretch use that value.
  SmallVector<Value *, 32> Epochs(Accesses.size());
  for (unsigned I = 0; I < Accesses.size(); ++I) {
    if (Accesses[I].EpochFrom != (int)I) continue;
    IRBuilder<> B(Accesses[I].I);
    LoadInst *E = B.CreateAlignedLoad(Type::getInt8Ty(M.getContext()), Epoch, Align(1));
    E->setAtomic(AtomicOrdering::Monotonic);
    MarkNoSanitize(E);
    Epochs[I] = E;
  }
  // Last first: each split then moves only the short tail after one access to a new
  // block, not the rest of a long block (splitting first-to-last is quadratic in the
  // block length, which -O0 code and interpreters like sqlite3VdbeExec have plenty of).
  for (unsigned I = Accesses.size(); I-- > 0;) InstrumentOne(Accesses[I], Epochs[Accesses[I].EpochFrom]);
  DT = nullptr;
  LI = nullptr;
  return Accesses.size();
}

}  // namespace leakscope
