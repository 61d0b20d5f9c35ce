// The snapshot pause: N small objects stay live, allocated from S distinct stacks
// (default 1,000,000 from 10,000, the figure of issue 5), while a mutator thread
// allocates and frees in a loop and records the longest gap between two of its
// iterations. The main thread takes snapshots one at a time, each in a window of at
// least kWindowMs, alternating with windows of the same length without one (the
// baseline: what the scheduler of a shared machine does to the mutator anyway).
//
// Modes (argv[3]):
//   api     __leakscope_write_snapshot(path) from the main thread; the call is timed.
//   signal  kill(getpid(), SIGUSR1), the user's path: the runtime's snapshot thread
//           writes the file named by snapshot_path, which must be PREFIX.%n.pb.gz (the
//           bench sets it); the main thread waits for the file with inotify, so it takes
//           no CPU while the writer runs. "call" is signal -> file renamed into place.
//   leaks   like api, under snapshot_leaks=1 (the bench sets it): every snapshot stops
//           the world and marks the heap; then __lsan_do_leak_check() - the exit-time
//           check itself, run before exit so the mutator can time it - once.
// Printed per run (ms; medians over the warm snapshots - the first one starts the
// symbolizer and is printed on its own):
//   snapshot: mode=M objects=N stacks=S calls=K first_ms=F first_pause_ms=G call_ms_median=C
//     call_ms_max=X cpu_ms_median=U pause_ms_median=P pause_ms_max=Q baseline_ms_median=B
//     baseline_ms_max=R [exitcheck_call_ms=E exitcheck_pause_ms=H]
// where cpu = CPU time the writer spent on a snapshot, pause = the mutator's longest gap
// in a snapshot window, baseline = the same in a window without one. Without __leakscope_write_snapshot (not linked with LeakScope)
// it prints "snapshot: n/a".
// Usage: snapshot N PREFIX [api|signal|leaks] [SNAPSHOTS] [STACKS]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <pthread.h>
#include <sys/inotify.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern "C" int __leakscope_write_snapshot(const char *path) __attribute__((weak));
extern "C" void __lsan_do_leak_check(void) __attribute__((weak));

using Clock = std::chrono::steady_clock;

static std::vector<void *> g_live;  // keeps every object reachable: no leak at exit
static std::atomic<bool> g_stop;
static std::atomic<long> g_max_gap_ns;
static std::atomic<unsigned long> g_iterations;  // the mutator's, bumped after each gap is recorded
static constexpr int kWindowMs = 30;

static double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Distinct stacks: stack s is the path of Rec/Left/Right calls spelled by the bits of s
// (kDepth levels), so S stacks need no S functions. Each of these functions keeps a
// frame pointer even when built without -fno-omit-frame-pointer (taking its frame
// address forces one), so the runtime's frame-pointer unwinder sees the whole path in
// every configuration, the preloaded uninstrumented build included.
constexpr int kDepth = 14;  // up to 16,384 stacks
#define KEEP_FRAME() asm volatile("" ::"r"(__builtin_frame_address(0)) : "memory")
static void Rec(int depth, unsigned path, int count);
__attribute__((noinline)) static void Left(int depth, unsigned path, int count) {
  KEEP_FRAME();
  Rec(depth, path, count);
  asm volatile("");  // not a tail call: the frame stays on the stack
}
__attribute__((noinline)) static void Right(int depth, unsigned path, int count) {
  KEEP_FRAME();
  Rec(depth, path, count);
  asm volatile("");
}
__attribute__((noinline)) static void Rec(int depth, unsigned path, int count) {
  KEEP_FRAME();
  if (depth == kDepth) {
    for (int i = 0; i < count; i++) {
      void *p = malloc(32 + (path % 8) * 16);
      static_cast<char *>(p)[0] = 1;
      g_live.push_back(p);
    }
    return;
  }
  if (path >> depth & 1) Right(depth + 1, path, count);
  else Left(depth + 1, path, count);
  asm volatile("");
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
    g_iterations.store(i, std::memory_order_release);
    last = now;
  }
  for (void *p : ring) free(p);
}

// CPU time of a clock: the process's minus the mutator's is the writer's (the main
// thread in api mode, the runtime's snapshot thread in signal mode), which a busy
// machine's scheduler does not inflate the way it inflates wall time.
static double CpuMs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// The longest gap since the last call. Waits for one more mutator iteration first: a
// gap still open (the mutator not yet running again after a snapshot) is then counted.
static double TakeMaxGapMs() {
  unsigned long seen = g_iterations.load(std::memory_order_acquire);
  while (g_iterations.load(std::memory_order_acquire) == seen) std::this_thread::sleep_for(std::chrono::microseconds(50));
  return g_max_gap_ns.exchange(0) / 1e6;
}

static void SleepUntil(Clock::time_point t) { std::this_thread::sleep_until(t); }

