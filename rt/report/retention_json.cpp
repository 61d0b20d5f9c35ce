// JSON Lines of the retention records (retention_json.h).
#include "report/retention_json.h"

#include <unistd.h>

#include "report/json_writer.h"
#include "report/machine_report.h"
#include "report/retention_report.h"

namespace leakscope {

static const char *RootKindName(RootKind k) {
  switch (k) {
    case kRootGlobal: return "global";
    case kRootStack: return "stack";
    case kRootTls: return "tls";
    case kRootRegisters: return "registers";
    case kRootRegion: return "root_region";
    case kRootThreadArg: return "thread_arg";
    case kRootIgnored: return "ignored";
    case kRootMapping: return "mapping";
  }
  return "unknown";
}

void WriteJsonPath(JsonWriter &w, const HeapGraph &g, const GraphReach &r, u32 node) {
  PathStep steps[kMaxPathSteps];
  u32 elided;
  u32 n = RetentionPath(g, r, node, steps, kMaxPathSteps, &elided);
  w.Raw("[");
  for (u32 i = 0; i < n; i++) {
    if (i) w.Raw(",");
    bool first = true;
    w.Raw("{");
    LineBuffer b;
    if (steps[i].root) {
      const GraphRoot &root = g.roots[steps[i].index];
      w.Key("root", &first);
      w.String(RootKindName(root.kind));
      w.Key("tid", &first);
      w.U64(root.tid);
      FormatRoot(g, steps[i], &b);
    } else {
      StackEntry *e = DepotGet(g.StackId(steps[i].index));
      w.Key("hop", &first);
      if (e && e->site && *e->site->type) w.String(e->site->type);
      else w.Raw("null");
      FormatHop(g, steps[i], &b);
    }
    w.Key("offset", &first);
    w.U64(steps[i].offset);
    if (elided && i == n - 1) {
      w.Key("elided_before", &first);
      w.U64(elided);
    }
    w.Key("text", &first);
    w.String(b.data());
    w.Raw("}");
  }
  w.Raw("]");
}

void WriteRetentionJson(const char *kind, const HeapGraph &g, const GraphReach &r, u32 stack_id,
                        u64 bytes, u64 objects, u64 span, u32 sample, const u64 *root_retains) {
  int fd = JsonReportFd();
  if (fd < 0) return;
  JsonWriter w(fd);
  bool first = true;
  w.Raw("{");
  w.Key("event", &first);
  w.String(kind);
  w.Key("kind", &first);
  w.String(kind);
  w.Key("pid", &first);
  w.U64((u64)getpid());
  w.Key("bytes", &first);
  w.U64(bytes);
  w.Key("objects", &first);
  w.U64(objects);
  if (span) {
    w.Key("pinned_span_bytes", &first);
    w.U64(span);
  }
  StackEntry *e = DepotGet(stack_id);
  if (e && e->site && *e->site->type) {
    w.Key("type", &first);
    w.String(e->site->type);
  }
  w.Key("frames", &first);
  if (e) WriteJsonFrames(w, e);
  else w.Raw("[]");
  w.Key("kept_alive_by", &first);
  WriteJsonPath(w, g, r, sample);
  if (root_retains) {
    w.Key("root_retains", &first);
    w.Raw("{\"bytes\":");
    w.U64(root_retains[0]);
    w.Raw(",\"objects\":");
    w.U64(root_retains[1]);
    w.Raw("}");
  }
  w.Raw("}\n");
}

}  // namespace leakscope
