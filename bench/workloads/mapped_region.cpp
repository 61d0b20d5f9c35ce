// The exit check's cost for a program with a large region it mapped itself (use_mmap
// scans the program's anonymous mappings). Maps 1 GiB and touches none of it, one page
// per MiB, or all of it; keeps a pointer to a heap block in the last touched page so
// the region matters. bench/mapped_region.sh runs it with use_mmap=1 and 0 at
// verbosity=1 and prints the time the world was stopped.
// Usage: mapped_region none|sparse|all
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "none";
  size_t size = 1ul << 30;
  char *region = (char *)mmap(nullptr, size, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (region == MAP_FAILED) return 1;
  size_t step = !strcmp(mode, "all") ? 4096 : !strcmp(mode, "sparse") ? (1ul << 20) : 0;
  if (step)
    for (size_t off = 0; off < size; off += step) region[off] = 1;
  *(void **)(region + 64) = malloc(100);
  printf("mapped_region: 1 GiB, touched %s\n", mode);
  return 0;
}
