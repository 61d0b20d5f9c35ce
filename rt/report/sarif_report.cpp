// The SARIF report (sarif_path=PATH): a SARIF 2.1.0 log, the format code-scanning
// services ingest. Layout:
//
//   {"version":"2.1.0","$schema":"...sarif-2.1.0.json","runs":[RUN, RUN, ...]}
//
// One run per leak check of the process (usually one: the exit check), and one per stale
// memory report. A leak check's run has tool.driver {name "LeakScope", rules
// "direct-leak", "indirect-leak" and, in a run with thread leaks, "thread-leak"}, a stale
// report's run one rule, "stale-memory" (level "warning", run and results with
// properties.kind "stale"); each run has one result per reported record (thread leaks:
// located where the thread waits, with its creation stack and its own stack as stacks[0]
// and [1]): level "error", a message in the text report's words,
// locations[0] = the allocation site (machine_report.h: FindAllocationSite) and
// stacks[0] = every frame of the allocation stack. partialFingerprints carry a hash of
// the stack's functions and files, stable across runs and builds, so services can
// match a result with the one of a previous run.
//
// A later check appends its run: the file always ends with the 3-byte trailer "]}\n",
// which the next check overwrites (seek back, write ",RUN]}\n"), so the file is a
// complete, valid log after every check. On stdout/stderr each check writes a whole log.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check/stale_set.h"
#include "options.h"
#include "report/json_writer.h"
#include "report/machine_report.h"
#include "report/ownership_report.h"
#include "report/thread_leak_report.h"
#include "report/retention_sarif.h"

namespace leakscope {

namespace {
int g_fd = -1;
pid_t g_fd_pid;
bool g_fd_owned;
bool g_has_run;  // the file already holds a run: append after seeking over the trailer

const char kTrailer[] = "]}\n";

struct Rule {
  const char *id, *name, *short_text, *full_text;
};
constexpr int kNumRules = 4;
constexpr int kThreadRule = 2, kStaleRule = 3;
const Rule kRules[kNumRules] = {
    {"direct-leak", "DirectLeak", "Heap memory is no longer referenced (direct leak).",
     "A heap block that no root (global, stack, register, thread-local or registered region) "
     "and no other reachable block points to was never freed."},
    {"indirect-leak", "IndirectLeak",
     "Heap memory is reachable only from leaked memory (indirect leak).",
     "A heap block that is referenced only by other leaked blocks was never freed; it is freed "
     "once the direct leak that holds it is fixed."},
    {"thread-leak", "ThreadLeak",
     "A thread is blocked forever on an object no running thread can reach (thread leak).",
     "A thread waits on a mutex, condition variable, future or semaphore that only blocked "
     "threads can reach, so nothing can ever wake it; it keeps its stack and what only it "
     "reaches."},
    {"stale-memory", "StaleMemory",
     "Heap memory is reachable but has not been used for a long time (stale memory).",
     "A live heap block that the program's instrumented code has not accessed (read or "
     "written; written only when built with track_loads=0) for at least stale_after_s seconds: "
     "a cache that never evicts, a map that only grows."},
};
}  // namespace

// RFC 3986: keep unreserved characters and '/', percent-encode the rest.
static void Uri(JsonWriter &w, const char *path) {
  char buf[4096 * 3 + 16];
  uptr n = 0;
  bool absolute = path[0] == '/';
  if (absolute) {
    memcpy(buf, "file://", 7);
    n = 7;
  }
  for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < sizeof(buf); p++) {
    unsigned char c = *p;
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      buf[n++] = (char)c;
    } else {
      n += snprintf(buf + n, sizeof(buf) - n, "%%%02X", c);
    }
  }
  buf[n] = 0;
  bool first = true;
  w.Raw("{");
  w.Key("uri", &first);
  w.String(buf);
  if (!absolute) {
    w.Key("uriBaseId", &first);
    w.String("%SRCROOT%");
  }
  w.Raw("}");
}

