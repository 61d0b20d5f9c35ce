// The thread-leak fixed point (see thread_leaks.h), and the blocked thread's own stack.
//
// Before the stop, GatherThreadLeakCode lists the modules' code (dl_iterate_phdr takes
// the loader's lock, which a stopped thread may hold). Then, all with the world stopped,
// all on the checking thread:
//   Defer      ScanThreadsExcept leaves out every stopped thread whose wait is an
//              untimed futex wait on a heap word (a candidate); the rest are roots.
//   Promote    flood; a candidate whose word's chunk is marked is scanned; repeat.
//   Capture    each leaked thread's stack is read (frames, not symbols: symbolizing
//              and the depot wait until the world runs again); return addresses are
//              recognised in the listed code that is still readable.
//   Holds      per creation-stack group: flood from its threads alone, recording what
//              gets newly marked, then unmark it; a chunk recorded by one group only is
//              what "only it can reach".
//   Finish     scan every leaked thread and flood: the marks are those of a check that
//              treats all threads as roots, so memory-leak results do not change.
#include "check/thread_leaks.h"

#include <link.h>

#include "base/report_io.h"
#include "base/sort.h"
#include "check/marker.h"
#include "check/readable_memory.h"
#include "check/roots.h"
#include "check/suppressions.h"
#include "heap/allocator.h"
#include "options.h"
#include "stacks/stack_depot.h"
#include "stacks/stack_trace.h"
#include "world/threads.h"

namespace leakscope {

u64 ThreadLeakSet::Threads() const {
  u64 n = 0;
  for (uptr i = 0; i < leaks.size(); i++) n += leaks[i].threads;
  return n;
}

u64 ThreadLeakSet::HeldBytes() const {
  u64 n = 0;
  for (uptr i = 0; i < leaks.size(); i++) n += leaks[i].held_bytes;
  return n;
}

namespace {
struct Candidate {
  ThreadContext *t;
  uptr futex;
  bool promoted;
  u32 group;  // index into ThreadLeakSet::leaks once leaked
};

struct DeferState {
  InternalVector<Candidate> *candidates;
  ThreadLeakSet *out;
};

// Code ranges of the loaded modules, to recognise return addresses on a stack.
struct CodeRange {
  uptr lo, hi;
};
constexpr int kMaxCodeRanges = 512;
// Listed before the stop (GatherThreadLeakCode), clipped to the readable mappings in it;
// checks are serialised (the check lock), so one user at a time.
CodeRange g_listed[kMaxCodeRanges], g_code[kMaxCodeRanges];
int g_num_listed, g_num_code;
const ReadableMemory *g_readable;  // this check's, while the world is stopped
}  // namespace

static bool Readable(uptr lo, uptr hi) {
  return !g_readable || g_readable->ForEachReadable(lo, hi, [](uptr, uptr) {}) == 0;
}

// A futex word in an allocated, readable heap chunk can be judged; anything else cannot.
static bool InAllocatedChunk(uptr addr) {
  uptr begin;
  ChunkMeta *m = InHeap(addr) ? LookupChunk(addr, &begin) : nullptr;
  return m && LoadMeta(m).state == kChunkAllocated && Readable(addr, addr + 4);
}

static bool ChunkMarked(uptr addr) {
  uptr begin;
  ChunkMeta *m = LookupChunk(addr, &begin);
  if (!m) return true;
  ChunkMeta v = LoadMeta(m);  // atomic halves, as the marker reads them
  return v.state != kChunkAllocated || v.tag == kTagReachable || v.tag == kTagIgnored;
}

static bool DeferCb(ThreadContext *t, void *arg) {
  DeferState *s = (DeferState *)arg;
  ThreadWait w = ClassifyWait(t, InAllocatedChunk);
  if (w.kind == kWaitFutex) {
    s->candidates->push_back({t, w.futex, false, 0});
    return true;
  }
  if (g_options.verbosity >= 1) {
    if (w.kind != kWaitNone) s->out->notes.push_back({t->tid, kVerdictNotJudged, w});
    else if (w.futex) s->out->notes.push_back({t->tid, kVerdictOutsideHeap, w});
  }
  return false;
}

// ---- The blocked thread's stack -------------------------------------------------------
static int CodeRangeCb(struct dl_phdr_info *info, size_t, void *) {
  for (int i = 0; i < info->dlpi_phnum && g_num_listed < kMaxCodeRanges; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X)) continue;
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    g_listed[g_num_listed++] = {lo, lo + ph.p_memsz};
  }
  return 0;
}

