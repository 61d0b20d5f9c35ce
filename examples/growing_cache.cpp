// The second demo: a "service" whose cache never evicts. Nothing is unreachable, so no
// exit-time checker reports it; heap snapshots show the cache growing.
//   leakscope-clang++ -g examples/growing_cache.cpp -o cache && ./cache 5 &
//   kill -USR1 $!          # LeakScope: wrote heap snapshot leakscope.PID.1.pb.gz
//   go tool pprof -top leakscope.PID.1.pb.gz
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

struct Session {
  std::string user;
  std::vector<char> scratch;
};

// Never evicted, never destroyed: everything in it stays reachable to the end.
static std::map<long, Session *> &g_cache = *new std::map<long, Session *>;

static void HandleRequest(long id) {
  // Served and forgotten: freed at once.
  char *reply = (char *)malloc(256);
  snprintf(reply, 256, "request %ld", id);
  free(reply);
  // The bug: every request leaves a session behind.
  Session *s = new Session{"user" + std::to_string(id % 1000), std::vector<char>(512)};
  g_cache[id] = s;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 5;
  for (long id = 0; id < seconds * 100L; id++) {
    HandleRequest(id);
    usleep(10000);  // 100 requests per second
  }
  printf("served %zu requests\n", g_cache.size());
  return 0;
}
