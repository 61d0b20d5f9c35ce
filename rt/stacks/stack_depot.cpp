#include "stacks/stack_depot.h"
#include "base/runtime_mappings.h"

#include <link.h>
#include <sys/auxv.h>
#include <string.h>
#include <sys/mman.h>

#include "base/internal_alloc.h"
#include "base/locks.h"
#include "base/report_io.h"

namespace leakscope {

namespace {
StackEntry **g_depot_by_id;  // kMaxStackIds entries, NORESERVE

// 64Ki chain heads (512 KiB) to start with: a bigger table is touched all over by a few
// thousand stacks (random buckets, one page each), which costs resident memory in every
// process. Growth (see stack_depot.h) goes 8x at a time up to 32Mi heads.
constexpr uptr kFirstTableBits = 16, kTableGrowthBits = 3, kMaxTableBits = 25;
constexpr uptr kArenaBlock = 1 << 20;

// One table generation: immutable once published.
struct Table {
  StackEntry **heads;
  uptr mask;    // heads - 1
  u32 parity;   // which of an entry's links chains this table
};
constexpr int kMaxGenerations = (kMaxTableBits - kFirstTableBits) / kTableGrowthBits + 1;
Table g_generations[kMaxGenerations];
Table *g_table;  // the current generation (acquire); changes under g_arena_lock
u32 g_next_id = 1;  // incremented under g_arena_lock, read without it (acquire)
// Guards the entry arena, inserts into the table and its growth.
SpinLock g_arena_lock{LockRank::kDepotArena};
LS_REGISTER_LOCK(g_arena_lock);
char *g_arena_pos LS_GUARDED_BY(g_arena_lock), *g_arena_end LS_GUARDED_BY(g_arena_lock);
SpinLock g_init_lock{LockRank::kDepotInit};
LS_REGISTER_LOCK(g_init_lock);
bool g_inited;  // written under g_init_lock, read without it (acquire)
}  // namespace

static void Init() {
  ScopedLock l(&g_init_lock);
  if (g_inited) return;
  void *t = mmap(nullptr, sizeof(void *) << kFirstTableBits, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  void *b = mmap(nullptr, kMaxStackIds * sizeof(void *), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (t == MAP_FAILED || b == MAP_FAILED) Fatal("cannot map the stack depot");
  RegisterRuntimeMapping(t, sizeof(void *) << kFirstTableBits, RuntimeMemory::kStackDepot);
  RegisterRuntimeMapping(b, kMaxStackIds * sizeof(void *), RuntimeMemory::kStackDepot);
  g_generations[0] = {(StackEntry **)t, ((uptr)1 << kFirstTableBits) - 1, 0};
  __atomic_store_n(&g_table, &g_generations[0], __ATOMIC_RELEASE);
  g_depot_by_id = (StackEntry **)b;
  __atomic_store_n(&g_inited, true, __ATOMIC_RELEASE);
}

// The table's hash: the frames' hash (FrameHash) with the site mixed in, finalized.
static u32 Hash(u64 frame_hash, const LeakScopeSite *site) {
  u64 h = frame_hash ^ ((uptr)site * 0xc4ceb9fe1a85ec53ULL);
  h ^= h >> 32;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 29;
  return (u32)(h ^ (h >> 32));
}

static StackEntry *NewEntryLocked(u32 size, bool narrow) LS_REQUIRES(g_arena_lock) {
  uptr bytes = RoundUp(sizeof(StackEntry) + size * (narrow ? sizeof(u32) : sizeof(uptr)), 8);
  if (g_arena_pos + bytes > g_arena_end) {
    void *p = mmap(nullptr, kArenaBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) Fatal("out of memory in the stack depot");
    RegisterRuntimeMapping(p, kArenaBlock, RuntimeMemory::kStackDepot);
    g_arena_pos = (char *)p;
    g_arena_end = g_arena_pos + kArenaBlock;
  }
  StackEntry *e = (StackEntry *)g_arena_pos;
  g_arena_pos += bytes;
  return e;
}

// The dynamic loader's code range, from its ELF headers at AT_BASE: no locks and no
// allocation, since the loader itself may be the caller (inside its own locks).
static bool IsLoaderPc(uptr pc) {
  static uptr lo, hi;
  static bool known;
  if (!__atomic_load_n(&known, __ATOMIC_ACQUIRE)) {
    uptr base = getauxval(AT_BASE), l = ~(uptr)0, h = 0;
    if (base) {
      const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
      const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + eh->e_phoff);
      for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X)) continue;
        uptr a = base + ph[i].p_vaddr;
        if (a < l) l = a;
        if (a + ph[i].p_memsz > h) h = a + ph[i].p_memsz;
      }
    }
    lo = l;
    hi = h;
    __atomic_store_n(&known, true, __ATOMIC_RELEASE);
  }
  return pc >= lo && pc < hi;
}

