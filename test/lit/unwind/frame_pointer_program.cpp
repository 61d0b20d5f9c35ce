// An instrumented program is frame-pointer code throughout, so its own frames are
// walked by frame pointer with no table lookup; the libraries' frames by their CFI,
// compiled one function at a time.
// The same program built plainly without frame pointers and preloaded is not.
// RUN: %clangxx -O2 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %t 2>&1 | FileCheck %s
// RUN: %plain_clangxx -O2 -fomit-frame-pointer %s -o %t.plain
// RUN: env LD_PRELOAD=%rt_so LEAKSCOPE_OPTIONS=verbosity=1 %t.plain 2>&1 | FileCheck %s --check-prefix=PLAIN
#include <string>
#include <vector>

int main() {
  std::vector<std::string> v;
  for (int i = 0; i < 100; i++) v.push_back(std::string(40, 'a' + i % 26));
  return v.size() == 100 ? 0 : 1;
}
// CHECK: unwind tables: {{[1-9][0-9]*}} module(s), {{[0-9]+}} function(s) compiled into {{[0-9]+}} row(s); main program walked by frame pointers: yes
// PLAIN: unwind tables: {{.*}}; main program walked by frame pointers: no
