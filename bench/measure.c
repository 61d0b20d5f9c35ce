/* Runs a command once and writes "WALL_S CPU_S MAXRSS_KIB EXIT" to RESULT_FILE.
 * A separate small launcher rather than the Python driver's own fork: ru_maxrss of a
 * child includes the memory of the process it was forked from (the kernel keeps the
 * high-water mark across exec), so it must be forked from something small.
 * CPU is user + sys of the command and every descendant it waited for.
 * Usage: measure RESULT_FILE COMMAND [ARG...] */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: measure RESULT_FILE COMMAND [ARG...]\n");
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
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("LeakScope: measure: wait4");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
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
