#include "stacks/symbolizer.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <link.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/futex.h"
#include "base/internal_alloc.h"
#include "base/locks.h"
#include "base/report_io.h"
#include "base/runtime_fd.h"
#include "options.h"

extern char **environ;

#ifndef LEAKSCOPE_DEFAULT_SYMBOLIZER
#define LEAKSCOPE_DEFAULT_SYMBOLIZER "llvm-symbolizer"
#endif

namespace leakscope {

// ---- Modules ----------------------------------------------------------------------------
namespace {
// Guards everything below. A Mutex: a request to llvm-symbolizer may take seconds (its
// first look at a big binary's DWARF), and a second reporter or fork() waits asleep.
Mutex g_lock{LockRank::kSymbolizer};
LS_REGISTER_LOCK(g_lock);
InternalVector<ModuleInfo> *g_modules LS_GUARDED_BY(g_lock);
char g_exe_path[4096] LS_GUARDED_BY(g_lock);

struct CacheEntry {
  uptr pc;
  u32 first, count;  // into g_frames
};
InternalVector<CacheEntry> *g_cache LS_GUARDED_BY(g_lock);  // open addressing on pc
uptr g_cache_used LS_GUARDED_BY(g_lock);
InternalVector<SymbolizedFrame> *g_frames LS_GUARDED_BY(g_lock);

pid_t g_child LS_GUARDED_BY(g_lock) = -1;
int g_fd LS_GUARDED_BY(g_lock) = -1;
bool g_failed LS_GUARDED_BY(g_lock);
bool g_warned_timeout LS_GUARDED_BY(g_lock);
int g_timeout_pending_ms LS_GUARDED_BY(g_lock);  // a timeout not said yet: its limit
char g_timeout_path[512] LS_GUARDED_BY(g_lock);
const char *g_path LS_GUARDED_BY(g_lock);  // of the running child, for messages
}  // namespace

static void ReadBuildId(struct dl_phdr_info *info, ModuleInfo *mi) {
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    uptr p = info->dlpi_addr + ph.p_vaddr, end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
      uptr name = p + sizeof(*n), desc = name + RoundUp(n->n_namesz, 4);
      if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp((void *)name, "GNU", 4)) {
        mi->build_id_size = n->n_descsz > 20 ? 20 : n->n_descsz;
        memcpy(mi->build_id, (void *)desc, mi->build_id_size);
        return;
      }
      p = desc + RoundUp(n->n_descsz, 4);
    }
  }
}

// dl_iterate_phdr's callback, called by LoadModulesLocked with g_lock held.
static int AddModuleCb(struct dl_phdr_info *info, size_t, void *) LS_NO_THREAD_SAFETY_ANALYSIS {
  ModuleInfo mi = {};
  const char *name = info->dlpi_name;
  if (!name || !*name) {
    if (!g_exe_path[0]) {
      ssize_t n = readlink("/proc/self/exe", g_exe_path, sizeof(g_exe_path) - 1);
      g_exe_path[n > 0 ? n : 0] = 0;
    }
    name = g_exe_path;
  }
  if (!*name || !strncmp(name, "linux-vdso", 10)) return 0;
  mi.path = InternalStrdup(name);
  mi.base = info->dlpi_addr;
  mi.lo = ~(uptr)0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uptr lo = info->dlpi_addr + ph.p_vaddr, hi = lo + ph.p_memsz;
    if (lo < mi.lo) mi.lo = lo;
    if (hi > mi.hi) mi.hi = hi;
  }
  ReadBuildId(info, &mi);
  g_modules->push_back(mi);
  return 0;
}

static void LoadModulesLocked() LS_REQUIRES(g_lock) {
  if (g_modules) return;
  g_modules = InternalNew<InternalVector<ModuleInfo>>();
  dl_iterate_phdr(AddModuleCb, nullptr);
}

// fork.cpp holds every lock across fork (this one too, so the caches are whole); the
// llvm-symbolizer process is the parent's child, not ours: the child starts its own.
void SymbolizerAfterForkChild() LS_NO_THREAD_SAFETY_ANALYSIS {
  if (g_fd >= 0) close(g_fd);
  g_fd = -1;
  g_child = -1;
  g_failed = false;
}

void RefreshModules() {
  ScopedLock l(&g_lock);
  if (g_modules) {
    g_modules->Reset();
    InternalFree(g_modules);
    g_modules = nullptr;
  }
}

static bool FindModuleLocked(uptr pc, ModuleInfo *out) LS_REQUIRES(g_lock) {
  LoadModulesLocked();
  for (ModuleInfo &m : *g_modules) {
    if (pc >= m.lo && pc < m.hi) {
      *out = m;
      return true;
    }
  }
  return false;
}

bool FindModule(uptr pc, ModuleInfo *out) {
  ScopedLock l(&g_lock);
  return FindModuleLocked(pc, out);
}

