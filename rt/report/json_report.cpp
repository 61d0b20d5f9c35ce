// The JSON report (json_path=PATH): JSON Lines, one object per line, appended after
// every check, so a reader can stream it and a process that checks several times
// (__lsan_do_recoverable_leak_check, delta checks) keeps one file.
//
//   {"event":"leak","check":1,"kind":"direct","bytes":42,"objects":1,"type":"Node",
//    "frames":[{"index":0,"pc":"0x55d0...","function":"malloc","file":null,"line":0,
//               "column":0,"module":"/path/app","module_offset":"0x4986","inlined":false},
//              ...]}                                   one per reported record, report order
//   {"event":"summary","check":1,"mode":"exit","pid":1234,"leaked_bytes":42,
//    "leaked_objects":1,"records":1,"suppressed_bytes":0,"suppressed_objects":0,
//    "suppressions":[{"template":"...","count":1,"bytes":8}]}      last line of each check
//
// "type" is present only when the pass recorded the allocated type; "file" and
// "function" are null when unknown, "module" is null when no loaded module contains the
// PC (e.g. a library closed with dlclose). "inlined" marks frames the compiler inlined
// into the next one (they share its pc). With report_objects=1 a record also has
// "addresses":[{"address":"0x...","size":N}].
//
// Thread leaks (thread_leak_report.h) follow the memory records of their check:
//   {"event":"leak","check":1,"kind":"thread","tid":41,"threads":1,"tids":[41],
//    "held_bytes":1048696,"held_objects":3,"futex":"0x5014...","wait_site":{"function":
//    "Worker::Run()","file":"/src/w.cpp","line":20},"frames":[...creation stack...],
//    "thread_frames":[...the blocked thread's own stack...]}
// and the summary adds "leaked_threads" and "thread_held_bytes".
//
// A stale memory report (stale_report.h) writes, in its own sequence of "check" numbers:
//   {"event":"stale","check":1,"kind":"stale","bytes":1024,"objects":1,"access":"accessed",
//    "min_age_s":8,"max_age_s":20,"type":"...","frames":[...],
//    "kept_alive_by":[...as retention_json.h writes it...]}            one per record
//   {"event":"stale_summary","check":1,"mode":"exit","pid":1234,"stale_after_s":8,
//    "access":"accessed","stale_bytes":1024,"stale_objects":1,"records":1}
// ("access" is "written" in a track_loads=0 build).
#include <stdio.h>
#include <unistd.h>

#include "check/stale_set.h"
#include "check/suppressions.h"
#include "options.h"
#include "report/json_writer.h"
#include "report/machine_report.h"
#include "report/ownership_report.h"
#include "report/retention_json.h"
#include "report/stale_report.h"
#include "report/thread_leak_report.h"

