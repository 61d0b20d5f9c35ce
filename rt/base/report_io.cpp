#include "base/report_io.h"

#include "base/report_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

namespace leakscope {

static int g_report_fd = 2;

static void WriteAll(int fd, const char *data, uptr len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += n;
    len -= n;
  }
}

void WriteReport(const char *data, uptr len) { WriteAll(g_report_fd, data, len); }

void ReopenReportFileAfterFork(const char *log_path) {
  if (g_report_fd > 2) close(g_report_fd);
  g_report_fd = 2;
  OpenReportFile(log_path);  // PATH.PID with the child's pid
}

void OpenReportFile(const char *log_path) {
  if (!log_path || !*log_path) return;
  if (!strcmp(log_path, "stderr")) return;
  if (!strcmp(log_path, "stdout")) {
    g_report_fd = 1;
    return;
  }
  int fd = CreateReportFile(log_path, "log_path", O_WRONLY, "; reporting to stderr");
  if (fd >= 0) g_report_fd = fd;
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
  VPrintTo(g_report_fd, nullptr, fmt, ap);
  va_end(ap);
}

static void VWarn(const char *fmt, va_list ap) {
  char buf[4096];
  vsnprintf(buf, sizeof(buf), fmt, ap);
  char line[4200];
  int n = snprintf(line, sizeof(line), "LeakScope: %s\n", buf);
  if (n > (int)sizeof(line) - 1) n = sizeof(line) - 1;
  WriteAll(2, line, n);
  if (g_report_fd != 2) WriteAll(g_report_fd, line, n);
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
  if (g_report_fd != 2) WriteAll(g_report_fd, buf, n);
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