// ---- The llvm-symbolizer child ---------------------------------------------------------
static bool StartSymbolizerLocked() LS_REQUIRES(g_lock) {
  if (g_fd >= 0) return true;
  if (g_failed || !g_options.symbolize) return false;
  g_failed = true;  // until proven otherwise
  const char *path = g_options.external_symbolizer_path;
  if (!*path) path = GetEnv("LEAKSCOPE_SYMBOLIZER_PATH");
  if (!path || !*path) path = LEAKSCOPE_DEFAULT_SYMBOLIZER;
  if (access(path, X_OK) != 0 && strchr(path, '/')) path = "llvm-symbolizer";
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) return false;
  sv[0] = KeepOffStdio(sv[0]);
  sv[1] = KeepOffStdio(sv[1]);
  if (sv[0] < 0 || sv[1] < 0) {
    if (sv[0] >= 0) close(sv[0]);
    if (sv[1] >= 0) close(sv[1]);
    return false;
  }
  // The child must not run the LeakScope runtime (preload mode) or inherit its options.
  InternalVector<char *> env;
  for (char **e = environ; e && *e; e++) {
    if (!strncmp(*e, "LD_PRELOAD=", 11) || !strncmp(*e, "LEAKSCOPE_OPTIONS=", 18)) continue;
    env.push_back(*e);
  }
  env.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
  const char *argv[] = {path, "--inlines", "--demangle", "--output-style=LLVM", nullptr};
  // The caller may be a runtime thread that blocks every signal (the snapshot thread):
  // the child starts with none blocked.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid;
  int err = posix_spawnp(&pid, path, &fa, &attr, (char *const *)argv, env.begin());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  close(sv[1]);
  if (err) {
    close(sv[0]);
    if (g_options.verbosity) Warn("cannot start the symbolizer '%s': %s", path, strerror(err));
    return false;
  }
  g_child = pid;
  g_fd = sv[0];
  g_failed = false;
  g_path = path;
  return true;
}

