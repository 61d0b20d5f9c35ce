// What a heap snapshot costs: 1,000,000 live objects allocated from 10,000 distinct
// stacks, then __leakscope_write_snapshot timed cold (symbolizer start-up included),
// warm, and warm with snapshot_leaks=1 (marks the whole heap).
//
//   build/bin/leakscope-clang++ -O2 -g -Iinclude bench/snapshot_cost.cpp -o /tmp/snapshot_cost
//   /tmp/snapshot_cost /tmp/snap
//
// A plain snapshot reads per-stack counters, so its cost follows the number of stacks
// and distinct frames, not the number of objects; snapshot_leaks adds a marking pass
// over every object.
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <sys/stat.h>
#include <time.h>

constexpr int kStacks = 10000, kObjectsPerStack = 100, kDepth = 14;
void **g_objects;  // reachable: a plain snapshot and a leak snapshot agree
int g_next;

void Rec(int depth, unsigned path);
__attribute__((noinline)) void Left(int depth, unsigned path) {
  Rec(depth, path);
  asm volatile("");
}
__attribute__((noinline)) void Right(int depth, unsigned path) {
  Rec(depth, path);
  asm volatile("");
}
__attribute__((noinline)) void Rec(int depth, unsigned path) {
  if (depth == kDepth) {
    for (int i = 0; i < kObjectsPerStack; i++) g_objects[g_next++] = malloc(32 + (path % 8) * 16);
    return;
  }
  if (path >> depth & 1) Right(depth + 1, path);
  else Left(depth + 1, path);
  asm volatile("");
}

static double Now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void Time(const char *what, std::string path) {
  double t = Now();
  __leakscope_write_snapshot(path.c_str());
  double dt = Now() - t;
  struct stat st;
  stat(path.c_str(), &st);
  fprintf(stderr, "%-34s %8.1f ms  %8.1f KiB\n", what, dt * 1e3, st.st_size / 1024.0);
}

int main(int argc, char **argv) {
  std::string base = argc > 1 ? argv[1] : "/tmp/snapshot_cost";
  g_objects = (void **)malloc(sizeof(void *) * kStacks * kObjectsPerStack);
  double t = Now();
  for (int s = 0; s < kStacks; s++) Rec(0, (unsigned)s);
  fprintf(stderr, "allocated %d objects from %d stacks in %.1f ms\n", g_next, kStacks, (Now() - t) * 1e3);
  Time("snapshot, cold (symbolizer start)", base + ".cold.pb.gz");
  Time("snapshot, warm", base + ".warm.pb.gz");
  Time("snapshot, warm again", base + ".warm2.pb.gz");
  return 0;
}
