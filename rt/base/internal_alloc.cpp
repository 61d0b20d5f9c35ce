#include "base/internal_alloc.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "base/runtime_mappings.h"

namespace leakscope {

// ---- ScopedArrayReuse -----------------------------------------------------------------
static __thread ScopedArrayReuse *tls_array_reuse __attribute__((tls_model("initial-exec")));

static int KernelTid() { return (int)syscall(SYS_gettid); }

ScopedArrayReuse::ScopedArrayReuse() : owner_tid_(KernelTid()), active_(!tls_array_reuse) {
  if (active_) tls_array_reuse = this;
}

// The calling thread's scope for a mapping of `bytes`, or null: none, or the mapping is
// small or not whole pages. A helper thread made by raw clone() (world/helper_threads.h)
// runs on its creator's TLS: it sees the creator's scope and must not use it (the two
// would race on the kept list), so big mappings check the thread's kernel id.
static ScopedArrayReuse *ReuseFor(uptr bytes) {
  ScopedArrayReuse *r = tls_array_reuse;
  if (!r || bytes < kArrayReuseMinBytes || (bytes & (kPageSize - 1))) return nullptr;
  return r->owner_tid() == KernelTid() ? r : nullptr;
}

ScopedArrayReuse::~ScopedArrayReuse() {
  if (!active_) return;
  tls_array_reuse = nullptr;
  UnmapKept();
}

uptr ScopedArrayReuse::kept_bytes() const {
  uptr n = 0;
  for (int i = 0; i < num_kept_; i++) n += kept_[i].bytes;
  return n;
}

void UnmapMappings(const KeptMapping *m, int n) {
  for (int i = 0; i < n; i++) {
    UnregisterRuntimeMapping(m[i].p);
    munmap(m[i].p, m[i].bytes);
  }
}

void ScopedArrayReuse::UnmapKept() {
  UnmapMappings(kept_, num_kept_);
  num_kept_ = 0;
}

int ScopedArrayReuse::HandOverKept(KeptMapping *out) {
  int n = num_kept_;
  for (int i = 0; i < n; i++) out[i] = kept_[i];
  num_kept_ = 0;
  return n;
}

// A kept mapping of `bytes` (whole pages) bytes, zeroed, or nullptr.
void *TakeKeptMapping(uptr bytes) {
  ScopedArrayReuse *r = ReuseFor(bytes);
  if (!r) return nullptr;
  int best = -1;
  for (int i = 0; i < r->num_kept_; i++)
    if (r->kept_[i].bytes >= bytes && (best < 0 || r->kept_[i].bytes < r->kept_[best].bytes)) best = i;
  if (best < 0) return nullptr;
  ScopedArrayReuse::Kept k = r->kept_[best];
  r->kept_[best] = r->kept_[--r->num_kept_];
  UnregisterRuntimeMapping(k.p);
  uptr rest = k.bytes - bytes;
  if (rest >= kArrayReuseMinBytes) {
    r->kept_[r->num_kept_++] = {k.p + bytes, rest, k.dirty > bytes ? k.dirty - bytes : 0};
    RegisterRuntimeMapping(k.p + bytes, rest, RuntimeMemory::kWorkArrays);
  } else if (rest) {
    munmap(k.p + bytes, rest);
  }
  RegisterRuntimeMapping(k.p, bytes, RuntimeMemory::kWorkArrays);
  memset(k.p, 0, k.dirty < bytes ? k.dirty : bytes);
  r->reused_ += bytes;
  return k.p;
}

// Keeps [p, p + bytes) (a whole registered mapping, written below `dirty`) instead of
// unmapping it, if it can.
bool KeepMapping(void *p, uptr bytes, uptr dirty) {
  ScopedArrayReuse *r = ReuseFor(bytes);
  if (!r || r->num_kept_ == ScopedArrayReuse::kMaxKept) return false;
  r->kept_[r->num_kept_++] = {(char *)p, bytes, dirty < bytes ? dirty : bytes};
  return true;
}

void *MapMemory(uptr size, const char *what) {
  if (void *kept = TakeKeptMapping(size)) return kept;
  void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    Warn("cannot map %zu bytes for %s (errno %d)", (size_t)size, what, errno);
    return nullptr;
  }
  RegisterRuntimeMapping(p, size, RuntimeMemory::kWorkArrays);
  return p;
}