static const char *CopyString(const char *s) { return s ? InternalStrdup(s) : ""; }

static const LeakScopeSite *CopySiteLocked(const LeakScopeSite *site) {
  if (!site) return nullptr;
  LeakScopeSite *c = (LeakScopeSite *)InternalAlloc(sizeof(LeakScopeSite));
  c->file = CopyString(site->file);
  c->function = CopyString(site->function);
  c->type = CopyString(site->type);
  c->inlined = CopyString(site->inlined);
  c->line = site->line;
  c->column = site->column;
  return c;
}

// One copy per site, however many stacks pass through it: sites are few (one per
// allocation call in the program), stacks many (every call path).
namespace {
struct SiteCopy {
  const LeakScopeSite *key;
  const LeakScopeSite *copy;
};
SpinLock g_sites_lock{LockRank::kDepotSites};
LS_REGISTER_LOCK(g_sites_lock);
InternalVector<SiteCopy> *g_sites LS_GUARDED_BY(g_sites_lock);  // open addressing on key, power-of-two size
uptr g_sites_used LS_GUARDED_BY(g_sites_lock);
}  // namespace

// A module loaded where an unloaded one was may reuse a site's address for another
// site: the copy must also say the same.
static bool Same(const char *a, const char *b) { return !strcmp(a, b ? b : ""); }
static bool SameSite(const LeakScopeSite *copy, const LeakScopeSite *site) {
  return copy->line == site->line && copy->column == site->column && Same(copy->file, site->file) &&
         Same(copy->function, site->function) && Same(copy->type, site->type) &&
         Same(copy->inlined, site->inlined);
}

static uptr SiteSlot(const LeakScopeSite *key, uptr mask) {
  return ((uptr)key * 0x9E3779B97F4A7C15ULL >> 20) & mask;
}

static const LeakScopeSite *CopySite(const LeakScopeSite *site) {
  if (!site) return nullptr;
  ScopedLock l(&g_sites_lock);
  if (!g_sites) {
    g_sites = InternalNew<InternalVector<SiteCopy>>();
    g_sites->resize(1024);
  }
  uptr mask = g_sites->size() - 1;
  uptr i = SiteSlot(site, mask);
  for (; (*g_sites)[i].key; i = (i + 1) & mask)
    if ((*g_sites)[i].key == site && SameSite((*g_sites)[i].copy, site)) return (*g_sites)[i].copy;
  const LeakScopeSite *copy = CopySiteLocked(site);
  (*g_sites)[i] = {site, copy};
  if (++g_sites_used * 2 > g_sites->size()) {  // grow and rehash
    InternalVector<SiteCopy> old;
    for (SiteCopy &c : *g_sites) if (c.key) old.push_back(c);
    g_sites->clear();
    g_sites->resize(g_sites->size() * 2);  // was cleared: all zero
    uptr m2 = g_sites->size() - 1;
    for (SiteCopy &c : old) {
      uptr j = SiteSlot(c.key, m2);
      while ((*g_sites)[j].key) j = (j + 1) & m2;
      (*g_sites)[j] = c;
    }
  }
  return copy;
}

// The entry in the chain from `e` (links of `parity`) equal to (frames, site), or nullptr.
static StackEntry *FindInChain(StackEntry *e, u32 parity, u32 h, const uptr *frames, u32 size,
                               const LeakScopeSite *site) {
  for (; e; e = __atomic_load_n(&e->next[parity], __ATOMIC_ACQUIRE))
    if (e->hash == h && StackEntryIs(e, frames, size, site)) return e;
  return nullptr;
}

static StackEntry *Lookup(const Table *t, u32 h, const uptr *frames, u32 size,
                          const LeakScopeSite *site) {
  StackEntry *first = __atomic_load_n(&t->heads[h & t->mask], __ATOMIC_ACQUIRE);
  return FindInChain(first, t->parity, h, frames, size, site);
}

