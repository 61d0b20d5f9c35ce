#include "profile/snapshot_keep.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/internal_alloc.h"
#include "base/report_io.h"
#include "options.h"

namespace leakscope {

namespace {
// The names still on disk, oldest first; `first` is the oldest one not yet deleted
// (deleted entries are freed and left as nullptr until the list is compacted).
InternalVector<char *> *g_written;
uptr g_first;
}  // namespace

static void DeleteOldest() {
  char *name = (*g_written)[g_first];
  (*g_written)[g_first++] = nullptr;
  struct stat st;
  if (lstat(name, &st) == 0 && S_ISREG(st.st_mode) && unlink(name) != 0)
    Warn("snapshot_keep: cannot delete old heap snapshot %s: %s", name, strerror(errno));
  InternalFree(name);
}

void NoteSnapshotWritten(const char *name) {
  uptr keep = (uptr)g_options.snapshot_keep;
  if (!keep) return;
  if (!g_written) g_written = InternalNew<InternalVector<char *>>();
  // The same name written again (a pattern without %n) is one file: no duplicate.
  for (uptr i = g_first; i < g_written->size(); i++)
    if (!strcmp((*g_written)[i], name)) return;
  g_written->push_back(InternalStrdup(name));
  while (g_written->size() - g_first > keep) DeleteOldest();
  if (g_first > 64 && g_first * 2 > g_written->size()) {  // compact
    uptr n = g_written->size() - g_first;
    for (uptr i = 0; i < n; i++) (*g_written)[i] = (*g_written)[g_first + i];
    g_written->resize(n);
    g_first = 0;
  }
}

}  // namespace leakscope
