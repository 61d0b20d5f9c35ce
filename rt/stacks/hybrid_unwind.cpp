#include "stacks/hybrid_unwind.h"

#include <dlfcn.h>
#include <link.h>
#include <sys/auxv.h>

#include "base/internal_alloc.h"
#include "base/locks.h"
#include "options.h"
#include "stacks/cfi_rules.h"
#include "stacks/stack_bounds.h"
#include "stacks/stack_depot.h"
#include "stacks/stack_trace.h"

namespace leakscope {

uptr g_fp_fast_start, g_fp_fast_size;  // hybrid_unwind.h

namespace {

// One module's CFI. Entries are appended under g_modules_lock and published by the
// release store of g_num_modules; `state` moves Compiling -> Ready/NoCfi once, then
// (dlclose) to Dead; a Dead slot is reused for the next module. Rows are read and
// written only under g_modules_lock (they may move as they grow); what the walk reads
// without the lock are the packed rules in each thread's cache.
//
// The main program is compiled whole, to learn whether it is all frame-pointer code
// (then its frames need no lookup at all); other modules one FDE at a time, on first
// use: fde_rows[i] is (index of FDE i's first row in `rows`) << 32 | its row count,
// 0 before it is compiled, kFdeMalformed when it could not be.
enum : u32 { kModCompiling = 1, kModReady = 2, kModNoCfi = 3, kModDead = 4 };
constexpr u64 kFdeMalformed = ~0ull;

struct UnwindModule {
  uptr start, end, hdr;
  u32 state;
  bool whole;  // rows hold every FDE, sorted (the main program)
  CfiIndex index;
  InternalVector<CfiRow> *rows;
  u64 *fde_rows;  // fde_count entries, for a module compiled per FDE
  uptr fde_rows_bytes;
  CfiStats stats;
};

constexpr u32 kMaxModules = 1024;
UnwindModule g_modules[kMaxModules];
u32 g_num_modules;  // slots in use, published with release
// A Mutex: it is held while CFI is compiled (the main program's whole, milliseconds),
// and fork or a dlclose waiting for it should sleep. The allocation path waits for it
// unless the waiting thread holds it itself (a signal handler that allocates while its
// thread compiles CFI): then that frame is walked by frame pointer.
Mutex g_modules_lock{LockRank::kUnwindModules};
LS_REGISTER_LOCK(g_modules_lock);
// Bumped by dlclose: a thread whose cache is of an older generation clears it.
u32 g_generation = 1;
// The main program, when all its frames are frame-pointer frames (CfiStats::
// all_frame_pointer: an instrumented program): its return addresses need no lookup.
// Set once; g_fp_module_size is published last.
uptr g_fp_module_start, g_fp_module_size;
void SetFastRange(uptr start, uptr end) {
  uptr ws = (uptr)__start_leakscope_wrappers, we = (uptr)__stop_leakscope_wrappers;
  uptr entry = getauxval(AT_ENTRY), size;
  if (we <= start || ws >= end) {
    size = end - start;
  } else if (entry < ws) {
    size = ws - start;
  } else {
    start = we;
    size = end - we;
  }
  g_fp_fast_start = start;
  __atomic_store_n(&g_fp_fast_size, size, __ATOMIC_RELEASE);  // read first, with acquire
}

// A rule, packed into one word so that a cache entry is two words.
//   bits 0-31 cfa_off, 32-39 cfa kind, 40-47 rbp_slot, 48-55 ra, 56 valid,
//   57 "frame-pointer frame": CFA = rbp + 16 with rbp saved at CFA - 16, so the step
//   is exactly the frame-pointer one (most frames of instrumented code).
constexpr u64 kRuleValid = 1ull << 56, kRuleFp = 1ull << 57;
LS_ALWAYS_INLINE u64 PackRule(const CfiRow &r) {
  u64 rule = (u64)(u32)r.cfa_off | (u64)r.cfa << 32 | (u64)(u8)r.rbp_slot << 40 |
             (u64)r.ra << 48 | kRuleValid;
  if (r.cfa == kCfaRbp && r.cfa_off == 16 && r.rbp_slot == -2 && r.ra == kRaAtCfaMinus8)
    rule |= kRuleFp;
  return rule;
}
constexpr u64 kNoRule = kRuleValid;  // valid, kind kCfaNone

// Keyed by return address (the rule is that of the code at ra - 1).
struct PcCacheEntry {
  uptr ra;
  u64 rule;
};
constexpr u32 kPcCacheSize = 256;
__thread PcCacheEntry tls_pc_cache[kPcCacheSize] __attribute__((tls_model("initial-exec")));
__thread u32 tls_pc_cache_generation __attribute__((tls_model("initial-exec")));

LS_ALWAYS_INLINE u32 PcCacheSlot(uptr ra) { return (u32)(ra ^ (ra >> 9)) & (kPcCacheSize - 1); }

}  // namespace

// Adds the module holding `pc` to the table (compiling it whole if it is the main
// program). Called with g_modules_lock held. Returns the slot or nullptr.
static UnwindModule *AddModuleLocked(uptr pc) LS_REQUIRES(g_modules_lock) {
  dl_find_object fo;
  if (_dl_find_object((void *)pc, &fo) != 0) return nullptr;
  uptr start = (uptr)fo.dlfo_map_start, end = (uptr)fo.dlfo_map_end;
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_RELAXED);
  UnwindModule *m = nullptr;
  for (u32 i = 0; i < n && !m; i++)
    if (g_modules[i].state == kModDead) m = &g_modules[i];
  if (!m) {
    if (n == kMaxModules) return nullptr;
    m = &g_modules[n];
  }
  m->start = start;
  m->end = end;
  m->hdr = (uptr)fo.dlfo_eh_frame;
  __atomic_store_n(&m->state, kModCompiling, __ATOMIC_RELEASE);
  if (m == &g_modules[n]) __atomic_store_n(&g_num_modules, n + 1, __ATOMIC_RELEASE);
  if (!m->rows) m->rows = InternalNew<InternalVector<CfiRow>>();
  m->rows->clear();
  m->stats = {};
  const char *name = fo.dlfo_link_map ? fo.dlfo_link_map->l_name : nullptr;
  bool main_program = name && !*name;
  bool ok;
  if (main_program) {
    m->whole = true;
    ok = CompileCfi(start, end, m->hdr, m->rows, &m->stats);
    if (ok && m->stats.all_frame_pointer && !__atomic_load_n(&g_fp_module_size, __ATOMIC_RELAXED)) {
      g_fp_module_start = start;
      SetFastRange(start, end);
      __atomic_store_n(&g_fp_module_size, end - start, __ATOMIC_RELEASE);
    }
  } else {
    m->whole = false;
    ok = OpenCfiIndex(start, end, m->hdr, &m->index);
    if (ok) {
      m->fde_rows_bytes = RoundUp((uptr)m->index.fde_count * sizeof(u64), kPageSize);
      m->fde_rows = (u64 *)MapMemory(m->fde_rows_bytes, "unwind tables");
      ok = m->fde_rows != nullptr;
    }
  }
  __atomic_store_n(&m->state, ok ? kModReady : kModNoCfi, __ATOMIC_RELEASE);
  return m;
}

