// fork() in a threaded program: the child has one thread, but a copy of every lock
// the others held at the instant of fork. pthread_atfork handlers take the runtime's
// locks before fork and release them after (in the child too), so the child never
// starts with a lock no thread will release; the child's registry keeps only the
// forking thread, so its exit check stops nobody and scans the child's own memory.
//
// Lock order (also the order everywhere else they nest): leak check, thread
// registry, allocator, stack depot, internal allocator. The handlers are registered
// at init, before the program's, so they run after the program's prepare handlers
// (which may allocate) and before its parent/child handlers.
#pragma once

namespace leakscope {

void InitFork();

}  // namespace leakscope