// A SARIF location: the source position when known, the address always.
void SarifLocation(JsonWriter &w, const SymbolizedFrame &f, uptr pc) {
  bool first = true;
  w.Raw("{");
  w.Key("physicalLocation", &first);
  {
    bool f2 = true;
    w.Raw("{");
    if (*f.file) {
      w.Key("artifactLocation", &f2);
      Uri(w, f.file);
      if (f.line) {
        bool f3 = true;
        w.Key("region", &f2);
        w.Raw("{");
        w.Key("startLine", &f3);
        w.U64(f.line);
        if (f.column) {
          w.Key("startColumn", &f3);
          w.U64(f.column);
        }
        w.Raw("}");
      }
    }
    w.Key("address", &f2);
    w.Raw("{\"absoluteAddress\":");
    w.U64(pc);
    w.Raw("}}");
  }
  if (*f.function) {
    w.Key("logicalLocations", &first);
    w.Raw("[{\"fullyQualifiedName\":");
    w.String(f.function);
    w.Raw(",\"kind\":\"function\"}]");
  }
  w.Raw("}");
}

static void StackObject(JsonWriter &w, StackEntry *e, const char *what, u64 *fingerprint) {
  w.Raw("{\"message\":{\"text\":");
  w.String(what);
  w.Raw("},\"frames\":[");
  bool any = false;
  ForEachReportFrame(e, 0, [&](const ReportFrame &f) {
    if (any) w.Raw(",");
    any = true;
    bool first = true;
    w.Raw("{");
    w.Key("location", &first);
    SarifLocation(w, f.frame, f.pc);
    if (f.module) {
      w.Key("module", &first);
      w.String(f.module->path);
    }
    w.Raw("}");
    // FNV-1a over what survives a rebuild: function names and file names.
    const char *parts[2] = {f.frame.function, f.frame.file};
    for (const char *s : parts) {
      for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        *fingerprint = (*fingerprint ^ *p) * 0x100000001b3ULL;
      *fingerprint = (*fingerprint ^ 0xff) * 0x100000001b3ULL;
    }
    return true;
  });
  w.Raw("]}");
}

static void Stack(JsonWriter &w, StackEntry *e, u64 *fingerprint) {
  w.Raw("[");
  StackObject(w, e, "Allocation stack", fingerprint);
  w.Raw("]");
}

void SarifStack(JsonWriter &w, StackEntry *e, u64 *fingerprint) { Stack(w, e, fingerprint); }

// A thread leak: rule thread-leak, located where the thread waits, with two stacks
// (where it was created, its own); the fingerprint covers the creation stack.
static void ThreadResult(JsonWriter &w, const ThreadLeak &l) {
  SymbolizedFrame site = {"", "", 0, 0};
  uptr site_pc = 0;
  bool have_site = FindWaitSite(l, &site, &site_pc);
  char text[4096];
  int len = snprintf(text, sizeof(text), "Thread leak: thread %d blocked", (int)l.tids[0]);
  if (have_site && *site.function)
    len += snprintf(text + len, sizeof(text) - len, " in %s", site.function);
  if (len < (int)sizeof(text))
    snprintf(text + len, sizeof(text) - len,
             " on an object no running thread can reach (%u thread(s), holding %llu byte(s) "
             "in %llu object(s))",
             l.threads, (unsigned long long)l.held_bytes, (unsigned long long)l.held_objects);
  bool first = true;
  w.Raw("{");
  w.Key("ruleId", &first);
  w.String(kRules[kThreadRule].id);
  w.Key("ruleIndex", &first);
  w.U64(kThreadRule);
  w.Key("level", &first);
  w.String("error");
  w.Key("message", &first);
  w.Raw("{\"text\":");
  w.String(text);
  w.Raw("}");
  w.Key("locations", &first);
  w.Raw("[");
  if (have_site) SarifLocation(w, site, site_pc);
  w.Raw("]");
  u64 fingerprint = 0xcbf29ce484222325ULL ^ 2;
  w.Key("stacks", &first);
  w.Raw("[");
  StackEntry *created = DepotGet(l.creation_stack), *own = DepotGet(l.wait_stack);
  if (created) StackObject(w, created, "Creation stack", &fingerprint);
  if (own) {
    if (created) w.Raw(",");
    u64 ignored = 0;
    StackObject(w, own, "Stack of the blocked thread", &ignored);
  }
  w.Raw("]");
  char fp[24];
  snprintf(fp, sizeof(fp), "%016llx", (unsigned long long)fingerprint);
  w.Key("partialFingerprints", &first);
  w.Raw("{\"leakscopeStack/v1\":");
  w.String(fp);
  w.Raw("}");
  w.Key("properties", &first);
  w.Raw("{\"kind\":\"thread\",\"tid\":");
  w.U64((u64)l.tids[0]);
  w.Raw(",\"threads\":");
  w.U64(l.threads);
  w.Raw(",\"heldBytes\":");
  w.U64(l.held_bytes);
  w.Raw(",\"heldObjects\":");
  w.U64(l.held_objects);
  w.Raw("}}");
}