namespace leakscope {

namespace {
int g_fd = -1;
pid_t g_fd_pid;  // the process that opened g_fd: a forked child opens its own file
bool g_fd_owned;
}  // namespace

static void Hex(JsonWriter &w, uptr v) {
  char tmp[24];
  int n = snprintf(tmp, sizeof(tmp), "\"0x%zx\"", (size_t)v);
  w.Raw(tmp, n);
}

static void StringOrNull(JsonWriter &w, const char *s) {
  if (s && *s) w.String(s);
  else w.Raw("null");
}

void WriteJsonFrames(JsonWriter &w, StackEntry *e) {
  w.Raw("[");
  u32 index = 0;
  ForEachReportFrame(e, 0, [&](const ReportFrame &f) {
    if (index) w.Raw(",");
    bool first = true;
    w.Raw("{");
    w.Key("index", &first);
    w.U64(index++);
    w.Key("pc", &first);
    Hex(w, f.pc);
    w.Key("function", &first);
    StringOrNull(w, f.frame.function);
    w.Key("file", &first);
    StringOrNull(w, f.frame.file);
    w.Key("line", &first);
    w.U64(f.frame.line);
    w.Key("column", &first);
    w.U64(f.frame.column);
    w.Key("module", &first);
    StringOrNull(w, f.module ? f.module->path : nullptr);
    w.Key("module_offset", &first);
    if (f.module) Hex(w, f.pc - f.module->base);
    else w.Raw("null");
    w.Key("inlined", &first);
    w.Bool(f.inlined);
    w.Raw("}");
    return true;
  });
  w.Raw("]");
}

static void WriteRecord(JsonWriter &w, LeakSet *leaks, uptr i, const CheckInfo &check) {
  LeakRecord &r = leaks->records[i];
  bool first = true;
  w.Raw("{");
  w.Key("event", &first);
  w.String("leak");
  w.Key("check", &first);
  w.U64(check.index);
  w.Key("kind", &first);
  w.String(r.indirect ? "indirect" : "direct");
  w.Key("bytes", &first);
  w.U64(r.bytes);
  w.Key("objects", &first);
  w.U64(r.objects);
  StackEntry *e = DepotGet(r.stack_id);
  if (e && e->site && *e->site->type) {
    w.Key("type", &first);
    w.String(e->site->type);
  }
  w.Key("frames", &first);
  if (e) WriteJsonFrames(w, e);
  else w.Raw("[]");
  WriteJsonOwnership(w, leaks, r, false);
  if (g_options.report_objects) {
    w.Key("addresses", &first);
    w.Raw("[");
    bool first_address = true;
    for (u64 k = r.first_object; k < r.first_object + r.objects; k++) {
      LeakedObject &o = leaks->objects[k];
      if (!first_address) w.Raw(",");
      first_address = false;
      bool f = true;
      w.Raw("{");
      w.Key("address", &f);
      Hex(w, o.addr);
      w.Key("size", &f);
      w.U64(o.size);
      w.Raw("}");
    }
    w.Raw("]");
  }
  w.Raw("}\n");
}

// A thread leak (detect_thread_leaks=1): "kind":"thread", the first thread's id, all ids
// (up to 16), the holds, the wait site (the first line's FUNC FILE:LINE), the creation
// stack as "frames" and the blocked thread's own stack as "thread_frames".
static void WriteThreadRecord(JsonWriter &w, const ThreadLeak &l, const CheckInfo &check) {
  bool first = true;
  w.Raw("{");
  w.Key("event", &first);
  w.String("leak");
  w.Key("check", &first);
  w.U64(check.index);
  w.Key("kind", &first);
  w.String("thread");
  w.Key("tid", &first);
  w.U64((u64)l.tids[0]);
  w.Key("threads", &first);
  w.U64(l.threads);
  w.Key("tids", &first);
  w.Raw("[");
  for (u32 k = 0; k < l.threads && k < kMaxLeakTids; k++) {
    if (k) w.Raw(",");
    w.U64((u64)l.tids[k]);
  }
  w.Raw("]");
  w.Key("held_bytes", &first);
  w.U64(l.held_bytes);
  w.Key("held_objects", &first);
  w.U64(l.held_objects);
  w.Key("futex", &first);
  Hex(w, l.futex);
  SymbolizedFrame site = {"", "", 0, 0};
  uptr pc = 0;
  w.Key("wait_site", &first);
  if (FindWaitSite(l, &site, &pc)) {
    bool f = true;
    w.Raw("{");
    w.Key("function", &f);
    StringOrNull(w, site.function);
    w.Key("file", &f);
    StringOrNull(w, site.file);
    w.Key("line", &f);
    w.U64(site.line);
    w.Raw("}");
  } else {
    w.Raw("null");
  }
  StackEntry *created = DepotGet(l.creation_stack), *own = DepotGet(l.wait_stack);
  w.Key("frames", &first);
  if (created) WriteJsonFrames(w, created);
  else w.Raw("[]");
  w.Key("thread_frames", &first);
  if (own) WriteJsonFrames(w, own);
  else w.Raw("[]");
  w.Raw("}\n");
}

namespace {
struct SuppressionList {
  JsonWriter *w;
  bool first;
};
}  // namespace

static void SuppressionCb(const char *templ, u64 objects, u64 bytes, void *arg) {
  SuppressionList *l = (SuppressionList *)arg;
  JsonWriter &w = *l->w;
  if (!l->first) w.Raw(",");
  l->first = false;
  bool first = true;
  w.Raw("{");
  w.Key("template", &first);
  w.String(templ);
  w.Key("count", &first);
  w.U64(objects);
  w.Key("bytes", &first);
  w.U64(bytes);
  w.Raw("}");
}

static void WriteSummary(JsonWriter &w, LeakSet *leaks, const CheckInfo &check) {
  LeakTotals t = SumLeaks(leaks);
  bool first = true;
  w.Raw("{");
  w.Key("event", &first);
  w.String("summary");
  w.Key("check", &first);
  w.U64(check.index);
  w.Key("mode", &first);
  w.String(check.mode);
  w.Key("pid", &first);
  w.U64((u64)getpid());
  w.Key("leaked_bytes", &first);
  w.U64(t.bytes);
  w.Key("leaked_objects", &first);
  w.U64(t.objects);
  w.Key("records", &first);
  w.U64(t.records);
  w.Key("suppressed_bytes", &first);
  w.U64(t.suppressed_bytes);
  w.Key("suppressed_objects", &first);
  w.U64(t.suppressed_objects);
  w.Key("leaked_threads", &first);
  w.U64(leaks->threads.Threads());
  w.Key("thread_held_bytes", &first);
  w.U64(leaks->threads.HeldBytes());
  w.Key("suppressions", &first);
  w.Raw("[");
  SuppressionList list = {&w, true};
  ForEachMatchedSuppression(SuppressionCb, &list);
  w.Raw("]}\n");
}

int JsonReportFd() {
  if (!*g_options.json_path) return -1;
  if (g_fd < 0 || g_fd_pid != getpid()) {
    if (g_fd_owned && g_fd >= 0 && g_fd_pid != getpid()) close(g_fd);  // the parent's file
    g_fd = OpenMachineReport(g_options.json_path, "json_path", &g_fd_owned);
    g_fd_pid = getpid();
  }
  return g_fd;
}

void WriteJsonReport(LeakSet *leaks, const CheckInfo &check) {
  if (JsonReportFd() < 0) return;
  JsonWriter w(g_fd);
  for (uptr i = 0; i < leaks->records.size(); i++)
    if (IsReported(leaks->records[i])) WriteRecord(w, leaks, i, check);
  for (uptr i = 0; i < leaks->threads.leaks.size(); i++)
    WriteThreadRecord(w, leaks->threads.leaks[i], check);
  WriteSummary(w, leaks, check);
}

void WriteJsonStaleReport(StaleSet *stale, const CheckInfo &check, const char *verb,
                          const StalePaths &paths) {
  if (JsonReportFd() < 0) return;
  JsonWriter w(g_fd);
  for (uptr i = 0; i < stale->records.size(); i++) {
    StaleRecord &r = stale->records[i];
    bool first = true;
    w.Raw("{");
    w.Key("event", &first);
    w.String("stale");
    w.Key("check", &first);
    w.U64(check.index);
    w.Key("kind", &first);
    w.String("stale");
    w.Key("bytes", &first);
    w.U64(r.bytes);
    w.Key("objects", &first);
    w.U64(r.objects);
    w.Key("access", &first);
    w.String(verb);
    w.Key("min_age_s", &first);
    w.U64(r.min_age_ns / 1000000000ull);
    w.Key("max_age_s", &first);
    w.U64(r.max_age_ns / 1000000000ull);
    StackEntry *e = DepotGet(r.stack_id);
    if (e && e->site && *e->site->type) {
      w.Key("type", &first);
      w.String(e->site->type);
    }
    w.Key("frames", &first);
    if (e) WriteJsonFrames(w, e);
    else w.Raw("[]");
    if (i < paths.node.size() && paths.node[i] >= 0) {
      w.Key("kept_alive_by", &first);
      WriteJsonPath(w, *paths.g, *paths.reach, (u32)paths.node[i]);
    }
    w.Raw("}\n");
  }
  StaleTotals t = SumStale(stale);
  bool first = true;
  w.Raw("{");
  w.Key("event", &first);
  w.String("stale_summary");
  w.Key("check", &first);
  w.U64(check.index);
  w.Key("mode", &first);
  w.String(check.mode);
  w.Key("pid", &first);
  w.U64((u64)getpid());
  w.Key("stale_after_s", &first);
  w.U64(stale->min_age_ns / 1000000000ull);
  w.Key("access", &first);
  w.String(verb);
  w.Key("stale_bytes", &first);
  w.U64(t.bytes);
  w.Key("stale_objects", &first);
  w.U64(t.objects);
  w.Key("records", &first);
  w.U64(t.records);
  w.Raw("}\n");
}

}  // namespace leakscope
