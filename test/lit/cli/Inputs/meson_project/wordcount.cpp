#include <stdio.h>

#include "words.h"

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) printf("%d\n", CountDistinctWords(argv[i]));
  return 0;
}
