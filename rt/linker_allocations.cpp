#include "linker_allocations.h"

#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

namespace leakscope {

// 0 = not computed yet; lo == hi once computed and no linker is mapped.
static uptr g_lo, g_hi;
static bool g_ready;

static void ComputeRange() {
  uptr base = getauxval(AT_BASE);
  uptr lo = 0, hi = 0;
  if (base) {
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + eh->e_phoff);
    lo = ~(uptr)0;
    for (int i = 0; i < eh->e_phnum; i++) {
      if (ph[i].p_type != PT_LOAD) continue;
      uptr b = base + ph[i].p_vaddr, e = b + ph[i].p_memsz;
      if (b < lo) lo = b;
      if (e > hi) hi = e;
    }
    if (lo > hi) lo = hi = 0;
  }
  // Racing first callers compute the same values.
  __atomic_store_n(&g_lo, lo, __ATOMIC_RELAXED);
  __atomic_store_n(&g_hi, hi, __ATOMIC_RELAXED);
  __atomic_store_n(&g_ready, true, __ATOMIC_RELEASE);
}

bool IsDynamicLinkerPc(uptr pc) {
  if (LS_UNLIKELY(!__atomic_load_n(&g_ready, __ATOMIC_ACQUIRE))) ComputeRange();
  return pc - g_lo < g_hi - g_lo;
}

}  // namespace leakscope