void GatherThreadLeakCode() {
  g_num_listed = 0;
  dl_iterate_phdr(CodeRangeCb, nullptr);
}

// With the world stopped: the listed code that is still mapped (a module closed between
// the list and the stop is left out).
static void ClipCodeRanges() {
  g_num_code = 0;
  for (int i = 0; i < g_num_listed; i++) {
    if (!g_readable) {
      g_code[g_num_code++] = g_listed[i];
      continue;
    }
    g_readable->ForEachReadable(g_listed[i].lo, g_listed[i].hi, [](uptr lo, uptr hi) {
      if (g_num_code < kMaxCodeRanges) g_code[g_num_code++] = {lo, hi};
    });
  }
}

// Whether `w` can be a return address: inside loaded code, just after a call
// instruction (e8 rel32; ff /2 with a register, disp8, disp32 or SIB+disp32 operand).
static bool IsReturnAddress(uptr w) {
  for (int i = 0; i < g_num_code; i++) {
    if (w < g_code[i].lo + 7 || w >= g_code[i].hi) continue;
    const u8 *p = (const u8 *)w;
    if (p[-5] == 0xe8) return true;
    if (p[-2] == 0xff && (p[-1] & 0xf8) == 0xd0) return true;         // call *%reg
    if (p[-3] == 0xff && (p[-2] & 0x38) == 0x10) return true;         // call *d8(%reg)
    if (p[-6] == 0xff && (p[-5] & 0x38) == 0x10) return true;         // call *d32(...)
    if (p[-7] == 0xff && (p[-6] & 0x38) == 0x10) return true;         // call *d32(,sib)
    if (p[-2] == 0xff && (p[-1] & 0x38) == 0x10 && (p[-1] >> 6) == 0) return true;  // call *(%reg)
    return false;
  }
  return false;
}

static bool InWrappers(uptr pc) {
  return pc - (uptr)__start_leakscope_wrappers < kWrappersSize();
}

// A frame-pointer frame at fp: inside the stack, above `above`, its return address
// after a call.
static bool ValidFrame(uptr fp, uptr above, uptr hi) {
  return fp > above && !(fp & 7) && fp + 16 <= hi && IsReturnAddress(((uptr *)fp)[1]);
}

// A frame whose saved frame pointer is a valid frame too (or ends the chain): a stack
// word that merely points into the stack next to a return address rarely passes, and
// starting the chain there would skip the frames between it and the real one.
static bool ValidChain(uptr fp, uptr above, uptr hi) {
  if (!ValidFrame(fp, above, hi)) return false;
  uptr next = ((uptr *)fp)[0];
  return next == 0 || ValidFrame(next, fp, hi);
}

// [0] the interrupted PC, then return addresses. Debian's libc keeps no frame pointer
// (a thread in pthread_cond_wait has RBP = 0 or garbage), so the words from SP up are
// scanned for return addresses until a valid frame-pointer frame is found (the saved
// RBP, or a libc function's pushed copy of its caller's); from there the chain is
// followed. The scan may pick up a stale return address left in an uninitialised slot.
static u32 CaptureWaitStack(ThreadContext *t, uptr *pcs, u32 max) {
  u32 n = 0;
  pcs[n++] = t->saved_pc;
  uptr sp = t->saved_sp, hi = t->stack_hi;
  if (!t->stack_lo || sp < t->stack_lo || sp >= hi) return n;
  constexpr uptr kMaxScan = 64 * 1024;
  uptr scan_end = hi - sp > kMaxScan ? sp + kMaxScan : hi;
  uptr fp = t->saved_regs[6];  // RBP
  uptr limit = ValidChain(fp, sp, hi) ? fp : 0;
  if (!limit) fp = 0;
  for (uptr a = RoundUp(sp, 8); a + 8 <= (limit ? limit : scan_end) && n < max; a += 8) {
    uptr w = *(uptr *)a;
    if (IsReturnAddress(w)) {
      if (InWrappers(w)) return n;
      pcs[n++] = w;
    } else if (!limit && ValidChain(w, a, hi)) {
      limit = fp = w;
    }
  }
  while (fp && n < max) {
    uptr ra = ((uptr *)fp)[1];
    if (!IsReturnAddress(ra) || InWrappers(ra)) break;
    pcs[n++] = ra;
    uptr next = ((uptr *)fp)[0];
    if (next <= fp || next + 16 > hi) break;
    fp = next;
  }
  return n;
}

// ---- Holds -------------------------------------------------------------------------------
namespace {
struct Reached {
  uptr begin;
  ChunkMeta *meta;
  u32 group;
};
}  // namespace

