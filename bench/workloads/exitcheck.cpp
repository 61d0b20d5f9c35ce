// The exit-time leak check alone: allocates N small objects, keeps every one reachable
// (a global array points to each, and each points to its predecessor, so the marker has
// a real graph to walk), then returns from main. Nothing leaks, so a checker reports
// nothing and the exit code is 0; what differs between checkers is how long the check
// takes. The harness runs it with the check on and off and subtracts.
// Built a second time with -DLEAK_CHECK_OFF, which turns the check off through the weak
// option hooks as well as the environment: LeakScope's static runtime reads its options
// from .preinit_array, where glibc's getenv() does not see the environment yet, so
// LEAKSCOPE_OPTIONS alone may not reach it.
// Usage: exitcheck N
#include <cstdio>
#include <cstdlib>

struct Obj {
  Obj *prev;
  long payload[2];
};

// The root: a global pointer to a heap array of N pointers. External linkage, so the
// compiler cannot drop the stores as unread.
Obj **g_objs;

#ifdef LEAK_CHECK_OFF
extern "C" const char *__leakscope_default_options() { return "detect_leaks=0"; }
extern "C" const char *__lsan_default_options() { return "detect_leaks=0"; }
extern "C" const char *__asan_default_options() { return "detect_leaks=0"; }
#endif

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  if (n <= 0) n = 1000000;
  g_objs = static_cast<Obj **>(malloc(sizeof(Obj *) * n));
  Obj *prev = nullptr;
  for (long i = 0; i < n; ++i) {
    Obj *o = new Obj{prev, {i, ~i}};
    g_objs[i] = o;
    prev = o;
  }
  printf("exitcheck: %ld live objects\n", n);
  return 0;
}
