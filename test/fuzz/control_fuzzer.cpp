// A target that crashes on every input starting with "CRASH": the positive control of
// run_fuzzer.sh (see control_test.sh), which must fail on it and keep the input.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 5 && memcmp(data, "CRASH", 5) == 0) __builtin_trap();
  return 0;
}
