// The HTML report (html_report.h): the page's frame and file, the pieces every record
// uses (overview, site with its source lines, stacks), and the leak check's and the
// stale report's sections.
#include "report/html_report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/locks.h"
#include "check/stale_set.h"
#include "check/suppressions.h"
#include "options.h"
#include "report/html_writer.h"
#include "report/json_writer.h"
#include "report/leak_report.h"
#include "report/ownership_report.h"
#include "report/retention_html.h"
#include "report/source_excerpt.h"
#include "report/stale_report.h"
#include "report/thread_leak_report.h"

namespace leakscope {

namespace {
// Held while a section is written, which symbolizes: ranked below the symbolizer.
Mutex g_lock{LockRank::kHtmlReport};
int g_fd LS_GUARDED_BY(g_lock) = -1;
pid_t g_fd_pid LS_GUARDED_BY(g_lock);  // a forked child opens its own file
bool g_fd_owned LS_GUARDED_BY(g_lock);
bool g_has_section LS_GUARDED_BY(g_lock);  // the file ends with kTrailer: append over it

const char kTrailer[] = "</body>\n</html>\n";

// One colour per record kind, used by the badge, the record's border and its bar.
const char kStyle[] =
    "body{margin:0;font:14px/1.45 system-ui,'DejaVu Sans',sans-serif;color:#1f2328;"
    "background:#f6f8fa}"
    "header{background:#24292f;color:#fff;padding:12px 24px}"
    "header h1{margin:0;font-size:20px}header p{margin:2px 0 0;color:#d0d7de}"
    "header code{color:#fff}"
    "section{margin:16px 24px;background:#fff;border:1px solid #d0d7de;border-radius:6px;"
    "padding:10px 16px}"
    "h2{font-size:17px;margin:4px 0 6px}h2 .mode{color:#57606a;font-weight:normal}"
    "h3{font-size:15px;margin:2px 0 4px}"
    "p.summary{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px;"
    "margin:4px 0}"
    "code,ol.frames,table.src{font-family:ui-monospace,'DejaVu Sans Mono',monospace;"
    "font-size:12.5px}"
    "table.overview{border-collapse:collapse;width:100%;margin:6px 0 10px}"
    "table.overview th,table.overview td{padding:3px 8px;border-bottom:1px solid #eaeef2;"
    "text-align:left;vertical-align:middle}"
    "table.overview th{color:#57606a;font-weight:600;font-size:12px}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "td.share{width:22%}"
    ".bar{height:12px;border-radius:2px;min-width:2px}"
    "article{border-left:6px solid #8c959f;padding:6px 12px;margin:14px 0;"
    "background:#fff}"
    ".badge{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;"
    "white-space:nowrap}"
    ".direct{border-color:#cf222e}.badge.direct,.bar.direct{background:#cf222e}"
    ".indirect{border-color:#bc4c00}.badge.indirect,.bar.indirect{background:#bc4c00}"
    ".thread{border-color:#8250df}.badge.thread,.bar.thread{background:#8250df}"
    ".stale{border-color:#0969da}.badge.stale,.bar.stale{background:#0969da}"
    ".pinned{border-color:#1a7f37}.badge.pinned,.bar.pinned{background:#1a7f37}"
    ".reachable{border-color:#57606a}.badge.reachable,.bar.reachable{background:#57606a}"
    "ul.facts{margin:2px 0 4px;padding-left:20px}"
    "p.site{margin:4px 0 2px}"
    "p.nosrc{margin:2px 0;color:#6e7781;font-size:12px}"
    "table.src{border-collapse:collapse;background:#f6f8fa;border:1px solid #d0d7de;"
    "margin:2px 0 6px;min-width:50%}"
    "table.src td{padding:0 8px;white-space:pre;tab-size:4}"
    "table.src td.ln{width:1%;color:#8c959f;text-align:right;border-right:1px solid #d0d7de}"
    "table.src tr.hit{background:#fff8c5}table.src tr.hit td.ln{color:#1f2328;"
    "font-weight:600}"
    "ol.path{list-style:none;padding:0;margin:0;display:inline}"
    "ol.path li{display:inline}.arrow{color:#57606a}"
    "details{margin:2px 0}summary{cursor:pointer;color:#0969da}"
    "ol.frames{margin:4px 0;padding-left:44px}"
    ".pc,.mod,.inl,.rounded{color:#6e7781}.inl{font-style:italic}"
    "table.supp td{padding:0 8px}";

void DocumentHead(HtmlWriter &w) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  exe[n > 0 ? n : 0] = 0;
  const char *base = strrchr(exe, '/');
  base = base ? base + 1 : exe;
  w.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        "LeakScope report: ");
  w.Text(base);
  w.Markup(" (pid %d)", (int)getpid());
  w.Raw("</title>\n<style>");
  w.Raw(kStyle);
  w.Raw("</style>\n</head>\n<body>\n<header><h1>LeakScope report</h1><p>program <code>");
  w.Text(exe);
  w.Markup("</code>, process %d</p></header>\n", (int)getpid());
}
}  // namespace
LS_REGISTER_LOCK(g_lock);

