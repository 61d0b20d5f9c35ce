// The pass/runtime interface: every name and layout the instrumentation pass emits and
// the runtime reads lives here, and nowhere else. Included by pass/ (C++ with LLVM) and
// rt/; it has no dependencies.
//
// Bump kAbiVersion whenever a layout or a meaning changes: instrumented objects
// reference the symbol named by kAbiCheckSymbol, which only a runtime of the same
// version defines, so a mismatch fails at link time rather than at run time.
#pragma once

#include <stdint.h>

#define LEAKSCOPE_ABI_VERSION 1
#define LEAKSCOPE_ABI_CHECK_SYMBOL "__leakscope_abi_v1"

// Where the pass stores the site of the allocation call about to be made; the
// allocator takes and clears it. Thread-local, initial-exec.
#define LEAKSCOPE_PENDING_SITE_SYMBOL "__leakscope_pending_site"

// One allocation call site, a constant global emitted by the pass per call.
// Strings are NUL-terminated and may be empty; never null.
struct LeakScopeSite {
  const char *file;      // source file of the call ("" without debug info)
  const char *function;  // demangled name of the function containing the call
  const char *type;      // allocated type name when known, else ""
  const char *inlined;   // inline chain "f file:line:col;g file:line:col" (outermost last)
  uint32_t line;
  uint32_t column;
};
