#include "stacks/bucket_counters.h"

#include <string.h>
#include <sys/mman.h>

#include "abi.h"
#include "base/report_io.h"
#include "base/runtime_mappings.h"

namespace leakscope {

__thread BucketTable *tls_bucket_table __attribute__((tls_model("initial-exec")));

namespace {
// One reservation for every table and page, handed out by an atomic bump: no lock, so
// no rank to fit into (the allocation path takes it under any lock that allocates).
// 64 GiB of address space: 4,096 tables (2 MiB each, mostly never touched) leave room
// for 56 GiB of pages, 1.8 billion stack counters.
constexpr uptr kSpaceSize = 64ULL << 30;
// Where it goes when that range is free: right above the heap's chunk metadata. Valgrind
// (callgrind is how this runtime is profiled) refuses a reservation this large where
// the kernel would choose, and accepts one at a fixed address, as for the heap.
constexpr uptr kSpaceAt = 0x560000000000ULL;
static_assert(kSpaceAt >= LEAKSCOPE_HEAP_BASE + 2 * LEAKSCOPE_HEAP_SIZE, "above the heap and its metadata");
constexpr uptr kPageBytes = kIdsPerPage * sizeof(BucketCounters);
constexpr uptr kTableBytes = (sizeof(BucketTable) + kPageSize - 1) & ~(kPageSize - 1);

char *g_space;    // set once (CAS)
uptr g_space_used;
BucketTable *g_tables;  // list head (CAS push)

char *Space() {
  char *s = __atomic_load_n(&g_space, __ATOMIC_ACQUIRE);
  if (LS_LIKELY(s)) return s;
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
  void *p = mmap((void *)kSpaceAt, kSpaceSize, PROT_READ | PROT_WRITE, flags | MAP_FIXED_NOREPLACE, -1, 0);
  if (p == MAP_FAILED) p = mmap(nullptr, kSpaceSize, PROT_READ | PROT_WRITE, flags, -1, 0);
  if (p == MAP_FAILED) Fatal("cannot reserve the bucket counters (%zu GiB)", (size_t)(kSpaceSize >> 30));
  char *expected = nullptr;
  if (!__atomic_compare_exchange_n(&g_space, &expected, (char *)p, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    munmap(p, kSpaceSize);  // another thread (or a signal handler) was first
    return expected;
  }
  RegisterRuntimeMapping(p, kSpaceSize, RuntimeMemory::kBucketCounters);
  return (char *)p;
}

// Zeroed memory from the reservation (the kernel's zero pages until written).
void *Carve(uptr bytes) {
  char *s = Space();
  uptr at = __atomic_fetch_add(&g_space_used, bytes, __ATOMIC_RELAXED);
  if (at + bytes > kSpaceSize) Fatal("the bucket counters are full (%zu GiB)", (size_t)(kSpaceSize >> 30));
  return s + at;
}

// A table for the thread `tp`: one it left behind (its thread pointer is still on it),
// else a released one, else a new one.
BucketTable *AdoptTable(uptr tp) {
  BucketTable *head = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE);
  for (BucketTable *t = head; t; t = t->next)
    if (__atomic_load_n(&t->owner_tp, __ATOMIC_ACQUIRE) == tp) return t;
  for (BucketTable *t = head; t; t = t->next) {
    uptr expected = 0;
    // Acquire: the previous owner's counts (released with its owner_tp = 0) are what
    // this thread's plain adds continue from.
    if (__atomic_load_n(&t->owner_tp, __ATOMIC_RELAXED) == 0 &&
        __atomic_compare_exchange_n(&t->owner_tp, &expected, tp, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return t;
  }
  BucketTable *t = (BucketTable *)Carve(kTableBytes);
  t->owner_tp = tp;
  BucketTable *old = __atomic_load_n(&g_tables, __ATOMIC_RELAXED);
  do {
    t->next = old;
  } while (!__atomic_compare_exchange_n(&g_tables, &old, t, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
  return t;
}
}  // namespace

BucketCounters *BucketSlotSlow(u32 id) {
  uptr tp = ThreadPointer();
  BucketTable *t = tls_bucket_table;
  if (!t || __atomic_load_n(&t->owner_tp, __ATOMIC_RELAXED) != tp) {
    t = AdoptTable(tp);
    tls_bucket_table = t;
  }
  BucketCounters **slot = &t->pages[id / kIdsPerPage];
  BucketCounters *page = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (!page) {
    BucketCounters *fresh = (BucketCounters *)Carve(kPageBytes);
    // A CAS, not a store: a signal handler of this thread may have installed the page
    // meanwhile and counted into it. The loser's page is left unused.
    if (__atomic_compare_exchange_n(slot, &page, fresh, false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
      page = fresh;
  }
  return &page[id % kIdsPerPage];
}

BucketCounters BucketRead(u32 id) {
  BucketCounters c = {};
  BucketTable *head = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE);
  uptr p = id / kIdsPerPage, i = id % kIdsPerPage;
  for (BucketTable *t = head; t; t = t->next) {
    const BucketCounters *page = __atomic_load_n(&t->pages[p], __ATOMIC_ACQUIRE);
    if (!page) continue;
    c.free_objects += __atomic_load_n(&page[i].free_objects, __ATOMIC_ACQUIRE);
    c.free_bytes += __atomic_load_n(&page[i].free_bytes, __ATOMIC_ACQUIRE);
  }
  for (BucketTable *t = head; t; t = t->next) {
    const BucketCounters *page = __atomic_load_n(&t->pages[p], __ATOMIC_ACQUIRE);
    if (!page) continue;
    c.alloc_objects += __atomic_load_n(&page[i].alloc_objects, __ATOMIC_ACQUIRE);
    c.alloc_bytes += __atomic_load_n(&page[i].alloc_bytes, __ATOMIC_ACQUIRE);
  }
  return c;
}

void BucketReadRange(u32 first, u32 n, BucketCounters *out) {
  memset(out, 0, (uptr)n * sizeof(*out));
  BucketTable *head = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE);
  for (int pass = 0; pass < 2; pass++) {  // frees, then allocations
    for (BucketTable *t = head; t; t = t->next) {
      for (uptr id = first, end = (uptr)first + n; id < end;) {
        uptr page_end = (id / kIdsPerPage + 1) * kIdsPerPage;
        if (page_end > end) page_end = end;
        const BucketCounters *page = __atomic_load_n(&t->pages[id / kIdsPerPage], __ATOMIC_ACQUIRE);
        for (; page && id < page_end; id++) {
          const BucketCounters &c = page[id % kIdsPerPage];
          BucketCounters &o = out[id - first];
          if (pass == 0) {
            o.free_objects += __atomic_load_n(&c.free_objects, __ATOMIC_ACQUIRE);
            o.free_bytes += __atomic_load_n(&c.free_bytes, __ATOMIC_ACQUIRE);
          } else {
            o.alloc_objects += __atomic_load_n(&c.alloc_objects, __ATOMIC_ACQUIRE);
            o.alloc_bytes += __atomic_load_n(&c.alloc_bytes, __ATOMIC_ACQUIRE);
          }
        }
        id = page_end;
      }
    }
  }
}

void BucketTableRelease() {
  BucketTable *t = tls_bucket_table;
  if (!t) return;
  tls_bucket_table = nullptr;
  uptr tp = ThreadPointer();
  // Release: the next owner continues from these counts with plain adds.
  if (__atomic_load_n(&t->owner_tp, __ATOMIC_RELAXED) == tp)
    __atomic_store_n(&t->owner_tp, (uptr)0, __ATOMIC_RELEASE);
}

void BucketTablesAfterForkChild() {
  uptr tp = ThreadPointer();
  for (BucketTable *t = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE); t; t = t->next)
    if (__atomic_load_n(&t->owner_tp, __ATOMIC_RELAXED) != tp)
      __atomic_store_n(&t->owner_tp, (uptr)0, __ATOMIC_RELEASE);
}

BucketTable *BucketTables() { return __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE); }

u32 BucketTableCount() {
  u32 n = 0;
  for (BucketTable *t = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE); t; t = t->next) n++;
  return n;
}

}  // namespace leakscope