void AppendHtmlSection(HtmlSectionFn fn, void *arg) {
  if (!*g_options.html_path) return;
  ScopedLock<Mutex> l(&g_lock);
  if (g_fd < 0 || g_fd_pid != getpid()) {
    if (g_fd_owned && g_fd >= 0 && g_fd_pid != getpid()) close(g_fd);  // the parent's file
    g_fd = OpenMachineReport(g_options.html_path, "html_path", &g_fd_owned, ".html");
    g_fd_pid = getpid();
    g_has_section = false;
  }
  if (g_fd < 0) return;
  HtmlWriter w(g_fd);
  bool append = g_fd_owned && g_has_section &&
                lseek(g_fd, -(off_t)(sizeof(kTrailer) - 1), SEEK_END) >= 0;
  if (!append) DocumentHead(w);
  fn(w, arg);
  w.Raw(kTrailer);
  w.Flush();
  g_has_section = w.ok();
}

void HtmlAnchor(char *buf, uptr size, const char *prefix, u32 check, char letter, u32 id) {
  snprintf(buf, size, "%s%u-%c%u", prefix, check, letter, id);
}

// A size rounded for the eye, beside the exact count: " (1.5 KiB)", from 1 KiB on.
static void RoundedBytes(HtmlWriter &w, u64 bytes) {
  if (bytes < 1024) return;
  const char *unit = "KiB";
  double v = bytes / 1024.0;
  if (v >= 1024) v /= 1024, unit = "MiB";
  if (v >= 1024) v /= 1024, unit = "GiB";
  w.Markup(" <span class=\"rounded\">(%.1f %s)</span>", v, unit);
}

static void FileLine(HtmlWriter &w, const SymbolizedFrame &f, bool column) {
  w.Text(f.file);
  if (f.line) w.Markup(":%u", f.line);
  if (column && f.line && f.column) w.Markup(":%u", f.column);
}

// The frame a record is located at, for the overview: its allocation site, else the
// allocation call's function.
static bool SiteOf(StackEntry *e, SymbolizedFrame *site) {
  uptr pc;
  if (!e) return false;
  if (FindAllocationSite(e, site, &pc)) return true;
  if (e->size < 2) return false;
  SymbolizedFrame frames[16];
  u32 n = SymbolizeStackFrame(e, 1, &pc, frames, 16);
  *site = frames[n - 1];
  return *site->function != 0;
}

