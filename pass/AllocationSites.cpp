#include "AllocationSites.h"

#include "abi.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/IR/Instructions.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm_compat.h"

#include <cstdlib>

using namespace llvm;

namespace leakscope {

std::optional<AllocFamily> ClassifyAllocationCall(const CallBase &CB,
                                                  const TargetLibraryInfo &TLI) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee) return std::nullopt;
  LibFunc LF;
  if (TLI.getLibFunc(*Callee, LF) && TLI.has(LF)) {
    switch (LF) {
      case LibFunc_malloc:
      case LibFunc_calloc:
      case LibFunc_realloc:
      case LibFunc_valloc:
      case LibFunc_memalign:
      case LibFunc_aligned_alloc:
      case LibFunc_posix_memalign:
        return AllocFamily::Malloc;
      case LibFunc_strdup:
      case LibFunc_strndup:
      case LibFunc_dunder_strdup:
      case LibFunc_dunder_strndup:
        return AllocFamily::Strdup;
      case LibFunc_Znwm:
      case LibFunc_ZnwmRKSt9nothrow_t:
      case LibFunc_ZnwmSt11align_val_t:
      case LibFunc_ZnwmSt11align_val_tRKSt9nothrow_t:
        return AllocFamily::New;
      case LibFunc_Znam:
      case LibFunc_ZnamRKSt9nothrow_t:
      case LibFunc_ZnamSt11align_val_t:
      case LibFunc_ZnamSt11align_val_tRKSt9nothrow_t:
        return AllocFamily::NewArray;
      default:
        break;
    }
  }
  // Not LibFuncs in every supported LLVM major.
  StringRef Name = Callee->getName();
  if (Name == "reallocarray" || Name == "pvalloc") return AllocFamily::Malloc;
  return std::nullopt;
}

// The name of a type qualified by its enclosing namespaces and classes ("app::Widget"),
// as the constructor heuristic and C++ users spell it; debug info keeps it unqualified.
static std::string QualifiedName(const DIType *T) {
  std::string Name = T->getName().str();
  for (const DIScope *S = T->getScope(); S; S = S->getScope()) {
    if (isa<DIFile>(S) || isa<DICompileUnit>(S)) break;
    StringRef Part = S->getName();
    if (Part.empty()) Part = isa<DINamespace>(S) ? "(anonymous namespace)" : "";
    if (!Part.empty()) Name = (Part + "::" + Name).str();
  }
  return Name;
}

static std::string TypeName(const DIType *T) {
  // Look through typedefs and qualifiers to the named type.
  while (T) {
    if (!T->getName().empty()) return QualifiedName(T);
    auto *D = dyn_cast<DIDerivedType>(T);
    if (!D) break;
    T = D->getBaseType();
  }
  return "";
}

// The class whose constructor (complete C1 or base C2, Itanium ABI) is called with the
// allocation as `this`: `new Node(1)` without -g, while the constructor is not inlined.
static std::string ConstructedClass(const CallBase &CB) {
  for (const User *U : CB.users()) {
    auto *Ctor = dyn_cast<CallBase>(U);
    if (!Ctor || Ctor->arg_size() == 0 || Ctor->getArgOperand(0) != &CB) continue;
    const Function *F = Ctor->getCalledFunction();
    if (!F) continue;
    StringRef Name = F->getName();
    if (!Name.starts_with("_ZN") || !(Name.contains("C1E") || Name.contains("C2E"))) continue;
    ItaniumPartialDemangler D;
    if (D.partialDemangle(Name.data()) || !D.isCtorOrDtor()) continue;
    size_t N = 0;
    char *Class = D.getFunctionDeclContextName(nullptr, &N);
    if (!Class) continue;
    std::string Result(Class);
    std::free(Class);
    if (!Result.empty()) return Result;
  }
  return "";
}

// The pointee type of a pointer-typed source variable.
static std::string PointeeName(const DILocalVariable *V) {
  const DIType *T = V ? V->getType() : nullptr;
  // Look through typedefs and qualifiers to the pointer.
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    if (D->getTag() == dwarf::DW_TAG_pointer_type) return TypeName(D->getBaseType());
    if (D->getTag() != dwarf::DW_TAG_typedef && D->getTag() != dwarf::DW_TAG_const_type &&
        D->getTag() != dwarf::DW_TAG_volatile_type)
      return "";
    T = D->getBaseType();
  }
  return "";
}

