#include "profile/snapshot_file.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace leakscope;

static std::string Expand(const char *pattern, int pid, u64 seq, bool *ok) {
  char out[256], error[256] = "";
  *ok = ExpandSnapshotPath(pattern, pid, seq, out, sizeof(out), error, sizeof(error));
  return *ok ? std::string(out) : std::string(error);
}

TEST(SnapshotFile, PatternExpansion) {
  bool ok;
  EXPECT_EQ(Expand("leakscope.%p.%n.pb.gz", 42, 7, &ok), "leakscope.42.7.pb.gz");
  EXPECT_TRUE(ok);
  EXPECT_EQ(Expand("/tmp/a%%b-%n", 1, 12, &ok), "/tmp/a%b-12");
  EXPECT_TRUE(ok);
  std::string err = Expand("x.%q", 1, 1, &ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(err.find("%q"), std::string::npos) << err;
  Expand("", 1, 1, &ok);
  EXPECT_FALSE(ok);
  char tiny[8], error[128];
  EXPECT_FALSE(ExpandSnapshotPath("abcdefgh%p", 123, 1, tiny, sizeof(tiny), error, sizeof(error)));
}

namespace {
struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/leakscope-snapfile-XXXXXX";
    path = mkdtemp(t);
  }
  ~TempDir() { system(("rm -rf " + path).c_str()); }
};
std::string Read(const std::string &path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}
}  // namespace

TEST(SnapshotFile, WritesAtomicallyWithMode0600) {
  TempDir d;
  std::string path = d.path + "/snap.pb.gz";
  const char *step = nullptr;
  ASSERT_EQ(WriteFileAtomically(path.c_str(), (const u8 *)"hello", 5, &step), 0);
  EXPECT_EQ(Read(path), "hello");
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Only the final file is left: the temporary one was renamed.
  EXPECT_EQ(system(("test $(ls " + d.path + " | wc -l) -eq 1").c_str()), 0);
}

TEST(SnapshotFile, NeverWritesThroughASymlink) {
  TempDir d;
  std::string target = d.path + "/target", link = d.path + "/snap.pb.gz";
  { std::ofstream(target) << "precious"; }
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  const char *step = nullptr;
  ASSERT_EQ(WriteFileAtomically(link.c_str(), (const u8 *)"new", 3, &step), 0);
  EXPECT_EQ(Read(target), "precious");
  struct stat st;
  ASSERT_EQ(lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(Read(link), "new");
}

TEST(SnapshotFile, FailuresNameTheStepAndLeaveNothing) {
  TempDir d;
  std::string path = d.path + "/no/such/dir/snap.pb.gz";
  const char *step = nullptr;
  EXPECT_EQ(WriteFileAtomically(path.c_str(), (const u8 *)"x", 1, &step), ENOENT);
  EXPECT_STREQ(step, "create");
  // A directory is never replaced (nor written into): refused before anything is made.
  std::string dir = d.path + "/adir";
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((dir + "/inner").c_str(), 0700), 0);
  EXPECT_EQ(WriteFileAtomically(dir.c_str(), (const u8 *)"x", 1, &step), kErrNotRegular);
  EXPECT_EQ(system(("test $(ls " + d.path + " | wc -l) -eq 1").c_str()), 0);
  // A symlink to something that is not a regular file is refused too (never followed,
  // never replaced); a symlink to a regular file is replaced, as above.
  std::string link = d.path + "/link";
  ASSERT_EQ(symlink(dir.c_str(), link.c_str()), 0);
  EXPECT_EQ(WriteFileAtomically(link.c_str(), (const u8 *)"x", 1, &step), kErrNotRegular);
  struct stat st;
  ASSERT_EQ(lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  // A FIFO without a reader: the open fails at once instead of waiting, and stays a FIFO.
  std::string fifo = d.path + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(WriteFileAtomically(fifo.c_str(), (const u8 *)"x", 1, &step), ENXIO);
  EXPECT_STREQ(step, "open");
  ASSERT_EQ(lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}