void HtmlOverview(HtmlWriter &w, const HtmlOverviewRow *rows, uptr n, u64 total) {
  if (!n) return;
  w.Raw("<table class=\"overview\">\n<tr><th>record</th><th class=\"num\">bytes</th>"
        "<th class=\"num\">objects</th><th>share</th><th>where</th></tr>\n");
  for (uptr i = 0; i < n; i++) {
    const HtmlOverviewRow &r = rows[i];
    u64 permille = total ? r.bytes * 1000 / total : 0;
    w.Raw("<tr><td><a href=\"#");
    w.Text(r.anchor);
    w.Raw("\"><span class=\"badge ");
    w.Text(r.kind);
    w.Raw("\">");
    w.Text(r.kind);
    w.Markup("</span></a></td><td class=\"num\">%llu", (unsigned long long)r.bytes);
    RoundedBytes(w, r.bytes);
    w.Markup("</td><td class=\"num\">%llu</td>", (unsigned long long)r.objects);
    w.Markup("<td class=\"share\"><div class=\"bar %s\" style=\"width:%llu.%llu%%\" "
             "title=\"%llu.%llu%%\"></div></td><td>",
             r.kind, (unsigned long long)(permille / 10), (unsigned long long)(permille % 10),
             (unsigned long long)(permille / 10), (unsigned long long)(permille % 10));
    SymbolizedFrame site = {"", "", 0, 0};
    bool known = r.site_stack ? SiteOf(r.site_stack, &site) : r.site != nullptr;
    if (r.site && !r.site_stack) site = *r.site;
    if (known) {
      if (*site.function) {
        w.Raw("<code>");
        w.Text(site.function);
        w.Raw("</code> ");
      }
      if (*site.file) {
        // The file's last component: the record shows the whole path.
        const char *base = strrchr(site.file, '/');
        SymbolizedFrame shortened = site;
        shortened.file = base ? base + 1 : site.file;
        FileLine(w, shortened, false);
      }
    } else {
      w.Raw("?");
    }
    w.Raw("</td></tr>\n");
  }
  w.Raw("</table>\n");
}

static void SourceLines(HtmlWriter &w, const SymbolizedFrame &site) {
  if (!*site.file || !site.line) return;
  SourceExcerpt x;
  if (!ReadSourceExcerpt(site.file, site.line, 3, &x)) {
    w.Raw("<p class=\"nosrc\">(the source file is not readable here)</p>\n");
    return;
  }
  w.Raw("<table class=\"src\">\n");
  for (u32 i = 0; i < x.count; i++) {
    u32 line = x.first + i;
    w.Raw(line == site.line ? "<tr class=\"hit\">" : "<tr>");
    w.Markup("<td class=\"ln\">%u</td><td>", line);
    w.Text(x.lines[i]);
    if (x.cut[i]) w.Raw(" \xe2\x80\xa6");  // an ellipsis: the line goes on
    w.Raw("</td></tr>\n");
  }
  w.Raw("</table>\n");
}

void HtmlSite(HtmlWriter &w, const char *what, const SymbolizedFrame &site) {
  w.Raw("<p class=\"site\">");
  w.Text(what);
  if (*site.function) {
    w.Raw(" in <code>");
    w.Text(site.function);
    w.Raw("</code>");
  }
  if (*site.file) {
    w.Raw(" at <code>");
    FileLine(w, site, true);
    w.Raw("</code>");
  }
  w.Raw("</p>\n");
  SourceLines(w, site);
}

void HtmlAllocationSite(HtmlWriter &w, StackEntry *e) {
  SymbolizedFrame site = {"", "", 0, 0};
  if (SiteOf(e, &site)) HtmlSite(w, "allocated", site);
  else w.Raw("<p class=\"nosrc\">(no frame of the allocation stack is known)</p>\n");
}

