// `pprof -base` works across two runs of the same binary, although ASLR loads it at
// different addresses: locations match by address minus mapping start, so everything
// the two runs share cancels out and only the difference remains.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: %t 10 %t.small.pb.gz
// RUN: %t 60 %t.big.pb.gz
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.small.pb.gz > %t.small.raw 2>&1
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.big.pb.gz > %t.big.raw 2>&1
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space -base %t.small.pb.gz %t.big.pb.gz 2>&1 | FileCheck %s --check-prefix=DIFF
// Make sure the two runs really had different load addresses (else the test proves nothing).
// RUN: grep -m1 'M=1' %t.small.raw | awk '{print $2}' > %t.addr1
// RUN: grep -m1 'M=1' %t.big.raw | awk '{print $2}' > %t.addr2
// RUN: not cmp -s %t.addr1 %t.addr2
#include <leakscope/leakscope.h>
#include <stdlib.h>

struct Entry {
  Entry *next;
  char payload[1008];
};
Entry *volatile cache;

__attribute__((noinline)) void GrowCache(int n) {
  for (int i = 0; i < n; i++) {
    Entry *e = (Entry *)malloc(sizeof(Entry));
    e->next = cache;
    cache = e;
  }
}

int main(int argc, char **argv) {
  GrowCache(atoi(argv[1]));
  return __leakscope_write_snapshot(argv[2]);
}
// DIFF: Showing nodes accounting for 50800B, {{.*}} of 50800B total
// DIFF: {{^ *}}50800B {{.*}} GrowCache(int)
