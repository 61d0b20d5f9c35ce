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

static bool ParseBool(const char *v, bool *out) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) return *out = true, true;
  if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) return *out = false, true;
  return false;
}

static bool ParseInt(const char *v, int *out) {
  if (!*v) return false;
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (*end || errno || x < -2147483647L - 1 || x > 2147483647L) return false;
  *out = (int)x;
  return true;
}

static bool ParseValue(bool *field, const char *v) { return ParseBool(v, field); }
static bool ParseValue(int *field, const char *v) { return ParseInt(v, field); }
static bool ParseValue(const char **field, const char *v) {
  *field = InternalStrdup(v);
  return true;
}

static bool InRange(bool *, long, long) { return true; }
static bool InRange(const char **, long, long) { return true; }
static bool InRange(int *v, long lo, long hi) { return *v >= lo && *v <= hi; }

static const char *TypeName(bool *) { return "0 or 1"; }
static const char *TypeName(int *) { return "an integer"; }
static const char *TypeName(const char **) { return "a string"; }

// The bad text as an error message shows it: control characters (a quoted value may
// hold a newline) as \xNN, so the message stays one line.
static const char *Printable(const char *s, uptr len, char *buf, uptr size) {
  uptr o = 0;
  for (uptr i = 0; i < len && s[i] && o + 5 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f) o += snprintf(buf + o, size - o, "\\x%02x", c);
    else buf[o++] = (char)c;
  }
  buf[o] = 0;
  return buf;
}

// Signals a snapshot trigger must not take: fault signals (a program that faults would
// write snapshots in a loop instead of dying), the resource-limit signals the kernel
// sends to a writer that hits its limit (the snapshot writer itself could), and the
// signals no handler can catch.
static bool RefusedSnapshotSignal(int sig) {
  switch (sig) {
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGABRT: case SIGTRAP:
    case SIGSYS: case SIGXCPU: case SIGXFSZ: case SIGKILL: case SIGSTOP:
      return true;
  }
  return false;
}

// Checks between options (ranges are checked as each value is read).
static bool Validate(Options *o, char *error, uptr error_size) {
  int sig = o->snapshot_signal;
  if (sig && RefusedSnapshotSignal(sig)) {
    snprintf(error, error_size,
             "snapshot_signal=%d (%s) cannot trigger snapshots: fault, resource-limit and "
             "uncatchable signals are refused",
             sig, strsignal(sig));
    return false;
  }
  if (sig && sig == o->stop_signal) {
    snprintf(error, error_size, "snapshot_signal=%d is also stop_signal; choose another signal", sig);
    return false;
  }
  return true;
}

bool ParseOptions(const char *str, Options *o, char *error, uptr error_size, const char *source,
                  UnknownOptionFn on_unknown) {
  if (!str) return true;
  const char *p = str;
  char key[128], value[4096];
  while (*p) {
    while (*p == ':' || *p == ' ' || *p == '\t' || *p == '\n' || *p == ',') p++;
    if (!*p) break;
    const char *start = p;
    uptr k = 0;
    while (*p && *p != '=' && *p != ':' && *p != ' ' && *p != '\t' && *p != '\n') {
      if (k + 1 < sizeof(key)) key[k++] = *p;
      p++;
    }
    key[k] = 0;
    char shown[256];
    if (*p != '=') {
      snprintf(error, error_size, "malformed option '%s' in %s (expected key=value)",
               Printable(start, (uptr)(p - start), shown, sizeof(shown)), source);
      return false;
    }
    p++;
    uptr v = 0;
    char quote = 0;
    if (*p == '"' || *p == '\'') quote = *p++;
    while (*p && (quote ? *p != quote : (*p != ':' && *p != ' ' && *p != '\t' && *p != '\n'))) {
      if (v + 1 < sizeof(value)) value[v++] = *p;
      p++;
    }
    if (quote && *p == quote) p++;
    value[v] = 0;
    bool known = false, ok = true, in_range = true;
    const char *type = "";
    long lo = 0, hi = 0;
#define LS_OPTION(t, name, def, desc)            \
  if (!known && !strcmp(key, #name)) {           \
    known = true;                                \
    ok = ParseValue(&o->name, value);            \
    type = TypeName(&o->name);                   \
    in_range = InRange(&o->name, 0, kIntMax);    \
    lo = 0, hi = kIntMax;                        \
  }
#undef LS_INT_OPTION
#define LS_INT_OPTION(name, def, min, max, desc) \
  if (!known && !strcmp(key, #name)) {           \
    known = true;                                \
    ok = ParseValue(&o->name, value);            \
    type = TypeName(&o->name);                   \
    in_range = InRange(&o->name, min, max);      \
    lo = min, hi = max;                          \
  }
#include "options.inc"
#undef LS_INT_OPTION
#undef LS_OPTION
    if (!known) {
      if (on_unknown) on_unknown(key, source);
      continue;
    }
    if (!ok) {
      snprintf(error, error_size, "bad value '%s' for option '%s' in %s (expected %s)",
               Printable(value, v, shown, sizeof(shown)), key, source, type);
      return false;
    }
    if (!in_range) {
      snprintf(error, error_size, "%s=%s in %s is out of range (%ld..%ld)", key,
               Printable(value, v, shown, sizeof(shown)), source, lo, hi);
      return false;
    }
  }
  return Validate(o, error, error_size);
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
       Printable(name, strlen(name), shown, sizeof(shown)), source);
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
  OpenReportFile(g_options.log_path);
  if (g_options.help) {
    PrintHelp();
    _exit(0);
  }
}

}  // namespace leakscope
