// Text of leak ownership (ownership_report.h).
#include "report/ownership_report.h"

#include <stdio.h>
#include <string.h>

#include "base/report_io.h"
#include "report/json_writer.h"
#include "report/machine_report.h"

namespace leakscope {

bool HolderSite(u32 stack, SymbolizedFrame *site) {
  StackEntry *e = DepotGet(stack);
  uptr pc;
  return e && FindAllocationSite(e, site, &pc);
}

// The module's file name without its directory.
static const char *BaseName(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

void AppendHolderFrames(u32 stack, LineBuffer *b) {
  StackEntry *e = DepotGet(stack);
  u32 shown = 0;
  if (e)
    ForEachReportFrame(e, 1, [&](const ReportFrame &f) {
      b->Append("%s", shown ? " from" : "");
      if (*f.frame.function) b->Append(" %s", f.frame.function);
      if (f.module) b->Append(" (%s+0x%zx)", BaseName(f.module->path), (size_t)(f.pc - f.module->base));
      else if (!*f.frame.function) b->Append(" (0x%zx)", (size_t)f.pc);
      return ++shown < 2;
    });
  if (!shown) b->Append(" an unknown stack");
}

void PrintOwnership(LeakSet *leaks, const LeakRecord &r) {
  const RecordOwnership &o = r.own;
  if (!o.known) return;
  if (!r.indirect && o.held_objects)
    Printf("  holds %llu byte(s) in %llu indirectly leaked object(s)\n",
           (unsigned long long)o.held_bytes, (unsigned long long)o.held_objects);
  if (r.indirect && o.num_holders) {
    LineBuffer b;
    b.Append("  held by:");
    for (u32 i = 0; i < o.num_holders; i++) {
      b.Append("%s direct leak at", i ? ";" : "");
      SymbolizedFrame site;
      if (HolderSite(o.holders[i], &site)) {
        if (*site.function) b.Append(" %s", site.function);
        b.Append(" %s:%u", site.file, site.line);
      } else {
        AppendHolderFrames(o.holders[i], &b);
      }
    }
    if (o.more_holders) b.Append("; and others");
    b.Append("\n");
    WriteReport(b.data(), b.size());
  }
  for (u32 i = 0; i < o.num_cycles; i++)
    Printf("  part of a lost cycle of %llu object(s), %llu byte(s)\n",
           (unsigned long long)o.cycles[i].objects, (unsigned long long)o.cycles[i].bytes);
  if (o.more_cycles) Printf("  and %u more lost cycle(s)\n", o.more_cycles);
}

void WriteJsonOwnership(JsonWriter &w, LeakSet *leaks, const LeakRecord &r, bool camel) {
  const RecordOwnership &o = r.own;
  if (!o.known) return;
  if (!r.indirect && o.held_objects) {
    w.Raw(",\"holds\":{\"bytes\":");
    w.U64(o.held_bytes);
    w.Raw(",\"objects\":");
    w.U64(o.held_objects);
    w.Raw("}");
  }
  if (r.indirect && o.num_holders) {
    w.Raw(camel ? ",\"heldBy\":[" : ",\"held_by\":[");
    for (u32 i = 0; i < o.num_holders; i++) {
      SymbolizedFrame site = {"", "", 0, 0};
      bool known = HolderSite(o.holders[i], &site);
      w.Raw(i ? ",{\"function\":" : "{\"function\":");
      if (known) {
        if (*site.function) w.String(site.function);
        else w.Raw("null");
        w.Raw(",\"file\":");
        w.String(site.file);
        w.Raw(",\"line\":");
        w.U64(site.line);
        w.Raw("}");
        continue;
      }
      // No frame with a source file: the first frame as the frames list prints it.
      StackEntry *e = DepotGet(o.holders[i]);
      bool wrote = false;
      if (e)
        ForEachReportFrame(e, 1, [&](const ReportFrame &f) {
          if (*f.frame.function) w.String(f.frame.function);
          else w.Raw("null");
          w.Raw(",\"file\":null,\"line\":0");
          if (f.module) {
            char offset[24];
            snprintf(offset, sizeof(offset), "0x%zx", (size_t)(f.pc - f.module->base));
            w.Raw(camel ? ",\"module\":" : ",\"module\":");
            w.String(f.module->path);
            w.Raw(camel ? ",\"moduleOffset\":" : ",\"module_offset\":");
            w.String(offset);
          }
          wrote = true;
          return false;
        });
      if (!wrote) w.Raw("null,\"file\":null,\"line\":0");
      w.Raw("}");
    }
    w.Raw("]");
    if (o.more_holders) w.Raw(camel ? ",\"moreHolders\":true" : ",\"more_holders\":true");
  }
  if (o.num_cycles) {
    w.Raw(camel ? ",\"lostCycles\":[" : ",\"lost_cycles\":[");
    for (u32 i = 0; i < o.num_cycles; i++) {
      w.Raw(i ? ",{\"objects\":" : "{\"objects\":");
      w.U64(o.cycles[i].objects);
      w.Raw(",\"bytes\":");
      w.U64(o.cycles[i].bytes);
      w.Raw("}");
    }
    w.Raw("]");
    if (o.more_cycles) {
      w.Raw(camel ? ",\"moreLostCycles\":" : ",\"more_lost_cycles\":");
      w.U64(o.more_cycles);
    }
  }
}

}  // namespace leakscope
