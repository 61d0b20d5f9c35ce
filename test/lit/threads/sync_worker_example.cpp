// examples/sync_worker.cpp, the C++ twin of a goroutine blocked on a channel nobody
// closes: reported at exit with where the worker was started (SyncWorker), where it
// waits (Channel::Receive), and what only it holds (its 256 KiB buffer, the channel).
// Exit code 23; nothing else is reported. Valgrind on the same program (plain clang++):
// nothing definitely lost, and the bytes the thread holds are "still reachable", the same
// 262,944 in 5 blocks. (LeakSanitizer: sync_worker_lsan.cpp.)
// RUN: %clangxx -g -O0 -include %S/Inputs/wait_blocked.h '-DSETTLE()=WaitUntilOthersBlocked()' %S/../../../examples/sync_worker.cpp -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: %plain_clangxx -g -gdwarf-4 -O0 %S/../../../examples/sync_worker.cpp -o %t.plain -lpthread
// RUN: valgrind --leak-check=full %t.plain 2>&1 | FileCheck %s --check-prefix=VALGRIND
// VALGRIND: processed 3 jobs
// VALGRIND: definitely lost: 0 bytes in 0 blocks
// VALGRIND: still reachable: 262,944 bytes in 5 blocks
// CHECK-NOT: leak of
// CHECK: Thread leak: thread {{[0-9]+}} blocked in Channel<Job>::Receive(Job*) {{.*}}sync_worker.cpp:34 on an object no running thread can reach, created at:
// CHECK: in SyncWorker() {{.*}}sync_worker.cpp:66
// CHECK-NEXT: in main {{.*}}sync_worker.cpp:73
// CHECK-NEXT: holds 262944 byte(s) in 5 object(s) that only it can reach
// CHECK-NEXT: stack of thread
// CHECK: in Channel<Job>::Receive(Job*) {{.*}}sync_worker.cpp:34
// CHECK-NEXT: in Work(std::shared_ptr<Channel<Job>>) {{.*}}sync_worker.cpp:58
// CHECK: SUMMARY: LeakScope: 1 leaked thread(s) holding 262{{[0-9][0-9][0-9]}} byte(s).
// The program's stdout is flushed by exit's report path, after the report.
// CHECK: processed 3 jobs
