// What a retention snapshot costs against the exit check: N live objects (default
// 1,000,000) of 32 bytes in 10,000 linked lists hanging off a global index, then one
// __leakscope_write_snapshot with snapshot_retention=1, timed, with the process's peak
// RSS before and after. Run with verbosity=1 for the runtime's own breakdown (world
// stopped vs. total, arrays) and, at exit, the leak check's time over the same heap:
//
//   build/bin/leakscope-clang++ -O2 -g -Iinclude bench/retention_cost.cpp -o /tmp/retention_cost
//   LEAKSCOPE_OPTIONS=snapshot_retention=1:verbosity=1 /tmp/retention_cost /tmp/rc 1000000
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Node {
  Node *next;
  long value[3];
};

Node **g_index;

static double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long PeakKiB() {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof(line), f))
    if (!strncmp(line, "VmHWM:", 6)) kib = atol(line + 6);
  if (f) fclose(f);
  return kib;
}

int main(int argc, char **argv) {
  const char *prefix = argc > 1 ? argv[1] : "/tmp/retention_cost";
  long n = argc > 2 ? atol(argv[2]) : 1000000;
  const long lists = 10000;
  g_index = (Node **)calloc(lists, sizeof(Node *));
  for (long i = 0; i < n - lists - 1; i++) g_index[i % lists] = new Node{g_index[i % lists], {i}};
  char path[4096];
  snprintf(path, sizeof(path), "%s.pb.gz", prefix);
  long before = PeakKiB();
  double t0 = Now();
  __leakscope_write_snapshot(path);
  double t1 = Now();
  printf("objects=%ld snapshot+retention=%.3f s peak_rss_before=%ld KiB after=%ld KiB (+%ld KiB)\n", n,
         t1 - t0, before, PeakKiB(), PeakKiB() - before);
  return 0;
}
