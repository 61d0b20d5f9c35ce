#include "profile/gzip_writer.h"

namespace leakscope {

namespace {
// Eight tables, so that the loop folds eight bytes per step (two loads, eight table
// lookups) instead of one: a snapshot of 10,000 stacks is ~0.5 MB, and a byte at a time
// costs about a millisecond of the snapshot thread there. g_crc_table[0] is the
// classic byte-wise table; g_crc_table[k][b] is the CRC of byte b followed by k zero
// bytes, i.e. table 0 applied k more times.
// Filled on first use: 8 KiB that no code path needs before a snapshot. A race fills it
// twice with the same values.
u32 g_crc_table[8][256];
bool g_crc_ready;
}  // namespace

static void FillCrcTable() {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    g_crc_table[0][i] = c;
  }
  for (int t = 1; t < 8; t++)
    for (u32 i = 0; i < 256; i++) {
      u32 c = g_crc_table[t - 1][i];
      g_crc_table[t][i] = g_crc_table[0][c & 0xff] ^ (c >> 8);
    }
  __atomic_store_n(&g_crc_ready, true, __ATOMIC_RELEASE);
}

u32 Crc32(u32 crc, const u8 *data, uptr len) {
  if (!__atomic_load_n(&g_crc_ready, __ATOMIC_ACQUIRE)) FillCrcTable();
  const u32(*t)[256] = g_crc_table;
  crc = ~crc;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // The CRC is reflected (least significant bit first), so on a little-endian machine
  // the first of eight bytes is the low byte of a 32-bit load.
  for (; len >= 8; data += 8, len -= 8) {
    u32 lo, hi;
    memcpy(&lo, data, 4);
    memcpy(&hi, data + 4, 4);
    lo ^= crc;
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
          t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
  }
#endif
  for (; len; data++, len--) crc = t[0][(crc ^ *data) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void Put(InternalVector<u8> *out, u8 b) { out->push_back(b); }
static void Put32(InternalVector<u8> *out, u32 v) {
  for (int i = 0; i < 4; i++) Put(out, (u8)(v >> (8 * i)));
}

void GzipStored(const u8 *data, uptr len, InternalVector<u8> *out, void (*pace)()) {
  static const u8 kHeader[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  uptr blocks = len / 65535 + 1;
  uptr at = out->size();
  out->resize(at + sizeof(kHeader) + blocks * 5 + len + 8);
  u8 *p = out->begin() + at;
  memcpy(p, kHeader, sizeof(kHeader));
  p += sizeof(kHeader);
  uptr done = 0;
  u32 crc = 0;
  do {
    uptr n = len - done > 65535 ? 65535 : len - done;
    bool last = done + n == len;
    *p++ = last ? 1 : 0;
    *p++ = (u8)n;
    *p++ = (u8)(n >> 8);
    *p++ = (u8)~n;
    *p++ = (u8)(~n >> 8);
    if (n) memcpy(p, data + done, n);
    crc = Crc32(crc, data + done, n);
    p += n;
    done += n;
    if (pace) pace();
  } while (done < len);
  out->resize(p - out->begin());
  Put32(out, crc);
  Put32(out, (u32)len);
}

}  // namespace leakscope
