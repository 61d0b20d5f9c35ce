#include "profile/heap_profile.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "proto_reader.h"
#include "stacks/symbolizer.h"

using namespace leakscope;

// Real return addresses in this binary, so the profile's frames symbolize to names
// the test knows. The empty asm keeps each call out of tail position.
extern "C" __attribute__((noinline)) uptr HeapProfileTestHere() {
  return (uptr)__builtin_return_address(0);
}
extern "C" __attribute__((noinline)) uptr HeapProfileTestAllocating() {
  uptr r = HeapProfileTestHere();
  asm volatile("" ::: "memory");
  return r;
}
extern "C" __attribute__((noinline)) uptr HeapProfileTestCaller() {
  uptr r = HeapProfileTestHere();
  asm volatile("" ::: "memory");
  return r;
}

namespace {
// The counters of the fake entries, which the depot never saw: the profile reads the
// counters its caller passes (HeapProfileInput::counts).
std::map<const StackEntry *, BucketCounters> g_fake_counts;

struct FakeEntry {
  StackEntry *e;
  explicit FakeEntry(std::vector<uptr> frames, const LeakScopeSite *site = nullptr) {
    e = (StackEntry *)calloc(1, sizeof(StackEntry) + frames.size() * sizeof(uptr));
    e->site = site;
    e->size = (u32)frames.size();
    for (size_t i = 0; i < frames.size(); i++) e->packed[i] = frames[i];  // wide: flags has no kStackNarrow
  }
  ~FakeEntry() {
    g_fake_counts.erase(e);
    free(e);
  }
  void Count(u64 ao, u64 ab, u64 fo, u64 fb) { g_fake_counts[e] = {ao, ab, fo, fb}; }
};

proto_reader::Profile Encode(std::vector<StackEntry *> entries, const LeakCounts *leaks = nullptr,
                             ProfileCache *cache = nullptr, const char *comment = "unit test") {
  std::vector<BucketCounters> counts;
  for (StackEntry *e : entries) counts.push_back(g_fake_counts[e]);
  HeapProfileInput in = {entries.data(), counts.data(), entries.size(), leaks != nullptr, leaks, 1234567890123ull,
                         comment};
  ProtoWriter w;
  BuildHeapProfile(in, &w, cache);
  return proto_reader::Decode(std::string((const char *)w.data(), w.size()));
}

bool Contains(const std::string &s, const std::string &part) { return s.find(part) != std::string::npos; }
}  // namespace

const LeakScopeSite kWidgetSite = {"widget.cpp", "Make", "Widget", "", 10, 3};

TEST(HeapProfile, GoHeapProfileShape) {
  FakeEntry a({0x1234, HeapProfileTestAllocating(), HeapProfileTestCaller()}, &kWidgetSite);
  a.Count(10, 480, 4, 192);
  proto_reader::Profile p = Encode({a.e});
  ASSERT_EQ(p.error, "");
  std::vector<std::pair<std::string, std::string>> want = {
      {"alloc_objects", "count"}, {"alloc_space", "bytes"}, {"inuse_objects", "count"},
      {"inuse_space", "bytes"}};
  EXPECT_EQ(p.sample_types, want);
  EXPECT_EQ(p.period_type, std::make_pair(std::string("space"), std::string("bytes")));
  EXPECT_EQ(p.period, 1);
  EXPECT_EQ(p.time_nanos, 1234567890123);
  EXPECT_EQ(p.default_sample_type, "inuse_space");
  EXPECT_EQ(p.comments, std::vector<std::string>{"unit test"});
  ASSERT_EQ(p.samples.size(), 1u);
  const proto_reader::Sample &s = p.samples[0];
  EXPECT_EQ(s.values, (std::vector<int64_t>{10, 480, 6, 288}));
  EXPECT_EQ(s.num_labels.at("bytes"), 48);
  EXPECT_EQ(s.str_labels.at("type"), "Widget");
  // Frame 0 (the runtime's entry point) is dropped; the rest stay, leaf first.
  ASSERT_EQ(s.location_ids.size(), 2u);
  std::vector<std::string> stack = p.Stack(s);
  ASSERT_GE(stack.size(), 2u);
  EXPECT_TRUE(Contains(stack.front(), "HeapProfileTestAllocating")) << stack.front();
  EXPECT_TRUE(Contains(stack.back(), "HeapProfileTestCaller")) << stack.back();
  // Real addresses (the call instruction), so -base diffs match across runs.
  EXPECT_EQ(p.locations.at(s.location_ids[0]).address, HeapProfileTestAllocating() - 1);
}

TEST(HeapProfile, MappingsAreFullySymbolizedWithBuildIds) {
  FakeEntry a({0x1234, HeapProfileTestAllocating()});
  a.Count(1, 8, 0, 0);
  proto_reader::Profile p = Encode({a.e});
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.locations.size(), 1u);
  const proto_reader::Location &l = p.locations.begin()->second;
  ASSERT_NE(l.mapping_id, 0u);
  const proto_reader::Mapping &m = p.mappings.at(l.mapping_id);
  ModuleInfo mi;
  ASSERT_TRUE(FindModule(l.address, &mi));
  EXPECT_EQ(m.filename, mi.path);
  EXPECT_TRUE(m.start <= l.address && l.address < m.limit);
  std::string hex;
  for (u32 i = 0; i < mi.build_id_size; i++) {
    char b[3];
    snprintf(b, sizeof(b), "%02x", mi.build_id[i]);
    hex += b;
  }
  EXPECT_EQ(m.build_id, hex);
  EXPECT_TRUE(m.has_functions && m.has_filenames && m.has_line_numbers && m.has_inline_frames);
  // The function has this file as its source file, and the line is non-zero.
  ASSERT_FALSE(l.lines.empty());
  EXPECT_GT(l.lines.back().line, 0);
  EXPECT_TRUE(Contains(p.functions.at(l.lines.back().function_id).filename, "heap_profile_test.cpp"));
}

