// snapshot_keep=N keeps the newest N snapshot files this process wrote from
// snapshot_path and deletes older ones as new ones land; files it did not write that
// way (an explicit API path, a file already there) are never deleted. 0, the default,
// keeps all.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && echo other > %t.dir/s.99.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/s.%%n.pb.gz:snapshot_keep=2 %t %t.dir/api.pb.gz 2>&1 | FileCheck %s --check-prefix=WROTE
// RUN: ls %t.dir | FileCheck %s --check-prefix=KEEP2
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/s.%%n.pb.gz %t %t.dir/api.pb.gz 2>&1 | FileCheck %s --check-prefix=WROTE
// RUN: ls %t.dir | count 6
#include <leakscope/leakscope.h>
#include <stdio.h>

void *volatile keep;

int main(int argc, char **argv) {
  keep = new char[100];
  for (int i = 0; i < 5; i++) {
    __leakscope_write_snapshot(nullptr);
    if (i == 0) __leakscope_write_snapshot(argv[1]);
  }
  puts("done");
  return 0;
}
// WROTE: LeakScope: wrote heap snapshot {{.*}}/s.5.pb.gz
// WROTE: done
// KEEP2: api.pb.gz
// KEEP2-NEXT: s.4.pb.gz
// KEEP2-NEXT: s.5.pb.gz
// KEEP2-NEXT: s.99.pb.gz
// KEEP2-NOT: s.
