#include "world/tls.h"

#include <dlfcn.h>
#include <link.h>
#include <sys/auxv.h>

namespace leakscope {

namespace {
uptr g_static_size;   // static TLS + TCB, bytes
uptr g_tcb_size;      // sizeof(struct pthread)
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
}

}  // namespace leakscope
