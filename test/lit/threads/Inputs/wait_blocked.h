// For thread-leak tests: waits until every other thread of the process is inside a
// system call (its /proc/self/task/TID/syscall no longer reads "running"), so a thread
// that is about to wait is in its wait when the test checks. Gives up after 10 s.
#pragma once
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline bool AnyOtherThreadRunning() {
  long self = syscall(SYS_gettid);
  DIR *d = opendir("/proc/self/task");
  if (!d) return false;
  bool running = false;
  while (struct dirent *e = readdir(d)) {
    if (e->d_name[0] == '.' || atol(e->d_name) == self) continue;
    char path[64], buf[16] = {};
    snprintf(path, sizeof(path), "/proc/self/task/%s/syscall", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n > 0 && !strncmp(buf, "running", 7)) running = true;
  }
  closedir(d);
  return running;
}

static inline void WaitUntilOthersBlocked() {
  for (int i = 0; i < 10000 && AnyOtherThreadRunning(); i++) usleep(1000);
  usleep(5000);
}
