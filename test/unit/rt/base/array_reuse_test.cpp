// ScopedArrayReuse: inside a scope, a big mapping the thread frees serves its next
// mappings, cut to size and cleared where it was written, and stays registered as the
// runtime's; UnmapKept and the scope's end unmap what is left, HandOverKept gives it to
// another thread to unmap; outside a scope and in a nested one nothing is kept.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <thread>

#include "base/internal_alloc.h"
#include "base/runtime_mappings.h"
#include "world/helper_threads.h"

using namespace leakscope;

namespace {

bool Mapped(void *p, uptr bytes) { return msync(p, bytes, MS_ASYNC) == 0; }

// Whether [p, p + bytes) is exactly one registered runtime mapping.
bool Registered(void *p, uptr bytes) {
  struct Find {
    uptr begin, end;
    bool found;
  } f = {(uptr)p, (uptr)p + bytes, false};
  ForEachRuntimeMapping(
      [](uptr b, uptr e, void *arg) {
        Find *f = (Find *)arg;
        f->found |= b == f->begin && e == f->end;
      },
      &f);
  return f.found;
}

constexpr uptr kMiB = 1 << 20;

}  // namespace

TEST(ArrayReuse, FreedArraysServeTheNextOnesClearedAndCut) {
  char *first, *second, *third;
  {
    ScopedArrayReuse reuse;
    InternalVector<char> a;
    a.resize(4 * kMiB);
    memset(a.begin(), 0x5a, a.size());
    first = a.begin();
    a.Reset();  // kept
    EXPECT_TRUE(Mapped(first, 4 * kMiB));
    EXPECT_TRUE(Registered(first, 4 * kMiB));
    EXPECT_EQ(reuse.reused_bytes(), 0u);
    InternalVector<char> b, c;
    b.resize(kMiB);  // cut from the front of the kept 4 MiB
    second = b.begin();
    EXPECT_EQ(second, first);
    for (uptr i = 0; i < b.size(); i += 4096) ASSERT_EQ(b[i], 0) << i;
    EXPECT_TRUE(Registered(first, kMiB));
    EXPECT_TRUE(Registered(first + kMiB, 3 * kMiB));  // the rest, still kept
    c.resize(2 * kMiB);  // the next 2 MiB (a vector maps a power of two of pages)
    third = c.begin();
    EXPECT_EQ(third, first + kMiB);
    EXPECT_EQ(c[0], 0);
    EXPECT_EQ(c[c.size() - 1], 0);
    EXPECT_TRUE(Registered(first + 3 * kMiB, kMiB));
    EXPECT_EQ(reuse.reused_bytes(), 3 * kMiB);
    // Small arrays are mapped as usual.
    InternalVector<char> small;
    small.resize(kArrayReuseMinBytes / 2);
    EXPECT_EQ(reuse.reused_bytes(), 3 * kMiB);
    b.Reset();
    c.Reset();
    EXPECT_TRUE(Mapped(first, 4 * kMiB));  // both kept again
  }
  EXPECT_FALSE(Mapped(first, kMiB));  // the scope's end unmapped them
  EXPECT_FALSE(Mapped(third, 3 * kMiB));
  EXPECT_FALSE(Mapped(first + 3 * kMiB, kMiB));
  EXPECT_FALSE(Registered(first, kMiB));
}

TEST(ArrayReuse, NothingIsKeptOutsideAScopeOrInANestedOne) {
  InternalVector<char> a;
  a.resize(2 * kMiB);
  char *p = a.begin();
  a.Reset();
  EXPECT_FALSE(Mapped(p, 2 * kMiB));
  ScopedArrayReuse outer;
  {
    ScopedArrayReuse inner;  // inert: the outer one keeps
    InternalVector<char> b;
    b.resize(2 * kMiB);
    p = b.begin();
    b.Reset();
    EXPECT_TRUE(Mapped(p, 2 * kMiB));
    InternalVector<char> c;
    c.resize(2 * kMiB);
    EXPECT_EQ(c.begin(), p);
    EXPECT_EQ(inner.reused_bytes(), 0u);
    EXPECT_EQ(outer.reused_bytes(), 2 * kMiB);
  }
}

TEST(ArrayReuse, UnmapKeptReleasesWhatIsKeptNowAndKeepsLaterFrees) {
  ScopedArrayReuse reuse;
  InternalVector<char> a, b;
  a.resize(2 * kMiB);
  char *p = a.begin();
  a.Reset();
  EXPECT_EQ(reuse.kept_bytes(), 2 * kMiB);
  reuse.UnmapKept();
  EXPECT_EQ(reuse.kept_bytes(), 0u);
  EXPECT_FALSE(Mapped(p, 2 * kMiB));
  EXPECT_FALSE(Registered(p, 2 * kMiB));
  b.resize(kMiB);
  char *q = b.begin();
  b.Reset();
  EXPECT_EQ(reuse.kept_bytes(), kMiB);
  EXPECT_TRUE(Mapped(q, kMiB));
  EXPECT_EQ(reuse.reused_bytes(), 0u);
}

