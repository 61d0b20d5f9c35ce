// Allocation sites: which calls allocate heap memory, and the per-call descriptor the
// runtime keeps with each chunk (file, line, column, function, inline chain, type).
//
// Before each allocation call the pass stores the address of the call's descriptor in
// the thread-local __leakscope_pending_site; the runtime's allocator takes it (and
// clears it) when the call reaches it. After a plain call the slot is cleared again,
// so an allocation function that never reaches the runtime (a custom operator new over
// a pool) cannot lend its site to a later, unrelated allocation.
//
//   %site = @__leakscope_site.N = { file, function, type, inlined, line, column }
//   store ptr @__leakscope_site.N, ptr @__leakscope_pending_site   ; nosanitize
//   %p = call ptr @malloc(i64 16)
//   store ptr null, ptr @__leakscope_pending_site                 ; nosanitize
#pragma once

#include <optional>

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

namespace leakscope {

enum class AllocFamily { Malloc, New, NewArray, Strdup };

// The allocation family of a call, or nothing when the callee is not an allocation
// function the runtime intercepts. Matched through TargetLibraryInfo ids: the
// allockind attributes llvm::isAllocationFn relies on are absent at -O0.
std::optional<AllocFamily> ClassifyAllocationCall(const llvm::CallBase &CB,
                                                  const llvm::TargetLibraryInfo &TLI);

// The allocated type's name for a call, when known, from the best source available:
//  1. !heapallocsite (clang attaches it to new-expressions with -g; the element type
//     for new T[n]);
//  2. the class of a constructor (C1/C2) called with the result as `this` (no -g needed,
//     as long as the constructor is not inlined);
//  3. the pointee type of the source variable the result is kept in (-g; malloc too);
// else "".
std::string AllocatedTypeName(const llvm::CallBase &CB);

class SiteInstrumenter {
 public:
  explicit SiteInstrumenter(llvm::Module &M);
  // Emits the descriptor for CB and the pending-site stores around it.
  void Instrument(llvm::CallBase &CB);
  unsigned NumSites() const { return NumSites_; }

 private:
  llvm::Constant *StringConstant(llvm::StringRef S);
  // Demangled once per module: many sites share a function (the IR function, or the
  // linkage name of the inlined scope that called the allocator).
  const std::string &Demangled(llvm::StringRef Mangled);
  llvm::Module &M;
  llvm::MDNode *NoSanitize;  // the empty !nosanitize node, made once
  llvm::StringMap<std::string> DemangledNames;
  llvm::GlobalVariable *PendingSite;
  llvm::StructType *SiteTy;
  unsigned NumSites_ = 0;
  llvm::StringMap<llvm::Constant *> Strings;
};

}  // namespace leakscope
