// A target that only waits (up to 30 s): prints "ready", then sleeps. With the argument
// "ignore" it first sets SIGUSR1 to SIG_IGN, like a program that keeps the signal for
// itself. Built with and without the runtime by the snap tests.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "ignore")) signal(SIGUSR1, SIG_IGN);
  printf("ready\n");
  fflush(stdout);
  for (int i = 0; i < 300; i++) usleep(100 * 1000);
  return 0;
}
