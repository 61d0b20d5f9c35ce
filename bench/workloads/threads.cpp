// Multi-threaded allocation: how the cost of one allocation grows with the number of
// threads allocating at once. Each thread allocates and frees small blocks (16..128
// bytes), holding 64 live at a time in a ring, so every allocation is a malloc and a
// free in the checker's fast path and nothing ever reaches a central list. Two modes:
//   shared    every thread allocates from the same call site, so from the same stack
//             (one profile bucket, one depot entry written by every thread);
//   distinct  thread i allocates from call site i (its own stack and bucket).
// The figure is CPU time per allocation (user + sys of the whole process, from
// getrusage, over the allocations of all threads): on a machine with spare cores,
// threads that do not disturb each other keep it flat as threads are added.
// Each thread's blocks are freed before it ends; the exit code is 0.
// Usage: threads THREADS shared|distinct [ALLOCATIONS_PER_THREAD]   (default 10,000,000)
// Prints: threads: threads=N mode=M allocs=TOTAL cpu_s=S wall_s=W ns_per_alloc=X
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr int kLive = 64;
constexpr int kMaxThreads = 16;
long g_per_thread = 10000000;
volatile int g_go;
unsigned long g_checksum[kMaxThreads * 8];  // one cache line per thread

// One allocation loop, instantiated once per call site: the template parameter makes
// each instance a separate function, so its malloc call has its own return address
// (and the pass its own site).
template <int kSite>
__attribute__((noinline)) void Loop(int self) {
  void *ring[kLive] = {};
  unsigned x = 12345u + (unsigned)self;
  unsigned long sum = 0;
  for (long i = 0; i < g_per_thread; ++i) {
    x = x * 1103515245u + 12345u;
    unsigned slot = (unsigned)i % kLive;
    free(ring[slot]);
    size_t size = 16 + ((x >> 8) & 7) * 16;
    char *p = (char *)malloc(size);
    p[0] = (char)i;
    sum += (unsigned char)p[0];
    ring[slot] = p;
  }
  for (void *&p : ring) free(p), p = nullptr;
  g_checksum[self * 8] = sum;
}

typedef void (*LoopFn)(int);
template <int... kSites>
struct Sites {
  static constexpr LoopFn kTable[] = {Loop<kSites>...};
};
const LoopFn *kLoops = Sites<0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15>::kTable;

bool g_distinct;

void *Worker(void *arg) {
  int self = (int)(long)arg;
  while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE)) {
  }
  kLoops[g_distinct ? self : 0](self);
  return nullptr;
}

double Seconds(const timeval &t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: threads THREADS shared|distinct [ALLOCATIONS_PER_THREAD]\n");
    return 2;
  }
  int n = atoi(argv[1]);
  if (n < 1 || n > kMaxThreads) {
    fprintf(stderr, "threads: THREADS must be 1..%d\n", kMaxThreads);
    return 2;
  }
  if (strcmp(argv[2], "shared") && strcmp(argv[2], "distinct")) {
    fprintf(stderr, "threads: mode must be shared or distinct, not '%s'\n", argv[2]);
    return 2;
  }
  g_distinct = !strcmp(argv[2], "distinct");
  if (argc > 3) g_per_thread = atol(argv[3]);
  if (g_per_thread < 1) g_per_thread = 10000000;
  pthread_t t[kMaxThreads];
  for (int i = 0; i < n; ++i) pthread_create(&t[i], nullptr, Worker, (void *)(long)i);
  rusage r0, r1;
  timespec w0, w1;
  getrusage(RUSAGE_SELF, &r0);
  clock_gettime(CLOCK_MONOTONIC, &w0);
  __atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
  for (int i = 0; i < n; ++i) pthread_join(t[i], nullptr);
  clock_gettime(CLOCK_MONOTONIC, &w1);
  getrusage(RUSAGE_SELF, &r1);
  // The start-up spin of threads waiting for g_go is outside [r0, r1] only in part;
  // it is a few microseconds per thread.
  double cpu = Seconds(r1.ru_utime) - Seconds(r0.ru_utime) + Seconds(r1.ru_stime) - Seconds(r0.ru_stime);
  double wall = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
  long total = g_per_thread * n;
  unsigned long sum = 0;
  for (int i = 0; i < n; ++i) sum += g_checksum[i * 8];
  printf("threads: threads=%d mode=%s allocs=%ld cpu_s=%.4f wall_s=%.4f ns_per_alloc=%.2f checksum=%lu\n",
         n, argv[2], total, cpu, wall, cpu * 1e9 / (double)total, sum);
  return 0;
}
