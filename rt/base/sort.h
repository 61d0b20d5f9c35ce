// One in-place sort for the runtime: a heap sort, O(n log n) in every case, no memory,
// no libstdc++ (the runtime links none of it). The lists it sorts grow with the
// program (one record per allocation stack: hundreds of thousands), so the quadratic
// insertion sorts and gap sequences this replaced were a pause waiting for a big
// enough program (a snapshot's stale samples: 10,000 stacks took 4 ms).
// Not stable: callers that need a total order break ties in `less`.
#pragma once

#include "base/common.h"

namespace leakscope {

template <typename T, typename Less>
void HeapSort(T *v, uptr n, Less less) {
  auto sift = [&](uptr i, uptr end) {
    for (;;) {
      uptr c = 2 * i + 1;
      if (c >= end) return;
      if (c + 1 < end && less(v[c], v[c + 1])) c++;
      if (!less(v[i], v[c])) return;
      T t = v[i];
      v[i] = v[c];
      v[c] = t;
      i = c;
    }
  };
  for (uptr i = n / 2; i-- > 0;) sift(i, n);
  for (uptr end = n; end-- > 1;) {
    T t = v[0];
    v[0] = v[end];
    v[end] = t;
    sift(0, end);
  }
}

}  // namespace leakscope
