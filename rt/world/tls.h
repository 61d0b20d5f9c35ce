// Thread-local storage layout (glibc, x86-64), for scanning TLS as a root.
//
// x86-64 uses TLS variant II: the thread pointer (%fs base) points at the thread's
// struct pthread (the TCB); the static TLS blocks (the executable's and those of
// libraries loaded at start-up or with initial-exec TLS) sit just below it. glibc
// sizes the area once, at start-up: _dl_get_tls_static_info() gives its total size,
// TCB included, and libc's _thread_db_sizeof_pthread gives the TCB's size. So
//
//   static TLS + TCB = [tp + sizeof_pthread - static_size, tp + sizeof_pthread)
//
// The TCB holds what else is thread-local: the DTV pointer (dynamic TLS of dlopen'ed
// libraries: heap blocks that ld.so allocates), and pthread_setspecific data (keys
// 0..31 inline, the others in heap arrays the TCB points to). Scanning the range and
// following heap pointers from it covers all of them.
//
// For a thread glibc created, the range is at the top of its stack mapping; for the
// main thread it is a block ld.so allocated at start-up.
#pragma once

#include "base/common.h"

namespace leakscope {

void InitTls();

// The calling thread's thread pointer (%fs base).
uptr ThreadPointer();

// The static TLS area and TCB of the thread whose thread pointer is `tp`; false when
// the layout is unknown (not glibc).
bool StaticTlsRange(uptr tp, uptr *lo, uptr *hi);

}  // namespace leakscope
