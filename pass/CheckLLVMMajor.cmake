# The LLVM majors this pass is built and tested for. Each needs its own plugin (the
# plugin API and the IR differ between majors), so another major is refused at
# configure time with one line rather than failing somewhere in the compile.
# Kept in step with llvm_compat.h. Usable alone for its test:
#   cmake -DLLVM_VERSION_MAJOR=18 -P CheckLLVMMajor.cmake   -> fails with the message
set(LEAKSCOPE_LLVM_MIN 19)
set(LEAKSCOPE_LLVM_MAX 22)
if(LLVM_VERSION_MAJOR LESS LEAKSCOPE_LLVM_MIN OR LLVM_VERSION_MAJOR GREATER LEAKSCOPE_LLVM_MAX)
  message(FATAL_ERROR "LeakScope: LLVM ${LLVM_VERSION_MAJOR} is not supported by the pass "
    "(LLVM ${LEAKSCOPE_LLVM_MIN} to ${LEAKSCOPE_LLVM_MAX})")
endif()
