// A small open-addressing hash map from a non-zero 64-bit key to a u32, in internal
// memory: the retention code's interning tables (root names, locations, paths).
// The caller mixes its keys (MixKey) so that a key is never 0, which marks a free slot.
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

inline u64 MixKey(u64 k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k | 1;
}

inline u64 HashString(const char *s, uptr n, u64 h = 0xcbf29ce484222325ULL) {
  for (uptr i = 0; i < n; i++) h = (h ^ (u8)s[i]) * 0x100000001b3ULL;
  return h;
}

class KeyMap {
 public:
  KeyMap() { Rehash(1024); }
  // The value for key, inserting `fresh` when absent (*inserted tells).
  u32 GetOrPut(u64 key, u32 fresh, bool *inserted) {
    if ((used_ + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    for (uptr i = key & mask_;; i = (i + 1) & mask_) {
      if (!slots_[i].key) {
        slots_[i] = {key, fresh};
        used_++;
        *inserted = true;
        return fresh;
      }
      if (slots_[i].key == key) {
        *inserted = false;
        return slots_[i].value;
      }
    }
  }
  // The value for key, or `absent`.
  u32 Get(u64 key, u32 absent) const {
    for (uptr i = key & mask_;; i = (i + 1) & mask_) {
      if (!slots_[i].key) return absent;
      if (slots_[i].key == key) return slots_[i].value;
    }
  }

 private:
  struct Slot {
    u64 key;
    u32 value;
  };
  void Rehash(uptr n) {
    InternalVector<Slot> old;
    for (Slot &s : slots_)
      if (s.key) old.push_back(s);
    slots_.clear();
    slots_.resize(n);
    mask_ = n - 1;
    used_ = 0;
    bool ins;
    for (Slot &s : old) GetOrPut(s.key, s.value, &ins);
  }
  InternalVector<Slot> slots_;
  uptr mask_ = 0, used_ = 0;
};

}  // namespace leakscope