void HtmlStack(HtmlWriter &w, StackEntry *e, const char *title) {
  u32 frames = 0;
  ForEachReportFrame(e, 0, [&](const ReportFrame &) {
    frames++;
    return true;
  });
  w.Raw("<details class=\"stack\"><summary>");
  w.Text(title);
  w.Markup(" (%u frames)</summary>\n<ol class=\"frames\" start=\"0\">\n", frames);
  ForEachReportFrame(e, 0, [&](const ReportFrame &f) {
    w.Markup("<li><span class=\"pc\">0x%zx</span> ", (size_t)f.pc);
    if (*f.frame.function) {
      w.Raw("in <b>");
      w.Text(f.frame.function);
      w.Raw("</b> ");
    }
    if (*f.frame.file) {
      FileLine(w, f.frame, true);
    } else {
      w.Raw("<span class=\"mod\">(");
      if (f.module) {
        w.Text(f.module->path);
        w.Markup("+0x%zx", (size_t)(f.pc - f.module->base));
      } else {
        w.Raw("&lt;unknown module&gt;");
      }
      w.Raw(")</span>");
    }
    if (f.inlined) w.Raw(" <span class=\"inl\">inlined</span>");
    w.Raw("</li>\n");
    return true;
  });
  w.Raw("</ol></details>\n");
}

void HtmlTypeFact(HtmlWriter &w, StackEntry *e) {
  if (!e || !e->site || !*e->site->type) return;
  w.Raw("<li>type: <code>");
  w.Text(e->site->type);
  w.Raw("</code></li>\n");
}

// ---- The leak check ----

static char KindLetter(const LeakRecord &r) { return r.indirect ? 'i' : 'd'; }

// Whether the direct record of `stack` is in this check's report (a delta check leaves
// out records that did not grow, so a holder may not be).
static bool ReportedDirect(LeakSet *leaks, u32 stack) {
  for (const LeakRecord &r : leaks->records)
    if (r.stack_id == stack && !r.indirect) return IsReported(r);
  return false;
}

// What the text report's ownership lines say (ownership_report.h), one item each; a
// holder links to its own record when the page has it.
static void OwnershipFacts(HtmlWriter &w, LeakSet *leaks, const LeakRecord &r, u32 check) {
  const RecordOwnership &o = r.own;
  if (!o.known) return;
  if (!r.indirect && o.held_objects)
    w.Markup("<li>holds %llu byte(s) in %llu indirectly leaked object(s)</li>\n",
             (unsigned long long)o.held_bytes, (unsigned long long)o.held_objects);
  if (r.indirect && o.num_holders) {
    w.Raw("<li>held by:");
    for (u32 i = 0; i < o.num_holders; i++) {
      w.Raw(i ? "; " : " ");
      if (ReportedDirect(leaks, o.holders[i])) {
        char anchor[48];
        HtmlAnchor(anchor, sizeof(anchor), "c", check, 'd', o.holders[i]);
        w.Raw("<a href=\"#");
        w.Text(anchor);
        w.Raw("\">direct leak</a> at");
      } else {
        w.Raw("direct leak at");
      }
      SymbolizedFrame site;
      if (HolderSite(o.holders[i], &site)) {
        if (*site.function) {
          w.Raw(" <code>");
          w.Text(site.function);
          w.Raw("</code>");
        }
        w.Raw(" ");
        FileLine(w, site, false);
      } else {
        LineBuffer frames;
        AppendHolderFrames(o.holders[i], &frames);
        w.Text(frames.data());
      }
    }
    if (o.more_holders) w.Raw("; and others");
    w.Raw("</li>\n");
  }
  for (u32 i = 0; i < o.num_cycles; i++)
    w.Markup("<li>part of a lost cycle of %llu object(s), %llu byte(s)</li>\n",
             (unsigned long long)o.cycles[i].objects, (unsigned long long)o.cycles[i].bytes);
  if (o.more_cycles) w.Markup("<li>and %u more lost cycle(s)</li>\n", o.more_cycles);
}

