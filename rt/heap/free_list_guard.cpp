#include "heap/free_list_guard.h"

#include <sys/auxv.h>
#include <sys/random.h>
#include <time.h>

namespace leakscope {

uptr g_free_list_key;

void InitFreeListGuard() {
  uptr key = 0;
  if (getrandom(&key, sizeof(key), GRND_NONBLOCK) != (ssize_t)sizeof(key)) {
    // No entropy yet (early boot): the kernel's per-exec random bytes, mixed with the
    // clock and an address, still differ between runs.
    const u64 *at_random = (const u64 *)getauxval(AT_RANDOM);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    key = (at_random ? at_random[1] * 0x9E3779B97F4A7C15ull : 0) ^ (uptr)ts.tv_nsec ^
          ((uptr)&key << 17);
  }
  g_free_list_key = key;
}

void ReportBadLink(const uptr *slot, uptr cls, bool locks_held) {
  ReportHeapCorruption("a freed chunk's free-list link was overwritten", (uptr)slot, cls,
                       locks_held);
}

}  // namespace leakscope
