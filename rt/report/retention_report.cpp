// The exit-time pinned and reachable-site reports and the text of retention paths
// (retention_report.h).
#include "report/retention_report.h"

#include <stdio.h>
#include <unistd.h>

#include "check/exit_graph.h"
#include "check/heap_graph.h"
#include "check/pinned.h"
#include "check/suppressions.h"
#include "options.h"
#include "report/json_writer.h"
#include "report/leak_report.h"
#include "report/machine_report.h"
#include "report/retention_html.h"
#include "report/retention_json.h"
#include "report/retention_sarif.h"
#include "report/retention_tree.h"
#include "stacks/data_symbols.h"
#include "stacks/stack_depot.h"
#include "stacks/symbolizer.h"

namespace leakscope {

static void AppendSite(StackEntry *e, LineBuffer *b) {
  SymbolizedFrame site;
  uptr pc;
  if (e && FindAllocationSite(e, &site, &pc)) {
    b->Append("(");
    if (*site.function) b->Append("%s ", site.function);
    b->Append("%s:%u)", site.file, site.line);
  } else {
    b->Append("(block)");
  }
}

void FormatHop(const HeapGraph &g, const PathStep &s, LineBuffer *b) {
  StackEntry *e = DepotGet(g.StackId(s.index));
  if (e && e->site && *e->site->type) b->Append("%s", e->site->type);
  else AppendSite(e, b);
  b->Append("+%u", s.offset);
}

// The function whose frame holds stack word `addr` of root `r`, symbolized.
static bool FrameOf(const HeapGraph &g, const GraphRoot &r, uptr addr, SymbolizedFrame *f) {
  for (u32 i = r.first_span; i < r.first_span + r.num_spans; i++) {
    const FrameSpan &s = g.spans[i];
    if (addr >= s.hi) continue;
    if (!s.pc) return false;
    SymbolizedFrame frames[16];
    Symbolize(s.pc - 1, frames, 16);  // a return address: the call is just before it
    *f = frames[0];
    return *f->function != 0;
  }
  return false;
}

void FormatRoot(const HeapGraph &g, const PathStep &s, LineBuffer *b, bool offset) {
  const GraphRoot &r = g.roots[s.index];
  uptr addr = r.lo + s.offset;
  switch (r.kind) {
    case kRootGlobal: {
      char name[256], module[256];
      uptr off;
      if (!SymbolizeData(addr, name, sizeof(name), &off, module, sizeof(module))) {
        b->Append("global 0x%zx", (size_t)addr);
      } else if (!*name) {  // no symbol: the module and the place in it, as a frame's
        b->Append("global (%s+0x%zx)", module, (size_t)off);
      } else {
        b->Append("global %s", name);
        if (off && offset) b->Append("+%zu", (size_t)off);
        b->Append(" (%s)", module);
      }
      break;
    }
    case kRootStack: {
      b->Append("stack of thread %u", r.tid);
      SymbolizedFrame f;
      if (FrameOf(g, r, addr, &f)) {
        b->Append(" in %s", f.function);
        if (*f.file) b->Append(" %s:%u", f.file, f.line);
      }
      break;
    }
    case kRootTls: b->Append("tls of thread %u", r.tid); break;
    case kRootRegisters: b->Append("registers of thread %u", r.tid); break;
    case kRootRegion: b->Append("root region 0x%zx", (size_t)r.lo); break;
    case kRootThreadArg: b->Append("start argument of thread %u", r.tid); break;
    case kRootIgnored: b->Append("ignored block 0x%zx", (size_t)r.lo); break;
    case kRootMapping: b->Append("mapping 0x%zx", (size_t)r.lo); break;
  }
}

void FormatRetentionPath(const HeapGraph &g, const GraphReach &r, u32 node, LineBuffer *b) {
  PathStep steps[kMaxPathSteps];
  u32 elided;
  u32 n = RetentionPath(g, r, node, steps, kMaxPathSteps, &elided);
  for (u32 i = 0; i < n; i++) {
    if (i) b->Append(" -> ");
    if (elided && i == n - 1) b->Append("... (%u more) -> ", elided);
    if (steps[i].root) FormatRoot(g, steps[i], b);
    else FormatHop(g, steps[i], b);
  }
}

// Adds `node` to the record of its stack (records are few: a linear search).
static void AddToRecord(InternalVector<RetentionRecord> *recs, const HeapGraph &g,
                        const GraphReach &reach, u32 node, u64 span) {
  u32 stack_id = g.StackId(node);
  uptr size = g.Size(node);
  RetentionRecord *r = nullptr;
  for (RetentionRecord &c : *recs)
    if (c.stack_id == stack_id) r = &c;
  if (!r) {
    recs->push_back({stack_id, 0, 0, 0, node});
    r = &recs->back();
  }
  r->bytes += size;
  r->objects++;
  r->span += span;
  // The sample: the block with the shortest path, the biggest among those.
  u32 d = reach.depth[node], best = reach.depth[r->sample];
  if (d < best || (d == best && size > g.Size(r->sample))) r->sample = node;
}

static void SortByBytes(InternalVector<RetentionRecord> *recs) {
  InternalVector<RetentionRecord> &a = *recs;
  for (uptr i = 1; i < a.size(); i++) {
    RetentionRecord t = a[i];
    uptr j = i;
    for (; j > 0 && a[j - 1].bytes < t.bytes; j--) a[j] = a[j - 1];
    a[j] = t;
  }
}

bool RootRetains(const HeapGraph &g, const GraphReach &reach, const RetentionTree *tree,
                        u32 node, LineBuffer *name, u64 *bytes, u64 *objects) {
  PathStep steps[kMaxPathSteps];
  u32 elided;
  if (!tree || !RetentionPath(g, reach, node, steps, kMaxPathSteps, &elided)) return false;
  FormatRoot(g, steps[0], name, false);
  u32 named = tree->FindNamed(name->data());
  if (named == kNoDominator) return false;
  *bytes = tree->RetainedBytes(1 + named);
  *objects = tree->RetainedObjects(1 + named);
  return true;
}

static void PrintRecordBody(const HeapGraph &g, const GraphReach &reach, const RetentionTree *tree,
                            const RetentionRecord &rec) {
  StackEntry *e = DepotGet(rec.stack_id);
  if (e && e->site && *e->site->type) Printf("  type: %s\n", e->site->type);
  LineBuffer b;
  b.Append("  kept alive by: ");
  FormatRetentionPath(g, reach, rec.sample, &b);
  b.Append("\n");
  WriteReport(b.data(), b.size());
  LineBuffer root;
  u64 bytes, objects;
  if (RootRetains(g, reach, tree, rec.sample, &root, &bytes, &objects))
    Printf("  %s retains %llu byte(s) in %llu object(s)\n", root.data(), (unsigned long long)bytes,
           (unsigned long long)objects);
  if (e) PrintStackFrames(e);
}

// Whether a template matches a frame (function, file or module) of the stack, from
// the allocation call on.
static bool SiteMatches(StackEntry *e, const char *pattern) {
  bool match = false;
  ForEachReportFrame(e, 1, [&](const ReportFrame &f) {
    if (TemplateMatch(pattern, f.frame.function) || TemplateMatch(pattern, f.frame.file) ||
        (f.module && TemplateMatch(pattern, f.module->path)))
      match = true;
    return !match;
  });
  return match;
}

void RetentionReportBeforeExit() {
  bool pinned = g_options.report_pinned, sites = *g_options.retention_path_site;
  if (!pinned && !sites) return;
  const ExitGraph &shared = ExitHeapGraph();
  const HeapGraph &g = shared.g;
  const GraphReach &reach = shared.reach;
  // Retained sizes of the roots, for the records' "retains" line.
  RetentionTree tree_storage;
  const char *why;
  const RetentionTree *tree = BuildRetentionTree(g, &tree_storage, &why) ? &tree_storage : nullptr;
  if (!tree) Warn("retention report without retained sizes: %s", why);
  if (pinned) {
    InternalVector<PinnedBlock> blocks;
    FindPinned(g, reach, &blocks);
    InternalVector<RetentionRecord> recs;
    for (PinnedBlock &p : blocks) AddToRecord(&recs, g, reach, p.node, p.span);
    SortByBytes(&recs);
    for (RetentionRecord &rec : recs) {
      Printf("\nPinned memory: %llu byte(s) in %llu object(s) kept alive only by pointers into "
             "%llu byte(s), allocated from:\n",
             (unsigned long long)rec.bytes, (unsigned long long)rec.objects,
             (unsigned long long)rec.span);
      PrintRecordBody(g, reach, tree, rec);
      u64 rr[2];
      LineBuffer root;
      bool known = RootRetains(g, reach, tree, rec.sample, &root, &rr[0], &rr[1]);
      WriteRetentionJson("pinned", g, reach, rec.stack_id, rec.bytes, rec.objects, rec.span,
                         rec.sample, known ? rr : nullptr);
      if (*g_options.sarif_path) {
        LineBuffer steps;
        FormatRetentionPath(g, reach, rec.sample, &steps);
        AddPendingPinnedResult(rec.stack_id, rec.bytes, rec.objects, rec.span, steps.data(),
                               known ? rr : nullptr);
      }
    }
    WriteRetentionHtml("pinned", g, reach, tree, recs.begin(), recs.size());
  }
  if (sites) {
    InternalVector<RetentionRecord> recs;
    InternalVector<u8> matched;  // per stack id: 0 unknown, 1 no, 2 yes
    matched.resize(DepotCount() + 1);
    for (uptr i = 0; i < g.NumNodes(); i++) {
      u32 id = g.StackId((u32)i);
      if (!reach.Reachable((u32)i) || id >= matched.size()) continue;
      if (!matched[id]) {
        StackEntry *e = DepotGet(id);
        matched[id] = e && SiteMatches(e, g_options.retention_path_site) ? 2 : 1;
      }
      if (matched[id] == 2) AddToRecord(&recs, g, reach, (u32)i, 0);
    }
    SortByBytes(&recs);
    for (RetentionRecord &rec : recs) {
      Printf("\nReachable memory: %llu byte(s) in %llu object(s), allocated from:\n",
             (unsigned long long)rec.bytes, (unsigned long long)rec.objects);
      PrintRecordBody(g, reach, tree, rec);
      u64 rr[2];
      LineBuffer root;
      bool known = RootRetains(g, reach, tree, rec.sample, &root, &rr[0], &rr[1]);
      WriteRetentionJson("reachable", g, reach, rec.stack_id, rec.bytes, rec.objects, 0,
                         rec.sample, known ? rr : nullptr);
    }
    WriteRetentionHtml("reachable", g, reach, tree, recs.begin(), recs.size());
  }
  FlushSymbolizerWarnings();
  if (g_options.verbosity >= 1)
    Warn("retention report: heap graph of %zu block(s), %zu pointer(s), %zu root(s); the "
         "world was stopped %.1f ms",
         (size_t)g.NumNodes(), (size_t)g.NumEdges(), (size_t)g.roots.size(),
         g.capture_ns / 1e6);
}

}  // namespace leakscope
