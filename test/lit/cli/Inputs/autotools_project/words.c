#include "words.h"

#include <stdlib.h>
#include <string.h>

int CountDistinctWords(const char *text) {
  char **seen = NULL;
  int n = 0;
  char *copy = strdup(text);
  for (char *w = strtok(copy, " \n"); w; w = strtok(NULL, " \n")) {
    int found = 0;
    for (int i = 0; i < n && !found; i++) found = !strcmp(seen[i], w);
    if (found) continue;
    seen = realloc(seen, sizeof(*seen) * (n + 1));
    seen[n++] = w;
  }
#ifndef WORDS_LEAK  /* the leak a test run must catch */
  free(seen);
#endif
  free(copy);
  return n;
}
