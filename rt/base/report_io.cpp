#include "base/report_io.h"

#include "base/report_file.h"
#include "base/runtime_fd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leakscope {

static int g_report_fd = 2;
// log_path's file is created on the first write, not at start-up or fork: a process that
// reports nothing (a forked child that execs at once, whose new image opens the same
// PATH.PID) leaves no empty file behind and takes no name. 0: no file pending; 1: pending;
// 2: being created by one thread; 3: done (g_report_fd is final).
static const char *g_pending_path;
static int g_pending_state;
// Set while this thread creates the file: what creating it warns goes to stderr only.
static __thread bool tls_creating_report __attribute__((tls_model("initial-exec")));

static int ReportFd() {
  int state = __atomic_load_n(&g_pending_state, __ATOMIC_ACQUIRE);
  if (LS_LIKELY(state == 0 || state == 3)) return g_report_fd;
  if (tls_creating_report) return 2;
  int expected = 1;
  if (__atomic_compare_exchange_n(&g_pending_state, &expected, 2, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE)) {
    tls_creating_report = true;
    int fd = CreateReportFile(g_pending_path, "log_path", O_WRONLY, "; reporting to stderr");
    tls_creating_report = false;
    if (fd >= 0) g_report_fd = fd;
    __atomic_store_n(&g_pending_state, 3, __ATOMIC_RELEASE);
    return g_report_fd;
  }
  while (__atomic_load_n(&g_pending_state, __ATOMIC_ACQUIRE) == 2) __builtin_ia32_pause();
  return g_report_fd;
}

// stderr as the process started with it, for when the program has closed it by the
// time the runtime writes: coreutils' close_stdout (sort, ls, cat, ...) closes fd 2 at
// exit, before the leak check runs, and the report was lost: the user saw exit code 23
// and no reason. A terminal or a regular file can be opened again by its name, which
// RememberStderr notes at start-up with the file's identity; it is opened again only
// when a write to fd 2 fails as on a closed or non-file descriptor (EBADF, EINVAL), and
// used only when it is still that file (not
// one created under the same name since). A pipe or a socket cannot be opened again:
// then the text is lost, as with LeakSanitizer.
static char g_stderr_path[256];
static dev_t g_stderr_dev;
static ino_t g_stderr_ino;
static int g_stderr_again = -1;  // the reopened stderr, kept open until exit

void RememberStderr() {
  struct stat st;
  if (fstat(2, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISREG(st.st_mode))) return;
  ssize_t n = readlink("/proc/self/fd/2", g_stderr_path, sizeof(g_stderr_path) - 1);
  if (n <= 0 || n >= (ssize_t)sizeof(g_stderr_path) - 1 || g_stderr_path[0] != '/') n = 0;
  g_stderr_path[n] = 0;
  g_stderr_dev = st.st_dev;
  g_stderr_ino = st.st_ino;
}

static int StderrAgain() {
  int fd = __atomic_load_n(&g_stderr_again, __ATOMIC_ACQUIRE);
  if (fd >= 0 || !g_stderr_path[0]) return fd;
  fd = KeepOffStdio(open(g_stderr_path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC));
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_dev != g_stderr_dev || st.st_ino != g_stderr_ino)) {
    close(fd);
    fd = -1;
  }
  if (fd < 0) {
    g_stderr_path[0] = 0;  // gone or replaced: not tried again for every line of the report
    return -1;
  }
  int expected = -1;
  if (!__atomic_compare_exchange_n(&g_stderr_again, &expected, fd, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    close(fd);  // another thread opened it first
    return expected;
  }
  return fd;
}

static void WriteAll(int fd, const char *data, uptr len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      // fd 2 closed (EBADF), or taken meanwhile by a descriptor that is not a file at
      // all: another thread's signalfd between its creation and KeepOffStdio (EINVAL).
      if ((errno == EBADF || errno == EINVAL) && fd == 2 && (fd = StderrAgain()) >= 0) continue;
      return;
    }
    data += n;
    len -= n;
  }
}

void WriteReport(const char *data, uptr len) { WriteAll(ReportFd(), data, len); }

void ReopenReportFileAfterFork(const char *log_path) {
  if (g_report_fd > 2) close(g_report_fd);
  g_report_fd = 2;
  g_pending_state = 0;
  OpenReportFile(log_path);  // PATH.PID with the child's pid
}

void OpenReportFile(const char *log_path) {
  if (!log_path || !*log_path) return;
  if (!strcmp(log_path, "stderr")) return;
  if (!strcmp(log_path, "stdout")) {
    g_report_fd = 1;
    return;
  }
  g_pending_path = log_path;
  __atomic_store_n(&g_pending_state, 1, __ATOMIC_RELEASE);
}

static void VPrintTo(int fd, const char *prefix, const char *fmt, va_list ap) {
  char buf[8192];
  int n = 0;
  if (prefix) n = snprintf(buf, sizeof(buf), "%s", prefix);
  int m = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
  if (m < 0) return;
  uptr len = n + m;
  if (len >= sizeof(buf)) len = sizeof(buf) - 1;
  WriteAll(fd, buf, len);
}

void Printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VPrintTo(ReportFd(), nullptr, fmt, ap);
  va_end(ap);
}

static void VWarn(const char *fmt, va_list ap) {
  char buf[4096];
  vsnprintf(buf, sizeof(buf), fmt, ap);
  char line[4200];
  int n = snprintf(line, sizeof(line), "LeakScope: %s\n", buf);
  if (n > (int)sizeof(line) - 1) n = sizeof(line) - 1;
  WriteAll(2, line, n);
  int fd = ReportFd();
  if (fd != 2) WriteAll(fd, line, n);
}

void ErrorPrintf(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof(buf) - 1) n = sizeof(buf) - 1;
  WriteAll(2, buf, n);
  int fd = ReportFd();
  if (fd != 2) WriteAll(fd, buf, n);
}

void Warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VWarn(fmt, ap);
  va_end(ap);
}

void Fatal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VWarn(fmt, ap);
  va_end(ap);
  _exit(1);
}

void LineBuffer::Append(const char *fmt, ...) {
  if (len_ >= sizeof(buf_) - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf_ + len_, sizeof(buf_) - len_, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  len_ += n;
  if (len_ > sizeof(buf_) - 1) len_ = sizeof(buf_) - 1;
}

}  // namespace leakscope
