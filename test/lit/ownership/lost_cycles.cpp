// Lost cycles keep LeakSanitizer's classification (every block indirect, counts
// unchanged) and say which cycle they are part of: a ring of 5 and a ring of 3 from one
// site (one record, two cycles), a 2-ring from two sites (two records, one cycle), and
// a block hanging off the 5-ring (held by it, on no cycle: no cycle line).
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
struct Ring {
  Ring *next;
  Ring *extra;
  long pad[2];
};

Ring *volatile sink;

__attribute__((noinline)) void make_ring(int n) {
  Ring *first = nullptr, *last = nullptr;
  for (int i = 0; i < n; i++) {
    Ring *r = new Ring{};
    if (last) last->next = r;
    else first = r;
    last = r;
  }
  last->next = first;
  sink = first;
}

__attribute__((noinline)) void make_pair() {
  Ring *a = new Ring{};
  Ring *b = new Ring{};
  a->next = b;
  b->next = a;
  sink = a;
}

__attribute__((noinline)) void *tail_block() { return __builtin_calloc(1, 48); }

int main() {
  for (int i = 0; i < 2; i++) {
    make_ring(i ? 3 : 5);  // one call site: both rings share one stack
    if (!i) sink->extra = (Ring *)tail_block();
  }
  make_pair();
  sink = nullptr;
  return 0;
}
// CHECK-NOT: Direct leak
// CHECK: Indirect leak of 256 byte(s) in 8 object(s) allocated from:
// CHECK-NEXT: type: Ring
// CHECK-NEXT: part of a lost cycle of 5 object(s), 160 byte(s)
// CHECK-NEXT: part of a lost cycle of 3 object(s), 96 byte(s)
// CHECK-NEXT: #0
// CHECK: in make_ring(int) {{.*}}lost_cycles.cpp:18
// CHECK: Indirect leak of 48 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0
// CHECK: in tail_block() {{.*}}lost_cycles.cpp:35
// CHECK: Indirect leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Ring
// CHECK-NEXT: part of a lost cycle of 2 object(s), 64 byte(s)
// CHECK-NEXT: #0
// CHECK: lost_cycles.cpp:28
// CHECK: Indirect leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Ring
// CHECK-NEXT: part of a lost cycle of 2 object(s), 64 byte(s)
// CHECK-NEXT: #0
// CHECK: lost_cycles.cpp:29
// CHECK: SUMMARY: LeakScope: 368 byte(s) leaked in 11 allocation(s).
// JSON: leak check=1 indirect bytes=256 objects=8 type=Ring site=lost_cycles.cpp:18 frames={{[0-9]+}} cycles=5/160,3/96{{$}}
// JSON-NEXT: leak check=1 indirect bytes=48 objects=1 site=lost_cycles.cpp:35 frames={{[0-9]+}}{{$}}
// JSON-NEXT: leak check=1 indirect bytes=32 objects=1 type=Ring site=lost_cycles.cpp:28 frames={{[0-9]+}} cycles=2/64{{$}}

// The machine-readable reports (RUN lines here keep the source lines above stable):
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json %expect_exit 23 %t 2>/dev/null
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=JSON
