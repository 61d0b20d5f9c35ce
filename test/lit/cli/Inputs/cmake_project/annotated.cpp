// Annotated for LeakSanitizer: compiles through the package's -idirafter where clang's
// <sanitizer/lsan_interface.h> is not installed.
#include <sanitizer/lsan_interface.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(17);
  __lsan_ignore_object(sink);
  sink = nullptr;
  sink = malloc(19);
  sink = nullptr;
  return 0;
}