// The row for `pc` in module m. Called with g_modules_lock held.
static const CfiRow *FindRowLocked(UnwindModule *m, uptr pc) LS_REQUIRES(g_modules_lock) {
  if (m->whole) return FindCfiRow(m->rows->begin(), m->rows->size(), pc - m->start);
  int64_t i = FindFde(m->index, pc);
  if (i < 0) return nullptr;
  u64 entry = m->fde_rows[i];
  if (entry == kFdeMalformed) return nullptr;
  if (!entry) {
    uptr first = m->rows->size();
    if (!CompileFdeRows(m->index, (u32)i, m->rows, &m->stats)) {
      m->fde_rows[i] = kFdeMalformed;
      return nullptr;
    }
    entry = (u64)first << 32 | (m->rows->size() - first);
    m->fde_rows[i] = entry;
    m->stats.fdes_compiled++;
  }
  const CfiRow *rows = m->rows->begin() + (entry >> 32);
  uptr count = (u32)entry;
  return FindCfiRow(rows, count, pc - m->start);
}

// The rule for the code at `pc` (a return address minus one, or an exact PC), packed;
// 0 when it cannot be known now (this thread holds the tables, interrupted by a signal
// whose handler allocates). Waiting for another thread that compiles is what keeps a
// stack whole: giving up would cut it at the first library frame.
static __thread bool tls_holds_modules_lock __attribute__((tls_model("initial-exec")));

