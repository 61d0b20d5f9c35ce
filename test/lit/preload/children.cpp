// leakscope run checks the named program only: the processes it starts run without
// the runtime (their exit codes and stderr are their own), unless --follow-children,
// which checks every descendant, each report in its own PATH.PID with log_path.
// RUN: %plain_clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %leakscope run -- %t %t 2>&1 | FileCheck --check-prefix=ONLY %s
// ONLY: child LD_PRELOAD=(unset)
// ONLY-NEXT: child exited 0
// ONLY-NOT: 55 byte(s)
// ONLY: Direct leak of 77 byte(s) in 1 object(s)
// ONLY-NOT: 55 byte(s)
// ONLY: SUMMARY: LeakScope: 77 byte(s) leaked in 1 allocation(s).
//
// Other preloads stay, in order, for the children:
// RUN: env LD_PRELOAD=/lib/x86_64-linux-gnu/libm.so.6 %expect_exit 23 %leakscope run -- %t %t 2>&1 | FileCheck --check-prefix=KEEP %s
// KEEP: child LD_PRELOAD=/lib/x86_64-linux-gnu/libm.so.6
// KEEP-NEXT: child exited 0
//
// RUN: rm -rf %t.logs && mkdir %t.logs
// RUN: %expect_exit 23 %leakscope run --follow-children -o log_path=%t.logs/report -- %t %t 2>&1 | FileCheck --check-prefix=FOLLOW %s
// FOLLOW: child LD_PRELOAD={{/.*}}/libleakscope_rt.so
// FOLLOW-NEXT: child exited 23
// RUN: ls %t.logs | count 2
// RUN: cat %t.logs/report.* | FileCheck --check-prefix=LOGS %s
// LOGS-DAG: Direct leak of 55 byte(s) in 1 object(s)
// LOGS-DAG: Direct leak of 77 byte(s) in 1 object(s)
//
// The programs of a shell script keep their exit codes (sort and python3 exited 23):
// RUN: %leakscope run -o exitcode=0 -- bash -c 'sort < /dev/null; echo sort=$?; python3 -c pass; echo python3=$?' 2>&1 | FileCheck --check-prefix=SHELL %s
// SHELL: sort=0
// SHELL: python3=0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void *volatile sink;

int main(int argc, char **argv) {
  if (argc == 1) {  // the child
    const char *p = getenv("LD_PRELOAD");
    printf("child LD_PRELOAD=%s\n", p ? p : "(unset)");
    fflush(stdout);
    sink = malloc(55);
    sink = nullptr;
    return 0;
  }
  sink = malloc(77);
  sink = nullptr;
  pid_t pid = fork();
  if (pid == 0) {
    execl(argv[1], argv[1], (char *)nullptr);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  fflush(stdout);
  return 0;
}