// Ends the child for good (this process asks no further): killed first, since one that
// stopped answering may not exit on EOF, then reaped, so no zombie stays behind.
static void StopSymbolizerLocked() LS_REQUIRES(g_lock) {
  if (g_fd >= 0) close(g_fd);
  g_fd = -1;
  if (g_child > 0) {
    kill(g_child, SIGKILL);
    while (waitpid(g_child, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  g_child = -1;
  g_failed = true;
}

enum class ReadResult { kOk, kFailed, kTimedOut };

// Reads one answer (lines up to an empty line) into buf, waiting at most until
// `deadline_ns` (MonotonicNanos; 0: no limit).
static ReadResult ReadAnswer(int fd, char *buf, uptr size, u64 deadline_ns) {
  uptr len = 0;
  while (true) {
    if (len >= 2 && buf[len - 1] == '\n' && buf[len - 2] == '\n') break;
    if (len == 1 && buf[0] == '\n') break;
    if (len + 1 >= size) return ReadResult::kFailed;
    int timeout_ms = -1;
    if (deadline_ns) {
      u64 now = MonotonicNanos();
      if (now >= deadline_ns) return ReadResult::kTimedOut;
      timeout_ms = (int)((deadline_ns - now + 999999) / 1000000);
    }
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ReadResult::kFailed;
    if (r == 0) continue;  // the deadline check above decides
    ssize_t n = read(fd, buf + len, size - 1 - len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return ReadResult::kFailed;
    len += n;
  }
  buf[len] = 0;
  return ReadResult::kOk;
}

static const char *Intern(const char *s, uptr n) {
  char *d = (char *)InternalAlloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

// Parses "function\nfile:line:col\n" pairs.
static u32 ParseAnswer(char *buf, SymbolizedFrame *out, u32 max) {
  u32 n = 0;
  char *p = buf;
  while (*p && *p != '\n' && n < max) {
    char *fn_end = strchr(p, '\n');
    if (!fn_end) break;
    char *loc = fn_end + 1;
    char *loc_end = strchr(loc, '\n');
    if (!loc_end) break;
    SymbolizedFrame f = {"", "", 0, 0};
    if (!(fn_end - p == 2 && !memcmp(p, "??", 2))) f.function = Intern(p, fn_end - p);
    // file:line:col; the file may itself contain ':'.
    char *c2 = loc_end, *c1 = nullptr;
    while (c2 > loc && *c2 != ':') c2--;
    if (c2 > loc) {
      c1 = c2 - 1;
      while (c1 > loc && *c1 != ':') c1--;
    }
    if (c1 && c1 > loc) {
      f.line = (u32)strtoul(c1 + 1, nullptr, 10);
      f.column = (u32)strtoul(c2 + 1, nullptr, 10);
      if (!(c1 - loc == 2 && !memcmp(loc, "??", 2))) f.file = Intern(loc, c1 - loc);
    }
    out[n++] = f;
    p = loc_end + 1;
  }
  return n;
}

// Sends one query line and reads its answer into `answer` (static: g_lock guards it).
// Returns nullptr, stopping the child, when it cannot answer.
static char *AskLocked(const char *q, int len) LS_REQUIRES(g_lock) {
  if (!StartSymbolizerLocked()) return nullptr;
  if (send(g_fd, q, len, MSG_NOSIGNAL) != len) {
    StopSymbolizerLocked();
    return nullptr;
  }
  static char answer[65536];
  int timeout_ms = g_options.symbolizer_timeout_ms;
  u64 deadline = timeout_ms > 0 ? MonotonicNanos() + (u64)timeout_ms * 1000000 : 0;
  ReadResult r = ReadAnswer(g_fd, answer, sizeof(answer), deadline);
  // Said once the report being printed is complete (FlushSymbolizerWarnings), not in
  // the middle of its record.
  if (r == ReadResult::kTimedOut && !g_warned_timeout) {
    g_warned_timeout = true;
    g_timeout_pending_ms = timeout_ms;
    snprintf(g_timeout_path, sizeof(g_timeout_path), "%s", g_path);
  }
  if (r != ReadResult::kOk) {
    StopSymbolizerLocked();
    return nullptr;
  }
  return answer;
}

static u32 QuerySymbolizerLocked(uptr pc, SymbolizedFrame *out, u32 max) LS_REQUIRES(g_lock) {
  ModuleInfo m;
  if (!FindModuleLocked(pc, &m)) return 0;
  char q[4200];
  int len = snprintf(q, sizeof(q), "\"%s\" 0x%zx\n", m.path, (size_t)(pc - m.base));
  char *answer = AskLocked(q, len);
  return answer ? ParseAnswer(answer, out, max) : 0;
}

void FlushSymbolizerWarnings() {
  int ms;
  char path[512];
  {
    ScopedLock l(&g_lock);
    ms = g_timeout_pending_ms;
    if (!ms) return;
    g_timeout_pending_ms = 0;
    snprintf(path, sizeof(path), "%s", g_timeout_path);
  }
  Warn("the symbolizer '%s' did not answer within %d ms (symbolizer_timeout_ms); it was "
       "stopped, and the remaining frames are not symbolized",
       path, ms);
}

bool DemangleDataSymbol(const char *module_path, uptr offset, char *name, uptr size) {
  ScopedLock l(&g_lock);
  char q[4200];
  int len = snprintf(q, sizeof(q), "DATA \"%s\" 0x%zx\n", module_path, (size_t)offset);
  if (len <= 0 || (uptr)len >= sizeof(q)) return false;
  char *answer = AskLocked(q, len);
  if (!answer) return false;
  char *end = strchr(answer, '\n');
  uptr n = end ? (uptr)(end - answer) : 0;
  if (!n || n >= size || (n == 2 && !memcmp(answer, "??", 2))) return false;
  memcpy(name, answer, n);
  name[n] = 0;
  return true;
}

static u32 FallbackSymbolize(uptr pc, SymbolizedFrame *out) {
  Dl_info info;
  out[0] = {"", "", 0, 0};
  if (dladdr((void *)pc, &info) && info.dli_sname) out[0].function = InternalStrdup(info.dli_sname);
  return 1;
}

u32 Symbolize(uptr pc, SymbolizedFrame *frames, u32 max) {
  ScopedLock l(&g_lock);
  if (!g_cache) {
    g_cache = InternalNew<InternalVector<CacheEntry>>();
    g_cache->resize(1 << 12);
    g_frames = InternalNew<InternalVector<SymbolizedFrame>>();
  }
  uptr mask = g_cache->size() - 1;
  uptr h = (pc * 0x9E3779B97F4A7C15ULL) >> 20;
  for (uptr i = h & mask;; i = (i + 1) & mask) {
    CacheEntry &e = (*g_cache)[i];
    if (e.pc == pc) {
      u32 n = e.count < max ? e.count : max;
      for (u32 k = 0; k < n; k++) frames[k] = (*g_frames)[e.first + k];
      return n;
    }
    if (!e.pc) break;
  }
  SymbolizedFrame tmp[16];
  u32 n = QuerySymbolizerLocked(pc, tmp, 16);
  if (!n || (!*tmp[0].function && n == 1)) n = FallbackSymbolize(pc, tmp);
  if (g_cache_used * 2 >= g_cache->size()) {  // grow and rehash
    InternalVector<CacheEntry> old;
    for (CacheEntry &e : *g_cache) if (e.pc) old.push_back(e);
    g_cache->clear();
    uptr ns = 4096;
    while (ns < old.size() * 4) ns *= 2;
    g_cache->resize(ns);
    uptr m2 = g_cache->size() - 1;
    for (CacheEntry &e : old) {
      uptr j = ((e.pc * 0x9E3779B97F4A7C15ULL) >> 20) & m2;
      while ((*g_cache)[j].pc) j = (j + 1) & m2;
      (*g_cache)[j] = e;
    }
    mask = m2;
  }
  CacheEntry e = {pc, (u32)g_frames->size(), n};
  for (u32 k = 0; k < n; k++) g_frames->push_back(tmp[k]);
  uptr i = h & mask;
  while ((*g_cache)[i].pc) i = (i + 1) & mask;
  (*g_cache)[i] = e;
  g_cache_used++;
  u32 r = n < max ? n : max;
  for (u32 k = 0; k < r; k++) frames[k] = tmp[k];
  return r;
}

}  // namespace leakscope
