#include "base/proc_maps.h"

#include <gtest/gtest.h>
#include <string.h>
#include <sys/mman.h>

using namespace leakscope;

static MapEntry Parse(const char *line, bool *ok) {
  MapEntry e = {};
  *ok = ParseMapsLine(line, strlen(line), &e);
  return e;
}

TEST(ProcMaps, ParsesEachKind) {
  bool ok;
  MapEntry e = Parse("7f0000000000-7f0000021000 rw-p 00000000 00:00 0 ", &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(e.lo, 0x7f0000000000u);
  EXPECT_EQ(e.hi, 0x7f0000021000u);
  EXPECT_TRUE(e.readable);
  EXPECT_TRUE(e.writable);
  EXPECT_EQ(e.kind, kMapAnonymous);
  e = Parse("55d0c0a00000-55d0c0a01000 r--p 00002000 08:01 1234   /usr/bin/as", &ok);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(e.writable);
  EXPECT_EQ(e.kind, kMapFile);
  EXPECT_EQ(Parse("7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0   [stack]", &ok).kind, kMapStack);
  EXPECT_EQ(Parse("01000000-01021000 rw-p 00000000 00:00 0   [heap]", &ok).kind, kMapAnonymous);
  EXPECT_EQ(Parse("01000000-01021000 rw-p 00000000 00:00 0   [anon:pool]", &ok).kind, kMapAnonymous);
  EXPECT_EQ(Parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0   [vsyscall]", &ok).kind,
            kMapSpecial);
  e = Parse("7f0000000000-7f0000001000 ---p 00000000 00:00 0", &ok);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(e.readable);
  // A deleted file still has its inode: not anonymous.
  EXPECT_EQ(Parse("7f0000000000-7f0000001000 rw-s 00000000 00:05 99 /dev/zero (deleted)", &ok).kind,
            kMapFile);
}

TEST(ProcMaps, RejectsMalformedLines) {
  bool ok;
  Parse("", &ok);
  EXPECT_FALSE(ok);
  Parse("zz-10 rw-p 0 0:0 0", &ok);
  EXPECT_FALSE(ok);
  Parse("2000-1000 rw-p 00000000 00:00 0", &ok);  // empty range
  EXPECT_FALSE(ok);
  Parse("1000-2000 rw", &ok);
  EXPECT_FALSE(ok);
}

TEST(ProcMaps, ReadsThisProcess) {
  char *p = (char *)mmap(nullptr, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  mprotect(p + 4096, 4096, PROT_NONE);
  InternalVector<MapEntry> maps;
  ASSERT_TRUE(ReadProcMaps(&maps));
  bool readable_seen = false, none_seen = false;
  for (uptr i = 0; i < maps.size(); i++) {
    if (i) EXPECT_LE(maps[i - 1].hi, maps[i].lo);
    if (maps[i].lo <= (uptr)p && (uptr)p < maps[i].hi) readable_seen = maps[i].readable && maps[i].writable;
    if (maps[i].lo == (uptr)p + 4096 && maps[i].hi == (uptr)p + 8192) none_seen = !maps[i].readable;
  }
  EXPECT_TRUE(readable_seen);
  EXPECT_TRUE(none_seen);
  munmap(p, 3 * 4096);
}
