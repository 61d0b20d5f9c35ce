#include "stacks/hybrid_unwind.h"

#include <dlfcn.h>

#include "base/internal_alloc.h"
#include "options.h"
#include "stacks/cfi_rules.h"
#include "stacks/stack_bounds.h"
#include "stacks/stack_trace.h"

namespace leakscope {

namespace {

// One module's compiled CFI. Entries are appended under g_modules_lock and published by
// the release store of g_num_modules; `state` moves Compiling -> Ready/NoCfi once,
// then (dlclose) to Dead; a Dead slot is reused for the next module.
enum : u32 { kModCompiling = 1, kModReady = 2, kModNoCfi = 3, kModDead = 4 };

struct UnwindModule {
  uptr start, end, hdr;
  u32 state;
  const CfiRow *rows;
  uptr num_rows;
  InternalVector<CfiRow> *storage;
  CfiStats stats;
};

constexpr u32 kMaxModules = 1024;
UnwindModule g_modules[kMaxModules];
u32 g_num_modules;  // slots in use, published with release
SpinLock g_modules_lock;
// Bumped by dlclose: a thread whose cache is of an older generation clears it.
u32 g_generation = 1;

// A rule, packed into one word so that a cache entry is two words.
//   bits 0-31 cfa_off, 32-39 cfa kind, 40-47 rbp_slot, 48-55 ra, 56 valid
LS_ALWAYS_INLINE u64 PackRule(const CfiRow &r) {
  return (u64)(u32)r.cfa_off | (u64)r.cfa << 32 | (u64)(u8)r.rbp_slot << 40 | (u64)r.ra << 48 |
         1ull << 56;
}
constexpr u64 kNoRule = 1ull << 56;  // valid, kind kCfaNone

struct PcCacheEntry {
  uptr pc;
  u64 rule;
};
constexpr u32 kPcCacheSize = 256;
__thread PcCacheEntry tls_pc_cache[kPcCacheSize] __attribute__((tls_model("initial-exec")));
__thread u32 tls_pc_cache_generation __attribute__((tls_model("initial-exec")));

}  // namespace

// Compiles the CFI of the module holding `pc` into a new slot. Called with
// g_modules_lock held. Returns the slot or nullptr.
static UnwindModule *AddModuleLocked(uptr pc) {
  dl_find_object fo;
  if (_dl_find_object((void *)pc, &fo) != 0) return nullptr;
  uptr start = (uptr)fo.dlfo_map_start, end = (uptr)fo.dlfo_map_end;
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_RELAXED);
  for (u32 i = 0; i < n; i++)  // added by another thread meanwhile
    if (g_modules[i].state != kModDead && pc - g_modules[i].start < g_modules[i].end - g_modules[i].start)
      return &g_modules[i];
  UnwindModule *m = nullptr;
  for (u32 i = 0; i < n && !m; i++)
    if (__atomic_load_n(&g_modules[i].state, __ATOMIC_RELAXED) == kModDead) m = &g_modules[i];
  if (!m) {
    if (n == kMaxModules) return nullptr;
    m = &g_modules[n];
  }
  m->start = start;
  m->end = end;
  m->hdr = (uptr)fo.dlfo_eh_frame;
  m->rows = nullptr;
  m->num_rows = 0;
  __atomic_store_n(&m->state, kModCompiling, __ATOMIC_RELEASE);
  if (m == &g_modules[n]) __atomic_store_n(&g_num_modules, n + 1, __ATOMIC_RELEASE);
  if (!m->storage) m->storage = InternalNew<InternalVector<CfiRow>>();
  bool ok = CompileCfi(start, end, m->hdr, m->storage, &m->stats);
  m->rows = m->storage->begin();
  m->num_rows = m->storage->size();
  __atomic_store_n(&m->state, ok ? kModReady : kModNoCfi, __ATOMIC_RELEASE);
  return m;
}

// The rule for the code at `pc` (a return address minus one, or an exact PC), packed.
static u64 LookupRule(uptr pc) {
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_ACQUIRE);
  UnwindModule *m = nullptr;
  for (u32 i = 0; i < n; i++) {
    UnwindModule *c = &g_modules[i];
    u32 state = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
    if (state == kModDead || pc - c->start >= c->end - c->start) continue;
    if (state == kModCompiling) return 0;  // not cacheable: being compiled
    m = c;
    break;
  }
  if (!m) {
    if (!g_modules_lock.TryLock()) return 0;  // another thread is compiling: not now
    m = AddModuleLocked(pc);
    g_modules_lock.Unlock();
    if (!m) return kNoRule;
    if (__atomic_load_n(&m->state, __ATOMIC_ACQUIRE) == kModCompiling) return 0;
  }
  if (m->state != kModReady) return kNoRule;
  const CfiRow *row = FindCfiRow(m->rows, m->num_rows, pc - m->start);
  return row ? PackRule(*row) : kNoRule;
}

