#include "options.h"

#include <errno.h>
#include <signal.h>
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

bool ParseOptions(const char *str, Options *o, char *error, uptr error_size, const char *source,
                  UnknownOptionFn on_unknown) {
  return ParseOptionString(str, o, InternalStrdup, error, error_size, source, on_unknown);
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
#undef LS_INT_OPTION
#define LS_INT_OPTION(name, def, min, max, desc)                                   \
  Printf("  %-26s default %-8d %s (%ld..%ld)\n", #name, (int)(def), desc, (long)(min), \
         (long)(max));
#include "options.inc"
#undef LS_INT_OPTION
#undef LS_OPTION
}

// One warning per unknown name and source: a name repeated in one string warns once.
static void WarnUnknown(const char *name, const char *source) {
  static char seen[16][128];
  static int n_seen;
  for (int i = 0; i < n_seen; i++)
    if (!strcmp(seen[i], name)) return;
  if (n_seen < 16) snprintf(seen[n_seen++], sizeof(seen[0]), "%s", name);
  char shown[256];
  Warn("unknown option '%s' in %s ignored (help=1 lists LeakScope's options)",
       PrintableOptionText(name, strlen(name), shown, sizeof(shown)), source);
}

void InitOptions() {
  char error[512];
  struct {
    const char *text, *name;
  } hooks[] = {
      {__lsan_default_options ? __lsan_default_options() : nullptr, "__lsan_default_options"},
      {__leakscope_default_options ? __leakscope_default_options() : nullptr,
       "__leakscope_default_options"},
  };
  for (auto &h : hooks) {
    if (h.text && !ParseOptions(h.text, &g_options, error, sizeof(error), h.name, WarnUnknown))
      Fatal("%s", error);
  }
  const char *lsan = GetEnv("LSAN_OPTIONS");
  if (!ParseOptions(lsan, &g_options, error, sizeof(error), "LSAN_OPTIONS")) Fatal("%s", error);
  if (!ParseOptions(GetEnv("LEAKSCOPE_OPTIONS"), &g_options, error, sizeof(error),
                    "LEAKSCOPE_OPTIONS", WarnUnknown))
    Fatal("%s", error);
  if (g_options.verbosity >= 1 && lsan) {  // verbosity is known only now
    Options scratch;
    ParseOptions(lsan, &scratch, error, sizeof(error), "LSAN_OPTIONS", WarnUnknown);
  }
  RememberStderr();
  OpenReportFile(g_options.log_path);
  if (g_options.help) {
    PrintHelp();
    _exit(0);
  }
}

}  // namespace leakscope