static void SortReached(InternalVector<Reached> &v) {
  HeapSort(v.begin(), v.size(), [](const Reached &a, const Reached &b) { return a.begin < b.begin; });
}

static void MeasureHolds(Marker *m, InternalVector<Candidate> &cands, ThreadLeakSet *out) {
  InternalVector<Reached> reached;
  InternalVector<UnreachableChunk> record;
  for (u32 g = 0; g < out->leaks.size(); g++) {
    record.clear();
    m->RecordNewlyMarked(&record);
    for (Candidate &c : cands)
      if (!c.promoted && c.group == g) ScanStoppedThread(m, c.t);
    m->FloodFill();
    m->RecordNewlyMarked(nullptr);
    for (UnreachableChunk &u : record) {
      reached.push_back({u.begin, u.meta, g});
      ResetTag(u.meta, kTagLeaked);  // the next group starts from the same marks
    }
  }
  SortReached(reached);
  for (uptr i = 0; i < reached.size();) {
    uptr j = i + 1;
    while (j < reached.size() && reached[j].begin == reached[i].begin) j++;
    if (j == i + 1) {  // one group reaches it
      ThreadLeak &l = out->leaks[reached[i].group];
      uptr size = ChunkSize(reached[i].begin, reached[i].meta);
      l.held_bytes += size ? size : 1;
      l.held_objects++;
    }
    i = j;
  }
}

// ---- The fixed point -------------------------------------------------------------------
void MarkThreadsFindingLeaks(Marker *m, const ReadableMemory *readable, ThreadLeakSet *out) {
  g_readable = readable;
  InternalVector<Candidate> cands;
  DeferState ds = {&cands, out};
  ScanThreadsExcept(m, DeferCb, &ds);
  m->FloodFill();
  for (bool promoted = true; promoted;) {
    promoted = false;
    for (Candidate &c : cands) {
      if (c.promoted || !ChunkMarked(c.futex)) continue;
      c.promoted = promoted = true;
      ScanStoppedThread(m, c.t);
      if (g_options.verbosity >= 1) {
        ThreadWait w = {kWaitFutex, c.futex, 202, {0, 0, 0}};
        out->notes.push_back({c.t->tid, kVerdictReachable, w});
      }
    }
    if (promoted) m->FloodFill();
  }
  // Group the leaked threads by creation stack (0: a group of its own).
  bool any = false;
  for (Candidate &c : cands) {
    if (c.promoted) continue;
    any = true;
    u32 g = 0;
    for (; g < out->leaks.size(); g++)
      if (c.t->creation_stack && out->leaks[g].creation_stack == c.t->creation_stack) break;
    if (g == out->leaks.size()) {
      ThreadLeak l = {};
      l.creation_stack = c.t->creation_stack;
      l.futex = c.futex;
      out->leaks.push_back(l);
    }
    ThreadLeak &l = out->leaks[g];
    if (l.threads < kMaxLeakTids) l.tids[l.threads] = c.t->tid;
    l.threads++;
    c.group = g;
  }
  if (!any) {
    g_readable = nullptr;
    return;
  }
  ClipCodeRanges();
  for (ThreadLeak &l : out->leaks) {
    for (Candidate &c : cands) {
      if (c.promoted || c.t->tid != l.tids[0]) continue;
      l.num_wait_pcs = CaptureWaitStack(c.t, l.wait_pcs, kMaxWaitFrames);
      break;
    }
  }
  MeasureHolds(m, cands, out);
  for (Candidate &c : cands)
    if (!c.promoted) ScanStoppedThread(m, c.t);
  m->FloodFill();
  g_readable = nullptr;
}

void FinishThreadLeaks(ThreadLeakSet *set) {
  for (ThreadLeak &l : set->leaks)
    if (l.num_wait_pcs) l.wait_stack = DepotPut(l.wait_pcs, l.num_wait_pcs, nullptr)->id;
}

void SuppressThreadLeaks(ThreadLeakSet *set) {
  uptr kept = 0;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    ThreadLeak &l = set->leaks[i];
    StackEntry *created = DepotGet(l.creation_stack), *own = DepotGet(l.wait_stack);
    bool suppressed = (created && IsSuppressed(created, l.held_bytes, l.threads)) ||
                      (own && IsSuppressed(own, l.held_bytes, l.threads));
    if (!suppressed) set->leaks[kept++] = l;
  }
  set->leaks.resize(kept);
}

}  // namespace leakscope
