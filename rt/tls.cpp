#include "tls.h"

#include <dlfcn.h>
#include <link.h>
#include <sys/auxv.h>

namespace leakscope {

namespace {
uptr g_static_size;   // static TLS + TCB, bytes
uptr g_tcb_size;      // sizeof(struct pthread)
uptr g_ld_lo, g_ld_hi;  // ld.so's mapped segments
}  // namespace

uptr ThreadPointer() {
  uptr tp;
  asm("mov %%fs:0, %0" : "=r"(tp));  // the TCB's first word points to itself
  return tp;
}

bool StaticTlsRange(uptr tp, uptr *lo, uptr *hi) {
  if (!g_static_size || !g_tcb_size || !tp || g_static_size < g_tcb_size) return false;
  *hi = tp + g_tcb_size;
  *lo = *hi - g_static_size;
  return true;
}

bool InDynamicLinker(uptr pc) { return pc - g_ld_lo < g_ld_hi - g_ld_lo; }

static int FindLinkerCb(struct dl_phdr_info *info, size_t, void *arg) {
  uptr base = *(uptr *)arg;
  if (info->dlpi_addr != base) return 0;
  uptr lo = ~(uptr)0, hi = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uptr b = base + ph.p_vaddr, e = b + ph.p_memsz;
    if (b < lo) lo = b;
    if (e > hi) hi = e;
  }
  if (lo < hi) {
    g_ld_lo = lo;
    g_ld_hi = hi;
  }
  return 1;
}

typedef void (*GetTlsStaticInfoFn)(size_t *, size_t *);

void InitTls() {
  // GLIBC_PRIVATE, but stable for years and what sanitizers use too.
  GetTlsStaticInfoFn get = (GetTlsStaticInfoFn)dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info");
  const unsigned *tcb = (const unsigned *)dlsym(RTLD_DEFAULT, "_thread_db_sizeof_pthread");
  if (get && tcb) {
    size_t size = 0, align = 0;
    get(&size, &align);
    g_static_size = size;
    g_tcb_size = *tcb;
  }
  uptr ld_base = getauxval(AT_BASE);  // 0 in a static executable: no ld.so
  if (ld_base) dl_iterate_phdr(FindLinkerCb, &ld_base);
}

}  // namespace leakscope
