// Accesses the pass cannot see: libc functions that read or write heap memory on the
// program's behalf (read(2) into a buffer, fread, fgets, recv, memcpy called as a
// function from uninstrumented code such as libstdc++, qsort, ...). Each interceptor
// calls the real function and stamps the shadow of the buffers it touched, as
// AddressSanitizer's interceptors check them: one granule per buffer, like the pass
// (an object's last access is the newest of its granules), the destination always,
// sources too unless the program was built writes-only (heap/access_mode.h: there a
// read must not count).
//
// Invariants:
//  * an interceptor never stamps before the epoch first advances (epoch 0 needs no
//    stamp), nor outside the heap, nor for 0 bytes (a 0-byte copy at a chunk's end
//    would stamp the next chunk);
//  * the real functions are found with dlsym(RTLD_NEXT) on first use; memcpy, memmove
//    and memset may be called by dlsym itself before that, so until their real
//    pointers are known they copy with rep movsb / rep stosb, which no compiler turns
//    back into a call;
//  * no interceptor allocates; read, recv and the string functions stay
//    async-signal-safe once resolved (InitAccessInterceptors resolves them all at
//    start-up).
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "abi.h"
#include "heap/access_mode.h"
#include "heap/shadow.h"

namespace leakscope {

// Whether a read counts as an access: not when the program was built writes-only.
static LS_ALWAYS_INLINE bool ReadsCount() {
  return !__atomic_load_n(&g_access_writes_only_modules, __ATOMIC_RELAXED);
}

// Stamps the granule of p with the current epoch (see the invariants): one granule is
// enough, since a chunk's last access is the newest stamp over its granules. The epoch
// is tested first: before the clock's first tick every interceptor costs one load.
static LS_ALWAYS_INLINE void Stamp(const void *p, uptr n) {
  u8 e = __leakscope_epoch;
  if (LS_UNLIKELY(e) && n) ShadowStampWith(p, e);
}

static LS_ALWAYS_INLINE void StampRead(const void *p, uptr n) {
  u8 e = __leakscope_epoch;
  if (LS_UNLIKELY(e) && n && ReadsCount()) ShadowStampWith(p, e);
}

// A call that writes dst and reads src: the epoch read once for both.
static LS_ALWAYS_INLINE void StampCopy(void *dst, const void *src, uptr n) {
  u8 e = __leakscope_epoch;
  if (LS_LIKELY(!e) || !n) return;
  ShadowStampWith(dst, e);
  if (ReadsCount()) ShadowStampWith(src, e);
}

// A call that reads a and b (a comparison): the epoch and the mode read once for both.
static LS_ALWAYS_INLINE void StampCompare(const void *a, const void *b, uptr n) {
  u8 e = __leakscope_epoch;
  if (LS_LIKELY(!e) || !n || !ReadsCount()) return;
  ShadowStampWith(a, e);
  ShadowStampWith(b, e);
}

}  // namespace leakscope

using namespace leakscope;