static void Result(JsonWriter &w, LeakSet *leaks, LeakRecord &r) {
  StackEntry *e = DepotGet(r.stack_id);
  SymbolizedFrame site = {"", "", 0, 0};
  uptr site_pc = 0;
  bool have_site = e && FindAllocationSite(e, &site, &site_pc);
  if (!have_site && e && e->size > 1) {
    // No source position anywhere: the allocation call's address still locates it.
    SymbolizedFrame frames[16];
    u32 n = SymbolizeStackFrame(e, 1, &site_pc, frames, 16);
    site = frames[n - 1];
  }

  char text[4096];
  int len = snprintf(text, sizeof(text), "%s leak of %llu byte(s) in %llu object(s) allocated",
                     r.indirect ? "Indirect" : "Direct", (unsigned long long)r.bytes,
                     (unsigned long long)r.objects);
  if (*site.function) len += snprintf(text + len, sizeof(text) - len, " in %s", site.function);
  if (e && e->site && *e->site->type && len < (int)sizeof(text))
    snprintf(text + len, sizeof(text) - len, " (type %s)", e->site->type);

  bool first = true;
  w.Raw("{");
  w.Key("ruleId", &first);
  w.String(kRules[r.indirect].id);
  w.Key("ruleIndex", &first);
  w.U64(r.indirect);
  w.Key("level", &first);
  w.String("error");
  w.Key("message", &first);
  w.Raw("{\"text\":");
  w.String(text);
  w.Raw("}");
  w.Key("locations", &first);
  w.Raw("[");
  if (site_pc) SarifLocation(w, site, site_pc);
  w.Raw("]");
  u64 fingerprint = 0xcbf29ce484222325ULL ^ r.indirect;
  if (e) {
    w.Key("stacks", &first);
    SarifStack(w, e, &fingerprint);
  }
  char fp[24];
  snprintf(fp, sizeof(fp), "%016llx", (unsigned long long)fingerprint);
  w.Key("partialFingerprints", &first);
  w.Raw("{\"leakscopeStack/v1\":");
  w.String(fp);
  w.Raw("}");
  w.Key("properties", &first);
  w.Raw("{\"bytes\":");
  w.U64(r.bytes);
  w.Raw(",\"objects\":");
  w.U64(r.objects);
  if (e && e->site && *e->site->type) {
    w.Raw(",\"type\":");
    w.String(e->site->type);
  }
  WriteJsonOwnership(w, leaks, r, true);
  w.Raw("}}");
}

