#include "profile/gzip_writer.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "proto_reader.h"

using namespace leakscope;

TEST(GzipWriter, Crc32CheckValue) {
  // The standard check value of CRC-32/ISO-HDLC.
  EXPECT_EQ(Crc32(0, (const u8 *)"123456789", 9), 0xCBF43926u);
  EXPECT_EQ(Crc32(0, nullptr, 0), 0u);
  // Incremental use gives the same result.
  EXPECT_EQ(Crc32(Crc32(0, (const u8 *)"1234", 4), (const u8 *)"56789", 5), 0xCBF43926u);
}

// The definition, one bit at a time: what the eight-bytes-a-step loop must agree with
// at every length and alignment (the loop's tail and misaligned loads included).
static u32 Crc32Bitwise(const u8 *p, size_t n) {
  u32 c = ~0u;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

TEST(GzipWriter, Crc32MatchesTheBitwiseDefinition) {
  std::mt19937 rng(7);
  std::vector<u8> data(70000);
  for (u8 &b : data) b = (u8)rng();
  for (size_t offset = 0; offset < 8; offset++)
    for (size_t n = 0; n <= 40; n++)
      ASSERT_EQ(Crc32(0, data.data() + offset, n), Crc32Bitwise(data.data() + offset, n)) << offset << " " << n;
  EXPECT_EQ(Crc32(0, data.data() + 3, 69990), Crc32Bitwise(data.data() + 3, 69990));
  // Split anywhere, the running value carries over.
  EXPECT_EQ(Crc32(Crc32(0, data.data(), 13), data.data() + 13, 1000), Crc32Bitwise(data.data(), 1013));
}

TEST(GzipWriter, ZlibInflatesEverySize) {
  std::mt19937 rng(42);
  // Around the 65535-byte stored-block limit, and several blocks.
  for (size_t size : {0, 1, 100, 65534, 65535, 65536, 131070, 200001}) {
    std::string data(size, 0);
    for (char &c : data) c = (char)rng();
    InternalVector<u8> gz;
    GzipStored((const u8 *)data.data(), data.size(), &gz);
    ASSERT_GE(gz.size(), 18u);
    EXPECT_EQ(gz[0], 0x1f);
    EXPECT_EQ(gz[1], 0x8b);
    std::string out;
    ASSERT_TRUE(proto_reader::Gunzip(std::string((char *)gz.begin(), gz.size()), &out)) << size;
    EXPECT_EQ(out, data) << size;
  }
}

TEST(GzipWriter, AppendsToExistingContent) {
  InternalVector<u8> gz;
  gz.push_back('X');
  GzipStored((const u8 *)"abc", 3, &gz);
  EXPECT_EQ(gz[0], 'X');
  std::string out;
  ASSERT_TRUE(proto_reader::Gunzip(std::string((char *)gz.begin() + 1, gz.size() - 1), &out));
  EXPECT_EQ(out, "abc");
}

TEST(GzipWriter, CorruptionIsDetectedByTheReader) {
  // Checks that the test reader is strict: a wrong CRC must fail.
  InternalVector<u8> gz;
  GzipStored((const u8 *)"hello", 5, &gz);
  gz[gz.size() - 8] ^= 1;
  std::string out;
  EXPECT_FALSE(proto_reader::Gunzip(std::string((char *)gz.begin(), gz.size()), &out));
}
