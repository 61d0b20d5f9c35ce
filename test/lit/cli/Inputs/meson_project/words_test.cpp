#include <stdio.h>

#include "words.h"

int main() {
  int n = CountDistinctWords("a rose is a rose is a rose");
  if (n != 3) {
    printf("expected 3 distinct words, got %d\n", n);
    return 1;
  }
  return 0;
}
