/* LeakScope public interface.
 *
 * Everything here is also available under LeakSanitizer's names
 * (sanitizer/lsan_interface.h), so annotated code works unchanged:
 * __lsan_ignore_object, __lsan_disable, __lsan_enable, __lsan_register_root_region,
 * __lsan_unregister_root_region, __lsan_do_leak_check, __lsan_do_recoverable_leak_check,
 * and the weak hooks __lsan_is_turned_off, __lsan_default_options,
 * __lsan_default_suppressions.
 */
#ifndef LEAKSCOPE_LEAKSCOPE_H
#define LEAKSCOPE_LEAKSCOPE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The heap block p points into, and everything reachable from it, is never reported. */
void __leakscope_ignore_object(const void *p);
/* Allocations made by this thread between disable and enable are never reported. */
void __leakscope_disable(void);
void __leakscope_enable(void);
/* Memory in [p, p + size) is scanned for pointers like a global. */
void __leakscope_register_root_region(const void *p, size_t size);
void __leakscope_unregister_root_region(const void *p, size_t size);
/* The at-exit check, now: reports and exits with `exitcode` on leaks. Later calls, and
 * the at-exit check, do nothing. */
void __leakscope_do_leak_check(void);
/* Reports leaks and returns 1 when there are any, 0 otherwise. Repeatable. */
int __leakscope_do_recoverable_leak_check(void);
/* Like the recoverable check, but reports only the records that are new or grew since
 * the previous delta check: what a long-running service calls periodically. */
int __leakscope_do_delta_leak_check(void);

/* Access epochs (needs code compiled with the LeakScope pass). The epoch is a counter
 * the runtime advances every epoch_period_ms (default 1000) from its clock thread, on
 * each heap snapshot, and on each call of advance, which returns the new value.
 * last_write_epoch returns the epoch at which the heap object containing p was last
 * accessed by instrumented code -- read or written, or only written when the code was
 * built with track_loads=0 (the name is historical) -- or its allocation epoch when
 * never accessed; exact at any age. 0xffffffff when p is not in an allocated heap
 * object. */
unsigned __leakscope_epoch_advance(void);
unsigned __leakscope_current_epoch(void);
unsigned __leakscope_last_write_epoch(const void *p);

/* Prints a stale memory report now: every live, not leaked heap block allocated by
 * instrumented code and not accessed for at least min_age_s seconds, grouped by
 * allocation stack ("Stale memory: ..." records and a SUMMARY line; nothing when none).
 * The exit-time report (report_stale=1) is the same with min_age_s = stale_after_s. */
void __leakscope_print_stale_report(unsigned min_age_s);

/* Writes a heap snapshot (gzipped pprof profile.proto) now, from the calling thread:
 * to `path`, or when path is NULL to the next name from the snapshot_path option
 * (default leakscope.%p.%n.pb.gz). Logs "LeakScope: wrote heap snapshot PATH".
 * Returns 0 when the file was written, -1 otherwise (the reason is logged). */
int __leakscope_write_snapshot(const char *path);

/* Weak hooks the program may define. */
int __leakscope_is_turned_off(void);
const char *__leakscope_default_options(void);
const char *__leakscope_default_suppressions(void);

#ifdef __cplusplus
}  /* extern "C" */

namespace leakscope {
/* Allocations made in this scope (by this thread) are never reported. */
class ScopedDisabler {
 public:
  ScopedDisabler() { __leakscope_disable(); }
  ~ScopedDisabler() { __leakscope_enable(); }
  ScopedDisabler(const ScopedDisabler &) = delete;
  ScopedDisabler &operator=(const ScopedDisabler &) = delete;
};
}  // namespace leakscope
#endif

#endif /* LEAKSCOPE_LEAKSCOPE_H */
