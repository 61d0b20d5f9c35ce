// The SARIF report (sarif_path=PATH): a SARIF 2.1.0 log, the format code-scanning
// services ingest. Layout:
//
//   {"version":"2.1.0","$schema":"...sarif-2.1.0.json","runs":[RUN, RUN, ...]}
//
// One run per leak check of the process (usually one: the exit check). A run has
// tool.driver {name "LeakScope", two rules: "direct-leak" and "indirect-leak"} and one
// result per reported record: level "error", a message in the text report's words,
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

#include "options.h"
#include "report/json_writer.h"
#include "report/machine_report.h"
#include "report/ownership_report.h"
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
const Rule kRules[2] = {
    {"direct-leak", "DirectLeak", "Heap memory is no longer referenced (direct leak).",
     "A heap block that no root (global, stack, register, thread-local or registered region) "
     "and no other reachable block points to was never freed."},
    {"indirect-leak", "IndirectLeak",
     "Heap memory is reachable only from leaked memory (indirect leak).",
     "A heap block that is referenced only by other leaked blocks was never freed; it is freed "
     "once the direct leak that holds it is fixed."},
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

void SarifStack(JsonWriter &w, StackEntry *e, u64 *fingerprint) {
  w.Raw("[{\"message\":{\"text\":\"Allocation stack\"},\"frames\":[");
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
  w.Raw("]}]");
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

static void Run(JsonWriter &w, LeakSet *leaks, const CheckInfo &check) {
  w.Raw("{\"tool\":{\"driver\":{\"name\":\"LeakScope\",\"rules\":[");
  for (int i = 0; i < 2; i++) {
    if (i) w.Raw(",");
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
    w.Raw("{\"level\":\"error\"}}");
  }
  bool pinned = HavePendingPinnedResults();  // retention_sarif.h
  if (pinned) WritePinnedRule(w);
  w.Raw("]}},\"results\":[");
  bool any = false;
  for (LeakRecord &r : leaks->records) {
    if (!IsReported(r)) continue;
    if (any) w.Raw(",");
    any = true;
    Result(w, leaks, r);
  }
  if (pinned) WritePendingPinnedResults(w, &any, 2);
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
  w.Raw("}}");
}

void WriteSarifReport(LeakSet *leaks, const CheckInfo &check) {
  if (!*g_options.sarif_path) return;
  if (g_fd < 0 || g_fd_pid != getpid()) {
    if (g_fd_owned && g_fd >= 0) close(g_fd);  // a forked child: the parent's file
    g_fd = OpenMachineReport(g_options.sarif_path, "sarif_path", &g_fd_owned);
    g_fd_pid = getpid();
    g_has_run = false;
    if (g_fd < 0) return;
  }
  bool append = g_fd_owned && g_has_run &&
                lseek(g_fd, -(off_t)(sizeof(kTrailer) - 1), SEEK_END) >= 0;
  JsonWriter w(g_fd);
  if (append) {
    w.Raw(",");
  } else {
    w.Raw("{\"version\":\"2.1.0\",\"$schema\":"
          "\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[");
  }
  Run(w, leaks, check);
  w.Raw(kTrailer);
  w.Flush();
  g_has_run = w.ok();
}

}  // namespace leakscope