// The driver with rules [from, to) of kRules.
// with_pinned: the pinned-memory rule (retention_sarif.h) follows them.
static void Rules(JsonWriter &w, int from, int to, bool with_pinned = false) {
  w.Raw("{\"tool\":{\"driver\":{\"name\":\"LeakScope\",\"rules\":[");
  for (int i = from; i < to; i++) {
    if (i > from) w.Raw(",");
    bool first = true;
    w.Raw("{");
    w.Key("id", &first);
    w.String(kRules[i].id);
    w.Key("name", &first);
    w.String(kRules[i].name);
    w.Key("shortDescription", &first);
    w.Raw("{\"text\":");
    w.String(kRules[i].short_text);
    w.Raw("}");
    w.Key("fullDescription", &first);
    w.Raw("{\"text\":");
    w.String(kRules[i].full_text);
    w.Raw("}");
    w.Key("defaultConfiguration", &first);
    w.Raw(i == kStaleRule ? "{\"level\":\"warning\"}}" : "{\"level\":\"error\"}}");
  }
  if (with_pinned) WritePinnedRule(w);
  w.Raw("]}},\"results\":[");
}

static void Run(JsonWriter &w, LeakSet *leaks, const CheckInfo &check) {
  // The thread-leak rule is listed only in a run that has thread-leak results, so a run
  // of memory leaks alone keeps its two rules.
  int listed = leaks->threads.leaks.empty() ? kThreadRule : kThreadRule + 1;
  bool pinned = HavePendingPinnedResults();  // retention_sarif.h
  Rules(w, 0, listed, pinned);
  bool any = false;
  for (LeakRecord &r : leaks->records) {
    if (!IsReported(r)) continue;
    if (any) w.Raw(",");
    any = true;
    Result(w, leaks, r);
  }
  for (uptr i = 0; i < leaks->threads.leaks.size(); i++) {
    if (any) w.Raw(",");
    any = true;
    ThreadResult(w, leaks->threads.leaks[i]);
  }
  if (pinned) WritePendingPinnedResults(w, &any, listed);  // retention_sarif.h
  LeakTotals t = SumLeaks(leaks);
  w.Raw("],\"properties\":{\"check\":");
  w.U64(check.index);
  w.Raw(",\"mode\":");
  w.String(check.mode);
  w.Raw(",\"pid\":");
  w.U64((u64)getpid());
  w.Raw(",\"leakedBytes\":");
  w.U64(t.bytes);
  w.Raw(",\"leakedObjects\":");
  w.U64(t.objects);
  w.Raw(",\"suppressedBytes\":");
  w.U64(t.suppressed_bytes);
  w.Raw(",\"suppressedObjects\":");
  w.U64(t.suppressed_objects);
  w.Raw(",\"leakedThreads\":");
  w.U64(leaks->threads.Threads());
  w.Raw("}}");
}

// Opens the log (once per process) and starts a run: after the previous run, or as a
// new log. False when there is no log to write.
static bool BeginRun(JsonWriter &w) {
  bool append = g_fd_owned && g_has_run &&
                lseek(g_fd, -(off_t)(sizeof(kTrailer) - 1), SEEK_END) >= 0;
  if (append) {
    w.Raw(",");
  } else {
    w.Raw("{\"version\":\"2.1.0\",\"$schema\":"
          "\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[");
  }
  return true;
}

static bool OpenSarif() {
  if (!*g_options.sarif_path) return false;
  if (g_fd < 0 || g_fd_pid != getpid()) {
    if (g_fd_owned && g_fd >= 0) close(g_fd);  // a forked child: the parent's file
    g_fd = OpenMachineReport(g_options.sarif_path, "sarif_path", &g_fd_owned);
    g_fd_pid = getpid();
    g_has_run = false;
  }
  return g_fd >= 0;
}

void WriteSarifReport(LeakSet *leaks, const CheckInfo &check) {
  if (!OpenSarif()) return;
  JsonWriter w(g_fd);
  BeginRun(w);
  Run(w, leaks, check);
  w.Raw(kTrailer);
  w.Flush();
  g_has_run = w.ok();
}

