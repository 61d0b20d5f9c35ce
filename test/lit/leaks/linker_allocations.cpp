// Memory the dynamic linker allocates (here: the DTV of a thread that is still blocked
// at exit, which hangs off its thread control block outside any scanned range) is not
// a leak, as in LeakSanitizer.
// RUN: %clangxx -O1 %s -o %t -lpthread && %t 2>&1 | FileCheck %s --allow-empty
// CHECK-NOT: leak of
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
