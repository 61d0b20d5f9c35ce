// Leaks one block; uses the public header, which the package puts on the include path.
#include <leakscope/leakscope.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(31);
  sink = nullptr;
  return 0;
}
