// snapshot_leaks=1: the snapshot also marks the heap and adds leaked_objects and
// leaked_space per stack. A block whose pointer was dropped is leaked; a block held by a
// global is not, though both are in use.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=snapshot_leaks=1:leak_check_at_exit=0 %t %t.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=leaked_space %t.pb.gz 2>&1 | FileCheck %s --check-prefix=LEAKED
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B %t.pb.gz 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.pb.gz 2>&1 | FileCheck %s --check-prefix=RAW
// Without the option there are no leaked_* sample types.
// RUN: env LEAKSCOPE_OPTIONS=leak_check_at_exit=0 %t %t.plain.pb.gz
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.plain.pb.gz 2>&1 | FileCheck %s --check-prefix=PLAIN
#include <leakscope/leakscope.h>
#include <stdlib.h>
#include <string.h>

void *volatile kept;
void *volatile sink;

__attribute__((noinline)) void KeepIt() { kept = malloc(300); }

__attribute__((noinline)) void LeakIt() {
  for (int i = 0; i < 7; i++) sink = malloc(111);
  sink = nullptr;
}

// Clears dead stack below main so no stale copy of a leaked pointer survives there.
__attribute__((noinline)) void ClearStack() {
  char buf[32768];
  memset(buf, 0, sizeof(buf));
  asm volatile("" : : "r"(buf) : "memory");  // the stores are not dead
}

int main(int argc, char **argv) {
  KeepIt();
  LeakIt();
  ClearStack();
  return __leakscope_write_snapshot(argv[1]);
}
// LOG: LeakScope: wrote heap snapshot {{.*}}.pb.gz

// LEAKED: Type: leaked_space
// LEAKED: Showing nodes accounting for 777B, 100% of 777B total
// LEAKED: {{^ *}}777B {{.*}} LeakIt()
// LEAKED-NOT: KeepIt

// The default is still inuse_space.
// DEFAULT: Type: inuse_space
// DEFAULT-DAG: {{^ *}}777B {{.*}} LeakIt()
// DEFAULT-DAG: {{^ *}}300B {{.*}} KeepIt()

// RAW: alloc_objects/count alloc_space/bytes leaked_objects/count leaked_space/bytes stale_objects/count stale_space/bytes inuse_objects/count inuse_space/bytes[dflt]
// RAW: {{^ *}}7 777 7 777 0 0 7 777:

// PLAIN: alloc_objects/count alloc_space/bytes stale_objects/count stale_space/bytes inuse_objects/count inuse_space/bytes[dflt]
