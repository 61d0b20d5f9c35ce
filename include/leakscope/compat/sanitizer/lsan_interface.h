/* LeakScope's <sanitizer/lsan_interface.h>, for code annotated for LeakSanitizer.
 *
 * The compiler wrappers (leakscope-clang, leakscope-clang++), `leakscope config
 * --cflags` and the CMake package put this directory on the include path with
 * -idirafter, which is searched after the system directories: where clang's own header
 * is installed (libclang-rt-N-dev) that one wins, and this one is found only where it
 * is missing. It declares the LeakSanitizer interface that LeakScope's runtime defines
 * (as aliases of the __leakscope_* functions of <leakscope/leakscope.h>), written from
 * the documented API: declarations only, no code.
 */
#ifndef SANITIZER_LSAN_INTERFACE_H
#define SANITIZER_LSAN_INTERFACE_H

#include <stddef.h>

/* Tells a program that wants to know that this is LeakScope's copy. */
#define LEAKSCOPE_COMPAT_LSAN_INTERFACE_H 1

#ifdef __cplusplus
extern "C" {
#endif

/* Allocations made by this thread between disable and enable are never reported. */
void __lsan_disable(void);
void __lsan_enable(void);

/* The heap block p points into, and everything reachable from it, is never reported. */
void __lsan_ignore_object(const void *p);

/* Memory in [p, p + size) is scanned for pointers like a global. */
void __lsan_register_root_region(const void *p, size_t size);
void __lsan_unregister_root_region(const void *p, size_t size);

/* The at-exit check, now: reports, and exits with `exitcode` when leaks were found.
 * Later calls, and the at-exit check itself, do nothing. */
void __lsan_do_leak_check(void);

/* Reports leaks and returns 1 when there are any, 0 otherwise. Repeatable. */
int __lsan_do_recoverable_leak_check(void);

/* Hooks the program may define (the runtime looks them up weakly):
 *   __lsan_is_turned_off         nonzero: no leak check at exit
 *   __lsan_default_options       options parsed before LEAKSCOPE_OPTIONS
 *   __lsan_default_suppressions  suppression lines, added to the suppressions file */
int __lsan_is_turned_off(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);

#ifdef __cplusplus
}  /* extern "C" */

namespace __lsan {
/* Allocations made by this thread while an object of this class lives are never
 * reported. */
class ScopedDisabler {
 public:
  ScopedDisabler() { __lsan_disable(); }
  ~ScopedDisabler() { __lsan_enable(); }
  ScopedDisabler(const ScopedDisabler &) = delete;
  ScopedDisabler &operator=(const ScopedDisabler &) = delete;
};
}  /* namespace __lsan */
#endif

#endif /* SANITIZER_LSAN_INTERFACE_H */
