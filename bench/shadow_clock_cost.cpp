// What the access shadow and its clock cost a program holding a 1 GiB heap (issue 13):
// the shadow's resident memory against the heap the program touched, and the epoch
// clock's own CPU (its advances and the shadow sweep every 64 epochs), measured while
// the program sleeps, so the process's CPU is the runtime's. Built with the pass:
//
//   build/bin/leakscope-clang++ -O2 bench/shadow_clock_cost.cpp -o /tmp/shadow_clock_cost
//   LEAKSCOPE_OPTIONS=epoch_period_ms=100:verbosity=1 /tmp/shadow_clock_cost 1024 20
//
// Arguments: heap MiB (blocks of 1 KiB, every granule written once), seconds to sleep.
// A shorter epoch period runs the sweep more often than the default (1 s: a sweep every
// 64 s); the CPU per sweep is what scales.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Resident KiB of the mappings inside [lo, hi) (/proc/self/smaps): the shadow's.
static long RssKiB(unsigned long lo, unsigned long hi) {
  FILE *f = fopen("/proc/self/smaps", "r");
  char line[512];
  bool in = false;
  long kib = 0;
  while (f && fgets(line, sizeof(line), f)) {
    unsigned long a, b;
    if (sscanf(line, "%lx-%lx ", &a, &b) == 2) in = a >= lo && b <= hi;
    else if (in && !strncmp(line, "Rss:", 4)) kib += atol(line + 4);
  }
  if (f) fclose(f);
  return kib;
}

__attribute__((noinline)) void Touch(char *b, size_t n) {
  for (size_t i = 0; i < n; i += 16) ((volatile char *)b)[i] = (char)i;  // every granule
}

int main(int argc, char **argv) {
  long mib = argc > 1 ? atol(argv[1]) : 1024, seconds = argc > 2 ? atol(argv[2]) : 20;
  long blocks = mib * 1024;
  char **heap = (char **)malloc(blocks * sizeof(char *));
  sleep(1);  // let the first epoch pass: epoch 0 stamps nothing
  for (long i = 0; i < blocks; i++) {
    heap[i] = (char *)malloc(1024);
    Touch(heap[i], 1024);
  }
  // The shadow range of rt/abi.h: 128 GiB at 5 TiB.
  long shadow = RssKiB(0x050000000000ul, 0x052000000000ul);
  // Touched: the blocks and the array of pointers to them (written by the loop above).
  long heap_kib = mib * 1024 + blocks * (long)sizeof(char *) / 1024;
  double cpu0 = CpuSeconds();
  sleep(seconds);
  double clock_cpu = CpuSeconds() - cpu0;
  printf("heap touched: %ld MiB of blocks, %ld KiB with the pointer array, every granule written; "
         "shadow resident %ld KiB (%.4f of the touched heap, bound 1/16 = 0.0625)\n",
         mib, heap_kib, shadow, heap_kib ? shadow / (double)heap_kib : 0.0);
  printf("while sleeping %ld s: runtime CPU %.3f s = %.3f%% of a core\n", seconds, clock_cpu,
         100.0 * clock_cpu / seconds);
  return heap[blocks / 2][0] == 1 ? 1 : 0;
}
