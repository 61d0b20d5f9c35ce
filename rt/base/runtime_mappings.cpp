#include "base/runtime_mappings.h"

#include "base/report_io.h"

namespace leakscope {

namespace {
constexpr uptr kSlots = 8192;
// Addresses are kept complemented: the table is in the runtime's data, which the leak
// check scans as a global root, and the heap's own entry (its begin is the first
// chunk of the first size class) would otherwise keep that chunk reachable. A
// complemented address is never a heap address, nor 0 or 1.
struct Slot {
  uptr begin;  // ~begin; 0: free, 1: being claimed; written last when claimed, first when released
  uptr end;    // ~end
  u8 what;     // a RuntimeMemory, written before the begin is published
};
Slot g_slots[kSlots];
uptr g_high;  // slots ever used (a bound for the walks)
bool g_warned_full;
}  // namespace

void RegisterRuntimeMapping(void *begin, uptr size, RuntimeMemory what) {
  if (!begin || !size) return;
  for (uptr i = 0; i < kSlots; i++) {
    uptr expected = 0;
    // Claim with a placeholder, fill in the end, then publish the begin.
    if (!__atomic_compare_exchange_n(&g_slots[i].begin, &expected, (uptr)1, false,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      continue;
    __atomic_store_n(&g_slots[i].end, ~((uptr)begin + size), __ATOMIC_RELAXED);
    __atomic_store_n(&g_slots[i].what, (u8)what, __ATOMIC_RELAXED);
    __atomic_store_n(&g_slots[i].begin, ~(uptr)begin, __ATOMIC_RELEASE);
    uptr high = __atomic_load_n(&g_high, __ATOMIC_RELAXED);
    while (high < i + 1 &&
           !__atomic_compare_exchange_n(&g_high, &high, i + 1, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
    }
    return;
  }
  if (!__atomic_exchange_n(&g_warned_full, true, __ATOMIC_RELAXED))
    Warn("more than %zu runtime mappings: the leak check may scan some of them", (size_t)kSlots);
}

void UnregisterRuntimeMapping(void *begin) {
  uptr high = __atomic_load_n(&g_high, __ATOMIC_ACQUIRE);
  for (uptr i = 0; i < high; i++) {
    uptr expected = ~(uptr)begin;
    if (__atomic_compare_exchange_n(&g_slots[i].begin, &expected, (uptr)0, false,
                                    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
      return;
  }
}

void ForEachRuntimeMapping(void (*fn)(uptr, uptr, void *), void *arg) {
  uptr high = __atomic_load_n(&g_high, __ATOMIC_ACQUIRE);
  for (uptr i = 0; i < high; i++) {
    uptr b = __atomic_load_n(&g_slots[i].begin, __ATOMIC_ACQUIRE);
    if (b > 1) fn(~b, ~__atomic_load_n(&g_slots[i].end, __ATOMIC_RELAXED), arg);
  }
}

void ForEachRuntimeMappingOf(void (*fn)(uptr, uptr, RuntimeMemory, void *), void *arg) {
  uptr high = __atomic_load_n(&g_high, __ATOMIC_ACQUIRE);
  for (uptr i = 0; i < high; i++) {
    uptr b = __atomic_load_n(&g_slots[i].begin, __ATOMIC_ACQUIRE);
    if (b > 1)
      fn(~b, ~__atomic_load_n(&g_slots[i].end, __ATOMIC_RELAXED),
         (RuntimeMemory)__atomic_load_n(&g_slots[i].what, __ATOMIC_RELAXED), arg);
  }
}

}  // namespace leakscope
