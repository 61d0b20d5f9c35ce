// A target for `leakscope retain PID`: a global index of 300 entries each holding a
// 1000-byte payload (g_index retains 2400 + 300 * 16 + 300 * 1000 = 307200 bytes) and a
// global holding one 500-byte block; prints "ready", then waits to be killed.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct Payload {
  char bytes[1000];
};
struct Entry {
  long key;
  Payload *payload;
};
struct Index {
  Entry *entries[300];
};

Index *g_index;
char *g_single;

__attribute__((noinline)) void build() {
  g_index = new Index{};
  for (int i = 0; i < 300; i++) g_index->entries[i] = new Entry{i, new Payload{}};
  g_single = new char[500];
}

// The dead frames build() left below main's are where sleep's frames go next: clear
// them, so no stale copy of a pointer makes the stack a second root of the index.
__attribute__((noinline)) void scrub() {
  volatile char buf[16384];
  memset((char *)buf, 0, sizeof(buf));
}

int main() {
  build();
  scrub();
  printf("ready\n");
  fflush(stdout);
  for (int i = 0; i < 600; i++) sleep(1);
  return 0;
}