// The type a source variable holding the allocation points to (`struct Node *n =
// malloc(...)` with -g): the variable is described by a debug record either on the
// value itself (optimised code) or on the stack slot the value is stored to (-O0).
static std::string VariablePointeeType(const CallBase &CB) {
  SmallVector<DILocalVariable *, 4> Vars;
  Value *V = const_cast<CallBase *>(&CB);
  compat::DebugVariablesOf(V, Vars);
  for (User *U : V->users())
    if (auto *S = dyn_cast<StoreInst>(U))
      if (S->getValueOperand() == V)
        if (auto *Slot = dyn_cast<AllocaInst>(S->getPointerOperand()->stripPointerCasts()))
          compat::DebugVariablesOf(Slot, Vars);
  for (DILocalVariable *Var : Vars) {
    std::string Name = PointeeName(Var);
    if (!Name.empty()) return Name;
  }
  return "";
}

// std::make_shared<T> and std::allocate_shared allocate one block, libstdc++'s control
// block with the T inside: std::_Sp_counted_ptr_inplace<T, Alloc, Policy>. The user's
// type is T, the first template argument. Other names are returned as they are.
static std::string UserTypeName(const std::string &Name) {
  static const char Inplace[] = "std::_Sp_counted_ptr_inplace<";
  if (Name.compare(0, sizeof(Inplace) - 1, Inplace) != 0) return Name;
  int Depth = 0;
  for (size_t I = sizeof(Inplace) - 1; I < Name.size(); I++) {
    char C = Name[I];
    if (C == '<' || C == '(') Depth++;
    else if (C == '>' || C == ')') Depth--;
    if (Depth < 0 || (Depth == 0 && C == ',')) return Name.substr(sizeof(Inplace) - 1, I - (sizeof(Inplace) - 1));
  }
  return Name;
}

// The control block's base class, whose constructor is what remains of an inlined
// _Sp_counted_ptr_inplace constructor: it names no user type.
static bool IsSharedCountBase(const std::string &Name) {
  return Name.compare(0, 22, "std::_Sp_counted_base<") == 0;
}

// The control block type named by the allocating function when it is libstdc++'s
// std::__new_allocator<std::_Sp_counted_ptr_inplace<T, ...>>::allocate (where the call
// is, inlined or not), or "" when it is another function.
static std::string InplaceBlockOfAllocator(const CallBase &CB) {
  StringRef Linkage;
  if (const DILocation *L = CB.getDebugLoc())
    if (const DISubprogram *SP = L->getScope()->getSubprogram()) Linkage = SP->getLinkageName();
  if (Linkage.empty()) Linkage = CB.getFunction()->getName();
  std::string Function = demangle(Linkage.str());
  size_t At = Function.find("std::_Sp_counted_ptr_inplace<");
  return At == std::string::npos ? "" : Function.substr(At);
}

std::string AllocatedTypeName(const CallBase &CB) {
  if (MDNode *MD = CB.getMetadata("heapallocsite"))
    if (auto *T = dyn_cast<DIType>(MD)) {
      std::string Name = TypeName(T);
      if (!Name.empty()) return UserTypeName(Name);
    }
  std::string Name = ConstructedClass(CB);
  if (Name.empty() || IsSharedCountBase(Name)) {
    std::string Variable = VariablePointeeType(CB);
    if (!Variable.empty()) Name = Variable;
  }
  if (Name.empty() || IsSharedCountBase(Name)) Name = InplaceBlockOfAllocator(CB);
  return UserTypeName(Name);
}

SiteInstrumenter::SiteInstrumenter(Module &M)
    : M(M), NoSanitize(MDNode::get(M.getContext(), {})) {
  LLVMContext &C = M.getContext();
  PointerType *Ptr = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C);
  SiteTy = StructType::get(C, {Ptr, Ptr, Ptr, Ptr, I32, I32});
  PendingSite = M.getGlobalVariable(LEAKSCOPE_PENDING_SITE_SYMBOL);
  if (!PendingSite) {
    PendingSite = new GlobalVariable(M, Ptr, false, GlobalValue::ExternalLinkage, nullptr,
                                     LEAKSCOPE_PENDING_SITE_SYMBOL, nullptr,
                                     GlobalValue::InitialExecTLSModel);
  }
}