TEST(ArrayReuse, OnlyWhatWasWrittenIsClearedAndTheRestStaysUntouched) {
  auto resident = [](char *p) {
    unsigned char v = 0;
    return mincore(p, 4096, &v) == 0 && (v & 1);
  };
  ScopedArrayReuse reuse;
  InternalVector<char> a;
  a.resize(kMiB + 4096);  // a 2 MiB mapping (a power of two of pages), 1 MiB + 4 KiB used
  memset(a.begin(), 0x77, a.size());
  char *p = a.begin();
  EXPECT_FALSE(resident(p + kMiB + kMiB / 2));
  a.Reset();
  InternalVector<char> b;
  b.resize(kMiB + 4096);
  ASSERT_EQ(b.begin(), p);
  EXPECT_EQ(reuse.reused_bytes(), 2 * kMiB);
  for (uptr i = 0; i < b.size(); i += 512) ASSERT_EQ(b[i], 0) << i;
  EXPECT_EQ(b[b.size() - 1], 0);
  EXPECT_TRUE(resident(p));                       // written, cleared
  EXPECT_FALSE(resident(p + kMiB + kMiB / 2));  // never written: the clear left it alone
}

TEST(ArrayReuse, HandedOverMappingsAreUnmappedByWhoeverTakesThem) {
  ScopedArrayReuse reuse;
  InternalVector<char> a, b;
  a.resize(kMiB);
  b.resize(2 * kMiB);
  char *pa = a.begin(), *pb = b.begin();
  a.Reset();
  b.Reset();
  KeptMapping out[kMaxKeptMappings];
  int n = reuse.HandOverKept(out);
  ASSERT_EQ(n, 2);
  EXPECT_EQ(reuse.kept_bytes(), 0u);
  EXPECT_TRUE(Mapped(pa, kMiB));  // handed over, not unmapped
  EXPECT_TRUE(Registered(pb, 2 * kMiB));
  InternalVector<char> c;
  c.resize(kMiB);  // nothing kept to take any more
  EXPECT_NE(c.begin(), pa);
  EXPECT_EQ(reuse.reused_bytes(), 0u);
  struct Job {
    KeptMapping *m;
    int n;
  } job = {out, n};
  std::thread t([&] { UnmapMappings(job.m, job.n); });
  t.join();
  EXPECT_FALSE(Mapped(pa, kMiB));
  EXPECT_FALSE(Mapped(pb, 2 * kMiB));
  EXPECT_FALSE(Registered(pb, 2 * kMiB));
}

// The runtime's raw-clone helpers share their creator's TLS: they must map and unmap as
// usual, not through the creator's scope (the two threads would race on its list).
struct HelperArrays {
  char *mapped;
};

static int HelperMapsAndUnmaps(void *arg) {
  HelperArrays *h = (HelperArrays *)arg;
  InternalVector<char> v;
  v.resize(kMiB);
  h->mapped = v.begin();
  v.Reset();
  return 0;
}

TEST(ArrayReuse, HelperThreadsOnTheCreatorsTlsMapAndUnmapAsUsual) {
  ScopedArrayReuse reuse;
  InternalVector<char> kept;
  kept.resize(kMiB);
  char *p = kept.begin();
  kept.Reset();
  ASSERT_EQ(reuse.kept_bytes(), kMiB);  // positive control: the owner keeps
  HelperArrays h = {nullptr};
  HelperThread t;
  ASSERT_TRUE(StartHelperThread(&t, HelperMapsAndUnmaps, &h));
  JoinHelperThread(&t);
  EXPECT_NE(h.mapped, p);                  // not cut from the owner's kept mapping
  EXPECT_EQ(reuse.reused_bytes(), 0u);
  EXPECT_EQ(reuse.kept_bytes(), kMiB);     // nothing added by the helper's unmap
  EXPECT_FALSE(Mapped(h.mapped, kMiB));    // unmapped for real
  EXPECT_TRUE(Mapped(p, kMiB));
}

TEST(ArrayReuse, OnlyWholePagesAreServedAndKept) {
  ScopedArrayReuse reuse;
  InternalVector<char> a;
  a.resize(2 * kMiB);
  char *p = a.begin();
  a.Reset();
  ASSERT_EQ(reuse.kept_bytes(), 2 * kMiB);
  uptr odd = kMiB + 100;  // not whole pages: neither cut from the kept mapping nor kept
  char *q = (char *)MapMemory(odd, "test");
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p);
  EXPECT_EQ(reuse.reused_bytes(), 0u);
  UnmapMemory(q, odd);
  EXPECT_EQ(reuse.kept_bytes(), 2 * kMiB);
  char *r = (char *)MapMemory(kMiB, "test");  // positive control: whole pages are
  EXPECT_EQ(r, p);
  EXPECT_EQ(reuse.reused_bytes(), kMiB);
  UnmapMemory(r, kMiB);
}
