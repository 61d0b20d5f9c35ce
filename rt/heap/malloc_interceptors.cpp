// The allocation entry points the program calls: the C allocation functions and every
// form of operator new/delete. Defined in the program (static runtime) or in the
// preloaded library, they take precedence over libc's and libstdc++'s by symbol
// interposition; libc's own internal calls to malloc reach them too.
//
// Each entry records a PC inside itself (ENTRY_PC) as frame #0 of the stack, and its
// own frame address as the place where unwinding starts.
#include <errno.h>
#include <new>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/report_io.h"
#include "heap/allocator.h"
#include "heap/heap_errors.h"
#include "options.h"

using namespace leakscope;

#define ENTRY_PC() ({ __label__ here; here: (uptr)&&here; })
#define FRAME() ((uptr)__builtin_frame_address(0))
#define ALLOC(size, align, zero) Allocate((size), (align), (zero), ENTRY_PC(), FRAME())

namespace std {
[[noreturn]] void __throw_bad_alloc() __attribute__((weak));
typedef void (*new_handler)();
new_handler get_new_handler() noexcept __attribute__((weak));
}  // namespace std

// The C entry points: an allocation that cannot be served returns null with errno
// ENOMEM, or with allocator_may_return_null=0 is reported and aborts (heap_errors.h).
LS_NOINLINE static void *MallocFailed(const char *entry, uptr size) {
  if (!g_options.allocator_may_return_null) ReportAllocationFailure(entry, size, g_max_allocation);
  errno = ENOMEM;
  return nullptr;
}

#define MALLOC_RESULT(p, entry, size) \
  ({ void *r_ = (p); LS_LIKELY(r_) ? r_ : MallocFailed(entry, size); })

// operator new, as the standard says: while the allocation fails, call the installed
// new_handler (it may free memory, install another handler, or throw); with none
// installed, the throwing forms throw std::bad_alloc and the nothrow forms return null;
// with allocator_may_return_null=0 both report and abort instead (LeakSanitizer's way).
// The runtime has no libstdc++ of its own (C programs link it too): the handler is read
// and bad_alloc thrown through weak references to libstdc++, present in every C++
// program, static or shared. Without exceptions of its own, the runtime cannot catch
// what a handler throws inside a nothrow new: it reaches std::terminate (noexcept).
LS_NOINLINE static void *NewFailed(uptr size, uptr align, bool nothrow) {
  for (;;) {
    std::new_handler h = std::get_new_handler ? std::get_new_handler() : nullptr;
    if (!h) break;
    h();
    void *p = Allocate(size, align, false, ENTRY_PC(), FRAME());
    if (p) return p;
  }
  const char *entry = nothrow ? "operator new(nothrow)" : "operator new";
  if (!g_options.allocator_may_return_null) ReportAllocationFailure(entry, size, g_max_allocation);
  if (nothrow) return nullptr;
  if (std::__throw_bad_alloc) std::__throw_bad_alloc();
  Fatal("out of memory allocating %zu bytes with operator new", (size_t)size);
}

static void *MallocResult(void *p) {
  if (LS_UNLIKELY(!p)) errno = ENOMEM;
  return p;
}

LS_INTERFACE void *malloc(size_t size) { return MALLOC_RESULT(ALLOC(size, 16, false), "malloc", size); }

LS_INTERFACE void free(void *p) {
  if (p) Deallocate(p);
}

LS_INTERFACE void cfree(void *p) {
  if (p) Deallocate(p);
}

LS_INTERFACE void *calloc(size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    if (!g_options.allocator_may_return_null) ReportCallocOverflow(n, size);
    errno = ENOMEM;
    return nullptr;
  }
  return MALLOC_RESULT(ALLOC(total, 16, true), "calloc", total);
}

LS_INTERFACE void *realloc(void *p, size_t size) {
  if (p && size == 0) {
    Deallocate(p);
    return nullptr;
  }
  return MALLOC_RESULT(Reallocate(p, size, ENTRY_PC(), FRAME()), "realloc", size);
}

LS_INTERFACE void *reallocarray(void *p, size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return MallocResult(Reallocate(p, total, ENTRY_PC(), FRAME()));
}

static bool ValidAlignment(size_t align) { return IsPowerOfTwo(align); }

LS_INTERFACE void *memalign(size_t align, size_t size) {
  if (!ValidAlignment(align)) {
    errno = EINVAL;
    return nullptr;
  }
  return MALLOC_RESULT(ALLOC(size, align < 16 ? 16 : align, false), "memalign", size);
}