Constant *SiteInstrumenter::StringConstant(StringRef S) {
  auto It = Strings.find(S);
  if (It != Strings.end()) return It->second;
  Constant *Init = ConstantDataArray::getString(M.getContext(), S);
  auto *GV = new GlobalVariable(M, Init->getType(), true, GlobalValue::PrivateLinkage, Init,
                                "__leakscope_str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  Strings[S] = GV;
  return GV;
}

static std::string SourcePath(const DILocation *Loc) {
  if (Loc->getDirectory().empty() || Loc->getFilename().starts_with("/"))
    return Loc->getFilename().str();
  return (Loc->getDirectory() + "/" + Loc->getFilename()).str();
}

const std::string &SiteInstrumenter::Demangled(StringRef Mangled) {
  auto It = DemangledNames.try_emplace(Mangled);
  if (It.second) It.first->second = demangle(Mangled.str());
  return It.first->second;
}

void SiteInstrumenter::Instrument(CallBase &CB) {
  std::string File, Inlined;
  unsigned Line = 0, Column = 0;
  std::string FunctionName;
  const DISubprogram *Scope = nullptr;
  if (const DILocation *Loc = CB.getDebugLoc().get()) Scope = Loc->getScope()->getSubprogram();
  if (!Scope) FunctionName = Demangled(CB.getFunction()->getName());
  if (const DILocation *Loc = CB.getDebugLoc().get()) {
    File = SourcePath(Loc);
    Line = Loc->getLine();
    Column = Loc->getColumn();
    // The innermost scope's function is the source function of the call, which after
    // inlining differs from the IR function that now contains it.
    if (const DISubprogram *SP = Scope) {
      StringRef Linkage = SP->getLinkageName();
      FunctionName = Linkage.empty() ? SP->getName().str() : Demangled(Linkage);
    }
    for (const DILocation *At = Loc->getInlinedAt(); At; At = At->getInlinedAt()) {
      const DISubprogram *SP = At->getScope()->getSubprogram();
      if (!Inlined.empty()) Inlined += ";";
      Inlined += (SP ? SP->getName().str() : std::string("?")) + " " + SourcePath(At) +
                 ":" + std::to_string(At->getLine()) + ":" + std::to_string(At->getColumn());
    }
  }
  LLVMContext &C = M.getContext();
  Type *I32 = Type::getInt32Ty(C);
  Constant *Init = ConstantStruct::get(
      SiteTy, {StringConstant(File), StringConstant(FunctionName),
               StringConstant(AllocatedTypeName(CB)), StringConstant(Inlined),
               ConstantInt::get(I32, Line), ConstantInt::get(I32, Column)});
  auto *Site = new GlobalVariable(M, SiteTy, true, GlobalValue::PrivateLinkage, Init,
                                  "__leakscope_site");
  NumSites_++;

  IRBuilder<> B(&CB);
  B.CreateStore(Site, PendingSite)->setMetadata(LLVMContext::MD_nosanitize, NoSanitize);
  // Clear the slot where the call returns normally. An invoke returns into its normal
  // destination; when that block has other predecessors the edge gets its own block.
  // The unwind path is left alone: the exception was thrown by the allocator itself,
  // which took the site before throwing, or by a custom operator new that never
  // reached the runtime (rare; the site may then be lent to the next allocation).
  Instruction *After = nullptr;
  if (isa<CallInst>(CB)) {
    After = CB.getNextNode();
  } else if (auto *II = dyn_cast<InvokeInst>(&CB)) {
    BasicBlock *Normal = II->getNormalDest();
    if (!Normal->getSinglePredecessor())
      Normal = SplitEdge(II->getParent(), Normal);
    After = &*compat::FirstInsertionPoint(*Normal);
  }
  if (After) {
    B.SetInsertPoint(After);
    B.CreateStore(ConstantPointerNull::get(PointerType::getUnqual(C)), PendingSite)
        ->setMetadata(LLVMContext::MD_nosanitize, NoSanitize);
  }
}

}  // namespace leakscope
