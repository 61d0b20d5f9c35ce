// Memory the dynamic linker allocates (here: the DTV of a thread that is still blocked
// at exit, which hangs off its thread control block outside any scanned range) is not
// a leak, as in LeakSanitizer. The exit snapshot shows that block live in the heap
// (allocated in glibc's allocate_dtv) while the check, which ran, reports nothing.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -O1 %s -o %t -lpthread
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1:snapshot_at_exit=1:snapshot_path=%t.dir/exit.pb.gz %t 2>&1 | FileCheck %s
// RUN: %leakscope top %t.dir/exit.pb.gz | FileCheck --check-prefix=HEAP %s
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// CHECK: LeakScope: leak check 1 (exit): 0 record(s), 0 byte(s) in 0 object(s) leaked
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// HEAP: {{^ *[1-9][0-9]*B .* allocate_dtv }}
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *wait_forever(void *) {
  pthread_mutex_lock(&mu);
  for (;;) pthread_cond_wait(&cv, &mu);
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, wait_forever, nullptr);
  pthread_detach(t);
  usleep(10000);
  return 0;
}
