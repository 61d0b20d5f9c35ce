/* Runs a command once and writes "WALL_S CPU_S MAXRSS_KIB EXIT" to RESULT_FILE.
 * A separate small launcher rather than the Python driver's own fork: ru_maxrss of a
 * child includes the memory of the process it was forked from (the kernel keeps the
 * high-water mark across exec), so it must be forked from something small.
 * CPU is user + sys of the command and of every process it started, waited for or not:
 * this launcher is a child subreaper (PR_SET_CHILD_SUBREAPER), so a descendant its
 * parent never waited for (LeakScope's llvm-symbolizer, left to exit on its own when
 * the program's pipe to it closes) is reparented here and reaped before the result is
 * written. Peak RSS is the largest ru_maxrss among them all. Wall time ends when the
 * command itself exits.
 * Usage: measure RESULT_FILE COMMAND [ARG...] */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long orphaned descendants may take to exit after the command did. */
#define DESCENDANT_WAIT_S 30

static void OnAlarm(int sig) { (void)sig; }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: measure RESULT_FILE COMMAND [ARG...]\n");
    return 2;
  }
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
    perror("LeakScope: measure: PR_SET_CHILD_SUBREAPER");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("LeakScope: measure: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "LeakScope: measure: cannot run %s\n", argv[2]);
    _exit(127);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0) {
    perror("LeakScope: measure: waitpid");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  /* Then every descendant left over, reparented here. */
  struct sigaction sa = {0};
  sa.sa_handler = OnAlarm;  /* no SA_RESTART: the alarm interrupts wait() */
  sigaction(SIGALRM, &sa, NULL);
  alarm(DESCENDANT_WAIT_S);
  for (;;) {
    int other;
    if (wait(&other) > 0) continue;
    if (errno == EINTR)
      fprintf(stderr, "LeakScope: measure: descendants still running after %d s; not counted\n",
              DESCENDANT_WAIT_S);
    break;  /* ECHILD: none left */
  }
  alarm(0);
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *f = fopen(argv[1], "w");
  if (!f) {
    perror("LeakScope: measure: result file");
    return 2;
  }
  fprintf(f, "%.6f %.6f %ld %d\n", wall, cpu, ru.ru_maxrss, code);
  fclose(f);
  return 0;
}
