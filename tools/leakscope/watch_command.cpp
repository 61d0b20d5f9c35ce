// leakscope watch: periodic snapshots of a running process, a live table of the sites
// whose in-use memory keeps growing, and at the end an HTML report charting them.
//
// The loop ends at --for, when the target exits, or on Ctrl-C; the report is written in
// every case from the snapshots taken so far. Each snapshot file is read and then
// removed, so a long watch leaves nothing behind in the target's directory; with
// --keep DIR it is moved into DIR instead (the report lists the paths), for pprof.
// --files builds the same table and report from snapshots taken earlier.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fstream>

#include "cli_args.h"
#include "commands.h"
#include "output_file.h"
#include "snapshot_target.h"
#include "watch_report.h"

namespace leakscope::tool {

static volatile sig_atomic_t g_stop = 0;
static void OnInterrupt(int) { g_stop = 1; }

static double Monotonic() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

static int RunWatch(const Invocation &in) {
  bool files_mode = in.Has("--files");
  std::vector<std::string> files;
  std::string pid_arg;
  if (files_mode) {
    files = in.operands;
    if (files.empty()) return in.Error("--files needs snapshot files");
    // A number that is not a file is a process id given as well.
    for (const std::string &f : files)
      if (f.find_first_not_of("0123456789") == std::string::npos && access(f.c_str(), F_OK) != 0)
        return in.Error("give a PID or --files, not both");
  } else {
    if (in.operands.empty()) return in.Error("which process? (usage: leakscope watch PID --every 10s)");
    if (in.operands.size() > 1)
      return in.Error("one process at a time (got '" + in.operands[0] + "' and '" + in.operands[1] + "')");
    pid_arg = in.operands[0];
  }
  std::string out = in.Text("-o"), sample = in.Text("--sample", "inuse_space"), keep = in.Text("--keep");
  if (files_mode && !keep.empty()) return in.Error("--keep is for snapshots watch takes, not for --files");
  while (keep.size() > 1 && keep.back() == '/') keep.pop_back();
  double every = in.Seconds("--every", 10), duration = in.Seconds("--for", -1), timeout = in.Seconds("--timeout", 10);
  long rows = in.Count("-n", 15), series = in.Count("-n", 8);

  std::vector<WatchPoint> points;
  std::string error, title;
  // Before the first snapshot: a watch of minutes must not end in "cannot write".
  if (!out.empty() && !CanReplaceOutput(out, OutputKind::kPage, in.Has("--force"), &error))
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  int status = 0;
  bool tty = isatty(1);
  bool wait_retention = false;  // the target writes a retention profile beside each snapshot
  auto add_point = [&](const std::string &path, double seconds) {
    Profile p;
    WatchPoint pt;
    pt.path = path;
    pt.seconds = seconds;
    if (!ReadProfile(path, &p, &error) || !SumBySite(p, path, sample, &pt.totals, &error)) return false;
    const std::string &unit = p.sample_types[p.SampleIndex(sample)].unit;
    if (unit != "bytes") {
      error = "LeakScope: watch: --sample " + sample + " is not a byte sample type (its unit is " + unit + ")";
      return false;
    }
    pt.has_stale = p.SampleIndex("stale_space") >= 0;
    if (pt.has_stale && !SumBySite(p, path, "stale_space", &pt.stale, &error)) return false;
    // The retention profile beside it: waited for from a target that writes one, read
    // when present beside given files.
    Profile retained;
    std::string retained_path = RetainedProfileName(path), ignored;
    struct stat rs;
    if (wait_retention ? WaitForRetentionProfile(retained_path, timeout, &retained, &ignored)
                       : stat(retained_path.c_str(), &rs) == 0 && ReadProfile(retained_path, &retained, &ignored))
      pt.retained = RetentionPathsBySite(retained);
    points.push_back(std::move(pt));
    return true;
  };

  if (files_mode) {
    title = "LeakScope growth report: " + std::to_string(files.size()) + " snapshots";
    int64_t t0 = 0;
    for (size_t k = 0; k < files.size(); k++) {
      Profile p;
      if (!ReadProfile(files[k], &p, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
      // Snapshot times when every file has one, else one second apart.
      if (k == 0) t0 = p.time_nanos;
      double secs = (t0 > 0 && p.time_nanos >= t0) ? double(p.time_nanos - t0) * 1e-9 : double(k);
      if (!add_point(files[k], secs)) return fprintf(stderr, "%s\n", error.c_str()), 1;
    }
    PrintGrowthTable(stdout, points, size_t(rows), in.Has("--full-names"));
  } else {
    pid_t pid;
    if (!ParsePid(pid_arg, &pid, &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
    SnapshotTarget target;
    if (!CheckSnapshotTarget(pid, &target, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
    struct stat st;
    if (!keep.empty() && mkdir(keep.c_str(), 0777) != 0 && !(errno == EEXIST && stat(keep.c_str(), &st) == 0 && S_ISDIR(st.st_mode)))
      return fprintf(stderr, "LeakScope: watch: cannot make directory %s for --keep: %s\n", keep.c_str(),
                     errno == EEXIST ? "a file has that name" : strerror(errno)), 1;
    title = "LeakScope growth report: process " + pid_arg + " (" + target.command + ")";
    wait_retention = target.retention;
    struct sigaction sa {};
    sa.sa_handler = OnInterrupt;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    double start = Monotonic();
    for (long n = 0; !g_stop; n++) {
      // Tick n is due at start + n * every; sleep in short steps so Ctrl-C is prompt.
      double due = start + double(n) * every;
      while (!g_stop && Monotonic() < due) usleep(50 * 1000);
      if (g_stop) break;
      if (duration >= 0 && double(n) * every > duration + 1e-9) break;
      std::string path;
      double asked = Monotonic() - start;
      if (!TakeSnapshot(target, timeout, &path, &error)) {
        if (!ProcessAlive(pid)) {
          fprintf(stderr, "LeakScope: process %d exited; stopping after %zu snapshots\n", pid, points.size());
        } else {
          fprintf(stderr, "%s\n", error.c_str());
          status = 1;
        }
        break;
      }
      if (!add_point(path, asked)) {
        fprintf(stderr, "%s\n", error.c_str());
        status = 1;
        break;
      }
      // The snapshot, and its retention profile when there is one, go together.
      std::string retained = RetainedProfileName(path);
      bool has_retained = access(retained.c_str(), F_OK) == 0;
      if (keep.empty()) {
        remove(path.c_str());
        if (has_retained) remove(retained.c_str());
        points.back().path.clear();
      } else {
        std::string dest = keep + "/" + path.substr(path.rfind('/') + 1);
        if (!MoveSnapshotFile(path, dest, &error) ||
            (has_retained && !MoveSnapshotFile(retained, RetainedProfileName(dest), &error))) {
          fprintf(stderr, "%s\n", error.c_str());
          status = 1;
          break;
        }
        points.back().path = dest;
      }
      if (tty) fputs("\033[H\033[2J", stdout);
      else if (points.size() > 1) fputs("\n", stdout);
      PrintGrowthTable(stdout, points, size_t(rows), in.Has("--full-names"));
      fflush(stdout);
    }
  }

  if (!out.empty()) {
    if (points.empty()) {
      fprintf(stderr, "LeakScope: no snapshots, so no report written to %s\n", out.c_str());
      return 1;
    }
    std::string error;
    if (!WriteOutputFile(out, GrowthReportHtml(points, title, sample, size_t(series), in.Has("--full-names")),
                         OutputKind::kPage, in.Has("--force"), &error))
      return fprintf(stderr, "%s\n", error.c_str()), 1;
    printf("wrote %s (%zu snapshots)\n", out.c_str(), points.size());
  }
  return status;
}

const Command kWatchCommand = {
    "watch",
    "PID --every 10s [-o FILE.html]",
    "snapshots over time, growing sites, HTML report",
    "PID [--every 10s] [--for 5m] [-o report.html] [--keep DIR] [--sample TYPE]\n"
    "--files SNAP1 SNAP2... [-o report.html]",
    "Takes a heap snapshot of process PID every interval (see 'leakscope snap') and shows\n"
    "which allocation sites' in-use memory grows snapshot after snapshot. Stops after --for,\n"
    "when the process exits, or on Ctrl-C, and then writes a self-contained HTML report\n"
    "(inline SVG chart of in-use bytes over time for the top sites; no scripts). Each\n"
    "snapshot is removed once read, unless --keep names a directory for them.",
    {
        {{"--every", "-every"}, ValueKind::kDuration, "DUR", "a duration like 10s, 500ms or 1m",
         "interval between snapshots (default 10s; 500ms, 2m also work)"},
        {{"--for", "-for"}, ValueKind::kDuration, "DUR", "a duration like 5m or 30s",
         "stop after this long (default: until the process exits or Ctrl-C)"},
        {{"-o", "--output"}, ValueKind::kText, "FILE", "a file name for the HTML report",
         "write the HTML report to FILE"},
        {{"--sample", "-sample"}, ValueKind::kText, "TYPE", "a sample type",
         "byte sample type to follow (default inuse_space)"},
        {{"--keep"}, ValueKind::kText, "DIR", "a directory",
         "move each snapshot into DIR (made if missing); by default each is\n"
         "removed once read"},
        {{"--files"}, ValueKind::kFlag, "", "", "no process: the operands are snapshot files, in order"},
        {{"-n"}, ValueKind::kCount, "N", "a positive number",
         "rows in the table and series in the chart (default 15 and 8)"},
        {{"--timeout"}, ValueKind::kDuration, "DUR", "a duration like 10s",
         "how long to wait for each snapshot (default 10s)"},
        {{"--full-names"}, ValueKind::kFlag, "", "",
         "whole function names and paths in the table (by default folded to fit\n120 columns)"},
        {{"--force"}, ValueKind::kFlag, "", "", "replace the -o file even when it is not a page LeakScope wrote"},
    },
    "leakscope watch 4242 --every 10s --for 5m -o growth.html\n"
    "leakscope watch 4242 --every 1m --keep snapshots/ -o growth.html\n"
    "leakscope watch --files leakscope.4242.*.pb.gz -o growth.html",
    false,
    RunWatch,
};

}  // namespace leakscope::tool
