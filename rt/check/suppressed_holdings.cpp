#include "check/suppressed_holdings.h"

namespace leakscope {

void SuppressHeldChunks(LeakSet *leaks) {
  InternalVector<LeakChunk> &chunks = leaks->chunks;
  InternalVector<LeakRecord> &records = leaks->records;
  if (chunks.empty() || leaks->links.empty()) return;
  bool any = false;
  for (LeakRecord &r : records) any |= r.suppressed;
  if (!any) return;
  // Links grouped by source (a counting sort), then a depth-first walk.
  InternalVector<u32> first, targets;
  first.resize(chunks.size() + 1);
  for (ChunkLink &l : leaks->links) first[l.from + 1]++;
  for (uptr i = 0; i < chunks.size(); i++) first[i + 1] += first[i];
  targets.resize(leaks->links.size());
  {
    InternalVector<u32> fill;
    fill.resize(chunks.size());
    for (ChunkLink &l : leaks->links) targets[first[l.from] + fill[l.from]++] = l.to;
  }
  InternalVector<u8> held;  // 1: reachable from a suppressed chunk
  held.resize(chunks.size());
  InternalVector<u32> stack;
  for (uptr i = 0; i < chunks.size(); i++)
    if (records[chunks[i].record].suppressed) stack.push_back((u32)i);
  while (!stack.empty()) {
    u32 c = stack.back();
    stack.pop_back();
    for (u32 k = first[c]; k < first[c + 1]; k++) {
      u32 t = targets[k];
      if (held[t] || records[chunks[t].record].suppressed) continue;
      held[t] = 1;
      stack.push_back(t);
    }
  }
  // Move the held chunks of each unsuppressed record to a suppressed twin record.
  uptr n = records.size();
  InternalVector<u32> twin;  // record index + 1
  twin.resize(n);
  bool objects = leaks->objects.size() == chunks.size();
  for (uptr i = 0; i < chunks.size(); i++) {
    if (!held[i]) continue;
    u32 r = chunks[i].record;
    if (!twin[r]) {
      LeakRecord copy = records[r];
      copy.suppressed = true;
      copy.bytes = copy.objects = 0;
      records.push_back(copy);
      twin[r] = (u32)records.size();
    }
    LeakRecord &from = records[r], &to = records[twin[r] - 1];
    from.bytes -= chunks[i].bytes;
    from.objects--;
    to.bytes += chunks[i].bytes;
    to.objects++;
    chunks[i].record = twin[r] - 1;
    if (objects) leaks->objects[i].record = twin[r] - 1;
  }
  for (uptr r = 0; r < n; r++)
    if (twin[r] && !records[r].objects) records[r].suppressed = true;  // nothing left
}

}  // namespace leakscope
