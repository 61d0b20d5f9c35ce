#include "profile/protobuf_writer.h"

namespace leakscope {

uptr ProtoWriter::EncodeVarint(u64 v, u8 *out) {
  uptr n = 0;
  while (v >= 0x80) {
    out[n++] = (u8)(v | 0x80);
    v >>= 7;
  }
  out[n++] = (u8)v;
  return n;
}

void ProtoWriter::RawVarint(u64 v) {
  u8 tmp[10];
  uptr n = EncodeVarint(v, tmp);
  for (uptr i = 0; i < n; i++) buf_.push_back(tmp[i]);
}

void ProtoWriter::Varint(u32 field, u64 v) {
  Tag(field, kVarint);
  RawVarint(v);
}

void ProtoWriter::Bytes(u32 field, const void *data, uptr len) {
  Tag(field, kLengthDelimited);
  RawVarint(len);
  uptr at = buf_.size();
  buf_.resize(at + len);
  if (len) memcpy(buf_.begin() + at, data, len);
}

void ProtoWriter::Raw(const void *data, uptr len) {
  uptr at = buf_.size();
  buf_.resize(at + len);
  if (len) memcpy(buf_.begin() + at, data, len);
}

void ProtoWriter::PackedVarints(u32 field, const u64 *values, uptr n) {
  if (!n) return;  // an empty packed field is the same as an absent one
  uptr m = StartMessage(field);
  for (uptr i = 0; i < n; i++) RawVarint(values[i]);
  EndMessage(m);
}

uptr ProtoWriter::StartMessage(u32 field) {
  Tag(field, kLengthDelimited);
  return buf_.size();
}

void ProtoWriter::EndMessage(uptr mark) {
  uptr len = buf_.size() - mark;
  u8 tmp[10];
  uptr n = EncodeVarint(len, tmp);
  buf_.resize(buf_.size() + n);
  u8 *body = buf_.begin() + mark;
  memmove(body + n, body, len);
  memcpy(body, tmp, n);
}

}  // namespace leakscope
