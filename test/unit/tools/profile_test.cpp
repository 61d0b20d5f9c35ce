// The pprof reader (tools/leakscope/profile.cpp) on profiles encoded here, by a tiny
// independent encoder: valid ones decode to what was encoded, and every kind of broken
// cross-reference is rejected with its reason.
#include "profile.h"
#include "site_series.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

namespace leakscope::tool {
namespace {

// Minimal protobuf encoder: varints, length-delimited fields.
std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) out += char((v & 0x7f) | 0x80), v >>= 7;
  out += char(v);
  return out;
}
std::string Key(int field, int wire) { return Varint(uint64_t(field) << 3 | wire); }
std::string Int(int field, uint64_t v) { return Key(field, 0) + Varint(v); }
std::string Msg(int field, const std::string &body) { return Key(field, 2) + Varint(body.size()) + body; }
std::string Packed(int field, const std::vector<uint64_t> &vs) {
  std::string body;
  for (uint64_t v : vs) body += Varint(v);
  return Msg(field, body);
}

// strings: 0 "", 1 inuse_space, 2 bytes, 3 grow, 4 a.cpp, 5 malloc, 6 main
std::string Strings() {
  std::string s;
  for (const char *t : {"", "inuse_space", "bytes", "grow", "a.cpp", "malloc", "main"}) s += Msg(6, t);
  return s;
}
std::string Function(uint64_t id, uint64_t name, uint64_t file) {
  return Msg(5, Int(1, id) + Int(2, name) + Int(4, file));
}
std::string Location(uint64_t id, std::vector<std::pair<uint64_t, uint64_t>> lines) {
  std::string body = Int(1, id) + Int(3, 0x1000 + id);
  for (auto &l : lines) body += Msg(4, Int(1, l.first) + Int(2, l.second));
  return Msg(4, body);
}

// One sample of 4096 bytes: malloc <- grow (a.cpp:12, inlined into main a.cpp:30).
std::string ValidProfile() {
  return Msg(1, Int(1, 1) + Int(2, 2)) + Msg(2, Packed(1, {1, 2}) + Packed(2, {4096})) + Location(1, {{1, 0}}) +
         Location(2, {{2, 12}, {3, 30}}) + Function(1, 5, 0) + Function(2, 3, 4) + Function(3, 6, 4) + Strings();
}

std::string Gzip(const std::string &raw) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(raw.size() + 64, '\0');
  z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
  z.avail_in = uInt(raw.size());
  z.next_out = reinterpret_cast<Bytef *>(&out[0]);
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Reject(const std::string &bytes) {
  Profile p;
  std::string error;
  EXPECT_FALSE(ParseProfile(bytes, &p, &error));
  return error;
}

TEST(ProfileTest, DecodesSamplesAndExpandsInlineFrames) {
  Profile p;
  std::string error;
  ASSERT_TRUE(ParseProfile(ValidProfile(), &p, &error)) << error;
  ASSERT_EQ(p.sample_types.size(), 1u);
  EXPECT_EQ(p.sample_types[0].type, "inuse_space");
  EXPECT_EQ(p.sample_types[0].unit, "bytes");
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].values, std::vector<int64_t>{4096});
  std::vector<Frame> stack = p.Stack(p.samples[0]);
  ASSERT_EQ(stack.size(), 3u);
  EXPECT_EQ(stack[0].function, "malloc");
  EXPECT_EQ(FrameKey(stack[1]), "grow a.cpp:12");
  EXPECT_EQ(FrameKey(stack[2]), "main a.cpp:30");
  EXPECT_EQ(p.DefaultSampleType(), "inuse_space");
  EXPECT_EQ(FrameKey(ProgramStack(stack)[0]), "grow a.cpp:12");
}

TEST(ProfileTest, GzipAndRawReadTheSame) {
  Profile raw, zipped;
  std::string error;
  ASSERT_TRUE(ParseProfile(ValidProfile(), &raw, &error)) << error;
  ASSERT_TRUE(ParseProfile(Gzip(ValidProfile()), &zipped, &error)) << error;
  EXPECT_EQ(zipped.samples[0].values, raw.samples[0].values);
  std::string gz = Gzip(ValidProfile());
  EXPECT_EQ(Reject(gz.substr(0, gz.size() / 2)), "truncated gzip data");
}

TEST(ProfileTest, UnpackedRepeatedFieldsAndUnknownFieldsAreAccepted) {
  std::string p = Msg(1, Int(1, 1) + Int(2, 2)) + Msg(2, Int(1, 1) + Int(2, 7)) + Location(1, {{1, 3}}) +
                  Function(1, 6, 4) + Int(99, 5) + Msg(98, "ignored") + Strings();
  Profile out;
  std::string error;
  ASSERT_TRUE(ParseProfile(p, &out, &error)) << error;
  EXPECT_EQ(out.samples[0].values[0], 7);
}

TEST(ProfileTest, UnsymbolizedLocationIsNamedByAddress) {
  std::string p = Msg(1, Int(1, 1) + Int(2, 2)) + Msg(2, Packed(1, {1}) + Packed(2, {1})) +
                  Msg(4, Int(1, 1) + Int(3, 0xabc)) + Strings();
  Profile out;
  std::string error;
  ASSERT_TRUE(ParseProfile(p, &out, &error)) << error;
  EXPECT_EQ(out.Stack(out.samples[0])[0].function, "0xabc");
}

