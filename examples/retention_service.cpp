// The third demo: what keeps memory alive. A service keeps its sessions in a global
// registry, each session holding request buffers, and caches small views into large
// reads (a 64-byte view keeps a 1 MiB read buffer alive). Nothing leaks; at exit
// LeakScope shows which global retains how much, through which fields, and the read
// buffers as pinned:
//   leakscope-clang++ -g examples/retention_service.cpp -o svc
//   LEAKSCOPE_OPTIONS=report_pinned=1:retention_path_site=open_session:snapshot_retention=1:snapshot_at_exit=1:json_path=svc.json ./svc
//   go tool pprof -top -cum leakscope.PID.1.retained.pb.gz     # retained size per root
// test/lit/retention/service_example.cpp runs it and checks every figure.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Buffer {
  size_t used;
  char bytes[4088];
};

struct Session {
  long id;
  Session *next;
  Buffer *buffers[4];
};

struct Registry {
  Session *head;
  long count;
};

// A view into a read buffer: what a std::string_view or a span holds.
struct View {
  const char *data;
  size_t len;
};

struct ReadCache {
  View views[16];
  int count;
};

Registry *g_registry;
ReadCache g_read_cache;

__attribute__((noinline)) Buffer *new_buffer() {
  Buffer *b = new Buffer;
  b->used = 0;
  return b;
}

__attribute__((noinline)) Session *open_session(long id) {
  Session *s = new Session{id, g_registry->head, {}};
  for (Buffer *&b : s->buffers) b = new_buffer();
  g_registry->head = s;
  g_registry->count++;
  return s;
}

// Reads 1 MiB and keeps a 64-byte view of a header found in the middle of it.
__attribute__((noinline)) void read_and_cache(int i) {
  char *data = (char *)malloc(1 << 20);
  memset(data, 'a' + i % 26, 1 << 20);
  g_read_cache.views[g_read_cache.count++] = {data + 512 * 1024, 64};
}

int main() {
  g_registry = new Registry{nullptr, 0};
  for (long id = 0; id < 50; id++) open_session(id);
  for (int i = 0; i < 16; i++) read_and_cache(i);
  printf("%ld sessions, %d cached views\n", g_registry->count, g_read_cache.count);
  return 0;
}
