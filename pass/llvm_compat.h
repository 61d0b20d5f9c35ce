// LLVM-version differences, in one place. The rest of the pass is version-free.
#pragma once

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

#include "llvm/IR/BasicBlock.h"

namespace leakscope::compat {

// BasicBlock::getFirstNonPHI() is deprecated in 22 in favour of an iterator.
inline llvm::BasicBlock::iterator FirstInsertionPoint(llvm::BasicBlock &BB) {
  return BB.getFirstInsertionPt();
}

}  // namespace leakscope::compat