TEST(ProfileTest, SampleWithoutLocationsIsItsOwnSite) {
  // Valid pprof (go tool pprof reads it): the sample keeps its value in every view.
  std::string p = Msg(1, Int(1, 1) + Int(2, 2)) + Msg(2, Packed(2, {512})) + Strings();
  Profile out;
  std::string error;
  ASSERT_TRUE(ParseProfile(p, &out, &error)) << error;
  ASSERT_EQ(out.samples.size(), 1u);
  EXPECT_TRUE(out.Stack(out.samples[0]).empty());
  std::vector<Frame> stack = ProgramStack(out.Stack(out.samples[0]));
  ASSERT_EQ(stack.size(), 1u);
  EXPECT_EQ(FrameKey(stack[0]), "(no stack)");
  SiteTotals totals;
  ASSERT_TRUE(SumBySite(out, "p.pb", "inuse_space", &totals, &error)) << error;
  EXPECT_EQ(totals.total, 512);
  EXPECT_EQ(totals.sites["(no stack)"].bytes, 512);
}

TEST(ProfileTest, BrokenReferencesAreRejectedWithTheirReason) {
  std::string st = Msg(1, Int(1, 1) + Int(2, 2));
  EXPECT_EQ(Reject(""), "empty file");
  EXPECT_EQ(Reject(st + Msg(6, "x")), "string table missing or does not start with \"\"");
  EXPECT_EQ(Reject(Strings()), "no sample types");
  EXPECT_EQ(Reject(Msg(1, Int(1, 50)) + Strings()), "sample_type refers to string 50 of 7");
  EXPECT_EQ(Reject(st + Msg(2, Packed(1, {9}) + Packed(2, {1})) + Strings()), "sample 0 refers to missing location 9");
  EXPECT_EQ(Reject(st + Msg(2, Packed(2, {1, 2})) + Strings()), "sample 0 has 2 values for 1 sample types");
  EXPECT_EQ(Reject(st + Location(1, {{4, 1}}) + Strings()), "location 1 refers to missing function 4");
  EXPECT_EQ(Reject(st + Location(1, {}) + Location(1, {}) + Strings()), "duplicate location id 1");
  EXPECT_EQ(Reject(st + Location(0, {}) + Strings()), "location with id 0");
  EXPECT_EQ(Reject(st + Function(1, 3, 4) + Function(1, 3, 4) + Strings()), "duplicate function id 1");
}

TEST(ProfileTest, ValuesThatWouldOverflowASumAreRejected) {
  // Two samples of -2^63 bytes: their sum (top's total, diff's growth) overflows.
  std::string st = Msg(1, Int(1, 1) + Int(2, 2));
  std::string min = Msg(2, Packed(2, {uint64_t(1) << 63}));
  EXPECT_EQ(Reject(st + min + Strings()), "the values of sample type inuse_space add up to more than 2^61 (at sample 0)");
  std::string big = Msg(2, Packed(2, {uint64_t(1) << 60}));
  EXPECT_EQ(Reject(st + big + big + big + Strings()), "the values of sample type inuse_space add up to more than 2^61 (at sample 2)");
  // A type name from the file is quoted printable: the message stays one line (a
  // newline in it was found by fuzz-profile).
  std::string odd = Msg(6, "") + Msg(6, "in\nuse\xff") + Msg(6, "bytes");
  EXPECT_EQ(Reject(st + min + odd), "the values of sample type in\\x0ause\\xff add up to more than 2^61 (at sample 0)");
  Profile p;
  std::string error;
  EXPECT_TRUE(ParseProfile(st + big + big + Strings(), &p, &error)) << error;
}

TEST(ProfileTest, MalformedWireDataIsRejected) {
  EXPECT_EQ(Reject(Key(1, 2) + Varint(100) + "ab"), "length 100 runs past the end at byte 2");
  EXPECT_EQ(Reject(std::string("\x48\xff\xff", 3)), "truncated varint at byte 3");
  EXPECT_EQ(Reject(std::string(11, '\xff')), "varint longer than 10 bytes at byte 10");
  EXPECT_EQ(Reject(Key(7, 3)), "bad wire type 3 at byte 1");
  EXPECT_EQ(Reject(Key(1, 0) + Varint(1)), "sample_type is not a message");
  EXPECT_EQ(Reject(Key(0, 0) + Varint(1)), "field number 0 at byte 1");
}

TEST(ProfileTest, AllocatorFrames) {
  for (const char *f : {"malloc", "calloc", "operator new(unsigned long)", "operator new[](unsigned long)",
                        "__leakscope_malloc", "posix_memalign", "strdup"})
    EXPECT_TRUE(IsAllocatorFrame({f, "", 0})) << f;
  for (const char *f : {"main", "mallocator", "newObject", "std::vector<int>::push_back"})
    EXPECT_FALSE(IsAllocatorFrame({f, "", 0})) << f;
  // An all-allocator stack keeps its outermost frame rather than becoming empty.
  std::vector<Frame> only = {{"malloc", "", 0}, {"operator new(unsigned long)", "", 0}};
  ASSERT_EQ(ProgramStack(only).size(), 1u);
  EXPECT_EQ(ProgramStack(only)[0].function, "operator new(unsigned long)");
}

TEST(ProfileTest, FormatValue) {
  EXPECT_EQ(FormatValue(0, "bytes"), "0B");
  EXPECT_EQ(FormatValue(1023, "bytes"), "1023B");
  EXPECT_EQ(FormatValue(1536, "bytes"), "1.50KiB");
  EXPECT_EQ(FormatValue(-3 * 1024 * 1024, "bytes"), "-3.00MiB");
  EXPECT_EQ(FormatValue(42, "count"), "42");
  EXPECT_EQ(FormatValue(INT64_MIN, "bytes"), "-8.00EiB");
  EXPECT_EQ(FormatValue(INT64_MAX, "bytes"), "8.00EiB");
}

}  // namespace
}  // namespace leakscope::tool
