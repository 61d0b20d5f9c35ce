#include "check/suppressions.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/internal_alloc.h"
#include "base/report_io.h"
#include "base/runtime_fd.h"
#include "options.h"
#include "stacks/symbolizer.h"

LS_WEAK const char *__leakscope_default_suppressions();
LS_WEAK const char *__lsan_default_suppressions();

namespace leakscope {

namespace {
struct Suppression {
  const char *templ;
  u64 hits;  // records matched
  u64 bytes;
};
InternalVector<Suppression> *g_supps;
}  // namespace

// Matches all of `s` against the pattern [p, pe), where '*' is any run. any_prefix and
// any_suffix add an implicit '*' before and after (an unanchored template). Greedy with
// a single backtrack point, the last '*': on a mismatch that '*' takes one more
// character. A later '*' can always do what an earlier one could, so this is exact, and
// it is O(pattern x string): a backtracking matcher is exponential in the number of
// '*', and a suppressions file is matched against every frame of every leak record.
static bool GlobMatch(const char *p, const char *pe, const char *s, bool any_prefix, bool any_suffix) {
  const char *star = any_prefix ? p : nullptr;  // pattern position just after the last '*'
  const char *retry = s;                        // where the text it took ends
  for (;;) {
    if (p == pe && (any_suffix || !*s)) return true;
    if (p < pe && *p == '*') {
      star = ++p;
      retry = s;
      continue;
    }
    if (p < pe && *s && *p == *s) {
      p++, s++;
      continue;
    }
    if (!star || !*retry) return false;
    p = star;
    s = ++retry;
  }
}

bool TemplateMatch(const char *templ, const char *str) {
  if (!str || !*templ) return false;
  const char *p = templ, *pe = templ + strlen(templ);
  bool anchored_start = *p == '^';
  if (anchored_start) p++;
  bool anchored_end = pe > p && pe[-1] == '$';
  if (anchored_end) pe--;
  return GlobMatch(p, pe, str, !anchored_start, !anchored_end);
}

bool ParseSuppressions(const char *text, const char *source, char *error, uptr error_size) {
  if (!g_supps) g_supps = InternalNew<InternalVector<Suppression>>();
  int line_no = 0;
  const char *p = text;
  while (*p) {
    line_no++;
    const char *end = strchr(p, '\n');
    if (!end) end = p + strlen(p);
    const char *b = p, *e = end;
    while (b < e && (*b == ' ' || *b == '\t' || *b == '\r')) b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    if (b < e && *b != '#') {
      const char *colon = (const char *)memchr(b, ':', e - b);
      if (!colon || colon - b != 4 || strncmp(b, "leak", 4) || colon + 1 == e) {
        snprintf(error, error_size, "%s:%d: bad suppression '%.*s' (expected leak:PATTERN)",
                 source, line_no, (int)(e - b), b);
        return false;
      }
      char *t = (char *)InternalAlloc(e - colon);
      memcpy(t, colon + 1, e - colon - 1);
      g_supps->push_back({t, 0, 0});
    }
    p = *end ? end + 1 : end;
  }
  return true;
}

void ClearSuppressions() {
  if (!g_supps) return;
  for (Suppression &s : *g_supps) InternalFree(const_cast<char *>(s.templ));
  g_supps->clear();
}

// A suppressions file is a small text file: anything else (a device such as /dev/zero,
// a FIFO, a directory) or anything over kMaxSuppressionsFile would read without end or
// hold memory for nothing, so it is refused. O_NONBLOCK: opening a FIFO must not wait
// for a writer before the check can refuse it.
constexpr uptr kMaxSuppressionsFile = 1 << 20;

static char *ReadFile(const char *path) {
  int fd = KeepOffStdio(open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd < 0) Fatal("cannot open suppressions file '%s': %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) Fatal("cannot stat suppressions file '%s': %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode))
    Fatal("suppressions file '%s' is not a regular file", path);
  if ((u64)st.st_size > kMaxSuppressionsFile)
    Fatal("suppressions file '%s' is larger than %zu bytes", path, (size_t)kMaxSuppressionsFile);
  InternalVector<char> buf;
  char chunk[4096];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
    for (ssize_t i = 0; i < n; i++) buf.push_back(chunk[i]);
    if (buf.size() > kMaxSuppressionsFile)  // grew while being read
      Fatal("suppressions file '%s' is larger than %zu bytes", path, (size_t)kMaxSuppressionsFile);
  }
  close(fd);
  if (n < 0) Fatal("cannot read suppressions file '%s': %s", path, strerror(errno));
  char *text = (char *)InternalAlloc(buf.size() + 1);
  if (buf.size()) memcpy(text, buf.begin(), buf.size());
  return text;
}

void InitSuppressions() {
  char error[1024];
  const char *hooks[] = {__lsan_default_suppressions ? __lsan_default_suppressions() : nullptr,
                         __leakscope_default_suppressions ? __leakscope_default_suppressions()
                                                          : nullptr};
  for (const char *h : hooks)
    if (h && !ParseSuppressions(h, "__leakscope_default_suppressions", error, sizeof(error)))
      Fatal("%s", error);
  if (*g_options.suppressions) {
    char *text = ReadFile(g_options.suppressions);
    if (!ParseSuppressions(text, g_options.suppressions, error, sizeof(error))) Fatal("%s", error);
  }
}

bool HasSuppressions() { return g_supps && !g_supps->empty(); }

bool IsSuppressed(StackEntry *stack, u64 bytes, u64 objects) {
  if (!g_supps || g_supps->empty() || !stack) return false;
  for (u32 k = 0; k < stack->size; k++) {
    uptr pc = k == 0 ? stack->Frame(0) : stack->Frame(k) - 1;
    SymbolizedFrame frames[16];
    u32 n = Symbolize(pc, frames, 16);
    ModuleInfo m;
    const char *module = FindModule(pc, &m) ? m.path : nullptr;
    for (Suppression &s : *g_supps) {
      bool hit = TemplateMatch(s.templ, module);
      for (u32 i = 0; i < n && !hit; i++)
        hit = TemplateMatch(s.templ, frames[i].function) || TemplateMatch(s.templ, frames[i].file);
      if (k == 1 && !hit && stack->site)
        hit = TemplateMatch(s.templ, stack->site->function) || TemplateMatch(s.templ, stack->site->file);
      if (hit) {
        s.hits += objects;
        s.bytes += bytes;
        return true;
      }
    }
  }
  return false;
}

void PrintMatchedSuppressions() {
  if (!g_options.print_suppressions || !g_supps) return;
  bool any = false;
  for (Suppression &s : *g_supps) any |= s.hits != 0;
  if (!any) return;
  Printf("-----------------------------------------------------\n");
  Printf("Suppressions used:\n");
  Printf("  count      bytes template\n");
  for (Suppression &s : *g_supps)
    if (s.hits) Printf("%7llu %10llu %s\n", (unsigned long long)s.hits, (unsigned long long)s.bytes, s.templ);
  Printf("-----------------------------------------------------\n");
}

void ForEachMatchedSuppression(void (*cb)(const char *, u64, u64, void *), void *arg) {
  if (!g_supps) return;
  for (Suppression &s : *g_supps)
    if (s.hits) cb(s.templ, s.hits, s.bytes, arg);
}

}  // namespace leakscope