void UnmapMemory(void *p, uptr size) { UnmapMemory(p, size, size); }

void UnmapMemory(void *p, uptr size, uptr dirty) {
  if (KeepMapping(p, size, dirty)) return;
  UnregisterRuntimeMapping(p);
  munmap(p, size);
}

void *RemapGrow(void *old, uptr old_bytes, uptr new_bytes) {
  void *p;
  if (!old && (p = TakeKeptMapping(new_bytes))) return p;
  if (!old)
    p = mmap(nullptr, new_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  else
    p = mremap(old, old_bytes, new_bytes, MREMAP_MAYMOVE);
  if (p == MAP_FAILED) Fatal("out of memory growing an internal array to %zu bytes", (size_t)new_bytes);
  if (old) UnregisterRuntimeMapping(old);
  RegisterRuntimeMapping(p, new_bytes, RuntimeMemory::kWorkArrays);
  return p;
}

// Small objects: classes of 16 << k bytes, k = 0..12 (16 B .. 64 KiB). Each object is
// preceded by an 16-byte header holding its class (or its mapping size when large).
namespace {
constexpr int kNumClasses = 13;
constexpr uptr kMaxSmall = 16u << (kNumClasses - 1);
constexpr uptr kSlabSize = 1 << 20;
struct Header {
  uptr size_or_class;  // class index for small objects, mapping size for large ones
  uptr large;
};
struct FreeNode {
  FreeNode *next;
};
SpinLock g_lock{LockRank::kInternalAlloc};
LS_REGISTER_LOCK(g_lock);
FreeNode *g_free[kNumClasses] LS_GUARDED_BY(g_lock);
char *g_slab_pos LS_GUARDED_BY(g_lock), *g_slab_end LS_GUARDED_BY(g_lock);
}  // namespace

static int ClassOf(uptr total) {
  int c = 0;
  while ((uptr)(16u << c) < total) c++;
  return c;
}

void *InternalAlloc(uptr size) {
  uptr total = size + sizeof(Header);
  if (total > kMaxSmall) {
    uptr bytes = RoundUp(total, kPageSize);
    Header *h = (Header *)MapMemory(bytes, "internal allocation");
    if (!h) Fatal("out of memory in the runtime");
    h->size_or_class = bytes;
    h->large = 1;
    return h + 1;
  }
  int c = ClassOf(total);
  uptr csize = 16u << c;
  Header *h;
  {
    ScopedLock l(&g_lock);
    if (g_free[c]) {
      h = (Header *)g_free[c];
      g_free[c] = g_free[c]->next;
    } else {
      if (uptr(g_slab_end - g_slab_pos) < csize) {  // no arithmetic on the first, null, slab
        g_slab_pos = (char *)MapMemory(kSlabSize, "internal allocator slab");
        if (!g_slab_pos) Fatal("out of memory in the runtime");
        g_slab_end = g_slab_pos + kSlabSize;
      }
      h = (Header *)g_slab_pos;
      g_slab_pos += csize;
    }
  }
  memset((void *)h, 0, csize);
  h->size_or_class = c;
  h->large = 0;
  return h + 1;
}

void InternalFree(void *p) {
  if (!p) return;
  Header *h = (Header *)p - 1;
  if (h->large) {
    UnmapMemory(h, h->size_or_class);
    return;
  }
  int c = (int)h->size_or_class;
  ScopedLock l(&g_lock);
  FreeNode *n = (FreeNode *)h;
  n->next = g_free[c];
  g_free[c] = n;
}

char *InternalStrdup(const char *s) {
  uptr n = strlen(s);
  char *d = (char *)InternalAlloc(n + 1);
  memcpy(d, s, n + 1);
  return d;
}

}  // namespace leakscope
