// The snapshot pause: with N small objects live (from a handful of allocation sites),
// a mutator thread allocates and frees in a loop and records the longest gap between
// two of its iterations; the main thread writes several heap snapshots through
// __leakscope_write_snapshot(path) and times each call. Printed per run:
//   snapshot: calls=K call_ms_median=X call_ms_max=Y stall_ms_max=Z baseline_stall_ms=B
// where stall is the longest mutator gap during the snapshots and baseline the longest
// gap over the same time without one (scheduler noise). When the runtime has no
// __leakscope_write_snapshot (not linked with LeakScope, or a LeakScope without the
// feature), the weak reference is null and it prints "snapshot: n/a".
// Usage: snapshot N OUT_PREFIX
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

extern "C" int __leakscope_write_snapshot(const char *path) __attribute__((weak));

using Clock = std::chrono::steady_clock;

static std::vector<void *> g_live;  // keeps every object reachable
static std::atomic<bool> g_stop;
static std::atomic<long> g_max_gap_ns;

static double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Distinct call sites, so the profile has several stacks rather than one.
template <int Site>
__attribute__((noinline)) void *AllocAt(size_t size) {
  void *p = malloc(size + Site);
  static_cast<char *>(p)[0] = Site;
  return p;
}

static void Mutator() {
  auto last = Clock::now();
  void *ring[64] = {};
  unsigned i = 0;
  while (!g_stop.load(std::memory_order_relaxed)) {
    free(ring[i % 64]);
    ring[i % 64] = malloc(16 + (i % 7) * 16);
    ++i;
    auto now = Clock::now();
    long gap = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last).count();
    if (gap > g_max_gap_ns.load(std::memory_order_relaxed)) g_max_gap_ns.store(gap, std::memory_order_relaxed);
    last = now;
  }
  for (void *p : ring) free(p);
}

static double TakeMaxGapMs() { return g_max_gap_ns.exchange(0) / 1e6; }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  const char *prefix = argc > 2 ? argv[2] : "snapshot";
  if (!__leakscope_write_snapshot) {
    printf("snapshot: n/a\n");
    return 0;
  }
  g_live.reserve(n);
  for (long i = 0; i < n; ++i) {
    switch (i % 4) {
      case 0: g_live.push_back(AllocAt<0>(32)); break;
      case 1: g_live.push_back(AllocAt<1>(48)); break;
      case 2: g_live.push_back(AllocAt<2>(64)); break;
      default: g_live.push_back(AllocAt<3>(96)); break;
    }
  }
  std::thread mutator(Mutator);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int kCalls = 5;
  std::vector<double> call_ms;
  double stall_ms = 0, baseline_ms = 0;
  char path[4096];
  for (int k = 0; k < kCalls; ++k) {
    // Baseline window first, then the same wait around one snapshot.
    TakeMaxGapMs();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    baseline_ms = std::max(baseline_ms, TakeMaxGapMs());
    snprintf(path, sizeof path, "%s.%d.pb.gz", prefix, k);
    auto t0 = Clock::now();
    int rc = __leakscope_write_snapshot(path);
    auto t1 = Clock::now();
    (void)rc;
    std::this_thread::sleep_for(std::chrono::milliseconds(20) - (t1 - t0));
    call_ms.push_back(Ms(t1 - t0));
    stall_ms = std::max(stall_ms, TakeMaxGapMs());
  }
  g_stop = true;
  mutator.join();
  std::sort(call_ms.begin(), call_ms.end());
  printf("snapshot: calls=%d call_ms_median=%.3f call_ms_max=%.3f stall_ms_max=%.3f baseline_stall_ms=%.3f\n",
         kCalls, call_ms[kCalls / 2], call_ms.back(), stall_ms, baseline_ms);
  for (void *p : g_live) free(p);
  return 0;
}
