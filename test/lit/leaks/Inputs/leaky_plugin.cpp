// A shared library that leaks; dlclose_module.cpp loads, calls and closes it.
#include <stdlib.h>

void *volatile plugin_sink;

extern "C" __attribute__((noinline)) void plugin_leak() {
  plugin_sink = malloc(555);
  plugin_sink = nullptr;
}
