// A session registry that keeps growing: a global Registry holds pointers to sessions of
// 1000 bytes; 64 at start, 16 more every 100 ms (for up to 30 s). The sessions' memory
// is retained by g_registry through the Registry object (its only holder), which
// `leakscope watch` shows when the target writes retention profiles. Prints "ready"
// after the first round.
#include <stdio.h>
#include <unistd.h>

struct Session {
  char data[1000];
};
struct Registry {
  Session *sessions[8192];
  int count;
};

Registry *g_registry;

__attribute__((noinline)) void add_sessions(int n) {
  for (int i = 0; i < n && g_registry->count < 8192; i++) g_registry->sessions[g_registry->count++] = new Session();
}

int main() {
  g_registry = new Registry();  // at -O0 a copy stays in main's frame: a weak root
  add_sessions(64);
  printf("ready\n");
  fflush(stdout);
  for (int i = 0; i < 300; i++) {
    usleep(100 * 1000);
    add_sessions(16);
  }
  return 0;
}