TEST(HeapProfile, LeakSampleTypesComeBeforeInuse) {
  FakeEntry a({0x1234, HeapProfileTestAllocating()});
  a.Count(5, 500, 1, 100);
  LeakCounts leaks[] = {{3, 300}};
  proto_reader::Profile p = Encode({a.e}, leaks);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.sample_types.size(), 6u);
  EXPECT_EQ(p.sample_types[2].first, "leaked_objects");
  EXPECT_EQ(p.sample_types[3].first, "leaked_space");
  EXPECT_EQ(p.sample_types[5].first, "inuse_space");
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].values, (std::vector<int64_t>{5, 500, 3, 300, 4, 400}));
}

TEST(HeapProfile, SharedFramesShareLocationsAndStringsAreUnique) {
  uptr alloc = HeapProfileTestAllocating(), caller = HeapProfileTestCaller();
  FakeEntry a({0x1, alloc, caller}), b({0x1, alloc}), empty({0x1, alloc, 0x10});
  a.Count(2, 64, 0, 0);
  b.Count(3, 30, 3, 30);   // fully freed: still in alloc_space, zero in use
  empty.Count(0, 0, 0, 0);  // never counted: no sample
  proto_reader::Profile p = Encode({a.e, b.e, empty.e});
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.samples.size(), 2u);
  EXPECT_EQ(p.samples[0].location_ids[0], p.samples[1].location_ids[0]);
  EXPECT_EQ(p.locations.size(), 2u);
  EXPECT_EQ(p.samples[1].values, (std::vector<int64_t>{3, 30, 0, 0}));
  EXPECT_EQ(p.samples[1].str_labels.count("type"), 0u);
  std::set<std::string> unique(p.strings.begin(), p.strings.end());
  EXPECT_EQ(unique.size(), p.strings.size());
  EXPECT_EQ(p.strings[0], "");
}

TEST(HeapProfile, UnknownCodeGetsANameAndNoMapping) {
  FakeEntry a({0x1, 0x11});  // address 0x10: no module
  a.Count(1, 16, 0, 0);
  proto_reader::Profile p = Encode({a.e});
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.locations.size(), 1u);
  const proto_reader::Location &l = p.locations.begin()->second;
  EXPECT_EQ(l.mapping_id, 0u);
  EXPECT_EQ(p.Stack(p.samples[0]), std::vector<std::string>{"0x10"});
}

// One sample as text: values, labels and stack, which must not depend on whether the
// profile came from a cache.
std::string Describe(const proto_reader::Profile &p, const proto_reader::Sample &s) {
  std::string out;
  for (int64_t v : s.values) out += std::to_string(v) + " ";
  for (auto &l : s.str_labels) out += l.first + "=" + l.second + " ";
  for (auto &l : s.num_labels) out += l.first + "=" + std::to_string(l.second) + " ";
  for (const std::string &f : p.Stack(s)) out += f + ";";
  return out;
}

TEST(HeapProfile, CachedProfilesEqualFreshOnes) {
  uptr alloc = HeapProfileTestAllocating(), caller = HeapProfileTestCaller();
  FakeEntry a({0x1, alloc, caller}, &kWidgetSite), b({0x1, caller, alloc}), c({0x1, 0x21});
  a.e->id = 1, b.e->id = 2, c.e->id = 3;  // ids key the cache's per-stack encodings
  ProfileCache *cache = NewProfileCache();
  a.Count(1, 48, 0, 0);
  b.Count(0, 0, 0, 0);  // not counted yet: no sample, nothing cached
  ASSERT_EQ(Encode({a.e, b.e}, nullptr, cache).samples.size(), 1u);
  // Later: counters moved, b and c are new, the comment differs.
  a.Count(7, 336, 2, 96);
  b.Count(3, 30, 1, 10);
  c.Count(2, 32, 0, 0);
  for (int round = 0; round < 2; round++) {
    LeakCounts leaks[] = {{1, 48}, {0, 0}, {2, 32}};
    proto_reader::Profile cached = Encode({a.e, b.e, c.e}, leaks, cache, round ? "again" : "later");
    proto_reader::Profile fresh = Encode({a.e, b.e, c.e}, leaks, nullptr, round ? "again" : "later");
    ASSERT_EQ(cached.error, "");
    ASSERT_EQ(cached.samples.size(), 3u);
    ASSERT_EQ(fresh.samples.size(), 3u);
    for (size_t i = 0; i < 3; i++) EXPECT_EQ(Describe(cached, cached.samples[i]), Describe(fresh, fresh.samples[i]));
    EXPECT_EQ(cached.comments, fresh.comments);
    EXPECT_EQ(cached.locations.size(), fresh.locations.size());
    std::set<std::string> unique(cached.strings.begin(), cached.strings.end());
    EXPECT_EQ(unique.size(), cached.strings.size());
  }
}

TEST(HeapProfile, DepotEntriesWithAllocationsAreCollected) {
  void *p = malloc(4321);
  InternalVector<StackEntry *> entries;
  InternalVector<BucketCounters> counts;
  CollectDepotEntries(&entries, &counts);
  ASSERT_EQ(entries.size(), counts.size());
  bool found = false;
  for (uptr i = 0; i < entries.size(); i++) {
    EXPECT_GT(counts[i].alloc_objects, 0u);
    if (counts[i].alloc_bytes >= 4321) found = true;
  }
  EXPECT_TRUE(found);
  free(p);
}
