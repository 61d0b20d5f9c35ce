// A snapshot that cannot be written is logged with the path and the reason, leaves no
// temporary file behind, and the program carries on: an unwritable directory, and a
// full disk (a file size limit makes write(2) fail with EFBIG).
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/no/such/dir/s.pb.gz %t nodir %t.dir/x 2>&1 | FileCheck %s --check-prefix=NODIR
// RUN: %t full %t.dir/full.pb.gz 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: ls %t.dir | count 0
// A bad pattern is reported too.
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/s.%%x %t nodir %t.dir/x 2>&1 | FileCheck %s --check-prefix=PATTERN
#include <leakscope/leakscope.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

void *volatile keep;

int main(int argc, char **argv) {
  keep = new char[100000];
  int r;
  if (!strcmp(argv[1], "full")) {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {1000, 1000};
    setrlimit(RLIMIT_FSIZE, &rl);
    r = __leakscope_write_snapshot(argv[2]);
  } else {
    r = __leakscope_write_snapshot(nullptr);
  }
  printf("write_snapshot returned %d; still running\n", r);
  fflush(stdout);
  return 0;
}
// NODIR: LeakScope: cannot write heap snapshot {{.*}}.dir/no/such/dir/s.pb.gz: create failed: No such file or directory
// NODIR: write_snapshot returned -1; still running

// FULL: LeakScope: cannot write heap snapshot {{.*}}.dir/full.pb.gz: write failed: File too large
// FULL: write_snapshot returned -1; still running

// PATTERN: LeakScope: cannot write a heap snapshot: snapshot_path '{{.*}}.dir/s.%x': unknown sequence '%x'
// PATTERN: write_snapshot returned -1; still running
