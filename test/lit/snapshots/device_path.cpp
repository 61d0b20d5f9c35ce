// snapshot_path naming something that is not a regular file: a character device or a
// FIFO is written into as it is, never replaced by a regular file (the temporary file and
// rename(2) turned /dev/null into a 0600 file, as root); a write that fails there is
// reported as failed (/dev/full: ENOSPC, which was reported as success); a directory is
// refused. The devices are private nodes made with mknod (the same as /dev/null and
// /dev/full), so that the old behaviour cannot damage the machine's own.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && mkdir %t.dir/adir
// RUN: mknod %t.dir/null c 1 3 && mknod %t.dir/full c 1 7 && mkfifo %t.dir/fifo
// RUN: %t %t.dir/null 2>&1 | FileCheck %s --check-prefix=NULL
// RUN: test -c %t.dir/null
// RUN: %t %t.dir/full 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: test -c %t.dir/full
// RUN: %t %t.dir/adir 2>&1 | FileCheck %s --check-prefix=DIR
// RUN: test -d %t.dir/adir
// A FIFO with a reader receives the whole gzipped snapshot; without one, the write
// fails at once (no reader: ENXIO) instead of hanging.
// RUN: cat %t.dir/fifo > %t.fromfifo & %t %t.dir/fifo retry 2>&1 | FileCheck %s --check-prefix=FIFO; wait
// RUN: test -p %t.dir/fifo
// RUN: python3 -c "import sys; d = open(sys.argv[1], 'rb').read(); print(len(d) > 100, d[:2] == b'\x1f\x8b')" %t.fromfifo | FileCheck %s --check-prefix=GZIP
// RUN: %t %t.dir/fifo 2>&1 | FileCheck %s --check-prefix=NOREADER
// RUN: ls %t.dir | count 4
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <unistd.h>

void *volatile keep;

int main(int argc, char **argv) {
  keep = new char[1000];
  int r = __leakscope_write_snapshot(argv[1]);
  for (int i = 0; argc > 2 && r != 0 && i < 500; i++) {  // the FIFO's reader may not be there yet
    usleep(10000);
    r = __leakscope_write_snapshot(argv[1]);
  }
  printf("write_snapshot returned %d\n", r);
  return 0;
}
// NULL: LeakScope: wrote heap snapshot {{.*}}.dir/null
// NULL: write_snapshot returned 0
// FULL: LeakScope: cannot write heap snapshot {{.*}}.dir/full: write failed: No space left on device
// FULL: write_snapshot returned -1
// DIR: LeakScope: cannot write heap snapshot {{.*}}.dir/adir: it exists and is not a regular file, a character device or a FIFO; LeakScope does not replace it
// DIR: write_snapshot returned -1
// FIFO: LeakScope: wrote heap snapshot {{.*}}.dir/fifo
// FIFO: write_snapshot returned 0
// GZIP: True True
// NOREADER: LeakScope: cannot write heap snapshot {{.*}}.dir/fifo: open failed: No such device or address
