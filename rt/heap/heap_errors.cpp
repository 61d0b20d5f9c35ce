#include "heap/heap_errors.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "base/report_io.h"
#include "stacks/stack_bounds.h"
#include "stacks/stack_trace.h"
#include "stacks/symbolizer.h"

namespace leakscope {

static bool IsRuntimeInternal(const char *function) {
  return !strncmp(function, "leakscope::", 11) || !strncmp(function, "MallocFailed", 12) ||
         !strncmp(function, "NewFailed", 9);
}

// The stack of the failing call, from the caller of this file's functions outwards.
// Symbolized only when `symbolize` (no allocator lock held).
LS_NOINLINE static void PrintCurrentStack(bool symbolize) {
  uptr pcs[64];
  u32 n = UnwindFast(pcs, 64, (uptr)__builtin_return_address(0),
                     (uptr)__builtin_frame_address(0));
  u32 index = 0;
  bool leading = true;  // the runtime's own frames above the entry point are skipped
  for (u32 k = 1; k < n; k++) {
    uptr pc = pcs[k] - 1;
    SymbolizedFrame frames[8];
    u32 m = symbolize ? Symbolize(pc, frames, 8) : 0;
    if (leading && m && IsRuntimeInternal(frames[m - 1].function)) continue;
    leading = false;
    for (u32 i = 0; i < m; i++) {
      if (!*frames[i].function && !*frames[i].file) continue;
      ErrorPrintf("    #%u 0x%zx in %s", index++, (size_t)pc,
                  *frames[i].function ? frames[i].function : "??");
      if (*frames[i].file) ErrorPrintf(" %s:%u:%u", frames[i].file, frames[i].line, frames[i].column);
      ErrorPrintf("\n");
    }
    if (m && (*frames[0].function || *frames[0].file)) continue;
    Dl_info info;
    if (dladdr((void *)pc, &info) && info.dli_fname)
      ErrorPrintf("    #%u 0x%zx (%s+0x%zx)\n", index++, (size_t)pc, info.dli_fname,
                  (size_t)(pc - (uptr)info.dli_fbase));
    else
      ErrorPrintf("    #%u 0x%zx (<unknown module>)\n", index++, (size_t)pc);
  }
}

[[noreturn]] static void Die() {
  ErrorPrintf("\n");
  abort();
}

void ReportAllocationFailure(const char *entry, uptr size, uptr limit) {
  if (size > limit)
    Warn("%s: requested allocation size %zu (0x%zx) exceeds the maximum of %zu "
         "(max_allocation_size_mb, or the allocator's limit); allocator_may_return_null=1 "
         "makes it fail instead",
         entry, (size_t)size, (size_t)size, (size_t)limit);
  else
    Warn("%s: out of memory allocating %zu bytes; allocator_may_return_null=1 makes it fail "
         "instead", entry, (size_t)size);
  PrintCurrentStack(true);
  Die();
}

void ReportCallocOverflow(uptr n, uptr size) {
  Warn("calloc: %zu * %zu bytes overflows; allocator_may_return_null=1 makes it fail instead",
       (size_t)n, (size_t)size);
  PrintCurrentStack(true);
  Die();
}

void ReportInvalidFree(const char *how, const void *p, const char *where) {
  Warn("%s of %p, which is not a heap block (%s)", how, p, where);
  PrintCurrentStack(true);
  Die();
}

void ReportHeapCorruption(const char *what, uptr chunk, uptr cls, bool locks_held) {
  Warn("heap corruption: %s (chunk %p, size class %zu); a freed block was written to?", what,
       (void *)chunk, (size_t)cls);
  PrintCurrentStack(!locks_held);
  Die();
}

const char *DescribeNonHeapAddress(uptr p, char *buf, uptr size) {
  uptr local = (uptr)__builtin_frame_address(0);
  uptr lo = tls_stack_lo, hi = tls_stack_hi;
  // Bounds unknown (a thread the runtime did not see start): the live part of the stack
  // from here up to a generous bound still names a local variable of a caller.
  if (!hi) lo = local, hi = local + (256 << 10);
  if (p >= lo && p < hi) {
    snprintf(buf, size, "it is on the stack of the calling thread");
    return buf;
  }
  Dl_info info;
  if (!dladdr((void *)p, &info) || !info.dli_fbase) return nullptr;
  if ((uptr)info.dli_fbase == getauxval(AT_BASE)) return nullptr;  // the dynamic loader
  snprintf(buf, size, "it is inside the image of %s: a global or static",
           info.dli_fname && *info.dli_fname ? info.dli_fname : "the executable");
  return buf;
}

}  // namespace leakscope