#define REAL(name) real_##name
#define DECLARE_REAL(ret, name, ...)  \
  typedef ret (*name##_fn)(__VA_ARGS__); \
  static name##_fn real_##name;
#define RESOLVE(name) \
  (LS_LIKELY(real_##name) ? real_##name : (real_##name = (name##_fn)dlsym(RTLD_NEXT, #name)))

DECLARE_REAL(void *, memcpy, void *, const void *, size_t)
DECLARE_REAL(void *, memmove, void *, const void *, size_t)
DECLARE_REAL(void *, memset, void *, int, size_t)
DECLARE_REAL(int, memcmp, const void *, const void *, size_t)
DECLARE_REAL(char *, strcpy, char *, const char *)
DECLARE_REAL(char *, strncpy, char *, const char *, size_t)
DECLARE_REAL(size_t, strlen, const char *)
DECLARE_REAL(int, strcmp, const char *, const char *)
DECLARE_REAL(ssize_t, read, int, void *, size_t)
DECLARE_REAL(ssize_t, pread, int, void *, size_t, off_t)
DECLARE_REAL(ssize_t, write, int, const void *, size_t)
DECLARE_REAL(ssize_t, recv, int, void *, size_t, int)
DECLARE_REAL(ssize_t, recvfrom, int, void *, size_t, int, struct sockaddr *, socklen_t *)
DECLARE_REAL(ssize_t, send, int, const void *, size_t, int)
DECLARE_REAL(size_t, fread, void *, size_t, size_t, FILE *)
DECLARE_REAL(size_t, fwrite, const void *, size_t, size_t, FILE *)
DECLARE_REAL(char *, fgets, char *, int, FILE *)
DECLARE_REAL(void, qsort, void *, size_t, size_t, int (*)(const void *, const void *))

// dlsym may itself copy memory: while memcpy/memmove/memset are being resolved, calls
// take the rep-string fallback instead of recursing into dlsym.
static bool g_resolving;

template <typename Fn>
static Fn ResolveMem(Fn *slot, const char *name) {
  if (LS_LIKELY(*slot)) return *slot;
  if (g_resolving) return nullptr;
  g_resolving = true;
  Fn f = (Fn)dlsym(RTLD_NEXT, name);
  g_resolving = false;
  *slot = f;
  return f;
}

LS_INTERFACE void *memcpy(void *dst, const void *src, size_t n) {
  StampCopy(dst, src, n);
  if (auto f = ResolveMem(&real_memcpy, "memcpy")) return f(dst, src, n);
  void *d = dst;
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
  return dst;
}

LS_INTERFACE void *memmove(void *dst, const void *src, size_t n) {
  StampCopy(dst, src, n);
  if (auto f = ResolveMem(&real_memmove, "memmove")) return f(dst, src, n);
  if ((uptr)dst <= (uptr)src || (uptr)dst >= (uptr)src + n) {
    void *d = dst;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
  } else {  // overlapping, destination above: copy backwards
    char *d = (char *)dst + n - 1;
    const char *s = (const char *)src + n - 1;
    __asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  }
  return dst;
}

LS_INTERFACE void *memset(void *dst, int c, size_t n) {
  Stamp(dst, n);
  if (auto f = ResolveMem(&real_memset, "memset")) return f(dst, c, n);
  void *d = dst;
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
  return dst;
}

LS_INTERFACE int memcmp(const void *a, const void *b, size_t n) {
  StampCompare(a, b, n);
  return RESOLVE(memcmp)(a, b, n);
}

LS_INTERFACE char *strcpy(char *dst, const char *src) {
  StampCopy(dst, src, 1);
  return RESOLVE(strcpy)(dst, src);
}

LS_INTERFACE char *strncpy(char *dst, const char *src, size_t n) {
  StampCopy(dst, src, n);
  return RESOLVE(strncpy)(dst, src, n);
}

LS_INTERFACE size_t strlen(const char *s) {
  StampRead(s, 1);
  return RESOLVE(strlen)(s);
}

LS_INTERFACE int strcmp(const char *a, const char *b) {
  StampCompare(a, b, 1);
  return RESOLVE(strcmp)(a, b);
}

LS_INTERFACE ssize_t read(int fd, void *buf, size_t n) {
  ssize_t r = RESOLVE(read)(fd, buf, n);
  if (r > 0) Stamp(buf, (uptr)r);
  return r;
}

LS_INTERFACE ssize_t pread(int fd, void *buf, size_t n, off_t off) {
  ssize_t r = RESOLVE(pread)(fd, buf, n, off);
  if (r > 0) Stamp(buf, (uptr)r);
  return r;
}

LS_INTERFACE ssize_t write(int fd, const void *buf, size_t n) {
  StampRead(buf, n);
  return RESOLVE(write)(fd, buf, n);
}

LS_INTERFACE ssize_t recv(int fd, void *buf, size_t n, int flags) {
  ssize_t r = RESOLVE(recv)(fd, buf, n, flags);
  if (r > 0) Stamp(buf, (uptr)r);
  return r;
}

LS_INTERFACE ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr,
                              socklen_t *len) {
  ssize_t r = RESOLVE(recvfrom)(fd, buf, n, flags, addr, len);
  if (r > 0) Stamp(buf, (uptr)r);
  return r;
}

LS_INTERFACE ssize_t send(int fd, const void *buf, size_t n, int flags) {
  StampRead(buf, n);
  return RESOLVE(send)(fd, buf, n, flags);
}

LS_INTERFACE size_t fread(void *buf, size_t size, size_t count, FILE *f) {
  size_t r = RESOLVE(fread)(buf, size, count, f);
  if (r) Stamp(buf, r * size);
  return r;
}

LS_INTERFACE size_t fwrite(const void *buf, size_t size, size_t count, FILE *f) {
  StampRead(buf, size * count);
  return RESOLVE(fwrite)(buf, size, count, f);
}

LS_INTERFACE char *fgets(char *s, int n, FILE *f) {
  char *r = RESOLVE(fgets)(s, n, f);
  if (r) Stamp(s, 1);
  return r;
}

LS_INTERFACE void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  Stamp(base, n * size);
  RESOLVE(qsort)(base, n, size, cmp);
}

namespace leakscope {

// Resolves every real function at start-up, so that the interceptors never call dlsym
// later (from a signal handler, say).
void InitAccessInterceptors() {
  ResolveMem(&real_memcpy, "memcpy");
  ResolveMem(&real_memmove, "memmove");
  ResolveMem(&real_memset, "memset");
  RESOLVE(memcmp);
  RESOLVE(strcpy);
  RESOLVE(strncpy);
  RESOLVE(strlen);
  RESOLVE(strcmp);
  RESOLVE(read);
  RESOLVE(pread);
  RESOLVE(write);
  RESOLVE(recv);
  RESOLVE(recvfrom);
  RESOLVE(send);
  RESOLVE(fread);
  RESOLVE(fwrite);
  RESOLVE(fgets);
  RESOLVE(qsort);
}

}  // namespace leakscope
