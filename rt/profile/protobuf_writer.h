// A minimal protocol-buffer encoder for the pprof profile: varints, length-delimited
// fields (strings, bytes, nested messages) and packed repeated varints. Nothing else of
// protobuf is needed to write profile.proto.
//
// Output goes into an InternalVector (the runtime's own mappings, never the program's
// malloc). A nested message is written in place after a placeholder: EndMessage then
// moves its body right by the size of the length varint. Nested messages here are small
// (a sample, a location), so the move is cheap; top-level fields are written directly.
//
// Invariant: between StartMessage and EndMessage, only fields of that message (and its
// own nested messages, properly closed) are written.
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

class ProtoWriter {
 public:
  // Wire types used here.
  static constexpr u32 kVarint = 0, kLengthDelimited = 2;

  void Varint(u32 field, u64 v);            // always written, even when zero
  void VarintIfNonZero(u32 field, u64 v) {  // proto3 default values may be omitted
    if (v) Varint(field, v);
  }
  void Int64(u32 field, int64_t v) { Varint(field, (u64)v); }  // two's complement, like protobuf
  void Bool(u32 field, bool v) { Varint(field, v ? 1 : 0); }
  void Bytes(u32 field, const void *data, uptr len);
  void String(u32 field, const char *s) { Bytes(field, s, strlen(s)); }
  void PackedVarints(u32 field, const u64 *values, uptr n);
  // Bytes that are already an encoding of whole fields (a cached part of a message).
  void Raw(const void *data, uptr len);

  // Nested messages: `uptr m = StartMessage(f); ...fields...; EndMessage(m);`
  uptr StartMessage(u32 field);
  void EndMessage(uptr mark);

  const u8 *data() { return buf_.begin(); }
  uptr size() const { return buf_.size(); }
  void Clear() { buf_.clear(); }
  InternalVector<u8> *buffer() { return &buf_; }

  // The raw encoding of one varint (exposed for tests and for the gzip writer's users).
  static uptr EncodeVarint(u64 v, u8 *out);

 private:
  void Tag(u32 field, u32 wire) { RawVarint(((u64)field << 3) | wire); }
  void RawVarint(u64 v);
  InternalVector<u8> buf_;
};

}  // namespace leakscope
