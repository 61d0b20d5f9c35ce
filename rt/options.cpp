#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/internal_alloc.h"
#include "base/report_io.h"
#include "init.h"

LS_WEAK const char *__leakscope_default_options();
LS_WEAK const char *__lsan_default_options();

namespace leakscope {

Options g_options;

static char **g_initial_envp;

void SetInitialEnvironment(char **envp) { g_initial_envp = envp; }

extern "C" char **environ;

const char *GetEnv(const char *name) {
  char **env = environ ? environ : g_initial_envp;
  uptr n = strlen(name);
  for (; env && *env; env++)
    if (!strncmp(*env, name, n) && (*env)[n] == '=') return *env + n + 1;
  return nullptr;
}

bool ParseOptions(const char *str, Options *o, char *error, uptr error_size) {
  return ParseOptionString(str, o, InternalStrdup, error, error_size);
}

static void PrintHelp() {
  Printf("Available LeakScope options (LEAKSCOPE_OPTIONS=\"key=value:key=value\"):\n");
  char buf[64];
#define LS_OPTION(t, name, def, desc)                 \
  FormatDefault(buf, sizeof(buf), (t)(def));          \
  Printf("  %-26s default %-8s %s\n", #name, buf, desc);
  auto FormatDefault = [](char *b, uptr n, auto v) {
    using V = decltype(v);
    if constexpr (__is_same(V, bool)) snprintf(b, n, "%d", (int)v);
    else if constexpr (__is_same(V, int)) snprintf(b, n, "%d", v);
    else snprintf(b, n, "\"%s\"", v);
  };
#include "options.inc"
#undef LS_OPTION
}

void InitOptions() {
  char error[512];
  struct {
    const char *text, *hook;
  } hooks[] = {
      {__lsan_default_options ? __lsan_default_options() : nullptr, "__lsan_default_options"},
      {__leakscope_default_options ? __leakscope_default_options() : nullptr, "__leakscope_default_options"},
  };
  for (auto &h : hooks) {
    if (h.text && !ParseOptions(h.text, &g_options, error, sizeof(error)))
      Fatal("%s (from %s)", error, h.hook);
  }
  if (!ParseOptions(GetEnv("LEAKSCOPE_OPTIONS"), &g_options, error, sizeof(error)))
    Fatal("%s", error);
  OpenReportFile(g_options.log_path);
  if (g_options.help) {
    PrintHelp();
    _exit(0);
  }
}

}  // namespace leakscope
