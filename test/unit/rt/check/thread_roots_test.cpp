// Thread roots the lit tests cannot reach deterministically: a thread that has been
// created but not started yet keeps its start argument alive through its registry slot.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "heap/allocator.h"
#include "check/marker.h"
#include "options.h"
#include "world/stop_the_world.h"
#include "world/threads.h"

using namespace leakscope;

namespace {

struct Probe {
  uptr block;
  u8 tag;
};

// Marks from the thread roots alone (no stacks, registers, TLS or globals, so stale
// copies of the pointer in this test's frames cannot count) and reads the block's tag.
u8 TagFromThreadRoots(uptr block) {
  Options saved = g_options;
  g_options.use_stacks = g_options.use_registers = g_options.use_tls = false;
  Probe probe = {block, 0};
  RunWithWorldStopped(
      [](void *arg) {
        Probe *p = (Probe *)arg;
        Marker m;
        m.Reset();
        ScanThreads(&m);
        m.FloodFill();
        ChunkMeta *meta = ChunkAt(p->block);
        p->tag = meta ? meta->tag : 0xff;
      },
      &probe);
  g_options = saved;
  return probe.tag;
}

void *NeverRuns(void *) { return nullptr; }

__attribute__((noinline)) uptr HiddenBlock() {
  return (uptr)malloc(12345) ^ 0x5555;  // no plain copy of the pointer stays behind
}

}  // namespace

TEST(ThreadRoots, StartArgumentOfAThreadNotStartedYetIsReachable) {
  uptr hidden = HiddenBlock();
  ThreadContext *t = ReserveThread(NeverRuns, (void *)(hidden ^ 0x5555), false);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(TagFromThreadRoots(hidden ^ 0x5555), kTagReachable);
  CancelReservedThread(t);  // pthread_create failed: the argument is the caller's again
  EXPECT_EQ(TagFromThreadRoots(hidden ^ 0x5555), kTagLeaked);
  free((void *)(hidden ^ 0x5555));
}