static void LeakRecordHtml(HtmlWriter &w, LeakSet *leaks, const LeakRecord &r, u32 check) {
  const char *kind = r.indirect ? "indirect" : "direct";
  char anchor[48];
  HtmlAnchor(anchor, sizeof(anchor), "c", check, KindLetter(r), r.stack_id);
  w.Markup("<article class=\"record %s\" id=\"%s\">\n<h3><span class=\"badge %s\">%s</span> ",
           kind, anchor, kind, kind);
  w.Markup("%s leak of %llu byte(s) in %llu object(s)</h3>\n", r.indirect ? "Indirect" : "Direct",
           (unsigned long long)r.bytes, (unsigned long long)r.objects);
  StackEntry *e = DepotGet(r.stack_id);
  const RecordOwnership &o = r.own;
  bool facts = (e && e->site && *e->site->type) ||
               (o.known && (o.held_objects || o.num_holders || o.num_cycles));
  if (facts) {
    w.Raw("<ul class=\"facts\">\n");
    HtmlTypeFact(w, e);
    OwnershipFacts(w, leaks, r, check);
    w.Raw("</ul>\n");
  }
  HtmlAllocationSite(w, e);
  if (e) HtmlStack(w, e, "Allocation stack");
  if (g_options.report_objects) {
    w.Markup("<details><summary>Objects (%llu)</summary><ul>\n", (unsigned long long)r.objects);
    for (u64 k = r.first_object; k < r.first_object + r.objects; k++) {
      LeakedObject &o = leaks->objects[k];
      w.Markup("<li><code>%p</code> (%zu bytes)</li>\n", (void *)o.addr, (size_t)o.size);
    }
    w.Raw("</ul></details>\n");
  }
  w.Raw("</article>\n");
}

static void ThreadRecordHtml(HtmlWriter &w, const ThreadLeak &l, uptr index, u32 check) {
  char anchor[48];
  HtmlAnchor(anchor, sizeof(anchor), "c", check, 't', (u32)index);
  SymbolizedFrame site = {"", "", 0, 0};
  uptr pc = 0;
  bool have_site = FindWaitSite(l, &site, &pc);
  w.Markup("<article class=\"record thread\" id=\"%s\">\n<h3><span class=\"badge thread\">"
           "thread</span> Thread leak: thread %d blocked in ",
           anchor, (int)l.tids[0]);
  if (have_site) {
    w.Raw("<code>");
    w.Text(*site.function ? site.function : "??");
    w.Raw("</code>");
    if (*site.file) {
      w.Raw(" ");
      FileLine(w, site, false);
    }
  } else {
    w.Raw("?? (no frame of its stack is known)");
  }
  w.Raw(" on an object no running thread can reach</h3>\n<ul class=\"facts\">\n");
  w.Markup("<li>holds %llu byte(s) in %llu object(s) that only it can reach</li>\n",
           (unsigned long long)l.held_bytes, (unsigned long long)l.held_objects);
  if (l.threads > 1) {
    w.Markup("<li>%u threads with this creation stack:", l.threads);
    for (u32 k = 0; k < l.threads && k < kMaxLeakTids; k++) w.Markup(" %d", (int)l.tids[k]);
    if (l.threads > kMaxLeakTids) w.Raw(" ...");
    w.Raw("</li>\n");
  }
  w.Markup("<li>waiting on futex word <code>%p</code></li>\n</ul>\n", (void *)l.futex);
  if (have_site) HtmlSite(w, "waits", site);
  StackEntry *created = DepotGet(l.creation_stack), *own = DepotGet(l.wait_stack);
  if (created) HtmlStack(w, created, "Creation stack");
  else
    w.Raw("<p class=\"nosrc\">(creation stack not recorded: the main thread, or a thread not "
          "started by pthread_create)</p>\n");
  if (own) {
    char title[64];
    snprintf(title, sizeof(title), "Stack of thread %d", (int)l.tids[0]);
    HtmlStack(w, own, title);
  }
  w.Raw("</article>\n");
}

namespace {
struct SuppressionRows {
  HtmlWriter *w;
  bool any;
};
}  // namespace