LS_INTERFACE void *aligned_alloc(size_t align, size_t size) {
  if (!ValidAlignment(align)) {
    errno = EINVAL;
    return nullptr;
  }
  return MALLOC_RESULT(ALLOC(size, align < 16 ? 16 : align, false), "aligned_alloc", size);
}

LS_INTERFACE int posix_memalign(void **out, size_t align, size_t size) {
  if (!ValidAlignment(align) || align % sizeof(void *)) return EINVAL;
  void *p = ALLOC(size, align < 16 ? 16 : align, false);
  if (!p) {
    MallocFailed("posix_memalign", size);
    return ENOMEM;
  }
  *out = p;
  return 0;
}

LS_INTERFACE void *valloc(size_t size) {
  return MALLOC_RESULT(ALLOC(size, kPageSize, false), "valloc", size);
}

LS_INTERFACE void *pvalloc(size_t size) {
  size_t rounded = RoundUp(size ? size : 1, kPageSize);
  if (rounded < size) {
    errno = ENOMEM;
    return nullptr;
  }
  return MALLOC_RESULT(ALLOC(rounded, kPageSize, false), "pvalloc", rounded);
}

LS_INTERFACE size_t malloc_usable_size(void *p) { return p ? UsableSize(p) : 0; }

LS_INTERFACE char *strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = (char *)ALLOC(n, 16, false);
  if (!d) return (char *)MallocResult(nullptr);
  memcpy(d, s, n);
  return d;
}

LS_INTERFACE char *__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = (char *)ALLOC(n, 16, false);
  if (!d) return (char *)MallocResult(nullptr);
  memcpy(d, s, n);
  return d;
}

LS_INTERFACE char *strndup(const char *s, size_t max) {
  size_t n = strnlen(s, max);
  char *d = (char *)ALLOC(n + 1, 16, false);
  if (!d) return (char *)MallocResult(nullptr);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

// ---- operator new / delete ------------------------------------------------------------
#define LS_CXX __attribute__((visibility("default")))
#define NEW_BODY(size, align)                   \
  void *p = ALLOC(size, align, false);          \
  return LS_LIKELY(p) ? p : NewFailed(size, align, false)
#define NOTHROW_BODY(size, align)               \
  void *p = ALLOC(size, align, false);          \
  return LS_LIKELY(p) ? p : NewFailed(size, align, true)
#define ALIGNV(a) ((uptr)(a) < 16 ? 16 : (uptr)(a))

// The array forms live in their own section: the leak check recognises a chunk from
// operator new[] by its stack's entry point (IsArrayNewEntry), for the `new T[0]`
// cookie rule in check/marker.cpp.
#define LS_ARRAY_NEW __attribute__((section("leakscope_array_new"), noinline))
LS_CXX void *operator new(size_t n) { NEW_BODY(n, 16); }
LS_CXX LS_ARRAY_NEW void *operator new[](size_t n) { NEW_BODY(n, 16); }
LS_CXX void *operator new(size_t n, const std::nothrow_t &) noexcept { NOTHROW_BODY(n, 16); }
LS_CXX LS_ARRAY_NEW void *operator new[](size_t n, const std::nothrow_t &) noexcept { NOTHROW_BODY(n, 16); }
LS_CXX void *operator new(size_t n, std::align_val_t a) { NEW_BODY(n, ALIGNV(a)); }
LS_CXX LS_ARRAY_NEW void *operator new[](size_t n, std::align_val_t a) { NEW_BODY(n, ALIGNV(a)); }
LS_CXX void *operator new(size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  NOTHROW_BODY(n, ALIGNV(a));
}
LS_CXX LS_ARRAY_NEW void *operator new[](size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  NOTHROW_BODY(n, ALIGNV(a));
}

extern "C" __attribute__((visibility("hidden"))) char __start_leakscope_array_new[];
extern "C" __attribute__((visibility("hidden"))) char __stop_leakscope_array_new[];

bool leakscope::IsArrayNewEntry(uptr pc) {
  return pc - (uptr)__start_leakscope_array_new <
         (uptr)__stop_leakscope_array_new - (uptr)__start_leakscope_array_new;
}

#define DELETE_BODY(p) \
  if (p) Deallocate(p)
LS_CXX void operator delete(void *p) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete[](void *p) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete(void *p, const std::nothrow_t &) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete[](void *p, const std::nothrow_t &) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete(void *p, size_t) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete[](void *p, size_t) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete(void *p, std::align_val_t) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete[](void *p, std::align_val_t) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete(void *p, size_t, std::align_val_t) noexcept { DELETE_BODY(p); }
LS_CXX void operator delete[](void *p, size_t, std::align_val_t) noexcept { DELETE_BODY(p); }
