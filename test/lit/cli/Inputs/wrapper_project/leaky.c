/* Leaks one block. */
#include <stdlib.h>

void *volatile sink;

int main(void) {
  sink = malloc(29);
  sink = 0;
  return 0;
}
