// ClassifyWait: what a stopped thread's saved registers say it waits on. The saved PC
// points into a buffer holding the instruction bytes a real interrupted thread would
// show (`syscall` = 0f 05), the registers are set as the kernel leaves them.
#include "world/thread_waits.h"

#include <gtest/gtest.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "world/threads.h"

namespace leakscope {
namespace {

enum { kRax = 0, kRdx = 3, kRsi = 4, kRdi = 5, kR10 = 10 };

alignas(16) unsigned char g_code[16] = {0x90, 0x90, 0x0f, 0x05, 0x90, 0x90};
u32 g_word = 7;

bool Readable(uptr) { return true; }
bool Unreadable(uptr) { return false; }

struct Stopped {
  ThreadContext t = {};
  Stopped(uptr pc, uptr rax) {
    t.stop_state = kStopped;
    t.num_saved_regs = 16;
    t.saved_pc = pc;
    t.saved_regs[kRax] = rax;
  }
  void Futex(u32 op, u32 expected, uptr timeout) {
    t.saved_regs[kRdi] = (uptr)&g_word;
    t.saved_regs[kRsi] = op;
    t.saved_regs[kRdx] = expected;
    t.saved_regs[kR10] = timeout;
  }
};

const uptr kAtSyscall = (uptr)&g_code[2];
const uptr kAfterSyscall = (uptr)&g_code[4];

TEST(ThreadWaits, UntimedFutexWaitWithTheExpectedValueIsBlocked) {
  Stopped s(kAtSyscall, SYS_futex);
  s.Futex(FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 7, 0);
  ThreadWait w = ClassifyWait(&s.t, Readable);
  EXPECT_EQ(w.kind, kWaitFutex);
  EXPECT_EQ(w.futex, (uptr)&g_word);
  s.Futex(FUTEX_WAIT, 7, 0);  // std::future's wait: not private
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitFutex);
}

TEST(ThreadWaits, ChangedWordMeansTheWaitReturnsAtOnce) {
  Stopped s(kAtSyscall, SYS_futex);
  s.Futex(FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 6, 0);  // the word holds 7 now
  ThreadWait w = ClassifyWait(&s.t, Readable);
  EXPECT_EQ(w.kind, kWaitNone);
  EXPECT_EQ(w.futex, (uptr)&g_word);
}

TEST(ThreadWaits, TimedOrUnjudgeableFutexWaitsAreNotBlocked) {
  Stopped s(kAtSyscall, SYS_futex);
  s.Futex(FUTEX_WAIT, 7, 0x1000);  // a timeout
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitTimed);
  s.Futex(FUTEX_LOCK_PI, 7, 0);
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitTimed);
  s.Futex(FUTEX_WAIT, 7, 0);
  EXPECT_EQ(ClassifyWait(&s.t, Unreadable).kind, kWaitNone);  // outside the heap
  s.Futex(FUTEX_WAKE, 7, 0);
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitTimed);
}

TEST(ThreadWaits, OtherRestartedSystemCallsAreNotJudged) {
  Stopped s(kAtSyscall, SYS_read);
  s.t.saved_regs[kRdi] = 3;
  s.t.saved_regs[kRsi] = 0x1234;
  s.t.saved_regs[kRdx] = 64;
  ThreadWait w = ClassifyWait(&s.t, Readable);
  EXPECT_EQ(w.kind, kWaitSyscall);
  EXPECT_EQ(w.syscall, (u32)SYS_read);
  EXPECT_EQ(w.args[0], 3u);
  EXPECT_EQ(w.args[2], 64u);
  EXPECT_STREQ(SyscallName(SYS_read), "read");
  EXPECT_EQ(SyscallName(100000), nullptr);
}

TEST(ThreadWaits, InterruptedWithEintrIsATimedWait) {
  Stopped s(kAfterSyscall, (uptr)-4);
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitTimed);
  Stopped done(kAfterSyscall, 0);  // the call returned: running
  EXPECT_EQ(ClassifyWait(&done.t, Readable).kind, kWaitNone);
}

TEST(ThreadWaits, RunningOrNotStoppedThreadsAreNotBlocked) {
  Stopped s((uptr)&g_code[0], SYS_futex);  // futex number in RAX, but not at a syscall
  s.Futex(FUTEX_WAIT, 7, 0);
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitNone);
  Stopped u(kAtSyscall, SYS_futex);
  u.Futex(FUTEX_WAIT, 7, 0);
  u.t.stop_state = kStopUnresponsive;
  EXPECT_EQ(ClassifyWait(&u.t, Readable).kind, kWaitNone);
}

TEST(ThreadWaits, NeverReadsBeforeThePageOfThePc) {
  // A PC at the start of a page whose predecessor is unmapped: the bytes before it
  // are not read (no fault).
  char *p = (char *)mmap(nullptr, 2 * kPageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(mprotect(p, kPageSize, PROT_NONE), 0);
  p[kPageSize] = (char)0x90;
  p[kPageSize + 1] = (char)0x90;
  Stopped s((uptr)(p + kPageSize), (uptr)-4);
  EXPECT_EQ(ClassifyWait(&s.t, Readable).kind, kWaitNone);
  munmap(p, 2 * kPageSize);
}

}  // namespace
}  // namespace leakscope
