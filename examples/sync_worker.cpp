// The third demo: a worker blocked forever on a job queue that the producer dropped
// without closing, the C++ twin of a Go goroutine blocked on a channel nobody closes.
// Nothing is unreachable (the worker's stack holds the queue and its buffer), so an
// exit-time checker that scans every thread's stack reports nothing; LeakScope reports
// the thread: where it was started, where it waits, and what only it holds.
//   leakscope-clang++ -g examples/sync_worker.cpp -o sync_worker && ./sync_worker
#include <stdio.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// A channel: Receive blocks until a value arrives or the channel is closed.
template <typename T>
class Channel {
 public:
  void Send(T v) {
    std::lock_guard<std::mutex> l(mu_);
    queue_.push_back(std::move(v));
    cv_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> l(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  bool Receive(T *out) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [this] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return false;
    *out = std::move(queue_.front());
    queue_.pop_front();
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> queue_;
  bool closed_ = false;
};

struct Job {
  std::string name;
};

static int processed;

// The worker owns a 256 KiB scratch buffer for as long as it runs.
static void Work(std::shared_ptr<Channel<Job>> jobs) {
  std::vector<char> scratch(256 * 1024);
  Job job;
  while (jobs->Receive(&job)) {
    scratch[0] = job.name[0];
    __atomic_add_fetch(&processed, 1, __ATOMIC_RELEASE);
  }
}

static void SyncWorker() {
  auto jobs = std::make_shared<Channel<Job>>();
  std::thread(Work, jobs).detach();
  for (int i = 0; i < 3; i++) jobs->Send(Job{"job " + std::to_string(i)});
  // Missing: jobs->Close(). When `jobs` goes out of scope, the worker holds the last
  // reference and waits in Receive() forever.
}

int main() {
  SyncWorker();
  while (__atomic_load_n(&processed, __ATOMIC_ACQUIRE) < 3) usleep(1000);
#ifndef SETTLE  // (the test waits until the worker is in its wait: threads/sync_worker_example)
#define SETTLE() usleep(200000)  // time for the worker to get back into Receive()
#endif
  SETTLE();
  printf("processed %d jobs\n", processed);
  return 0;
}
