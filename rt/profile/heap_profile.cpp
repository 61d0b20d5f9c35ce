#include "profile/heap_profile.h"

#include <stdio.h>
#include <unistd.h>

#include "stacks/symbolizer.h"

namespace leakscope {

// profile.proto field numbers.
namespace pb {
enum Profile : u32 {
  kSampleType = 1, kSample = 2, kMapping = 3, kLocation = 4, kFunction = 5, kStringTable = 6,
  kDropFrames = 7, kKeepFrames = 8, kTimeNanos = 9, kPeriodType = 11, kPeriod = 12, kComment = 13, kDefaultSampleType = 14,
};
enum ValueType : u32 { kVtType = 1, kVtUnit = 2 };
enum Sample : u32 { kSampleLocationId = 1, kSampleValue = 2, kSampleLabel = 3 };
enum Label : u32 { kLabelKey = 1, kLabelStr = 2, kLabelNum = 3, kLabelNumUnit = 4 };
enum Mapping : u32 {
  kMapId = 1, kMapStart = 2, kMapLimit = 3, kMapOffset = 4, kMapFilename = 5, kMapBuildId = 6,
  kMapHasFunctions = 7, kMapHasFilenames = 8, kMapHasLineNumbers = 9, kMapHasInlineFrames = 10,
};
enum Location : u32 { kLocId = 1, kLocMappingId = 2, kLocAddress = 3, kLocLine = 4 };
enum Line : u32 { kLineFunctionId = 1, kLineLine = 2 };
enum Function : u32 { kFnId = 1, kFnName = 2, kFnSystemName = 3, kFnFilename = 4 };
}  // namespace pb

// Allocator plumbing, for pprof: the profile's drop_frames and keep_frames (regular
// expressions pprof anchors, matched against each function name as pprof shows it:
// by default without template arguments and parameters, with -symbolize=demangle=full
// whole but cut at the first '('; both forms are covered).
// Walking a stack from its root, pprof cuts it at the first frame after a program frame
// that matches drop_frames and not keep_frames, so the flat column names the program's
// function that asked for memory, not operator new, malloc or the standard library's
// allocators and containers (std::__new_allocator::allocate, _M_create, allocate_shared,
// vector growing) between them. Standard-library names may start with a function
// template's return type ("void std::vector<...>::_M_realloc_insert<...>").
// Kept: frames that run the program's code (std::thread's state, std::__invoke), so a
// thread's function stays its own site; and a program's function template whose return
// type is a standard one ("std::vector MakeBuffer": the last word is neither std's
// nor the qualifier "const").
static const char kDropFrames[] =
    "operator new.*|operator delete.*|(__libc_)?(malloc|calloc|realloc|memalign)|reallocarray|free|"
    "aligned_alloc|posix_memalign|valloc|pvalloc|(__)?strn?dup|([\\w:]+[*&]* ){0,2}(std|__gnu_cxx)::.*";
static const char kKeepFrames[] =
    "([\\w:]+[*&]* ){0,2}std::(__invoke|invoke|thread::_State_impl|thread::_Invoker).*|"
    "(std|__gnu_cxx)::.* ([A-Za-bd-rt-z]|c[^o]|co[^n]|con[^s]|cons[^t]|const\\w|s[^t]|st[^d]|std[^:]|_[^_]|"
    "__[^g])[\\w:]*(<.*)?";

namespace {

u64 HashBytes(const char *s, uptr n) {
  u64 h = 0xcbf29ce484222325ULL;
  for (uptr i = 0; i < n; i++) h = (h ^ (u8)s[i]) * 0x100000001b3ULL;
  return h;
}

u64 Mix(u64 k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k;
}

// Open addressing map from any u64 key to a non-zero u32 value (0 marks a free slot).
class U64Map {
 public:
  U64Map() { Rehash(1024); }
  u32 Get(u64 key) {
    for (uptr i = Mix(key) & mask_;; i = (i + 1) & mask_) {
      if (!slots_[i].value) return 0;
      if (slots_[i].key == key) return slots_[i].value;
    }
  }
  void Put(u64 key, u32 value) {
    if ((used_ + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    uptr i = Mix(key) & mask_;
    while (slots_[i].value) i = (i + 1) & mask_;
    slots_[i] = {key, value};
    used_++;
  }

 private:
  struct Slot {
    u64 key;
    u32 value;
  };
  void Rehash(uptr n) {
    InternalVector<Slot> old;
    for (Slot &s : slots_)
      if (s.value) old.push_back(s);
    slots_.clear();
    slots_.resize(n);
    mask_ = n - 1;
    used_ = 0;
    for (Slot &s : old) Put(s.key, s.value);
  }
  InternalVector<Slot> slots_;
  uptr mask_ = 0, used_ = 0;
};

// The profile's string table: index 0 is "", every other string appears once.
// Strings are copied into one pool and named by offset, so growth never invalidates.
// Each string is also encoded as a string_table field when interned, so that a
// snapshot appends the whole table with one copy.
class StringTable {
 public:
  StringTable() { Intern(""); }
  u64 Intern(const char *s) { return Intern(s, strlen(s)); }
  u64 Intern(const char *s, uptr n) {
    u64 h = HashBytes(s, n);
    // The map keys on the hash; collisions chain through `next_`.
    for (u32 idx = by_hash_.Get(h); idx; idx = next_[idx - 1]) {
      const char *t = pool_.begin() + offsets_[idx - 1];
      if (!strncmp(t, s, n) && !t[n]) return idx - 1;
    }
    u32 idx = (u32)offsets_.size() + 1;
    offsets_.push_back(pool_.size());
    u32 head = by_hash_.Get(h);
    next_.push_back(0);
    if (head) {  // a hash collision: link the new string right behind the chain's head
      next_.back() = next_[head - 1];
      next_[head - 1] = idx;
    } else {
      by_hash_.Put(h, idx);
    }
    for (uptr i = 0; i < n; i++) pool_.push_back(s[i]);
    pool_.push_back(0);
    encoded_.Bytes(pb::kStringTable, s, n);
    return idx - 1;
  }
  void Write(ProtoWriter *w) { w->Raw(encoded_.data(), encoded_.size()); }

 private:
  U64Map by_hash_;
  InternalVector<u64> offsets_;
  InternalVector<u32> next_;
  InternalVector<char> pool_;
  ProtoWriter encoded_;
};

struct MappingState {
  ModuleInfo module;
  bool any_file, any_line;
};

}  // namespace

// Everything of a profile but the counters, kept from one snapshot to the next: the
// string table, functions, locations and mappings (Function and Location messages
// already encoded), and per stack id the sample's location_id field (plus its type
// label), encoded. Stacks never change and depot entries are never freed, so all of it
// stays valid; a snapshot only adds what is new since the previous one, and a warm
// snapshot costs O(stacks): no symbolization, no hashing of frames, one copy per stack.
// Unreferenced locations never appear: a bucket that counted an allocation keeps a
// sample in every later profile.
//
// Mappings are those known when a location was first seen (the symbolizer loads the
// module list once; see symbolizer.h).
struct ProfileCache {
  StringTable strings;
  U64Map functions;  // (name index << 32 | file index) -> id
  U64Map locations;  // address -> id
  InternalVector<MappingState> mappings;  // id - 1
  ProtoWriter functions_pb, locations_pb;  // Function and Location messages so far
  u32 next_function = 1, next_location = 1;
  // by_stack[id]: the stack's cached sample fields, stack_pb[begin, begin + size); size 0:
  // not encoded yet (an encoding is never empty: it holds at least one location).
  struct Span {
    u64 begin;  // stack_pb may outgrow 4 GiB: millions of deep stacks
    u32 size;
  };
  InternalVector<Span> by_stack;
  ProtoWriter stack_pb;
  u64 bytes_key = 0, type_key = 0;
  char exe[4096];
  bool exe_known = false;
};

namespace {

class ProfileBuilder {
 public:
  ProfileBuilder(ProtoWriter *w, ProfileCache *c) : w_(w), c_(c) {}
  void Build(const HeapProfileInput &in);

