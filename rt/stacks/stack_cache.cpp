#include "stacks/stack_cache.h"

namespace leakscope {

__thread StackCacheSlotEntry tls_stack_cache[kStackCacheSize] __attribute__((tls_model("initial-exec")));

}  // namespace leakscope
