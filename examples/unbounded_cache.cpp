// The third demo: stale memory. A global cache that is filled and never read again,
// while the program keeps serving from a second, hot map. Everything stays reachable,
// so no leak checker reports it; the access shadow shows which memory is dead.
//   leakscope-clang++ -g -O1 examples/unbounded_cache.cpp -o cache
//   LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=8 ./cache 25 &
//   sleep 15; kill -USR1 $!  # LeakScope: wrote heap snapshot leakscope.PID.1.pb.gz
//   go tool pprof -top -sample_index=stale_space leakscope.PID.1.pb.gz
// At exit (before the maps' destructors run) the report lists the cold map's nodes and
// values as stale memory, and nothing of the hot map.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <string>
#include <unordered_map>
#include <vector>

// Filled during start-up and never looked at again: the leak.
std::unordered_map<std::string, std::vector<char>> g_cold;
// Served from all the time.
std::unordered_map<std::string, std::vector<char>> g_hot;

static std::string Key(const char *prefix, int i) { return prefix + std::to_string(i); }

__attribute__((noinline)) static void FillCold(int n) {
  for (int i = 0; i < n; i++) g_cold.emplace(Key("cold-key-", i), std::vector<char>(1024, (char)i));
}

__attribute__((noinline)) static void FillHot(int n) {
  for (int i = 0; i < n; i++) g_hot.emplace(Key("hot-key-", i), std::vector<char>(1024, (char)i));
}

// One request: look up every hot entry and read its value.
__attribute__((noinline)) static long Serve(int n) {
  long sum = 0;
  for (int i = 0; i < n; i++) {
    auto it = g_hot.find(Key("hot-key-", i));
    if (it != g_hot.end())
      for (char c : it->second) sum += c;
  }
  return sum;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 20;
  FillCold(2000);  // 2 MiB of values nobody reads
  FillHot(200);
  long sum = 0;
  time_t end = time(nullptr) + seconds;
  while (time(nullptr) < end) {
    sum += Serve(200);
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  printf("served, checksum %ld\n", sum);
  return 0;
}
