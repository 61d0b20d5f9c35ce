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

static bool ParseBool(const char *v, bool *out) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) return *out = true, true;
  if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) return *out = false, true;
  return false;
}

static bool ParseInt(const char *v, int *out) {
  if (!*v) return false;
  char *end;
  long x = strtol(v, &end, 10);
  if (*end || x < -2147483647L || x > 2147483647L) return false;
  *out = (int)x;
  return true;
}

static bool ParseValue(bool *field, const char *v) { return ParseBool(v, field); }
static bool ParseValue(int *field, const char *v) { return ParseInt(v, field); }
static bool ParseValue(const char **field, const char *v) {
  *field = InternalStrdup(v);
  return true;
}

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

static bool Validate(Options *o, char *error, uptr error_size) {
  if (o->malloc_context_size < 1 || o->malloc_context_size > 64) {
    snprintf(error, error_size, "malloc_context_size=%d is out of range (1..64)",
             o->malloc_context_size);
    return false;
  }
  if (o->max_leaks < 0) {
    snprintf(error, error_size, "max_leaks=%d must not be negative", o->max_leaks);
    return false;
  }
  return true;
}

bool ParseOptions(const char *str, Options *o, char *error, uptr error_size) {
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
      snprintf(error, error_size, "malformed option '%s' in LEAKSCOPE_OPTIONS (expected key=value)",
               Printable(start, (uptr)(p - start), shown, sizeof(shown)));
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
    bool known = false, ok = true;
    const char *type = "";
#define LS_OPTION(t, name, def, desc)            \
  if (!known && !strcmp(key, #name)) {           \
    known = true;                                \
    ok = ParseValue(&o->name, value);            \
    type = TypeName(&o->name);                   \
  }
#include "options.inc"
#undef LS_OPTION
    if (!known) {
      snprintf(error, error_size, "unknown option '%s' in LEAKSCOPE_OPTIONS (help=1 lists them)",
               Printable(key, k, shown, sizeof(shown)));
      return false;
    }
    if (!ok) {
      snprintf(error, error_size, "bad value '%s' for option '%s' (expected %s)",
               Printable(value, v, shown, sizeof(shown)), key, type);
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
