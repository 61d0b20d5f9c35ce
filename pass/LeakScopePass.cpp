// The LeakScope pass: what interposition alone cannot give the runtime.
//
//  * every allocation call gets a site descriptor (AllocationSites.h);
//  * every instrumented function keeps its frame pointer ("frame-pointer"="all"), so
//    the runtime unwinds allocation stacks cheaply and reliably;
//  * every instruction that may read or write heap memory records the current epoch in
//    the access shadow (HeapWrites.h); loads can be left out (track_loads=0,
//    PassOptions.h);
//  * a constructor that tells the runtime what was tracked (__leakscope_note_module:
//    reports then say "not accessed" or "not written");
//  * a reference to the runtime's ABI symbol, so a mismatched runtime fails to link.
//
// With -flto the pass runs in the pre-link compile; the module then carries the private
// marker __leakscope_instrumented and a second run (a link-time pipeline that loads the
// plugin too) leaves it alone.
//
// Registered at the optimizer-last extension point (after inlining, where clang places
// its sanitizers) and required, so it also runs at -O0 where every function is optnone.
// Also runnable on its own:  opt -load-pass-plugin ./LeakScopePass-19.so -passes=leakscope
#include "AllocationSites.h"
#include "HeapWrites.h"
#include "PassOptions.h"
#include "abi.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Format.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm_compat.h"

using namespace llvm;

namespace leakscope {
namespace {

// Functions that must not be instrumented: the runtime's own entry points.
bool IsRuntimeFunction(const Function &F) { return F.getName().starts_with("__leakscope_"); }

class LeakScopePass : public PassInfoMixin<LeakScopePass> {
 public:
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    if (M.getGlobalVariable("__leakscope_instrumented", /*AllowInternal=*/true)) return PreservedAnalyses::all();
    auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
    PassOptions Options = GetPassOptions();
    SiteInstrumenter Sites(M);
    HeapAccessInstrumenter Accesses(M, Options.TrackWrites, Options.TrackLoads);
    bool Changed = false;
    unsigned Functions = 0, SkippedFunctions = 0, AllocationCalls = 0;
    for (Function &F : M) {
      if (F.isDeclaration()) continue;
      if (IsRuntimeFunction(F)) {
        ++SkippedFunctions;
        continue;
      }
      ++Functions;
      F.addFnAttr("frame-pointer", "all");
      Changed = true;
      const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
      SmallVector<CallBase *, 16> Calls;
      for (BasicBlock &BB : F)
        for (Instruction &I : BB)
          if (auto *CB = dyn_cast<CallBase>(&I))
            if (ClassifyAllocationCall(*CB, TLI)) Calls.push_back(CB);
      for (CallBase *CB : Calls) Sites.Instrument(*CB);
      AllocationCalls += Calls.size();
      Accesses.Instrument(F);
    }
    if (Options.Stats)
      PrintStats(M, Functions, SkippedFunctions, AllocationCalls, Accesses.Stats());
    if (!Changed) return PreservedAnalyses::all();
    // Marks the module as done (the pass may be scheduled twice with -flto) and pulls
    // in the runtime's ABI symbol.
    LLVMContext &C = M.getContext();
    Type *I32 = Type::getInt32Ty(C);
    auto *Abi = M.getOrInsertGlobal(LEAKSCOPE_ABI_CHECK_SYMBOL, I32);
    auto *Marker = new GlobalVariable(M, PointerType::getUnqual(C), true,
                                      GlobalValue::PrivateLinkage, Abi, "__leakscope_instrumented");
    appendToCompilerUsed(M, {Marker});
    AddNoteModuleConstructor(M, Options);
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }

 private:
  // LEAKSCOPE_PASS_OPTIONS=stats=1: one block per module, one counter a line, so a test
  // or a user can grep for one figure.
  static void PrintStats(const Module &M, unsigned Functions, unsigned SkippedFunctions,
                         unsigned AllocationCalls, const HeapAccessStats &S) {
    raw_ostream &O = errs();
    O << "LeakScope pass statistics for " << M.getModuleIdentifier() << ":\n";
    auto Line = [&](unsigned N, const char *What) { O << format("%10u %s\n", N, What); };
    Line(Functions, "functions instrumented");
    Line(SkippedFunctions, "runtime functions left alone");
    Line(AllocationCalls, "allocation calls given a site");
    Line(S.Stores, "stores checked");
    Line(S.Atomics, "atomic read-modify-writes and cmpxchgs checked");
    Line(S.Loads, "loads checked");
    Line(S.MemIntrinsicDests, "memset/memcpy/memmove destinations checked");
    Line(S.MemIntrinsicSources, "memcpy/memmove sources checked");
    Line(S.NotHeap, "accesses skipped: stack or static memory");
    Line(S.AlreadyMarked, "accesses skipped: object already checked in this stretch");
    Line(S.HoistedAccesses, "accesses in call-free loops checked in the preheader instead");
    Line(S.Hoisted, "preheader checks made for them");
    Line(S.ZeroLength, "accesses skipped: length 0");
    Line(S.NoSanitize, "accesses skipped: !nosanitize (the allocation sites' own stores included)");
  }

  // void leakscope.note_module() { __leakscope_note_module(FLAGS); } as a constructor.
  static void AddNoteModuleConstructor(Module &M, const PassOptions &O) {
    LLVMContext &C = M.getContext();
    Type *I32 = Type::getInt32Ty(C);
    unsigned Flags = (O.TrackWrites ? LEAKSCOPE_MODULE_TRACKS_WRITES : 0) |
                     (O.TrackLoads ? LEAKSCOPE_MODULE_TRACKS_LOADS : 0);
    FunctionCallee Note = M.getOrInsertFunction(LEAKSCOPE_NOTE_MODULE_SYMBOL,
                                                FunctionType::get(Type::getVoidTy(C), {I32}, false));
    Function *Ctor = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                      GlobalValue::InternalLinkage, "leakscope.note_module", M);
    Ctor->addFnAttr(Attribute::NoUnwind);
    IRBuilder<> B(BasicBlock::Create(C, "", Ctor));
    B.CreateCall(Note, {ConstantInt::get(I32, Flags)});
    B.CreateRetVoid();
    appendToGlobalCtors(M, Ctor, 0);
  }

};

}  // namespace
}  // namespace leakscope

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "LeakScope", LLVM_VERSION_STRING, [](PassBuilder &PB) {
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel, auto &&...) {
                  MPM.addPass(leakscope::LeakScopePass());
                });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name != "leakscope") return false;
                  MPM.addPass(leakscope::LeakScopePass());
                  return true;
                });
          }};
}
