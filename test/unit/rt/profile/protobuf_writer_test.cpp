#include "profile/protobuf_writer.h"

#include <gtest/gtest.h>

#include "proto_reader.h"

using namespace leakscope;

static std::string Bytes(ProtoWriter &w) { return std::string((const char *)w.data(), w.size()); }

TEST(ProtobufWriter, VarintsHaveTheirWireEncoding) {
  struct Case {
    uint64_t value;
    std::string encoding;
  } cases[] = {
      {0, std::string("\x00", 1)},
      {1, "\x01"},
      {127, "\x7f"},
      {128, "\x80\x01"},
      {300, "\xac\x02"},
      {~0ull, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"},
  };
  for (const Case &c : cases) {
    uint8_t buf[10];
    uptr n = ProtoWriter::EncodeVarint(c.value, buf);
    EXPECT_EQ(std::string((char *)buf, n), c.encoding) << c.value;
  }
}

TEST(ProtobufWriter, FieldsRoundTrip) {
  ProtoWriter w;
  w.Varint(1, 150);
  w.String(2, "testing");
  w.VarintIfNonZero(3, 0);  // omitted
  w.Bool(4, true);
  w.Int64(5, -2);
  std::vector<proto_reader::Field> f;
  ASSERT_TRUE(proto_reader::Parse(Bytes(w), &f));
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].number, 1u);
  EXPECT_EQ(f[0].varint, 150u);
  EXPECT_EQ(f[1].number, 2u);
  EXPECT_EQ(f[1].bytes, "testing");
  EXPECT_EQ(f[2].number, 4u);
  EXPECT_EQ(f[2].varint, 1u);
  EXPECT_EQ((int64_t)f[3].varint, -2);
  // The classic example from the protobuf documentation: field 1 = 150.
  ProtoWriter d;
  d.Varint(1, 150);
  EXPECT_EQ(Bytes(d), "\x08\x96\x01");
}

TEST(ProtobufWriter, NestedMessagesOfEverySize) {
  // Bodies whose length needs one, two and three varint bytes.
  for (size_t body : {0, 5, 127, 128, 300, 20000}) {
    ProtoWriter w;
    w.Varint(9, 1);
    uptr outer = w.StartMessage(2);
    uptr inner = w.StartMessage(3);
    std::string s(body, 'x');
    w.Bytes(1, s.data(), s.size());
    w.EndMessage(inner);
    w.Varint(4, 77);
    w.EndMessage(outer);
    w.Varint(10, 2);
    std::vector<proto_reader::Field> top, mid, in;
    ASSERT_TRUE(proto_reader::Parse(Bytes(w), &top)) << body;
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(top[0].varint, 1u);
    EXPECT_EQ(top[2].varint, 2u);
    ASSERT_TRUE(proto_reader::Parse(top[1].bytes, &mid));
    ASSERT_EQ(mid.size(), 2u);
    EXPECT_EQ(mid[1].number, 4u);
    EXPECT_EQ(mid[1].varint, 77u);
    ASSERT_TRUE(proto_reader::Parse(mid[0].bytes, &in));
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].bytes, s);
  }
}

TEST(ProtobufWriter, PackedVarints) {
  std::vector<uint64_t> values = {0, 1, 300, 1ull << 40, ~0ull};
  ProtoWriter w;
  w.PackedVarints(2, values.data(), values.size());
  w.PackedVarints(3, values.data(), 0);  // empty: nothing written
  std::vector<proto_reader::Field> f;
  ASSERT_TRUE(proto_reader::Parse(Bytes(w), &f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].wire, 2u);
  std::vector<uint64_t> got;
  proto_reader::AppendVarints(f[0], &got);
  EXPECT_EQ(got, values);
}
