// LLVM-version differences, in one place. The rest of the pass is version-free.
// Supported: LLVM 19 to 22 (CheckLLVMMajor.cmake refuses others at configure time;
// 19 and 22 are built and tested, 20 and 21 only compile-checked by reading).
#pragma once

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/IntrinsicInst.h"

namespace leakscope::compat {

// BasicBlock::getFirstNonPHI() is deprecated in 22 in favour of an iterator.
inline llvm::BasicBlock::iterator FirstInsertionPoint(llvm::BasicBlock &BB) {
  return BB.getFirstInsertionPt();
}

// The source variables whose value is V (dbg.value) or which live in the memory V
// points to (dbg.declare), from debug records (19 and later) and, in 19, from debug
// intrinsics too (modules still in the old format).
inline void DebugVariablesOf(llvm::Value *V, llvm::SmallVectorImpl<llvm::DILocalVariable *> &Out) {
  llvm::SmallVector<llvm::DbgVariableRecord *, 4> Records;
#if LLVM_VERSION_MAJOR >= 21  // the debug-intrinsic overloads are gone
  llvm::findDbgUsers(V, Records);
#else
  llvm::SmallVector<llvm::DbgVariableIntrinsic *, 4> Intrinsics;
  llvm::findDbgUsers(Intrinsics, V, &Records);
  for (llvm::DbgVariableIntrinsic *I : Intrinsics) Out.push_back(I->getVariable());
#endif
  for (llvm::DbgVariableRecord *R : Records) Out.push_back(R->getVariable());
}

}  // namespace leakscope::compat