static double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
static double Max(const std::vector<double> &v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

// Waits until `name` is moved into `dir` (the snapshot writer renames its temporary
// file into place). Returns false after 10 s.
static bool WaitForFile(int ino, const std::string &name) {
  alignas(struct inotify_event) char buf[8192];
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    ssize_t n = read(ino, buf, sizeof buf);
    if (n <= 0) continue;
    for (char *p = buf; p < buf + n;) {
      auto *ev = reinterpret_cast<struct inotify_event *>(p);
      if (ev->len && name == ev->name) return true;
      p += sizeof(*ev) + ev->len;
    }
  }
  return false;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  std::string prefix = argc > 2 ? argv[2] : "snapshot";
  std::string mode = argc > 3 ? argv[3] : "api";
  int calls = argc > 4 ? atoi(argv[4]) : 21;
  long stacks = argc > 5 ? atol(argv[5]) : 10000;
  if (!__leakscope_write_snapshot || !__lsan_do_leak_check) {
    printf("snapshot: n/a\n");
    return 0;
  }
  if ((mode != "api" && mode != "signal" && mode != "leaks") || calls < 2 || stacks < 1 ||
      stacks > (1 << kDepth) || n < stacks) {
    fprintf(stderr, "usage: snapshot N PREFIX [api|signal|leaks] [SNAPSHOTS>=2] [STACKS<=%d, <=N]\n", 1 << kDepth);
    return 2;
  }
  g_live.reserve(n);
  for (long s = 0; s < stacks; ++s) Rec(0, (unsigned)s, (int)(n / stacks + (s < n % stacks)));

  int ino = -1;
  std::string dir = ".", base = prefix;
  if (mode == "signal") {
    size_t slash = prefix.rfind('/');
    if (slash != std::string::npos) dir = prefix.substr(0, slash), base = prefix.substr(slash + 1);
    ino = inotify_init1(IN_CLOEXEC);
    if (ino < 0 || inotify_add_watch(ino, dir.c_str(), IN_MOVED_TO) < 0) {
      perror("inotify");
      return 1;
    }
  }

  std::thread mutator(Mutator);
  clockid_t mutator_clock;
  if (pthread_getcpuclockid(mutator.native_handle(), &mutator_clock)) return 1;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::vector<double> call_ms, pause_ms, baseline_ms, cpu_ms;
  double first_ms = 0, first_pause_ms = 0;
  for (int k = 0; k < calls; ++k) {
    // A window without a snapshot, then one with.
    TakeMaxGapMs();
    SleepUntil(Clock::now() + std::chrono::milliseconds(kWindowMs));
    baseline_ms.push_back(TakeMaxGapMs());
    double cpu0 = CpuMs(CLOCK_PROCESS_CPUTIME_ID) - CpuMs(mutator_clock);
    auto t0 = Clock::now();
    if (mode == "signal") {
      kill(getpid(), SIGUSR1);
      if (!WaitForFile(ino, base + "." + std::to_string(k + 1) + ".pb.gz")) {
        fprintf(stderr, "snapshot %d did not appear in %s (snapshot_path must be %s.%%n.pb.gz)\n", k + 1,
                dir.c_str(), prefix.c_str());
        return 1;
      }
    } else {
      std::string path = prefix + "." + std::to_string(k) + ".pb.gz";
      if (__leakscope_write_snapshot(path.c_str()) != 0) return 1;
    }
    auto t1 = Clock::now();
    double cpu = CpuMs(CLOCK_PROCESS_CPUTIME_ID) - CpuMs(mutator_clock) - cpu0;
    SleepUntil(std::max(t1, t0 + std::chrono::milliseconds(kWindowMs)));
    double pause = TakeMaxGapMs();
    if (k == 0) {
      first_ms = Ms(t1 - t0);  // symbolizer start-up: not a warm figure
      first_pause_ms = pause;
      continue;
    }
    call_ms.push_back(Ms(t1 - t0));
    cpu_ms.push_back(cpu);
    pause_ms.push_back(pause);
  }
  char extra[128] = "";
  if (mode == "leaks") {
    // The exit-time check, run now so that the mutator can time it: it marks the same
    // heap and prints the same (empty) report; at exit it does not run again.
    TakeMaxGapMs();
    auto t0 = Clock::now();
    __lsan_do_leak_check();
    auto t1 = Clock::now();
    SleepUntil(std::max(t1, t0 + std::chrono::milliseconds(kWindowMs)));
    snprintf(extra, sizeof extra, " exitcheck_call_ms=%.3f exitcheck_pause_ms=%.3f", Ms(t1 - t0), TakeMaxGapMs());
  }
  g_stop = true;
  mutator.join();
  // Freed before exit: the vector holding them is destroyed before the exit-time check.
  for (void *p : g_live) free(p);
  printf("snapshot: mode=%s objects=%zu stacks=%ld calls=%d first_ms=%.3f first_pause_ms=%.3f call_ms_median=%.3f call_ms_max=%.3f "
         "cpu_ms_median=%.3f pause_ms_median=%.3f pause_ms_max=%.3f baseline_ms_median=%.3f baseline_ms_max=%.3f%s\n",
         mode.c_str(), g_live.size(), stacks, calls - 1, first_ms, first_pause_ms, Median(call_ms), Max(call_ms), Median(cpu_ms), Median(pause_ms),
         Max(pause_ms), Median(baseline_ms), Max(baseline_ms), extra);
  return 0;
}