static void SuppressionRowCb(const char *templ, u64 objects, u64 bytes, void *arg) {
  SuppressionRows *s = (SuppressionRows *)arg;
  HtmlWriter &w = *s->w;
  if (!s->any) w.Raw("<details><summary>Suppressions that matched</summary>\n<table class=\"supp\">"
                     "<tr><th>count</th><th>bytes</th><th>template</th></tr>\n");
  s->any = true;
  w.Markup("<tr><td class=\"num\">%llu</td><td class=\"num\">%llu</td><td><code>",
           (unsigned long long)objects, (unsigned long long)bytes);
  w.Text(templ);
  w.Raw("</code></td></tr>\n");
}

static void LeakSection(HtmlWriter &w, LeakSet *leaks, const CheckInfo &check) {
  LeakTotals t = SumLeaks(leaks);
  w.Markup("<section class=\"check\" id=\"check-%u\">\n<h2>Leak check %u <span class=\"mode\">"
           "(%s)</span></h2>\n",
           check.index, check.index, check.mode);
  if (t.objects)
    w.Markup("<p class=\"summary\">SUMMARY: LeakScope: %llu byte(s) leaked in %llu "
             "allocation(s).</p>\n",
             (unsigned long long)t.bytes, (unsigned long long)t.objects);
  else
    w.Raw("<p class=\"summary\">No memory leaks.</p>\n");
  if (!leaks->threads.leaks.empty())
    w.Markup("<p class=\"summary\">SUMMARY: LeakScope: %llu leaked thread(s) holding %llu "
             "byte(s).</p>\n",
             (unsigned long long)leaks->threads.Threads(),
             (unsigned long long)leaks->threads.HeldBytes());
  if (t.suppressed_objects)
    w.Markup("<p class=\"summary\">Suppressed: %llu byte(s) in %llu object(s).</p>\n",
             (unsigned long long)t.suppressed_bytes, (unsigned long long)t.suppressed_objects);
  SuppressionRows rows = {&w, false};
  ForEachMatchedSuppression(SuppressionRowCb, &rows);
  if (rows.any) w.Raw("</table></details>\n");

  // The overview, in report order: memory records, then threads. Rows live in internal
  // memory (a check may have many records).
  uptr n = 0;
  for (LeakRecord &r : leaks->records) n += IsReported(r);
  n += leaks->threads.leaks.size();
  if (n) {
    InternalVector<HtmlOverviewRow> rows_v;
    rows_v.resize(n);
    InternalVector<SymbolizedFrame> sites;  // thread rows: their wait sites
    sites.resize(leaks->threads.leaks.size() + 1);
    uptr k = 0;
    u64 total = t.bytes + leaks->threads.HeldBytes();
    for (LeakRecord &r : leaks->records) {
      if (!IsReported(r)) continue;
      HtmlOverviewRow &row = rows_v[k++];
      row = {r.indirect ? "indirect" : "direct", {}, r.bytes, r.objects, DepotGet(r.stack_id), nullptr};
      HtmlAnchor(row.anchor, sizeof(row.anchor), "c", check.index, KindLetter(r), r.stack_id);
    }
    for (uptr i = 0; i < leaks->threads.leaks.size(); i++) {
      const ThreadLeak &l = leaks->threads.leaks[i];
      uptr pc;
      bool have = FindWaitSite(l, &sites[i], &pc);
      HtmlOverviewRow &row = rows_v[k++];
      row = {"thread", {}, l.held_bytes, l.held_objects, nullptr, have ? &sites[i] : nullptr};
      HtmlAnchor(row.anchor, sizeof(row.anchor), "c", check.index, 't', (u32)i);
    }
    HtmlOverview(w, rows_v.begin(), n, total);
  }
  for (LeakRecord &r : leaks->records)
    if (IsReported(r)) LeakRecordHtml(w, leaks, r, check.index);
  for (uptr i = 0; i < leaks->threads.leaks.size(); i++)
    ThreadRecordHtml(w, leaks->threads.leaks[i], i, check.index);
  w.Raw("</section>\n");
}

