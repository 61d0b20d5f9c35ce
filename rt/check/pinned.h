// Pinned blocks: big chunks kept alive only through pointers into a small part of
// them, the C++ twin of a small Go subslice pinning its huge backing array (a
// std::string_view, a span or an interior pointer into a 1 MiB read buffer).
//
// A chunk is pinned when it is at least kPinnedMinSize bytes, reachable from the roots,
// no pointer from a root or a reachable chunk points to its first byte, and the
// addresses those pointers point to all lie within size / 8 bytes of each other
// (lowest to highest, inclusive). Its "pinned span" is that lowest-to-highest extent.
// Computed on the captured heap graph after the world resumed.
#pragma once

#include "check/retention_paths.h"

namespace leakscope {

constexpr uptr kPinnedMinSize = 64 * 1024;

struct PinnedBlock {
  u32 node;
  u64 span;  // bytes from the lowest to the highest address pointed to, inclusive
};

void FindPinned(const HeapGraph &g, const GraphReach &r, InternalVector<PinnedBlock> *out);

}  // namespace leakscope
