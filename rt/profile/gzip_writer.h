// A gzip (RFC 1952) container around deflate (RFC 1951) stored blocks: the bytes are
// not compressed, only framed and checksummed, so every gzip reader (pprof, gunzip,
// zlib) accepts them. The runtime is also a shared library loaded into programs that
// may not have zlib, so it carries this instead of linking one.
//
// Layout: 10-byte header (1f 8b, method 8, no flags, mtime 0, OS 255), then blocks of
// at most 65535 bytes, each "BFINAL|BTYPE=00" in its own byte (a stored block starts
// byte-aligned, so the 3 header bits are padded to a byte), LEN and ~LEN little-endian,
// the data; then CRC-32 (IEEE, reflected 0xEDB88320) and the length mod 2^32.
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

// CRC-32 as gzip defines it; `crc` is the value so far (0 to start).
u32 Crc32(u32 crc, const u8 *data, uptr len);

// Appends the gzip encoding of data[0, len) to *out. `pace`, when given, is called
// after each block (64 KiB), where the caller may give up its CPU for a while.
void GzipStored(const u8 *data, uptr len, InternalVector<u8> *out, void (*pace)() = nullptr);

}  // namespace leakscope
