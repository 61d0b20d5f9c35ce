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

StackEntry **g_depot_by_id;  // kMaxStackIds entries, NORESERVE

namespace {
// 64Ki chain heads (512 KiB). A bigger table is touched all over by a few thousand
// stacks (random buckets, one page each), which costs resident memory in every process;
// chains stay short up to a few hundred thousand distinct stacks.
constexpr uptr kTableBits = 16;
constexpr uptr kTableSize = 1 << kTableBits;
constexpr uptr kArenaBlock = 1 << 20;

StackEntry **g_table;  // kTableSize chain heads
u32 g_next_id = 1;
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
  void *t = mmap(nullptr, kTableSize * sizeof(void *), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  void *b = mmap(nullptr, kMaxStackIds * sizeof(void *), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (t == MAP_FAILED || b == MAP_FAILED) Fatal("cannot map the stack depot");
  RegisterRuntimeMapping(t, kTableSize * sizeof(void *));
  RegisterRuntimeMapping(b, kMaxStackIds * sizeof(void *));
  g_table = (StackEntry **)t;
  g_depot_by_id = (StackEntry **)b;
  __atomic_store_n(&g_inited, true, __ATOMIC_RELEASE);
}

static u32 Hash(const uptr *frames, u32 size, const LeakScopeSite *site) {
  u64 h = 0x9E3779B97F4A7C15ULL ^ (uptr)site;
  for (u32 i = 0; i < size; i++) {
    h ^= frames[i];
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  return (u32)(h ^ (h >> 29));
}

static StackEntry *NewEntry(u32 size) {
  uptr bytes = RoundUp(sizeof(StackEntry) + size * sizeof(uptr), 16);
  ScopedLock l(&g_arena_lock);
  if (g_arena_pos + bytes > g_arena_end) {
    void *p = mmap(nullptr, kArenaBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) Fatal("out of memory in the stack depot");
    RegisterRuntimeMapping(p, kArenaBlock);
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

// The entry in the chain [from, until) equal to (frames, site), or nullptr.
static StackEntry *FindInChain(StackEntry *from, StackEntry *until, u32 h, const uptr *frames,
                               u32 size, const LeakScopeSite *site) {
  for (StackEntry *e = from; e != until; e = e->next) {
    if (e->hash != h || e->size != size || e->site_key != site) continue;
    u32 i = 0;
    while (i < size && e->frames[i] == frames[i]) i++;
    if (i == size) return e;
  }
  return nullptr;
}

StackEntry *DepotPut(const uptr *frames, u32 size, const LeakScopeSite *site) {
  if (LS_UNLIKELY(!__atomic_load_n(&g_inited, __ATOMIC_ACQUIRE))) Init();
  u32 h = Hash(frames, size, site);
  StackEntry **head = &g_table[h & (kTableSize - 1)];
  StackEntry *first = __atomic_load_n(head, __ATOMIC_ACQUIRE);
  if (StackEntry *found = FindInChain(first, nullptr, h, frames, size, site)) return found;
  u32 id = __atomic_fetch_add(&g_next_id, 1, __ATOMIC_RELAXED);
  if (id >= kMaxStackIds) Fatal("the stack depot is full (%u stacks)", id);
  StackEntry *e = NewEntry(size);
  e->site = CopySite(site);
  e->flags = size > 1 && IsLoaderPc(frames[1]) ? kStackFromLoader : 0;
  e->site_key = site;
  e->id = id;
  e->hash = h;
  e->size = size;
  for (u32 i = 0; i < size; i++) e->frames[i] = frames[i];
  // Published before the entry is reachable through the chain: a thread that finds it
  // there may allocate and free with its id at once.
  __atomic_store_n(&g_depot_by_id[id], e, __ATOMIC_RELEASE);
  StackEntry *expected = first;
  while (true) {
    e->next = expected;
    if (__atomic_compare_exchange_n(head, &expected, e, false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
      break;
    // Another thread pushed entries since we looked; one may be this very stack (16
    // threads allocating from a new line at once). Then ours, which nobody could see,
    // is dropped and its id unpublished (DepotGet returns nullptr for it).
    if (StackEntry *found = FindInChain(expected, e->next, h, frames, size, site)) {
      __atomic_store_n(&g_depot_by_id[id], (StackEntry *)nullptr, __ATOMIC_RELEASE);
      return found;
    }
  }
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