void WriteHtmlReport(LeakSet *leaks, const CheckInfo &check) {
  AppendHtmlSection([&](HtmlWriter &w) { LeakSection(w, leaks, check); });
}

// ---- The stale memory report ----

static void StaleRecordHtml(HtmlWriter &w, const StaleRecord &r, uptr index, u32 check,
                            u32 min_age_s, const char *verb, const StalePaths &paths) {
  char anchor[48];
  HtmlAnchor(anchor, sizeof(anchor), "s", check, 'r', (u32)index);
  w.Markup("<article class=\"record stale\" id=\"%s\">\n<h3><span class=\"badge stale\">stale"
           "</span> Stale memory: %llu byte(s) in %llu object(s) not %s for at least %u s</h3>\n",
           anchor, (unsigned long long)r.bytes, (unsigned long long)r.objects, verb, min_age_s);
  StackEntry *e = DepotGet(r.stack_id);
  w.Raw("<ul class=\"facts\">\n");
  HtmlTypeFact(w, e);
  char young[32], old[32];
  FormatAge(r.min_age_ns, young, sizeof(young));
  FormatAge(r.max_age_ns, old, sizeof(old));
  if (!strcmp(young, old)) w.Markup("<li>last %s %s ago</li>\n", verb, young);
  else w.Markup("<li>last %s %s to %s ago</li>\n", verb, young, old);
  if (index < paths.node.size() && paths.node[index] >= 0)
    HtmlRetentionPath(w, *paths.g, *paths.reach, (u32)paths.node[index]);
  w.Raw("</ul>\n");
  HtmlAllocationSite(w, e);
  if (e) HtmlStack(w, e, "Allocation stack");
  w.Raw("</article>\n");
}

static void StaleSection(HtmlWriter &w, StaleSet *stale, const CheckInfo &check,
                         const char *verb, const StalePaths &paths) {
  StaleTotals t = SumStale(stale);
  u32 min_age_s = (u32)(stale->min_age_ns / 1000000000ull);
  w.Markup("<section class=\"check\" id=\"stale-%u\">\n<h2>Stale memory report %u <span "
           "class=\"mode\">(%s)</span></h2>\n",
           check.index, check.index, check.mode);
  if (t.objects)
    w.Markup("<p class=\"summary\">SUMMARY: LeakScope: %llu byte(s) stale in %llu "
             "allocation(s).</p>\n<p>Reachable blocks not %s for at least %u s.</p>\n",
             (unsigned long long)t.bytes, (unsigned long long)t.objects, verb, min_age_s);
  else
    w.Markup("<p class=\"summary\">No stale memory: every block was %s in the last %u s.</p>\n",
             verb, min_age_s);
  uptr n = stale->records.size();
  if (n) {
    InternalVector<HtmlOverviewRow> rows;
    rows.resize(n);
    for (uptr i = 0; i < n; i++) {
      StaleRecord &r = stale->records[i];
      rows[i] = {"stale", {}, r.bytes, r.objects, DepotGet(r.stack_id), nullptr};
      HtmlAnchor(rows[i].anchor, sizeof(rows[i].anchor), "s", check.index, 'r', (u32)i);
    }
    HtmlOverview(w, rows.begin(), n, t.bytes);
  }
  for (uptr i = 0; i < n; i++)
    StaleRecordHtml(w, stale->records[i], i, check.index, min_age_s, verb, paths);
  w.Raw("</section>\n");
}

void WriteHtmlStaleReport(StaleSet *stale, const CheckInfo &check, const char *verb,
                          const StalePaths &paths) {
  AppendHtmlSection([&](HtmlWriter &w) { StaleSection(w, stale, check, verb, paths); });
}

}  // namespace leakscope
