// LeakSanitizer's interface as annotated programs include it: clang's
// <sanitizer/lsan_interface.h> where the toolchain ships it (clang 19 with
// libclang-rt-19-dev), else the same prototypes, so the tests run on every LLVM.
#pragma once
#if __has_include(<sanitizer/lsan_interface.h>)
#include <sanitizer/lsan_interface.h>
#else
#include <stddef.h>
extern "C" {
void __lsan_disable(void);
void __lsan_enable(void);
void __lsan_ignore_object(const void *p);
void __lsan_register_root_region(const void *p, size_t size);
void __lsan_unregister_root_region(const void *p, size_t size);
void __lsan_do_leak_check(void);
int __lsan_do_recoverable_leak_check(void);
int __lsan_is_turned_off(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);
}
namespace __lsan {
class ScopedDisabler {
 public:
  ScopedDisabler() { __lsan_disable(); }
  ~ScopedDisabler() { __lsan_enable(); }
};
}  // namespace __lsan
#endif
