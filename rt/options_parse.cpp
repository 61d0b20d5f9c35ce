// The grammar of an option string, apart from the runtime: the runtime parses its hooks,
// LSAN_OPTIONS and LEAKSCOPE_OPTIONS here (options.cpp), and the leakscope tool, which
// compiles this file too (tools/leakscope/target_options.cpp), parses a target's
// LSAN_OPTIONS and LEAKSCOPE_OPTIONS here, so both read one string the same way.
// Pairs are separated by ':' or blanks (a ',' before a key is skipped too); a value ends
// at ':' or a blank, not at ',', or is quoted with "..." or '...'. Nothing here touches
// runtime state: string values are copied with the caller's function, unknown names go
// to the caller's callback.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

namespace leakscope {

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

static bool ParseValue(bool *field, const char *v, char *(*)(const char *)) {
  return ParseBool(v, field);
}
static bool ParseValue(int *field, const char *v, char *(*)(const char *)) {
  return ParseInt(v, field);
}
static bool ParseValue(const char **field, const char *v, char *(*copy)(const char *)) {
  *field = copy(v);
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
const char *PrintableOptionText(const char *s, uptr len, char *buf, uptr size) {
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

bool ParseOptionString(const char *str, Options *o, char *(*copy)(const char *), char *error,
                       uptr error_size, const char *source, UnknownOptionFn on_unknown) {
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
               PrintableOptionText(start, (uptr)(p - start), shown, sizeof(shown)), source);
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
    ok = ParseValue(&o->name, value, copy);      \
    type = TypeName(&o->name);                   \
    in_range = InRange(&o->name, 0, kIntMax);    \
    lo = 0, hi = kIntMax;                        \
  }
#undef LS_INT_OPTION
#define LS_INT_OPTION(name, def, min, max, desc) \
  if (!known && !strcmp(key, #name)) {           \
    known = true;                                \
    ok = ParseValue(&o->name, value, copy);      \
    type = TypeName(&o->name);                   \
    in_range = InRange(&o->name, min, max);      \
    lo = min, hi = max;                          \
  }
#include "options.inc"
#undef LS_INT_OPTION
#undef LS_OPTION
    if (!known) {
      if (on_unknown) on_unknown(key, source);  // WarnUnknown shows it escaped
      continue;
    }
    if (!ok) {
      snprintf(error, error_size, "bad value '%s' for option '%s' in %s (expected %s)",
               PrintableOptionText(value, v, shown, sizeof(shown)), key, source, type);
      return false;
    }
    if (!in_range) {
      snprintf(error, error_size, "%s=%s in %s is out of range (%ld..%ld)", key,
               PrintableOptionText(value, v, shown, sizeof(shown)), source, lo, hi);
      return false;
    }
  }
  return Validate(o, error, error_size);
}

}  // namespace leakscope
