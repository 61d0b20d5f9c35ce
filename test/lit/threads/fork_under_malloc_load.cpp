// fork while other threads allocate and free as fast as they can: the runtime's
// locks are taken around fork, so no child starts with a lock held by a thread that
// does not exist in it. Every child allocates, runs a leak check and exits; none may
// hang. (Blocks the parent's threads hold only on their stacks are leaks in a child,
// where those threads do not exist, so the check's result is not the point here.)
// RUN: %clangxx -g -O2 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=symbolize=0 timeout 60 %t 2>/dev/null | FileCheck %s
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

// The LeakSanitizer API LeakScope implements (clang 22 here ships no sanitizer headers).
extern "C" void __lsan_do_leak_check();
extern "C" int __lsan_do_recoverable_leak_check();

static volatile bool stop;

static void *Churn(void *) {
  while (!stop) {
    // Small blocks mostly stay in the thread's cache; large ones take the allocator's
    // large-chunk lock and the internal allocator's lock every time.
    void *p[16];
    for (int i = 0; i < 16; i++) p[i] = malloc(i % 2 ? 16 + i * 97 : 70000 + i * 4096);
    for (int i = 0; i < 16; i++) free(p[i]);
    pthread_t t;  // thread creation and exit take the registry lock too
    if (pthread_create(&t, nullptr, [](void *) -> void * { return malloc(8); }, nullptr) == 0) {
      void *v;
      pthread_join(t, &v);
      free(v);
    }
  }
  return nullptr;
}

// Leak checks running while the others fork: a check holds its lock while it
// reports, long after the world has resumed.
static uintptr_t hidden_leak;

static void *Checker(void *) {
  hidden_leak = (uintptr_t)malloc(1000) ^ 1;  // a leak to report, freed at the end
  while (!stop) {
    __lsan_do_recoverable_leak_check();
    usleep(1000);  // the check lock is a spin lock: let fork's handler have it too
  }
  return nullptr;
}

int main() {
  pthread_t t[4];
  for (pthread_t &x : t) pthread_create(&x, nullptr, Churn, nullptr);
  pthread_t checker;
  pthread_create(&checker, nullptr, Checker, nullptr);
  int ok = 0;
  for (int i = 0; i < 50; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      for (int j = 0; j < 100; j++) free(malloc(j % 2 ? j * 13 + 1 : 100000 + j));
      __lsan_do_recoverable_leak_check();
      _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ok++;
  }
  stop = true;
  for (pthread_t &x : t) pthread_join(x, nullptr);
  pthread_join(checker, nullptr);
  free((void *)(hidden_leak ^ 1));
  printf("%d children ok\n", ok);
  return 0;
}
// CHECK: 50 children ok
