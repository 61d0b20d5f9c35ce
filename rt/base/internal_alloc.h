// The runtime's own memory: never the program's heap.
//
// InternalAlloc serves small objects (up to 64 KiB) from power-of-two free lists carved
// out of mmap'd slabs, larger ones straight from mmap. It is used off the hot paths
// (options, symbolizer buffers, report records), so one spin lock is enough.
// InternalVector is a growable array in its own mapping, grown with mremap, for the
// big temporary arrays of a leak check (mark stack, chunk lists).
#pragma once

#include <string.h>

#include <new>

#include "base/common.h"

namespace leakscope {

void *InternalAlloc(uptr size);       // zeroed memory
void InternalFree(void *p);
char *InternalStrdup(const char *s);

// Maps `size` bytes of zeroed read-write memory; returns nullptr on failure.
void *MapMemory(uptr size, const char *what);
void UnmapMemory(void *p, uptr size);
// The same for a mapping written only below `dirty` bytes (the rest is still zero).
void UnmapMemory(void *p, uptr size, uptr dirty);

// While a ScopedArrayReuse lives on a thread, the big mappings that thread unmaps (at
// least kArrayReuseMinBytes, whole pages) are kept, and the mappings it makes are cut
// from the smallest kept one that fits and cleared where it was written (a memset, not
// the page faults of fresh memory; memory never written stays untouched). For a pipeline of phases on one thread whose arrays one phase frees and the
// next needs (the retention profile: the dominators' scratch arrays become the paths').
// The scope's end unmaps what is left; a scope inside another on the same thread does
// nothing. Other threads map and unmap as usual, the runtime's raw-clone helpers too
// (they share their creator's TLS, so the scope knows its thread by its kernel id).
constexpr uptr kArrayReuseMinBytes = 256 << 10;
constexpr int kMaxKeptMappings = 32;
struct KeptMapping {
  char *p;
  uptr bytes;
  uptr dirty;  // written below this offset; zero above
};
// Unmaps mappings a ScopedArrayReuse handed over (on any thread).
void UnmapMappings(const KeptMapping *m, int n);

class ScopedArrayReuse {
 public:
  ScopedArrayReuse();
  ~ScopedArrayReuse();
  ScopedArrayReuse(const ScopedArrayReuse &) = delete;
  ScopedArrayReuse &operator=(const ScopedArrayReuse &) = delete;
  uptr reused_bytes() const { return reused_; }  // served from kept mappings so far
  uptr kept_bytes() const;
  int owner_tid() const { return owner_tid_; }
  // Unmaps what is kept now (what the next phase will not take); later frees are kept
  // again.
  void UnmapKept();
  // The same, left to the caller: moves what is kept into out[0, kMaxKeptMappings) and
  // returns how many, for UnmapMappings on another thread.
  int HandOverKept(KeptMapping *out);

 private:
  friend void *TakeKeptMapping(uptr bytes);
  friend bool KeepMapping(void *p, uptr bytes, uptr dirty);
  static constexpr int kMaxKept = kMaxKeptMappings;
  using Kept = KeptMapping;
  Kept kept_[kMaxKept];
  int num_kept_ = 0;
  uptr reused_ = 0;
  int owner_tid_;
  bool active_;  // false inside another scope on this thread
};

// Constructs a T in internal memory (for runtime singletons built on first use).
template <typename T>
T *InternalNew() {
  return new (InternalAlloc(sizeof(T))) T();
}

template <typename T>
class InternalVector {
 public:
  InternalVector() = default;
  InternalVector(const InternalVector &) = delete;
  InternalVector &operator=(const InternalVector &) = delete;
  ~InternalVector() { Reset(); }

  void push_back(const T &v) {
    if (size_ == capacity_) Grow(size_ + 1);
    data_[size_++] = v;
  }
  T &back() { return data_[size_ - 1]; }
  void pop_back() {
    Shrinking();
    size_--;
  }
  T &operator[](uptr i) { return data_[i]; }
  const T &operator[](uptr i) const { return data_[i]; }
  uptr size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T *begin() { return data_; }
  const T *begin() const { return data_; }
  T *end() { return data_ + size_; }
  void clear() {
    Shrinking();
    size_ = 0;
  }
  // New elements are zero. Memory never written since it was mapped is zero already and
  // is not touched: a big array resized at once costs its page faults where it is
  // first written, not in a memset here.
  void resize(uptr n) {
    if (n > capacity_) Grow(n);
    uptr dirty = written_ > size_ ? written_ : size_;  // elements >= dirty are zero
    if (n > size_ && dirty > size_)
      memset((void *)(data_ + size_), 0, ((n < dirty ? n : dirty) - size_) * sizeof(T));
    Shrinking();
    size_ = n;
  }
  void Reset();
  // Exchanges contents with `other` (no copy).
  void Swap(InternalVector *other) {
    T *d = data_;
    uptr s = size_, c = capacity_, m = mapped_bytes_, w = written_;
    data_ = other->data_, size_ = other->size_, capacity_ = other->capacity_;
    mapped_bytes_ = other->mapped_bytes_, written_ = other->written_;
    other->data_ = d, other->size_ = s, other->capacity_ = c, other->mapped_bytes_ = m;
    other->written_ = w;
  }

 private:
  void Grow(uptr min_capacity);
  // Before size_ decreases: elements below it may have been written.
  void Shrinking() {
    if (size_ > written_) written_ = size_;
  }
  T *data_ = nullptr;
  uptr size_ = 0;
  uptr capacity_ = 0;
  uptr mapped_bytes_ = 0;
  uptr written_ = 0;  // elements at or above max(written_, size_) were never written
};

void *RemapGrow(void *old, uptr old_bytes, uptr new_bytes);

template <typename T>
void InternalVector<T>::Grow(uptr min_capacity) {
  uptr cap = capacity_ ? capacity_ * 2 : (kPageSize / sizeof(T) ? kPageSize / sizeof(T) : 1);
  while (cap < min_capacity) cap *= 2;
  uptr bytes = RoundUp(cap * sizeof(T), kPageSize);
  data_ = (T *)RemapGrow(data_, mapped_bytes_, bytes);
  mapped_bytes_ = bytes;
  capacity_ = bytes / sizeof(T);
}

template <typename T>
void InternalVector<T>::Reset() {
  Shrinking();
  if (data_) UnmapMemory(data_, mapped_bytes_, RoundUp(written_ * sizeof(T), kPageSize));
  data_ = nullptr;
  size_ = capacity_ = mapped_bytes_ = written_ = 0;
}

}  // namespace leakscope
