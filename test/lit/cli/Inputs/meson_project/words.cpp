#include "words.h"

#include <set>
#include <sstream>

int CountDistinctWords(const std::string &text) {
  auto *seen = new std::set<std::string>;
  std::istringstream in(text);
  for (std::string w; in >> w;) seen->insert(w);
  int n = int(seen->size());
#ifndef WORDS_LEAK
  delete seen;
#endif
  return n;
}