static u64 LookupRule(uptr pc) {
  if (!g_modules_lock.TryLock()) {
    if (tls_holds_modules_lock) return 0;
    g_modules_lock.Lock();
  }
  tls_holds_modules_lock = true;
  u64 rule = kNoRule;
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_RELAXED);
  UnwindModule *m = nullptr;
  for (u32 i = 0; i < n && !m; i++) {
    UnwindModule *c = &g_modules[i];
    if (c->state != kModDead && pc - c->start < c->end - c->start) m = c;
  }
  if (!m) m = AddModuleLocked(pc);
  if (m && m->state == kModReady) {
    const CfiRow *row = FindRowLocked(m, pc);
    if (row) rule = PackRule(*row);
  }
  tls_holds_modules_lock = false;
  g_modules_lock.Unlock();
  return rule;
}

// The calling thread's cache, emptied first if a dlclose happened since it was filled.
static LS_ALWAYS_INLINE PcCacheEntry *ThreadPcCache() {
  u32 gen = __atomic_load_n(&g_generation, __ATOMIC_ACQUIRE);
  if (LS_UNLIKELY(tls_pc_cache_generation != gen)) {
    memset(tls_pc_cache, 0, sizeof(tls_pc_cache));
    tls_pc_cache_generation = gen;
  }
  return tls_pc_cache;
}

// A cache miss: look the rule up and remember it (unless it cannot be known yet).
static LS_NOINLINE u64 MissRule(PcCacheEntry *e, uptr ra) {
  u64 rule = LookupRule(ra - 1);
  if (rule) {
    e->ra = ra;
    e->rule = rule;
  }
  return rule;
}

// __restore_rt, glibc's x86-64 signal trampoline: `mov $15, %rax; syscall`
// (rt_sigreturn). A signal handler returns into it, so it is the handler's return
// address itself (not after a call).
static bool IsSigreturnTrampoline(uptr pc) {
  static const u8 kCode[] = {0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05};
  // The trampoline lives in libc's text; only compare bytes of a mapped module.
  dl_find_object fo;
  if (_dl_find_object((void *)pc, &fo) != 0) return false;
  if (pc + sizeof(kCode) > (uptr)fo.dlfo_map_end) return false;
  return memcmp((const void *)pc, kCode, sizeof(kCode)) == 0;
}

// Offsets into the ucontext_t the kernel pushes for a handler: at the trampoline's
// stack pointer; uc_mcontext.gregs starts 40 bytes in (uc_flags, uc_link, uc_stack).
constexpr uptr kUcGregs = 40;
constexpr uptr kGregRbp = 10, kGregRsp = 15, kGregRip = 16;

