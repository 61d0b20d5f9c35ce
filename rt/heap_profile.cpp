#include "heap_profile.h"

#include <stdio.h>
#include <unistd.h>

#include "symbolizer.h"

namespace leakscope {

// profile.proto field numbers.
namespace pb {
enum Profile : u32 {
  kSampleType = 1, kSample = 2, kMapping = 3, kLocation = 4, kFunction = 5, kStringTable = 6,
  kTimeNanos = 9, kPeriodType = 11, kPeriod = 12, kComment = 13, kDefaultSampleType = 14,
};
enum ValueType : u32 { kVtType = 1, kVtUnit = 2 };
enum Sample : u32 { kSampleLocationId = 1, kSampleValue = 2, kSampleLabel = 3 };
enum Label : u32 { kLabelKey = 1, kLabelStr = 2, kLabelNum = 3 };
enum Mapping : u32 {
  kMapId = 1, kMapStart = 2, kMapLimit = 3, kMapOffset = 4, kMapFilename = 5, kMapBuildId = 6,
  kMapHasFunctions = 7, kMapHasFilenames = 8, kMapHasLineNumbers = 9, kMapHasInlineFrames = 10,
};
enum Location : u32 { kLocId = 1, kLocMappingId = 2, kLocAddress = 3, kLocLine = 4 };
enum Line : u32 { kLineFunctionId = 1, kLineLine = 2 };
enum Function : u32 { kFnId = 1, kFnName = 2, kFnSystemName = 3, kFnFilename = 4 };
}  // namespace pb

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
    return idx - 1;
  }
  void Write(ProtoWriter *w) {
    for (uptr i = 0; i < offsets_.size(); i++) w->String(pb::kStringTable, pool_.begin() + offsets_[i]);
  }

 private:
  U64Map by_hash_;
  InternalVector<u64> offsets_;
  InternalVector<u32> next_;
  InternalVector<char> pool_;
};

struct MappingState {
  ModuleInfo module;
  bool any_file, any_line;
};

class ProfileBuilder {
 public:
  ProfileBuilder(ProtoWriter *w) : w_(w) {}
  void Build(const HeapProfileInput &in);

 private:
  void SampleType(const char *type, const char *unit);
  u32 MappingFor(uptr pc);
  u32 FunctionFor(const char *name, const char *file);
  u32 LocationFor(uptr pc, const LeakScopeSite *site);
  void WriteMappings();

  ProtoWriter *w_;
  StringTable strings_;
  U64Map functions_;  // (name index << 32 | file index) -> id
  U64Map locations_;  // address -> id
  InternalVector<MappingState> mappings_;  // id - 1
  u32 next_function_ = 1, next_location_ = 1;
};

void ProfileBuilder::SampleType(const char *type, const char *unit) {
  uptr m = w_->StartMessage(pb::kSampleType);
  w_->Varint(pb::kVtType, strings_.Intern(type));
  w_->Varint(pb::kVtUnit, strings_.Intern(unit));
  w_->EndMessage(m);
}

u32 ProfileBuilder::MappingFor(uptr pc) {
  for (uptr i = 0; i < mappings_.size(); i++) {
    ModuleInfo &m = mappings_[i].module;
    if (pc >= m.lo && pc < m.hi) return (u32)i + 1;
  }
  MappingState s = {};
  if (!FindModule(pc, &s.module)) return 0;
  mappings_.push_back(s);
  return (u32)mappings_.size();
}

u32 ProfileBuilder::FunctionFor(const char *name, const char *file) {
  u64 n = strings_.Intern(name), f = strings_.Intern(file);
  u64 key = n << 32 | f;
  if (u32 id = functions_.Get(key)) return id;
  u32 id = next_function_++;
  functions_.Put(key, id);
  uptr m = w_->StartMessage(pb::kFunction);
  w_->Varint(pb::kFnId, id);
  w_->VarintIfNonZero(pb::kFnName, n);
  w_->VarintIfNonZero(pb::kFnSystemName, n);
  w_->VarintIfNonZero(pb::kFnFilename, f);
  w_->EndMessage(m);
  return id;
}

static const char *BaseName(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

u32 ProfileBuilder::LocationFor(uptr pc, const LeakScopeSite *site) {
  if (u32 id = locations_.Get(pc)) return id;
  u32 id = next_location_++;
  locations_.Put(pc, id);
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
      if (mapping) {
        ModuleInfo &mi = mappings_[mapping - 1].module;
        snprintf(unknown, sizeof(unknown), "%s+0x%zx", BaseName(mi.path), (size_t)(pc - mi.base));
      } else {
        snprintf(unknown, sizeof(unknown), "0x%zx", (size_t)pc);
      }
      fn = unknown;
    }
    if (mapping) {
      if (*frames[i].file) mappings_[mapping - 1].any_file = true;
      if (frames[i].line) mappings_[mapping - 1].any_line = true;
    }
    function_ids[i] = FunctionFor(fn, frames[i].file);
  }
  uptr m = w_->StartMessage(pb::kLocation);
  w_->Varint(pb::kLocId, id);
  w_->VarintIfNonZero(pb::kLocMappingId, mapping);
  w_->Varint(pb::kLocAddress, pc);
  for (u32 i = 0; i < n; i++) {
    uptr l = w_->StartMessage(pb::kLocLine);
    w_->Varint(pb::kLineFunctionId, function_ids[i]);
    w_->VarintIfNonZero(pb::kLineLine, frames[i].line);
    w_->EndMessage(l);
  }
  w_->EndMessage(m);
  return id;
}

