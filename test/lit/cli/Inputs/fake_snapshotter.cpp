// Stands in for a runtime with snapshot support, so the snap/watch plumbing is tested on
// its own: catches SIGUSR1 and answers the n-th signal by writing the n-th profile named
// on the command line (the last one again when they run out) as leakscope.<pid>.<n>.pb.gz
// into its working directory, in two halves 200 ms apart, so a reader that does not
// wait for a complete file fails. Prints "ready" once the handler is in place.
// Built with %clangxx, so it carries the runtime the CLI checks for; the program's own
// handler takes precedence over the runtime's.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

static volatile sig_atomic_t requests = 0;
static void OnSnapshot(int) { requests = requests + 1; }

int main(int argc, char **argv) {
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSnapshot;
  sigaction(SIGUSR1, &sa, nullptr);
  printf("ready\n");
  fflush(stdout);
  int served = 0;
  for (int tick = 0; tick < 600; tick++) {  // at most a minute
    while (served < requests) {
      served++;
      const char *src = argv[served < argc ? served : argc - 1];
      std::ifstream in(src, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string data = ss.str();
      char name[64];
      snprintf(name, sizeof(name), "leakscope.%d.%d.pb.gz", getpid(), served);
      FILE *f = fopen(name, "wb");
      fwrite(data.data(), 1, data.size() / 2, f);
      fflush(f);
      usleep(200 * 1000);
      fwrite(data.data() + data.size() / 2, 1, data.size() - data.size() / 2, f);
      fclose(f);
      fprintf(stderr, "LeakScope: wrote heap snapshot %s\n", name);
    }
    usleep(100 * 1000);
  }
  return 0;
}
