#include "heap/free_list_guard.h"

#include <gtest/gtest.h>
#include <stdlib.h>

using namespace leakscope;

// The test binary runs on the runtime: malloc here is LeakScope's, the key is drawn.
TEST(FreeListGuard, LinksRoundTripAndLookRandomInMemory) {
  void *a = malloc(48), *b = malloc(48);
  uptr cls = ClassForSize(48);
  uptr *slot = (uptr *)a;
  *slot = EncodeLink(slot, (uptr)b);
  EXPECT_NE(*slot, (uptr)b);  // not stored in the clear
  EXPECT_EQ(DecodeLink(slot, cls), (uptr)b);
  *slot = EncodeLink(slot, 0);
  EXPECT_EQ(DecodeLink(slot, cls), 0u);  // the end of a list
  *slot = 0;
  free(b);
  free(a);
}

TEST(FreeListGuardDeathTest, OverwrittenLinkIsReported) {
  static char global[64];
  void *a = malloc(48);
  uptr cls = ClassForSize(48);
  uptr *slot = (uptr *)a;
  *slot = (uptr)global;  // what a use-after-free store leaves
  EXPECT_DEATH(DecodeLink(slot, cls), "heap corruption: a freed chunk's free-list link was overwritten");
  *slot = 0x4141414141414141ull;
  EXPECT_DEATH(DecodeLink(slot, cls), "heap corruption");
  // A link to another size class's region is refused too.
  void *other = malloc(4000);
  *slot = EncodeLink(slot, (uptr)other);
  EXPECT_DEATH(DecodeLink(slot, cls), "heap corruption");
  *slot = 0;
  free(other);
  free(a);
}