// One step that is not the frame-pointer one: a general CFI rule, the signal
// trampoline, or no rule at all (then the frame-pointer chain, if rbp is a frame of
// this stack). Reads stay in [sp, hi). Returns false where the walk ends; *dropped is
// set when the frame just recorded is the trampoline, which is not a frame of the
// program.
static LS_NOINLINE bool StepSlow(u64 rule, uptr hi, uptr *sp_io, uptr *rbp_io, uptr *ra_io,
                                 bool *dropped) {
  uptr sp = *sp_io, rbp = *rbp_io, ra = *ra_io;
  auto readable = [&](uptr addr, uptr len) {
    return !(addr & 7) && addr >= sp && addr < hi && hi - addr >= len;  // no addr + len: it may wrap
  };
  u8 kind = (u8)(rule >> 32);
  if (rule && kind != kCfaNone) {
    if ((u8)(rule >> 48) == kRaUndefined) return false;  // the outermost frame
    uptr cfa = (kind == kCfaRsp ? sp : rbp) + (uptr)(int64_t)(int32_t)(u32)rule;
    if (cfa < sp + 8 || !readable(cfa - 8, 8)) return false;
    int8_t slot = (int8_t)(u8)(rule >> 40);
    uptr next_ra = ((uptr *)cfa)[-1];
    if (slot) {
      uptr at = cfa + 8 * (intptr_t)slot;
      if (!readable(at, 8)) return false;
      rbp = *(uptr *)at;
    }
    *sp_io = cfa;
    *rbp_io = rbp;
    *ra_io = next_ra;
    return true;
  }
  if (IsSigreturnTrampoline(ra)) {
    // The handler returned here: continue in the interrupted code. Its PC is exact,
    // so it is recorded plus one, like a return address (reports look up PC - 1).
    uptr gregs = sp + kUcGregs;
    if (!readable(gregs, (kGregRip + 1) * 8)) return false;
    uptr new_sp = ((uptr *)gregs)[kGregRsp];
    if (new_sp < sp || new_sp >= hi) return false;
    *dropped = true;
    *sp_io = new_sp;
    *rbp_io = ((uptr *)gregs)[kGregRbp];
    *ra_io = ((uptr *)gregs)[kGregRip] + 1;
    return true;
  }
  if (!readable(rbp, 16)) return false;
  *ra_io = ((uptr *)rbp)[1];
  *sp_io = rbp + 16;
  *rbp_io = ((uptr *)rbp)[0];
  return true;
}

// The walk from the caller state (sp, rbp, ra) on, with pcs[0..n) filled: every kind of
// step. Out of line, so that a stack of the main program's frames alone (the common
// case) never pays for this loop's registers.
static LS_NOINLINE u32 UnwindGeneral(uptr *pcs, u32 n, u32 max, uptr hi, uptr sp, uptr rbp,
                                     uptr ra) {
  PcCacheEntry *cache = ThreadPcCache();
  uptr fp_size = __atomic_load_n(&g_fp_module_size, __ATOMIC_ACQUIRE);
  const uptr fp_start = g_fp_module_start;
  const uptr fast_start = g_fp_fast_start, fast_size = fp_size ? g_fp_fast_size : 0;
  bool exact = false;  // ra is an interrupted PC + 1, not a return address
  const uptr wrappers = (uptr)__start_leakscope_wrappers, wrappers_size = kWrappersSize();
  const uptr hi16 = hi - 16;  // the caller checked hi - fp >= 16
  while (n < max) {
    // Runs of the main program's frames (all with frame pointers), as in UnwindHybrid.
    if (LS_LIKELY(!exact)) {
      while (ra - fast_start < fast_size) {
        pcs[n++] = ra;
        if (n >= max || (rbp & 7) || rbp < sp || rbp > hi16) return n;
        sp = rbp + 16;
        ra = ((uptr *)rbp)[1];
        rbp = ((uptr *)rbp)[0];
      }
    }
    if (ra < 0x1000 || ra - wrappers < wrappers_size) break;
    pcs[n++] = ra;
    u64 rule = kRuleFp;
    if (!(ra - fp_start < fp_size) || LS_UNLIKELY(exact)) {
      PcCacheEntry *e = &cache[PcCacheSlot(ra)];
      rule = LS_LIKELY(e->ra == ra) ? e->rule : MissRule(e, ra);
      exact = false;
    }
    if (LS_LIKELY(rule & kRuleFp)) {
      // The frame-pointer step, with the frame-pointer walk's checks.
      if ((rbp & 7) || rbp < sp || rbp >= hi || hi - rbp < 16) break;
      ra = ((uptr *)rbp)[1];
      sp = rbp + 16;
      rbp = ((uptr *)rbp)[0];
      continue;
    }
    // Copies, so that the fast path keeps sp, rbp and ra in registers.
    uptr sp2 = sp, rbp2 = rbp, ra2 = ra;
    bool dropped = false;
    if (!StepSlow(rule, hi, &sp2, &rbp2, &ra2, &dropped)) break;
    if (dropped) {
      n--;
      exact = true;
    }
    sp = sp2;
    rbp = rbp2;
    ra = ra2;
  }
  return n;
}