static void StaleResult(JsonWriter &w, StaleRecord &r, u32 min_age_s, const char *verb) {
  StackEntry *e = DepotGet(r.stack_id);
  SymbolizedFrame site = {"", "", 0, 0};
  uptr site_pc = 0;
  bool have_site = e && FindAllocationSite(e, &site, &site_pc);
  if (!have_site && e && e->size > 1) {
    SymbolizedFrame frames[16];
    u32 n = SymbolizeStackFrame(e, 1, &site_pc, frames, 16);
    site = frames[n - 1];
  }
  char text[4096];
  int len = snprintf(text, sizeof(text),
                     "Stale memory: %llu byte(s) in %llu object(s) not %s for at least %u s, "
                     "allocated",
                     (unsigned long long)r.bytes, (unsigned long long)r.objects, verb, min_age_s);
  if (*site.function) len += snprintf(text + len, sizeof(text) - len, " in %s", site.function);
  if (e && e->site && *e->site->type && len < (int)sizeof(text))
    snprintf(text + len, sizeof(text) - len, " (type %s)", e->site->type);
  bool first = true;
  w.Raw("{");
  w.Key("ruleId", &first);
  w.String(kRules[kStaleRule].id);
  w.Key("ruleIndex", &first);
  w.U64(0);  // the run's only rule
  w.Key("level", &first);
  w.String("warning");
  w.Key("message", &first);
  w.Raw("{\"text\":");
  w.String(text);
  w.Raw("}");
  w.Key("locations", &first);
  w.Raw("[");
  if (site_pc) SarifLocation(w, site, site_pc);
  w.Raw("]");
  u64 fingerprint = 0xcbf29ce484222325ULL ^ 2;
  if (e) {
    w.Key("stacks", &first);
    Stack(w, e, &fingerprint);
  }
  char fp[24];
  snprintf(fp, sizeof(fp), "%016llx", (unsigned long long)fingerprint);
  w.Key("partialFingerprints", &first);
  w.Raw("{\"leakscopeStack/v1\":");
  w.String(fp);
  w.Raw("}");
  w.Key("properties", &first);
  w.Raw("{\"kind\":\"stale\",\"bytes\":");
  w.U64(r.bytes);
  w.Raw(",\"objects\":");
  w.U64(r.objects);
  w.Raw(",\"access\":");
  w.String(verb);
  w.Raw(",\"minAgeSeconds\":");
  w.U64(r.min_age_ns / 1000000000ull);
  w.Raw(",\"maxAgeSeconds\":");
  w.U64(r.max_age_ns / 1000000000ull);
  w.Raw("}}");
}

void WriteSarifStaleReport(StaleSet *stale, const CheckInfo &check, const char *verb) {
  if (!OpenSarif()) return;
  JsonWriter w(g_fd);
  BeginRun(w);
  Rules(w, kStaleRule, kStaleRule + 1);
  u32 min_age_s = (u32)(stale->min_age_ns / 1000000000ull);
  for (uptr i = 0; i < stale->records.size(); i++) {
    if (i) w.Raw(",");
    StaleResult(w, stale->records[i], min_age_s, verb);
  }
  StaleTotals t = SumStale(stale);
  w.Raw("],\"properties\":{\"kind\":\"stale\",\"check\":");
  w.U64(check.index);
  w.Raw(",\"mode\":");
  w.String(check.mode);
  w.Raw(",\"pid\":");
  w.U64((u64)getpid());
  w.Raw(",\"staleAfterSeconds\":");
  w.U64(min_age_s);
  w.Raw(",\"staleBytes\":");
  w.U64(t.bytes);
  w.Raw(",\"staleObjects\":");
  w.U64(t.objects);
  w.Raw("}}");
  w.Raw(kTrailer);
  w.Flush();
  g_has_run = w.ok();
}

}  // namespace leakscope
