// Test helper: raise the snapshot signal and wait until the snapshot file appears.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static inline int SnapshotBySignal(const char *path) {
  raise(SIGUSR1);
  struct stat st;
  for (int i = 0; i < 2000; i++) {  // up to 20 s
    if (stat(path, &st) == 0) return 0;
    usleep(10000);
  }
  fprintf(stderr, "test: no snapshot at %s\n", path);
  exit(3);
}