 private:
  void SampleType(const char *type, const char *unit);
  u32 MappingFor(uptr pc);
  u32 FunctionFor(const char *name, const char *file);
  u32 LocationFor(uptr pc, const LeakScopeSite *site, bool startup);
  void EncodeStack(StackEntry *e, ProtoWriter *out);
  void WriteMappings();

  ProtoWriter *w_;
  ProfileCache *c_;
  InternalVector<u64> locs_;
};

void ProfileBuilder::SampleType(const char *type, const char *unit) {
  uptr m = w_->StartMessage(pb::kSampleType);
  w_->Varint(pb::kVtType, c_->strings.Intern(type));
  w_->Varint(pb::kVtUnit, c_->strings.Intern(unit));
  w_->EndMessage(m);
}

u32 ProfileBuilder::MappingFor(uptr pc) {
  for (uptr i = 0; i < c_->mappings.size(); i++) {
    ModuleInfo &m = c_->mappings[i].module;
    if (pc >= m.lo && pc < m.hi) return (u32)i + 1;
  }
  MappingState s = {};
  if (!FindModule(pc, &s.module)) return 0;
  c_->mappings.push_back(s);
  return (u32)c_->mappings.size();
}

u32 ProfileBuilder::FunctionFor(const char *name, const char *file) {
  u64 n = c_->strings.Intern(name), f = c_->strings.Intern(file);
  u64 key = n << 32 | f;
  if (u32 id = c_->functions.Get(key)) return id;
  u32 id = c_->next_function++;
  c_->functions.Put(key, id);
  ProtoWriter *w = &c_->functions_pb;
  uptr m = w->StartMessage(pb::kFunction);
  w->Varint(pb::kFnId, id);
  w->VarintIfNonZero(pb::kFnName, n);
  w->VarintIfNonZero(pb::kFnSystemName, n);
  w->VarintIfNonZero(pb::kFnFilename, f);
  w->EndMessage(m);
  return id;
}

static const char *BaseName(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

// Unnamed frames the dynamic loader's initializer calls run (call_init, _dl_init: a
// library's static constructors) are named "MODULE (start-up)": such a library
// (libstdc++'s emergency exception pool, 71 KiB) has no symbol there, and one label per
// module groups its start-up allocations. Such a pc gets its own location (key bit 63,
// never set in a user-space address), so the same pc reached later stays MODULE+0xOFF.
static constexpr uptr kStartupKey = uptr(1) << 63;

static bool IsLoaderInit(const char *fn) { return !strcmp(fn, "_dl_init") || !strcmp(fn, "call_init"); }

u32 ProfileBuilder::LocationFor(uptr pc, const LeakScopeSite *site, bool startup) {
  uptr key = startup ? pc | kStartupKey : pc;
  if (u32 id = c_->locations.Get(key)) return id;
  u32 id = c_->next_location++;
  c_->locations.Put(key, id);
  u32 mapping = MappingFor(pc);
  SymbolizedFrame frames[16];
  u32 n = Symbolize(pc, frames, 16);
  // The allocation call itself: what the pass recorded at compile time fills the gap
  // when the binary has no usable debug info there.
  if (site && n && !*frames[n - 1].file && *site->file) {
    frames[n - 1].file = site->file;
    frames[n - 1].line = site->line;
    if (!*frames[n - 1].function) frames[n - 1].function = site->function;
  }
  // Functions are top-level messages: write them before opening the location.
  u32 function_ids[16];
  char unknown[512];
  for (u32 i = 0; i < n; i++) {
    const char *fn = frames[i].function;
    if (!*fn) {
      if (mapping && startup) {
        snprintf(unknown, sizeof(unknown), "%s (start-up)", BaseName(c_->mappings[mapping - 1].module.path));
      } else if (mapping) {
        ModuleInfo &mi = c_->mappings[mapping - 1].module;
        snprintf(unknown, sizeof(unknown), "%s+0x%zx", BaseName(mi.path), (size_t)(pc - mi.base));
      } else {
        snprintf(unknown, sizeof(unknown), "0x%zx", (size_t)pc);
      }
      fn = unknown;
    }
    if (mapping) {
      if (*frames[i].file) c_->mappings[mapping - 1].any_file = true;
      if (frames[i].line) c_->mappings[mapping - 1].any_line = true;
    }
    function_ids[i] = FunctionFor(fn, frames[i].file);
  }
  ProtoWriter *w = &c_->locations_pb;
  uptr m = w->StartMessage(pb::kLocation);
  w->Varint(pb::kLocId, id);
  w->VarintIfNonZero(pb::kLocMappingId, mapping);
  w->Varint(pb::kLocAddress, pc);
  for (u32 i = 0; i < n; i++) {
    uptr l = w->StartMessage(pb::kLocLine);
    w->Varint(pb::kLineFunctionId, function_ids[i]);
    w->VarintIfNonZero(pb::kLineLine, frames[i].line);
    w->EndMessage(l);
  }
  w->EndMessage(m);
  return id;
}

// The sample fields of a stack that never change: location ids (leaf first, without
// frame 0, the runtime's allocation entry point) and the type label.
void ProfileBuilder::EncodeStack(StackEntry *e, ProtoWriter *out) {
  locs_.clear();
  // The innermost loader-initializer frame: frames inside it run at start-up.
  u32 init = 0;
  for (u32 k = 1; k < e->size && !init; k++) {
    SymbolizedFrame f[16];
    u32 n = Symbolize(e->Frame(k) - 1, f, 16);
    for (u32 i = 0; i < n; i++)
      if (IsLoaderInit(f[i].function)) init = k;
  }
  for (u32 k = 1; k < e->size; k++)
    locs_.push_back(LocationFor(e->Frame(k) - 1, k == 1 ? e->site : nullptr, k < init));
  out->PackedVarints(pb::kSampleLocationId, locs_.begin(), locs_.size());
  if (e->site && *e->site->type) {
    uptr l = out->StartMessage(pb::kSampleLabel);
    out->Varint(pb::kLabelKey, c_->type_key);
    out->Varint(pb::kLabelStr, c_->strings.Intern(e->site->type));
    out->EndMessage(l);
  }
}

void ProfileBuilder::WriteMappings() {
  // pprof names the profile after its first mapping ("File: ..."): the executable.
  char *exe = c_->exe;
  if (!c_->exe_known) {
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(c_->exe) - 1);
    exe[len > 0 ? len : 0] = 0;
    c_->exe_known = true;
  }
  InternalVector<MappingState> &mappings = c_->mappings;
  uptr first = 0;
  for (uptr i = 0; i < mappings.size(); i++)
    if (*exe && !strcmp(mappings[i].module.path, exe)) first = i;
  for (uptr k = 0; k < mappings.size(); k++) {
    uptr i = k == 0 ? first : (k <= first ? k - 1 : k);
    MappingState &s = mappings[i];
    char build_id[2 * sizeof(s.module.build_id) + 1];
    for (u32 k = 0; k < s.module.build_id_size; k++)
      snprintf(build_id + 2 * k, 3, "%02x", s.module.build_id[k]);
    build_id[2 * s.module.build_id_size] = 0;
    uptr m = w_->StartMessage(pb::kMapping);
    w_->Varint(pb::kMapId, i + 1);
    w_->Varint(pb::kMapStart, s.module.lo);
    w_->Varint(pb::kMapLimit, s.module.hi);
    w_->VarintIfNonZero(pb::kMapOffset, s.module.lo - s.module.base);
    w_->VarintIfNonZero(pb::kMapFilename, c_->strings.Intern(s.module.path));
    w_->VarintIfNonZero(pb::kMapBuildId, c_->strings.Intern(build_id));
    w_->Bool(pb::kMapHasFunctions, true);
    w_->Bool(pb::kMapHasFilenames, s.any_file);
    w_->Bool(pb::kMapHasLineNumbers, s.any_line);
    w_->Bool(pb::kMapHasInlineFrames, true);
    w_->EndMessage(m);
  }
}

void ProfileBuilder::Build(const HeapProfileInput &in) {
  SampleType("alloc_objects", "count");
  SampleType("alloc_space", "bytes");
  if (in.with_leaks) {
    SampleType("leaked_objects", "count");
    SampleType("leaked_space", "bytes");
  }
  if (in.with_stale) {
    SampleType("stale_objects", "count");
    SampleType("stale_space", "bytes");
  }
  SampleType("inuse_objects", "count");
  SampleType("inuse_space", "bytes");
  if (in.pinned) SampleType("pinned_space", "bytes");
  if (!c_->bytes_key) {
    c_->bytes_key = c_->strings.Intern("bytes");
    c_->type_key = c_->strings.Intern("type");
  }
  u64 age_key = in.with_stale ? c_->strings.Intern("age_s") : 0;
  u64 seconds = in.with_stale ? c_->strings.Intern("seconds") : 0;
  uptr next_stale = 0;

  ProtoWriter scratch;  // the encoding of a stack without an id (not cached)
  for (uptr i = 0; i < in.num_entries; i++) {
    if (in.pace && i % 64 == 63) in.pace();
    StackEntry *e = in.entries[i];
    const BucketCounters &b = in.counts[i];
    u64 free_objects = b.free_objects, free_bytes = b.free_bytes;
    u64 alloc_objects = b.alloc_objects, alloc_bytes = b.alloc_bytes;
    if (!alloc_objects) continue;
    u64 values[9];
    u32 nv = 0;
    values[nv++] = alloc_objects;
    values[nv++] = alloc_bytes;
    if (in.with_leaks) {
      values[nv++] = in.leaks[i].objects;
      values[nv++] = in.leaks[i].bytes;
    }
    u32 stale_at = nv;  // where the stale values go (0 in this sample)
    if (in.with_stale) {
      values[nv++] = 0;
      values[nv++] = 0;
    }
    values[nv++] = alloc_objects > free_objects ? alloc_objects - free_objects : 0;
    values[nv++] = alloc_bytes > free_bytes ? alloc_bytes - free_bytes : 0;
    if (in.pinned) values[nv++] = in.pinned[i];

    const u8 *fixed;
    uptr fixed_size;
    if (e->id) {
      if (e->id >= c_->by_stack.size()) c_->by_stack.resize(RoundUp(e->id + 1, 4096));
      ProfileCache::Span &span = c_->by_stack[e->id];
      if (!span.size) {
        span.begin = c_->stack_pb.size();
        EncodeStack(e, &c_->stack_pb);
        span.size = (u32)(c_->stack_pb.size() - span.begin);
      }
      fixed = c_->stack_pb.data() + span.begin;
      fixed_size = span.size;
    } else {
      scratch.Clear();
      EncodeStack(e, &scratch);
      fixed = scratch.data();
      fixed_size = scratch.size();
    }

    uptr m = w_->StartMessage(pb::kSample);
    w_->Raw(fixed, fixed_size);
    w_->PackedVarints(pb::kSampleValue, values, nv);
    uptr l = w_->StartMessage(pb::kSampleLabel);
    w_->Varint(pb::kLabelKey, c_->bytes_key);
    w_->Varint(pb::kLabelNum, alloc_bytes / alloc_objects);
    w_->EndMessage(l);
    w_->EndMessage(m);
    // This stack's stale samples: only the stale values, and the age range.
    while (next_stale < in.num_stale && in.stale[next_stale].entry < i) next_stale++;
    for (; next_stale < in.num_stale && in.stale[next_stale].entry == i; next_stale++) {
      const StaleSample &st = in.stale[next_stale];
      u64 sv[9] = {};
      sv[stale_at] = st.objects;
      sv[stale_at + 1] = st.bytes;
      uptr sm = w_->StartMessage(pb::kSample);
      w_->Raw(fixed, fixed_size);
      w_->PackedVarints(pb::kSampleValue, sv, nv);
      uptr sl = w_->StartMessage(pb::kSampleLabel);
      w_->Varint(pb::kLabelKey, c_->bytes_key);
      w_->Varint(pb::kLabelNum, alloc_bytes / alloc_objects);
      w_->EndMessage(sl);
      sl = w_->StartMessage(pb::kSampleLabel);
      w_->Varint(pb::kLabelKey, age_key);
      w_->Varint(pb::kLabelNum, st.age_s);
      w_->Varint(pb::kLabelNumUnit, seconds);
      w_->EndMessage(sl);
      w_->EndMessage(sm);
    }
  }
  w_->Raw(c_->functions_pb.data(), c_->functions_pb.size());
  w_->Raw(c_->locations_pb.data(), c_->locations_pb.size());
  WriteMappings();

  uptr m = w_->StartMessage(pb::kPeriodType);
  w_->Varint(pb::kVtType, c_->strings.Intern("space"));
  w_->Varint(pb::kVtUnit, c_->strings.Intern("bytes"));
  w_->EndMessage(m);
  w_->Varint(pb::kPeriod, 1);
  w_->Varint(pb::kDropFrames, c_->strings.Intern(kDropFrames));
  w_->Varint(pb::kKeepFrames, c_->strings.Intern(kKeepFrames));
  w_->VarintIfNonZero(pb::kTimeNanos, in.time_nanos);
  if (in.comment) w_->Varint(pb::kComment, c_->strings.Intern(in.comment));
  if (in.with_stale) {
    char threshold[32];
    snprintf(threshold, sizeof(threshold), "stale_after_s=%u", in.stale_after_s);
    w_->Varint(pb::kComment, c_->strings.Intern(threshold));
  }
  w_->Varint(pb::kDefaultSampleType, c_->strings.Intern("inuse_space"));
  c_->strings.Write(w_);
}

}  // namespace

void CollectDepotEntries(InternalVector<StackEntry *> *out, InternalVector<BucketCounters> *counts) {
  u32 n = DepotCount();
  BucketCounters batch[kIdsPerPage];  // one page of every table at a time: no mapping
  for (u32 first = 1; first <= n; first += kIdsPerPage) {
    u32 count = n - first + 1 < kIdsPerPage ? n - first + 1 : (u32)kIdsPerPage;
    BucketReadRange(first, count, batch);
    for (u32 k = 0; k < count; k++) {
      if (!batch[k].alloc_objects) continue;
      StackEntry *e = DepotGet(first + k);
      if (!e || (__atomic_load_n(&e->flags, __ATOMIC_RELAXED) & kStackFromRuntime)) continue;
      out->push_back(e);
      counts->push_back(batch[k]);
    }
  }
}

ProfileCache *NewProfileCache() { return InternalNew<ProfileCache>(); }

void BuildHeapProfile(const HeapProfileInput &in, ProtoWriter *w, ProfileCache *cache) {
  if (cache) {
    ProfileBuilder(w, cache).Build(in);
    return;
  }
  ProfileCache fresh;
  ProfileBuilder(w, &fresh).Build(in);
}

}  // namespace leakscope