// The next generation, with every entry relinked into it in id order; then the current
// one's heads are given back (stack_depot.h says why readers stay safe). Long for a
// spin lock (tens of milliseconds at a million stacks), but rare: each growth is 8x.
static Table *GrowLocked(Table *t, u32 ids) LS_REQUIRES(g_arena_lock) {
  int gen = (int)(t - g_generations);
  if (gen + 1 >= kMaxGenerations) return t;  // at the largest size chains just get longer
  uptr bits = kFirstTableBits + (uptr)(gen + 1) * kTableGrowthBits;
  uptr bytes = sizeof(void *) << bits;
  void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return t;  // not fatal: the old table keeps working
  RegisterRuntimeMapping(p, bytes, RuntimeMemory::kStackDepot);
  Table *n = &g_generations[gen + 1];
  *n = {(StackEntry **)p, ((uptr)1 << bits) - 1, t->parity ^ 1};
  for (u32 id = 1; id < ids; id++) {
    StackEntry *e = g_depot_by_id[id];
    if (!e) continue;
    StackEntry **head = &n->heads[e->hash & n->mask];
    __atomic_store_n(&e->next[n->parity], *head, __ATOMIC_RELEASE);
    *head = e;  // not visible to anyone until the table is published
  }
  __atomic_store_n(&g_table, n, __ATOMIC_RELEASE);
  madvise(t->heads, (t->mask + 1) * sizeof(void *), MADV_DONTNEED);
  return n;
}

static StackEntry *DepotInsert(const uptr *frames, u32 size, const LeakScopeSite *site, u32 h);

StackEntry *DepotPutHashed(const uptr *frames, u32 size, const LeakScopeSite *site, u64 frame_hash) {
  if (LS_UNLIKELY(!__atomic_load_n(&g_inited, __ATOMIC_ACQUIRE))) Init();
  u32 h = Hash(frame_hash, site);
  if (StackEntry *found = Lookup(__atomic_load_n(&g_table, __ATOMIC_ACQUIRE), h, frames, size, site))
    return found;
  return DepotInsert(frames, size, site, h);
}

// Out of line: the lookup above keeps a small frame.
LS_NOINLINE static StackEntry *DepotInsert(const uptr *frames, u32 size, const LeakScopeSite *site, u32 h) {
  ScopedLock l(&g_arena_lock);
  Table *t = __atomic_load_n(&g_table, __ATOMIC_RELAXED);
  // Another thread may have inserted it since the lock-free look, or grown the table.
  if (StackEntry *found = Lookup(t, h, frames, size, site)) return found;
  u32 id = __atomic_load_n(&g_next_id, __ATOMIC_RELAXED);
  if (id >= kMaxStackIds) Fatal("the stack depot is full (%u stacks)", id);
  if (id > 2 * (t->mask + 1)) t = GrowLocked(t, id);
  uptr lo = ~(uptr)0, hi = 0;
  for (u32 i = 0; i < size; i++) {
    if (frames[i] < lo) lo = frames[i];
    if (frames[i] > hi) hi = frames[i];
  }
  bool narrow = size && hi - lo <= 0xffffffffu;
  StackEntry *e = NewEntryLocked(size, narrow);
  e->site = CopySite(site);
  e->flags = (size > 1 && IsLoaderPc(frames[1]) ? kStackFromLoader : 0) | (narrow ? kStackNarrow : 0);
  e->site_key = site;
  e->id = id;
  e->hash = h;
  e->size = size;
  e->base = narrow ? lo : 0;
  if (narrow) {
    u32 *off = (u32 *)e->packed;
    for (u32 i = 0; i < size; i++) off[i] = (u32)(frames[i] - lo);
  } else {
    for (u32 i = 0; i < size; i++) e->packed[i] = frames[i];
  }
  // Published before the entry is reachable through the chain: a thread that finds it
  // there may allocate and free with its id at once.
  __atomic_store_n(&g_depot_by_id[id], e, __ATOMIC_RELEASE);
  __atomic_store_n(&g_next_id, id + 1, __ATOMIC_RELEASE);
  StackEntry **head = &t->heads[h & t->mask];
  e->next[t->parity] = *head;
  e->next[t->parity ^ 1] = nullptr;
  __atomic_store_n(head, e, __ATOMIC_RELEASE);
  return e;
}

StackEntry *DepotGet(u32 id) {
  if (!id || !g_inited || id >= __atomic_load_n(&g_next_id, __ATOMIC_ACQUIRE)) return nullptr;
  return __atomic_load_n(&g_depot_by_id[id], __ATOMIC_ACQUIRE);
}

u32 DepotCount() {
  if (!g_inited) return 0;
  return __atomic_load_n(&g_next_id, __ATOMIC_ACQUIRE) - 1;
}

}  // namespace leakscope
