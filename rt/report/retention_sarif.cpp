// Pending pinned results for the SARIF report (retention_sarif.h).
#include "report/retention_sarif.h"

#include <stdio.h>
#include <string.h>

#include "base/internal_alloc.h"
#include "base/locks.h"
#include "report/json_writer.h"
#include "report/machine_report.h"
#include "stacks/stack_depot.h"

namespace leakscope {

namespace {
struct Pending {
  u32 stack_id;
  u64 bytes, objects, span;
  char *steps;  // InternalStrdup
  bool retains_known;
  u64 retains[2];
};
// Held while the results are written, which symbolizes: ranked below the symbolizer.
SpinLock g_lock{LockRank::kPendingSarif};
InternalVector<Pending> *g_pending;
}  // namespace
LS_REGISTER_LOCK(g_lock);

void AddPendingPinnedResult(u32 stack_id, u64 bytes, u64 objects, u64 span, const char *steps,
                            const u64 *root_retains) {
  ScopedLock l(&g_lock);
  if (!g_pending) g_pending = InternalNew<InternalVector<Pending>>();
  Pending p = {stack_id, bytes, objects, span, InternalStrdup(steps), root_retains != nullptr, {0, 0}};
  if (root_retains) p.retains[0] = root_retains[0], p.retains[1] = root_retains[1];
  g_pending->push_back(p);
}

bool HavePendingPinnedResults() {
  ScopedLock l(&g_lock);
  return g_pending && !g_pending->empty();
}

void WritePinnedRule(JsonWriter &w) {
  w.Raw(",{\"id\":\"pinned-memory\",\"name\":\"PinnedMemory\",\"shortDescription\":{\"text\":");
  w.String("A big heap block is kept alive only by pointers into a small part of it.");
  w.Raw("},\"fullDescription\":{\"text\":");
  w.String("A block of 64 KiB or more is reachable only through pointers that all fall within "
           "an eighth of it (a small view or slice pinning a large buffer): copying the small "
           "part out would let the block be freed.");
  w.Raw("},\"defaultConfiguration\":{\"level\":\"warning\"}}");
}

static void StepsArray(JsonWriter &w, const char *steps) {
  w.Raw("[");
  const char *p = steps;
  bool first = true;
  while (*p) {
    const char *end = strstr(p, " -> ");
    uptr n = end ? (uptr)(end - p) : strlen(p);
    char step[1024];
    if (n >= sizeof(step)) n = sizeof(step) - 1;
    memcpy(step, p, n);
    step[n] = 0;
    if (!first) w.Raw(",");
    first = false;
    w.String(step);
    p = end ? end + 4 : p + strlen(p);
  }
  w.Raw("]");
}

void WritePendingPinnedResults(JsonWriter &w, bool *any, u32 rule_index) {
  ScopedLock l(&g_lock);
  if (!g_pending) return;
  for (Pending &p : *g_pending) {
    StackEntry *e = DepotGet(p.stack_id);
    SymbolizedFrame site = {"", "", 0, 0};
    uptr pc = 0;
    bool have_site = e && FindAllocationSite(e, &site, &pc);
    char text[1024];
    int len = snprintf(text, sizeof(text),
                       "Pinned memory: %llu byte(s) in %llu object(s) kept alive only by pointers "
                       "into %llu byte(s), allocated",
                       (unsigned long long)p.bytes, (unsigned long long)p.objects,
                       (unsigned long long)p.span);
    if (*site.function && len > 0 && len < (int)sizeof(text))
      snprintf(text + len, sizeof(text) - len, " in %s", site.function);
    if (*any) w.Raw(",");
    *any = true;
    w.Raw("{\"ruleId\":\"pinned-memory\",\"ruleIndex\":");
    w.U64(rule_index);
    w.Raw(",\"level\":\"warning\",\"message\":{\"text\":");
    w.String(text);
    w.Raw("},\"locations\":[");
    if (have_site) SarifLocation(w, site, pc);
    w.Raw("]");
    u64 fingerprint = 0xcbf29ce484222325ULL ^ 0x70696e6e6564ULL;  // "pinned"
    if (e) {
      w.Raw(",\"stacks\":");
      SarifStack(w, e, &fingerprint);
    }
    char fp[24];
    snprintf(fp, sizeof(fp), "%016llx", (unsigned long long)fingerprint);
    w.Raw(",\"partialFingerprints\":{\"leakscopeStack/v1\":");
    w.String(fp);
    w.Raw("},\"properties\":{\"kind\":\"pinned\",\"bytes\":");
    w.U64(p.bytes);
    w.Raw(",\"objects\":");
    w.U64(p.objects);
    w.Raw(",\"pinnedSpanBytes\":");
    w.U64(p.span);
    w.Raw(",\"keptAliveBy\":");
    StepsArray(w, p.steps);
    if (p.retains_known) {
      w.Raw(",\"rootRetains\":{\"bytes\":");
      w.U64(p.retains[0]);
      w.Raw(",\"objects\":");
      w.U64(p.retains[1]);
      w.Raw("}");
    }
    w.Raw("}}");
    InternalFree(p.steps);
  }
  g_pending->clear();
}

}  // namespace leakscope
