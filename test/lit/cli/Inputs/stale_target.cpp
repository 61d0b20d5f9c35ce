// A cold block set (50 x 1000 bytes, written once) and a hot one (20 x 500 bytes, read
// every 50 ms, forever). Prints "ready" once the cold set has aged past a 1 s
// stale_after_s, so with-target.sh asks for the snapshot only then.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

char *volatile cold[50];
char *volatile hot[20];
volatile long sum;

__attribute__((noinline)) void FillCold() {
  for (int i = 0; i < 50; i++) {
    cold[i] = (char *)malloc(1000);
    cold[i][0] = 1;
  }
}

__attribute__((noinline)) void FillHot() {
  for (int i = 0; i < 20; i++) {
    hot[i] = (char *)malloc(500);
    hot[i][0] = 1;
  }
}

static void ReadHot(int rounds) {
  for (int round = 0; round < rounds; round++) {
    for (int i = 0; i < 20; i++) sum += hot[i][round % 500];
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
}

int main() {
  FillCold();
  FillHot();
  ReadHot(50);  // 2.5 s
  printf("ready\n");
  fflush(stdout);
  for (;;) ReadHot(1);
}
