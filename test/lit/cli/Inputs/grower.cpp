// A program whose heap keeps growing at one site: keep_growing() adds 128 blocks of 1000
// bytes to a global list at start and 16 more every 100 ms (for up to 30 s), so every
// snapshot holds more there; steady() allocates once. Prints "ready" after the first
// round. The snap and watch tests run it under the real runtime.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct Block {
  Block *next;
  char payload[1000 - sizeof(Block *)];
};

Block *head;
void *steady_buffer;

__attribute__((noinline)) void keep_growing(int n) {
  for (int i = 0; i < n; i++) {
    Block *b = static_cast<Block *>(malloc(sizeof(Block)));
    b->next = head;
    head = b;
  }
}

__attribute__((noinline)) void steady() { steady_buffer = malloc(4096); }

int main() {
  steady();
  // 128 KB at once: more than libstdc++'s 71 KiB start-up pool, so even a snapshot taken
  // right after "ready" ranks this site first.
  keep_growing(128);
  printf("ready\n");
  fflush(stdout);
  for (int i = 0; i < 300; i++) {
    usleep(100 * 1000);
    keep_growing(16);
  }
  return 0;
}