u32 UnwindContinue(uptr *pcs, u32 n, u32 max, uptr hi, uptr sp, uptr rbp, uptr ra, u64 *frame_hash) {
  n = UnwindGeneral(pcs, n, max, hi, sp, rbp, ra);
  *frame_hash = FrameHash(pcs, n);  // it may have dropped a frame (the signal trampoline)
  return n;
}

u32 UnwindHybrid(uptr *pcs, u32 max, uptr entry_pc, uptr fp, u64 *frame_hash) {
  return UnwindHybridInline(pcs, max, entry_pc, fp, frame_hash);
}

u32 UnwindStackHashed(uptr *pcs, u32 max, uptr entry_pc, uptr fp, u64 *frame_hash) {
  if (LS_LIKELY(!g_options.fast_unwind_on_malloc)) return UnwindHybrid(pcs, max, entry_pc, fp, frame_hash);
  u32 n = UnwindFast(pcs, max, entry_pc, fp);
  *frame_hash = FrameHash(pcs, n);
  return n;
}

u32 UnwindStack(uptr *pcs, u32 max, uptr entry_pc, uptr fp) {
  u64 h;
  return UnwindStackHashed(pcs, max, entry_pc, fp, &h);
}

UnwindModuleStats GetUnwindModuleStats() {
  UnwindModuleStats s = {};
  ScopedLock l(&g_modules_lock);
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_RELAXED);
  for (u32 i = 0; i < n; i++) {
    UnwindModule *m = &g_modules[i];
    if (m->state != kModReady) continue;
    s.modules++;
    s.rows += (u32)m->rows->size();
    s.fdes += m->whole ? m->stats.fdes : m->stats.fdes_compiled;
    if (m->whole && m->stats.all_frame_pointer) s.frame_pointer_modules++;
  }
  return s;
}

// After dlclose: the modules that are no longer mapped where they were lose their
// rules, and every thread's cache is invalidated.
static void ForgetUnmappedModules() {
  ScopedLock l(&g_modules_lock);
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_RELAXED);
  for (u32 i = 0; i < n; i++) {
    UnwindModule *m = &g_modules[i];
    if (m->state == kModDead) continue;
    dl_find_object fo;
    if (_dl_find_object((void *)m->start, &fo) == 0 && (uptr)fo.dlfo_map_start == m->start &&
        (uptr)fo.dlfo_map_end == m->end && (uptr)fo.dlfo_eh_frame == m->hdr)
      continue;
    m->state = kModDead;
    m->rows->Reset();
    if (m->fde_rows) UnmapMemory(m->fde_rows, m->fde_rows_bytes);
    m->fde_rows = nullptr;
  }
  __atomic_fetch_add(&g_generation, 1, __ATOMIC_RELEASE);
}

}  // namespace leakscope

using namespace leakscope;

LS_INTERFACE int dlclose(void *handle) {
  static int (*real)(void *);
  if (!real) real = (int (*)(void *))dlsym(RTLD_NEXT, "dlclose");
  int r = real(handle);
  ForgetUnmappedModules();
  return r;
}