void ProfileBuilder::WriteMappings() {
  // pprof names the profile after its first mapping ("File: ..."): the executable.
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  exe[len > 0 ? len : 0] = 0;
  uptr first = 0;
  for (uptr i = 0; i < mappings_.size(); i++)
    if (*exe && !strcmp(mappings_[i].module.path, exe)) first = i;
  for (uptr k = 0; k < mappings_.size(); k++) {
    uptr i = k == 0 ? first : (k <= first ? k - 1 : k);
    MappingState &s = mappings_[i];
    char build_id[2 * sizeof(s.module.build_id) + 1];
    for (u32 k = 0; k < s.module.build_id_size; k++)
      snprintf(build_id + 2 * k, 3, "%02x", s.module.build_id[k]);
    build_id[2 * s.module.build_id_size] = 0;
    uptr m = w_->StartMessage(pb::kMapping);
    w_->Varint(pb::kMapId, i + 1);
    w_->Varint(pb::kMapStart, s.module.lo);
    w_->Varint(pb::kMapLimit, s.module.hi);
    w_->VarintIfNonZero(pb::kMapOffset, s.module.lo - s.module.base);
    w_->VarintIfNonZero(pb::kMapFilename, strings_.Intern(s.module.path));
    w_->VarintIfNonZero(pb::kMapBuildId, strings_.Intern(build_id));
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
  SampleType("inuse_objects", "count");
  SampleType("inuse_space", "bytes");
  u64 bytes_key = strings_.Intern("bytes"), type_key = strings_.Intern("type");

  InternalVector<u64> locs;
  for (uptr i = 0; i < in.num_entries; i++) {
    StackEntry *e = in.entries[i];
    u64 free_objects = __atomic_load_n(&e->free_objects, __ATOMIC_ACQUIRE);
    u64 free_bytes = __atomic_load_n(&e->free_bytes, __ATOMIC_ACQUIRE);
    u64 alloc_objects = __atomic_load_n(&e->alloc_objects, __ATOMIC_ACQUIRE);
    u64 alloc_bytes = __atomic_load_n(&e->alloc_bytes, __ATOMIC_ACQUIRE);
    if (!alloc_objects) continue;
    u64 values[6];
    u32 nv = 0;
    values[nv++] = alloc_objects;
    values[nv++] = alloc_bytes;
    if (in.with_leaks) {
      values[nv++] = in.leaks[i].objects;
      values[nv++] = in.leaks[i].bytes;
    }
    values[nv++] = alloc_objects > free_objects ? alloc_objects - free_objects : 0;
    values[nv++] = alloc_bytes > free_bytes ? alloc_bytes - free_bytes : 0;

    locs.clear();
    for (u32 k = 1; k < e->size; k++) locs.push_back(LocationFor(e->frames[k] - 1, k == 1 ? e->site : nullptr));

    uptr m = w_->StartMessage(pb::kSample);
    w_->PackedVarints(pb::kSampleLocationId, locs.begin(), locs.size());
    w_->PackedVarints(pb::kSampleValue, values, nv);
    uptr l = w_->StartMessage(pb::kSampleLabel);
    w_->Varint(pb::kLabelKey, bytes_key);
    w_->Varint(pb::kLabelNum, alloc_bytes / alloc_objects);
    w_->EndMessage(l);
    if (e->site && *e->site->type) {
      l = w_->StartMessage(pb::kSampleLabel);
      w_->Varint(pb::kLabelKey, type_key);
      w_->Varint(pb::kLabelStr, strings_.Intern(e->site->type));
      w_->EndMessage(l);
    }
    w_->EndMessage(m);
  }
  WriteMappings();

  uptr m = w_->StartMessage(pb::kPeriodType);
  w_->Varint(pb::kVtType, strings_.Intern("space"));
  w_->Varint(pb::kVtUnit, strings_.Intern("bytes"));
  w_->EndMessage(m);
  w_->Varint(pb::kPeriod, 1);
  w_->VarintIfNonZero(pb::kTimeNanos, in.time_nanos);
  if (in.comment) w_->Varint(pb::kComment, strings_.Intern(in.comment));
  w_->Varint(pb::kDefaultSampleType, strings_.Intern("inuse_space"));
  strings_.Write(w_);
}

}  // namespace

void CollectDepotEntries(InternalVector<StackEntry *> *out) {
  u32 n = DepotCount();
  for (u32 id = 1; id <= n; id++) {
    StackEntry *e = DepotGet(id);
    if (e && __atomic_load_n(&e->alloc_objects, __ATOMIC_RELAXED)) out->push_back(e);
  }
}

void BuildHeapProfile(const HeapProfileInput &in, ProtoWriter *w) {
  ProfileBuilder b(w);
  b.Build(in);
}

}  // namespace leakscope
