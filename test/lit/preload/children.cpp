// leakscope run checks the process it starts, whatever that process execs (a wrapper
// such as env, a pyenv shim, a script's interpreter), and not the processes it
// creates: their exit codes and stderr are their own. --follow-children checks every
// descendant, each report in its own PATH.PID with log_path.
// RUN: %plain_clangxx -g -O0 %s -o %t
//
// What a fork child execs loads the runtime inert, which takes itself out of LD_PRELOAD
// before main:
// RUN: %expect_exit 23 %leakscope run -- %t fork %t 2>&1 | FileCheck --check-prefix=ONLY %s
// ONLY: child LD_PRELOAD=(unset)
// ONLY-NEXT: child exited 0
// ONLY-NOT: 55 byte(s)
// ONLY: Direct leak of 77 byte(s) in 1 object(s)
// ONLY-NOT: 55 byte(s)
// ONLY: SUMMARY: LeakScope: 77 byte(s) leaked in 1 allocation(s).
//
// A child started by posix_spawn (no fork handlers) loads the runtime, which stays
// inert and takes itself out of LD_PRELOAD before main:
// RUN: %expect_exit 23 %leakscope run -- %t spawn %t 2>&1 | FileCheck --check-prefix=SPAWN %s
// SPAWN: child LD_PRELOAD=(unset)
// SPAWN-NEXT: child exited 0
// SPAWN-NOT: 55 byte(s)
// SPAWN: Direct leak of 77 byte(s) in 1 object(s)
// SPAWN-NOT: 55 byte(s)
//
// Through a wrapper that execs the program, the program is still the one checked:
// RUN: %expect_exit 23 %leakscope run -- env %t fork %t 2>&1 | FileCheck --check-prefix=ONLY %s
//
// Other preloads stay, in order, for the children:
// RUN: env LD_PRELOAD=/lib/x86_64-linux-gnu/libm.so.6 %expect_exit 23 %leakscope run -- %t fork %t 2>&1 | FileCheck --check-prefix=KEEP %s
// KEEP: child LD_PRELOAD=/lib/x86_64-linux-gnu/libm.so.6
// KEEP-NEXT: child exited 0
//
// RUN: rm -rf %t.logs && mkdir %t.logs
// RUN: %expect_exit 23 %leakscope run --follow-children -o log_path=%t.logs/report -- %t fork %t 2>&1 | FileCheck --check-prefix=FOLLOW %s
// FOLLOW: child LD_PRELOAD={{/.*}}/libleakscope_rt.so
// FOLLOW: child exited 23
// Two reports (the fork child also leaves an empty PATH.PID before it execs: the forked
// runtime opens its report file at fork, and the exec'd one then takes PATH.PID.1):
// RUN: find %t.logs -type f -size +0 | count 2
// RUN: cat %t.logs/report.* | FileCheck --check-prefix=LOGS %s
// LOGS-DAG: Direct leak of 55 byte(s) in 1 object(s)
// LOGS-DAG: Direct leak of 77 byte(s) in 1 object(s)
// RUN: %expect_exit 23 %leakscope run --follow-children -- %t spawn %t 2>&1 | FileCheck --check-prefix=FOLLOW %s
//
// The programs of a shell script keep their exit codes (sort and python3 exited 23):
// RUN: %leakscope run -o exitcode=0 -- bash -c 'sort < /dev/null; echo sort=$?; python3 -c pass; echo python3=$?' 2>&1 | FileCheck --check-prefix=SHELL %s
// SHELL: sort=0
// SHELL: python3=0
// A subshell (a fork child of bash) that runs a program works: bash's environment is
// left alone in the fork child (removing the runtime's entry there crashed the
// subshell, as in pyenv's shims):
// RUN: %leakscope run -o exitcode=0 -- bash -c 'export FOO=1; w=$(cd / && env | grep -c FOO); echo w=$w' | FileCheck --check-prefix=SUBSHELL %s
// SUBSHELL: w=1
// Fork children that do not exec (bash's $(...) subshells) write no exit snapshot and no
// exit-time report of their own: only the shell, the process run checks, does.
// RUN: %leakscope run -o exitcode=0 -o snapshot_at_exit=1 -o snapshot_path=%t.snap.pb.gz -o report_stale=1 -o report_pinned=1 -- bash -c 'x=$(echo a); y=$(echo b); echo $x$y' 2>&1 | FileCheck --check-prefix=SUBSNAP %s
// SUBSNAP: ab
// SUBSNAP-NEXT: LeakScope: no stale memory report: no code of this program was built with the LeakScope pass
// SUBSNAP-NEXT: LeakScope: wrote heap snapshot {{.*}}.snap.pb.gz
// SUBSNAP-NOT: wrote heap snapshot
// SUBSNAP-NOT: no stale memory report
// RUN: %leakscope run --follow-children -o exitcode=0 -- bash -c '%t spawn %t; echo spawner=$?' 2>&1 | FileCheck --check-prefix=SHELLF %s
// SHELLF: Direct leak of 55 byte(s) in 1 object(s)
// SHELLF: spawner=0
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
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
  pid_t pid;
  char *child_argv[] = {argv[2], nullptr};
  if (!strcmp(argv[1], "spawn")) {
    if (posix_spawn(&pid, argv[2], nullptr, nullptr, child_argv, environ)) return 1;
  } else if ((pid = fork()) == 0) {
    execv(argv[2], child_argv);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  fflush(stdout);
  return 0;
}
