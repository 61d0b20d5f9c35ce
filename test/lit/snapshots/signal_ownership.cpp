// How the snapshot signal stays the runtime's while it owns it, call by call (see
// rt/profile/snapshot_signal_owner.cpp): exec and posix_spawn start the new program
// with it unblocked; pthread_kill() and sigprocmask() cannot make it interrupt a
// thread; a thread that unblocked it behind the runtime's back (a raw syscall) is
// interrupted once and has it blocked again afterwards; a program that waits for the
// signal itself (sigtimedwait) takes it over and gets it.
// RUN: %clangxx -g -O1 -pthread %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: %t exec 2>&1 | FileCheck %s --check-prefix=EXEC
// RUN: %t spawn 2>&1 | FileCheck %s --check-prefix=SPAWN
// RUN: %t pthread_kill 2>&1 | FileCheck %s --check-prefix=PKILL
// RUN: %t sigprocmask 2>&1 | FileCheck %s --check-prefix=SIGPROCMASK
// RUN: %t raw 2>&1 | FileCheck %s --check-prefix=RAW
// RUN: %t sigwait 2>&1 | FileCheck %s --check-prefix=SIGWAIT
// A forked child has no snapshot thread: the signal is unblocked there.
// RUN: %t fork 2>&1 | FileCheck %s --check-prefix=FORK
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

extern char **environ;
void *volatile keep;

static void PrintSigBlk(const char *who) {
  FILE *f = fopen("/proc/thread-self/status", "r");
  char line[256];
  while (fgets(line, sizeof(line), f))
    if (!strncmp(line, "SigBlk:", 7)) printf("%s %s", who, line);
  fclose(f);
  fflush(stdout);
}

static int SleepHalfSecond() {
  struct timespec ts = {0, 500 * 1000 * 1000};
  return nanosleep(&ts, nullptr);
}

static char path[64];
static const char *FirstSnapshot() {
  snprintf(path, sizeof(path), "leakscope.%d.1.pb.gz", (int)getpid());
  return path;
}

static int WaitForFile(const char *p) {
  struct stat st;
  for (int i = 0; i < 2000; i++) {
    if (stat(p, &st) == 0) return 0;
    usleep(10000);
  }
  printf("no snapshot at %s\n", p);
  return 3;
}

static void *Waiter(void *) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &s, nullptr);
  struct timespec five = {5, 0};
  int got = sigtimedwait(&s, nullptr, &five);
  printf("sigtimedwait returned %d\n", got);
  return nullptr;
}

int main(int argc, char **argv) {
  keep = malloc(77);
  const char *m = argv[1];
  char *const grep_argv[] = {(char *)"grep", (char *)"SigBlk", (char *)"/proc/self/status", nullptr};
  if (!strcmp(m, "exec")) {
    PrintSigBlk("before exec:");
    execv("/bin/grep", grep_argv);
    return 1;
  }
  if (!strcmp(m, "fork")) {
    PrintSigBlk("parent:");
    pid_t pid = fork();
    if (pid == 0) {
      PrintSigBlk("child:");
      _exit(0);
    }
    waitpid(pid, nullptr, 0);
    return 0;
  }
  if (!strcmp(m, "spawn")) {
    pid_t pid;
    fflush(stdout);
    posix_spawnp(&pid, "grep", nullptr, nullptr, grep_argv, environ);
    waitpid(pid, nullptr, 0);
    return 0;
  }
  if (!strcmp(m, "pthread_kill")) {
    pthread_kill(pthread_self(), SIGUSR1);
    printf("nanosleep returned %d\n", SleepHalfSecond());
    return WaitForFile(FirstSnapshot());
  }
  if (!strcmp(m, "sigprocmask")) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &s, nullptr);
    kill(getpid(), SIGUSR1);
    printf("nanosleep returned %d\n", SleepHalfSecond());
    return WaitForFile(FirstSnapshot());
  }
  if (!strcmp(m, "raw")) {
    unsigned long set = 1ul << (SIGUSR1 - 1);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, nullptr, sizeof(set));
    PrintSigBlk("unblocked:");
    // Thread-directed (a raw tgkill, as nothing intercepts it): delivered to this thread,
    // before the call returns.
    syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), SIGUSR1);
    PrintSigBlk("after the signal:");
    int r = WaitForFile(FirstSnapshot());
    puts("snapshot written");
    return r;
  }
  if (!strcmp(m, "sigwait")) {
    pthread_t t;
    pthread_create(&t, nullptr, Waiter, nullptr);
    usleep(300000);  // the waiter is in sigtimedwait
    kill(getpid(), SIGUSR1);
    pthread_join(t, nullptr);
    usleep(200000);
    struct stat st;
    printf("snapshot %s\n", stat(FirstSnapshot(), &st) == 0 ? "written" : "not written");
    return 0;
  }
  return 1;
}
// EXEC: before exec: SigBlk: 0000000000000200
// EXEC-NEXT: SigBlk: 0000000000000000
// SPAWN: SigBlk: 0000000000000000
// FORK: parent: SigBlk: 0000000000000200
// FORK-NEXT: child: SigBlk: 0000000000000000
// PKILL-DAG: nanosleep returned 0
// PKILL-DAG: LeakScope: wrote heap snapshot leakscope.{{[0-9]+}}.1.pb.gz
// SIGPROCMASK-DAG: nanosleep returned 0
// SIGPROCMASK-DAG: LeakScope: wrote heap snapshot leakscope.{{[0-9]+}}.1.pb.gz
// RAW: unblocked: SigBlk: 0000000000000000
// RAW-NEXT: after the signal: SigBlk: 0000000000000200
// RAW-DAG: snapshot written
// RAW-DAG: LeakScope: wrote heap snapshot
// SIGWAIT: LeakScope: the program waits for signal 10 (User defined signal 1); LeakScope keeps it and writes no heap snapshots on that signal
// SIGWAIT-NOT: wrote heap snapshot
// SIGWAIT: sigtimedwait returned 10
// SIGWAIT-NEXT: snapshot not written
