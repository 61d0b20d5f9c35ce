#include "gzip_writer.h"

namespace leakscope {

namespace {
// Filled on first use: the table is 1 KiB of data that no code path needs before a
// snapshot, and computing it is a few microseconds. A race fills it twice with the
// same values.
u32 g_crc_table[256];
bool g_crc_ready;
}  // namespace

static void FillCrcTable() {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    g_crc_table[i] = c;
  }
  __atomic_store_n(&g_crc_ready, true, __ATOMIC_RELEASE);
}

u32 Crc32(u32 crc, const u8 *data, uptr len) {
  if (!__atomic_load_n(&g_crc_ready, __ATOMIC_ACQUIRE)) FillCrcTable();
  crc = ~crc;
  for (uptr i = 0; i < len; i++) crc = g_crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void Put(InternalVector<u8> *out, u8 b) { out->push_back(b); }
static void Put32(InternalVector<u8> *out, u32 v) {
  for (int i = 0; i < 4; i++) Put(out, (u8)(v >> (8 * i)));
}

void GzipStored(const u8 *data, uptr len, InternalVector<u8> *out) {
  static const u8 kHeader[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  uptr blocks = len / 65535 + 1;
  uptr at = out->size();
  out->resize(at + sizeof(kHeader) + blocks * 5 + len + 8);
  u8 *p = out->begin() + at;
  memcpy(p, kHeader, sizeof(kHeader));
  p += sizeof(kHeader);
  uptr done = 0;
  do {
    uptr n = len - done > 65535 ? 65535 : len - done;
    bool last = done + n == len;
    *p++ = last ? 1 : 0;
    *p++ = (u8)n;
    *p++ = (u8)(n >> 8);
    *p++ = (u8)~n;
    *p++ = (u8)(~n >> 8);
    if (n) memcpy(p, data + done, n);
    p += n;
    done += n;
  } while (done < len);
  out->resize(p - out->begin());
  Put32(out, Crc32(0, data, len));
  Put32(out, (u32)len);
}

}  // namespace leakscope
