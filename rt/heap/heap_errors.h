// The allocator's fatal errors: one no-return function per failure, each printing one
// `LeakScope: ...` line and the calling stack to stderr (and log_path), then abort()ing,
// as glibc's malloc and the sanitizers stop on them. Nothing here returns to the
// program, and nothing allocates through the program's malloc.
//
// Which failures are fatal:
//  * free()/delete of an address that is on the calling thread's stack or inside a
//    loaded module's image (a global) and so was never a heap block;
//  * a damaged free-list link (the program wrote into a chunk after freeing it);
//  * with allocator_may_return_null=0, an allocation that cannot be served (bigger than
//    max_allocation_size_mb or the allocator's limit, or out of memory), as in
//    LeakSanitizer. With 1, the default, malloc returns null and new throws instead.
#pragma once

#include "base/common.h"

namespace leakscope {

// `entry` names the entry point ("malloc", "operator new", ...).
[[noreturn]] void ReportAllocationFailure(const char *entry, uptr size, uptr limit);
[[noreturn]] void ReportCallocOverflow(uptr n, uptr size);
// `how`: "free()", "delete", "realloc()"; `where`: "on the stack", "in a global of MODULE".
[[noreturn]] void ReportInvalidFree(const char *how, const void *p, const char *where);
// `locks_held`: called under an allocator lock, so the stack is printed unsymbolized
// (starting the symbolizer could fork, and the fork handlers take every allocator lock).
[[noreturn]] void ReportHeapCorruption(const char *what, uptr chunk, uptr cls, bool locks_held);

// Where a non-heap address handed to free() lives: returns a description when it is
// the calling thread's stack or a module's image other than the dynamic loader's
// (whose early memory, from its own minimal malloc, may reach free()), else nullptr.
// `buf` holds the text.
const char *DescribeNonHeapAddress(uptr p, char *buf, uptr size);

}  // namespace leakscope