static LS_ALWAYS_INLINE u64 CachedRule(uptr pc) {
  u32 gen = __atomic_load_n(&g_generation, __ATOMIC_ACQUIRE);
  if (LS_UNLIKELY(tls_pc_cache_generation != gen)) {
    memset(tls_pc_cache, 0, sizeof(tls_pc_cache));
    tls_pc_cache_generation = gen;
  }
  PcCacheEntry *e = &tls_pc_cache[((pc >> 4) ^ (pc >> 12)) & (kPcCacheSize - 1)];
  if (LS_LIKELY(e->pc == pc)) return e->rule;
  u64 rule = LookupRule(pc);
  if (rule) {
    e->pc = pc;
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

u32 UnwindHybrid(uptr *pcs, u32 max, uptr entry_pc, uptr fp) {
  u32 n = 0;
  pcs[n++] = entry_pc;
  uptr hi = tls_stack_hi;
  if ((fp & 7) || (hi && fp + 16 > hi) || n >= max) return n;
  // The entry point's own frame has a frame pointer: its caller's state.
  uptr sp = fp + 16;
  uptr rbp = ((uptr *)fp)[0];
  uptr ra = ((uptr *)fp)[1];
  // A read of [addr, addr + len) from the stack: above the current frame, below the top.
  auto readable = [&](uptr addr, uptr len) {
    if (addr & 7) return false;
    if (hi) return addr >= sp && addr + len <= hi;
    return addr >= sp && addr + len - sp <= (1u << 20);
  };
  while (n < max) {
    if (ra < 0x1000 || ra - (uptr)__start_leakscope_wrappers < kWrappersSize()) break;
    pcs[n++] = ra;
    u64 rule = CachedRule(ra - 1);
    u8 kind = (u8)(rule >> 32);
    if (rule && kind != kCfaNone) {
      if ((u8)(rule >> 48) == kRaUndefined) break;  // the outermost frame
      uptr cfa = (kind == kCfaRsp ? sp : rbp) + (uptr)(int64_t)(int32_t)(u32)rule;
      if (cfa < sp + 8 || !readable(cfa - 8, 8)) break;
      int8_t slot = (int8_t)(u8)(rule >> 40);
      uptr next_ra = ((uptr *)cfa)[-1];
      if (slot) {
        uptr at = cfa + 8 * (intptr_t)slot;
        if (!readable(at, 8)) break;
        rbp = *(uptr *)at;
      }
      sp = cfa;
      ra = next_ra;
      continue;
    }
    if (IsSigreturnTrampoline(ra)) {
      // The handler returned here: continue in the interrupted code. Its PC is exact,
      // so it is recorded plus one, like a return address (reports look up PC - 1).
      uptr gregs = sp + kUcGregs;
      if (!readable(gregs, (kGregRip + 1) * 8)) break;
      n--;
      uptr rip = ((uptr *)gregs)[kGregRip];
      uptr new_sp = ((uptr *)gregs)[kGregRsp];
      rbp = ((uptr *)gregs)[kGregRbp];
      if (new_sp < sp || (hi && new_sp >= hi)) break;
      sp = new_sp;
      ra = rip + 1;
      continue;
    }
    // No rule: the frame-pointer chain, if rbp looks like a frame of this stack.
    if (!readable(rbp, 16)) break;
    ra = ((uptr *)rbp)[1];
    sp = rbp + 16;
    rbp = ((uptr *)rbp)[0];
  }
  return n;
}

u32 UnwindStack(uptr *pcs, u32 max, uptr entry_pc, uptr fp) {
  if (g_options.fast_unwind_on_malloc) return UnwindFast(pcs, max, entry_pc, fp);
  return UnwindHybrid(pcs, max, entry_pc, fp);
}

UnwindModuleStats GetUnwindModuleStats() {
  UnwindModuleStats s = {};
  u32 n = __atomic_load_n(&g_num_modules, __ATOMIC_ACQUIRE);
  for (u32 i = 0; i < n; i++) {
    if (__atomic_load_n(&g_modules[i].state, __ATOMIC_ACQUIRE) != kModReady) continue;
    s.modules++;
    s.rows += (u32)g_modules[i].num_rows;
    s.fdes += g_modules[i].stats.fdes;
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
    if (m->state == kModDead || m->state == kModCompiling) continue;
    dl_find_object fo;
    if (_dl_find_object((void *)m->start, &fo) == 0 && (uptr)fo.dlfo_map_start == m->start &&
        (uptr)fo.dlfo_map_end == m->end && (uptr)fo.dlfo_eh_frame == m->hdr)
      continue;
    __atomic_store_n(&m->state, kModDead, __ATOMIC_RELEASE);
    m->storage->Reset();
    m->rows = nullptr;
    m->num_rows = 0;
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
