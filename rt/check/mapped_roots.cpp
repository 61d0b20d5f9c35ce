#include "check/mapped_roots.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/runtime_fd.h"
#include "base/runtime_mappings.h"
#include "options.h"
#include "world/threads.h"
#include "world/tls.h"

namespace leakscope {

namespace {
struct Piece {
  uptr lo, hi;
};

constexpr u64 kPagePresent = 1ull << 63;
constexpr u64 kPageSwapped = 1ull << 62;
constexpr uptr kBatch = 4096;  // pagemap entries read at once
u64 g_pagemap[kBatch];         // world stopped, one user
}  // namespace

// Removes [lo, hi) from every piece.
static void Subtract(InternalVector<Piece> *pieces, uptr lo, uptr hi) {
  uptr n = pieces->size();
  for (uptr i = 0; i < n; i++) {
    Piece p = (*pieces)[i];
    if (hi <= p.lo || lo >= p.hi) continue;
    (*pieces)[i] = {p.lo, lo > p.lo ? lo : p.lo};  // the part below (maybe empty)
    if (hi < p.hi) pieces->push_back({hi, p.hi});  // the part above
  }
}

static bool OverlapsThreadStack(uptr lo, uptr hi) {
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    if (t->stack_hi > t->stack_lo && t->stack_lo < hi && t->stack_hi > lo) return true;
    if (t->stop_state == kStopped && t->saved_sp >= lo && t->saved_sp < hi) return true;
  }
  return false;
}

// Scans the touched pages of [lo, hi) (page-aligned).
static void ScanTouched(Marker *m, uptr lo, uptr hi, int pagemap) {
  for (uptr at = lo; at < hi;) {
    uptr pages = (hi - at) / kPageSize;
    if (pages > kBatch) pages = kBatch;
    long got = pagemap < 0 ? -1
                           : syscall(SYS_pread64, pagemap, g_pagemap, pages * sizeof(u64),
                                     (at / kPageSize) * sizeof(u64));
    if (got != (long)(pages * sizeof(u64))) {
      // No page map: scan what is still mapped (mincore fails on a hole).
      unsigned char vec[kBatch];
      if (syscall(SYS_mincore, at, pages * kPageSize, vec) == 0) m->ScanRoot(at, at + pages * kPageSize);
      at += pages * kPageSize;
      continue;
    }
    for (uptr i = 0; i < pages;) {
      if (!(g_pagemap[i] & (kPagePresent | kPageSwapped))) {
        i++;
        continue;
      }
      uptr j = i;
      while (j < pages && (g_pagemap[j] & (kPagePresent | kPageSwapped))) j++;
      m->ScanRoot(at + i * kPageSize, at + j * kPageSize);
      i = j;
    }
    at += pages * kPageSize;
  }
}

void ScanMappedRoots(Marker *m, const InternalVector<MapEntry> &maps,
                     const InternalVector<GlobalRange> &globals) {
  if (!g_options.use_mmap || maps.empty()) return;
  int pagemap = KeepOffStdio((int)syscall(SYS_openat, AT_FDCWD, "/proc/self/pagemap", O_RDONLY | O_CLOEXEC));
  InternalVector<Piece> pieces;
  for (uptr i = 0; i < maps.size(); i++) {
    const MapEntry &e = maps[i];
    if (e.kind != kMapAnonymous || !e.readable || !e.writable) continue;
    if (i > 0 && maps[i - 1].hi == e.lo && !maps[i - 1].readable && !maps[i - 1].writable &&
        maps[i - 1].kind == kMapAnonymous)
      continue;  // above a guard page: a stack
    if (OverlapsThreadStack(e.lo, e.hi)) continue;
    pieces.clear();
    pieces.push_back({e.lo, e.hi});
    struct Ctx {
      InternalVector<Piece> *pieces;
      uptr lo, hi;
    } ctx = {&pieces, e.lo, e.hi};
    ForEachRuntimeMapping(
        [](uptr b, uptr end, void *arg) {
          Ctx *c = (Ctx *)arg;
          if (b < c->hi && end > c->lo) Subtract(c->pieces, b, end);
        },
        &ctx);
    // Static TLS blocks (the main thread's sits in a mapping ld.so made): TLS is a root
    // of its own (use_tls).
    for (int t = 0; t < ThreadSlots(); t++) {
      uptr tls_lo, tls_hi;
      ThreadContext *c = ThreadAt(t);
      if (c->status != kThreadUnused && StaticTlsRange(c->thread_pointer, &tls_lo, &tls_hi) &&
          tls_lo < e.hi && tls_hi > e.lo)
        Subtract(&pieces, RoundDown(tls_lo, kPageSize), RoundUp(tls_hi, kPageSize));
    }
    for (uptr g = 0; g < globals.size(); g++)
      if (globals[g].lo < e.hi && globals[g].hi > e.lo)
        Subtract(&pieces, RoundDown(globals[g].lo, kPageSize), RoundUp(globals[g].hi, kPageSize));
    for (uptr p = 0; p < pieces.size(); p++)
      if (pieces[p].hi > pieces[p].lo) ScanTouched(m, pieces[p].lo, pieces[p].hi, pagemap);
  }
  if (pagemap >= 0) syscall(SYS_close, pagemap);
}

}  // namespace leakscope
