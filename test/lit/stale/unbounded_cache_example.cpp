// The unbounded-cache demo (examples/unbounded_cache.cpp): of two global
// std::unordered_map<std::string, std::vector<char>>, the cold one (2000 values of
// 1 KiB, filled once) is exactly the stale memory, at exit (before the maps'
// destructors) and in a heap snapshot taken while the program serves from the hot map.
// Its memory: 2000 values (2048000 bytes), 2000 nodes of 72 bytes (144000) and the bucket
// array (18856): 2210856 bytes in 4001 allocations.
// RUN: %clangxx -g -O1 %S/../../../examples/unbounded_cache.cpp -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=2:epoch_period_ms=200:snapshot_interval_s=3 %t 5 2>&1 | FileCheck %s
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=stale_space %t.dir/leakscope.*.1.pb.gz | FileCheck %s --check-prefix=SNAP
// leakscope top reads the same sample type:
// RUN: %leakscope top %t.dir/leakscope.*.1.pb.gz --sample stale_space | FileCheck %s --check-prefix=TOP
// (The interval snapshot's "wrote heap snapshot" line is not checked: on a loaded
// machine it can come in the middle of the exit report. The pprof runs need the file.)
// CHECK: Stale memory: 2048000 byte(s) in 2000 object(s) not accessed for at least 2 s, allocated from:
// CHECK: in FillCold(int) {{.*}}unbounded_cache.cpp
// CHECK: Stale memory: 144000 byte(s) in 2000 object(s) not accessed for at least 2 s, allocated from:
// CHECK: in FillCold(int) {{.*}}unbounded_cache.cpp
// CHECK: Stale memory: 18856 byte(s) in 1 object(s) not accessed for at least 2 s, allocated from:
// CHECK: in FillCold(int) {{.*}}unbounded_cache.cpp
// CHECK-NOT: Stale memory
// CHECK: SUMMARY: LeakScope: 2210856 byte(s) stale in 4001 allocation(s).
// CHECK-NOT: FillHot

// SNAP: Type: stale_space
// SNAP: Showing nodes accounting for 2210856B, 100% of 2210856B total
// SNAP: {{.*}} 2210856B {{ *}}100% {{ *}}FillCold(int)
// SNAP-NOT: FillHot

// TOP: Type: stale_space (bytes)
// TOP-NEXT: Total: 2.11MiB
// TOP: 2.11MiB 100.00% 100.00% {{.*}} FillCold({{.*}}) unbounded_cache.cpp:26
// TOP-NOT: FillHot
