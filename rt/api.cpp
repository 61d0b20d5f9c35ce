// The public API (include/leakscope/leakscope.h) and its LeakSanitizer aliases.
#include "../include/leakscope/leakscope.h"

#include "base/report_io.h"
#include "check/roots.h"
#include "heap/allocator.h"
#include "profile/snapshot.h"
#include "report/leak_checks.h"

using namespace leakscope;

#define LS_ALIAS(name) __attribute__((alias(#name), visibility("default")))

// Like LeakSanitizer, any pointer into the block (not only its start) names it.
LS_INTERFACE void __leakscope_ignore_object(const void *p) {
  uptr begin;
  ChunkMeta *m = InHeap((uptr)p) ? FindChunk((uptr)p, &begin) : nullptr;
  if (m) SetMetaIgnored(m);
  else Warn("__lsan_ignore_object(%p): not a pointer into an allocated heap block", p);
}
extern "C" void __lsan_ignore_object(const void *p) LS_ALIAS(__leakscope_ignore_object);

LS_INTERFACE void __leakscope_disable(void) { tls_disable_depth++; }
extern "C" void __lsan_disable(void) LS_ALIAS(__leakscope_disable);

LS_INTERFACE void __leakscope_enable(void) {
  if (tls_disable_depth <= 0) Fatal("__lsan_enable() called more often than __lsan_disable()");
  tls_disable_depth--;
}
extern "C" void __lsan_enable(void) LS_ALIAS(__leakscope_enable);

LS_INTERFACE void __leakscope_register_root_region(const void *p, size_t size) {
  AddRootRegion((uptr)p, size);
}
extern "C" void __lsan_register_root_region(const void *p, size_t size)
    LS_ALIAS(__leakscope_register_root_region);

LS_INTERFACE void __leakscope_unregister_root_region(const void *p, size_t size) {
  if (!RemoveRootRegion((uptr)p, size))
    Fatal("__lsan_unregister_root_region(%p, %zu): no such root region", p, size);
}
extern "C" void __lsan_unregister_root_region(const void *p, size_t size)
    LS_ALIAS(__leakscope_unregister_root_region);

LS_INTERFACE void __leakscope_do_leak_check(void) { DoLeakCheck(CheckMode::kFinal); }
extern "C" void __lsan_do_leak_check(void) LS_ALIAS(__leakscope_do_leak_check);

LS_INTERFACE int __leakscope_do_recoverable_leak_check(void) {
  return DoLeakCheck(CheckMode::kRecoverable) ? 1 : 0;
}
extern "C" int __lsan_do_recoverable_leak_check(void)
    LS_ALIAS(__leakscope_do_recoverable_leak_check);

LS_INTERFACE int __leakscope_do_delta_leak_check(void) {
  return DoLeakCheck(CheckMode::kDelta) ? 1 : 0;
}

LS_INTERFACE int __leakscope_write_snapshot(const char *path) {
  return WriteHeapSnapshot(path, "api") ? 0 : -1;
}

// Instrumented objects reference this symbol: linking them against a runtime of another
// ABI version fails with an undefined reference naming the version.
extern "C" __attribute__((visibility("default"))) int __leakscope_abi_v2 = 1;
