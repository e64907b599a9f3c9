#include "dynamodb/item_digest.h"

#include <gtest/gtest.h>

namespace ddbmv::dynamodb {
namespace {

using Json = nlohmann::json;

Digest256 hash_of(const std::string& item_json) {
  auto hash = item_hash(Json::parse(item_json));
  EXPECT_TRUE(hash.has_value()) << item_json;
  return hash.value_or(Digest256{});
}

TEST(ItemDigest, NumbersCompareByValue) {
  for (const char* same : {"1", "1.0", "1e0", "1E+0", "01.000", "0.1e1", "10e-1", "+1"}) {
    EXPECT_EQ(canonical_number(same).value(), "1E0") << same;
  }
  EXPECT_EQ(canonical_number("150").value(), "1.5E2");
  EXPECT_EQ(canonical_number("-0.00120").value(), "-1.2E-3");
  EXPECT_EQ(canonical_number("0").value(), "0");
  EXPECT_EQ(canonical_number("-0.000").value(), "0");
  EXPECT_EQ(canonical_number("12345678901234567890123456789012345678").value(),
            "1.2345678901234567890123456789012345678E37");
  EXPECT_NE(canonical_number("1").value(), canonical_number("10").value());
  EXPECT_NE(canonical_number("1").value(), canonical_number("-1").value());
}

TEST(ItemDigest, RejectsTextThatIsNotANumber) {
  for (const char* bad : {"", "-", "abc", "1.2.3", "1e", "1e+", "0x10", "1 ", "e5", "."}) {
    EXPECT_FALSE(canonical_number(bad).has_value()) << bad;
  }
}

TEST(ItemDigest, EqualUnderAttributeReordering) {
  EXPECT_EQ(hash_of(R"({"a":{"S":"x"},"b":{"N":"1"}})"), hash_of(R"({"b":{"N":"1.0"},"a":{"S":"x"}})"));
}

TEST(ItemDigest, SetsIgnoreOrder) {
  EXPECT_EQ(hash_of(R"({"s":{"SS":["a","b","c"]}})"), hash_of(R"({"s":{"SS":["c","a","b"]}})"));
  EXPECT_EQ(hash_of(R"({"s":{"NS":["1","20","3.5"]}})"), hash_of(R"({"s":{"NS":["2e1","3.50","1.0"]}})"));
  EXPECT_EQ(hash_of(R"({"s":{"BS":["AQ==","Ag=="]}})"), hash_of(R"({"s":{"BS":["Ag==","AQ=="]}})"));
  EXPECT_NE(hash_of(R"({"s":{"SS":["a","b"]}})"), hash_of(R"({"s":{"SS":["a","c"]}})"));
}

TEST(ItemDigest, ListsKeepOrder) {
  EXPECT_NE(hash_of(R"({"l":{"L":[{"S":"a"},{"S":"b"}]}})"), hash_of(R"({"l":{"L":[{"S":"b"},{"S":"a"}]}})"));
}

TEST(ItemDigest, NestedMapsIgnoreKeyOrder) {
  EXPECT_EQ(hash_of(R"({"m":{"M":{"x":{"M":{"p":{"N":"1"},"q":{"BOOL":true}}},"y":{"NULL":true}}}})"),
            hash_of(R"({"m":{"M":{"y":{"NULL":true},"x":{"M":{"q":{"BOOL":true},"p":{"N":"1.0"}}}}}})"));
  EXPECT_NE(hash_of(R"({"m":{"M":{"x":{"N":"1"}}}})"), hash_of(R"({"m":{"M":{"y":{"N":"1"}}}})"));
}

TEST(ItemDigest, BinaryComparesDecodedBytes) {
  EXPECT_EQ(hash_of(R"({"b":{"B":"AAEC"}})"), hash_of(R"({"b":{"B":"AAEC"}})"));
  EXPECT_EQ(hash_of(R"({"b":{"B":"AQ=="}})"), hash_of(R"({"b":{"B":"AQ"}})"));  // padding is not content
  EXPECT_NE(hash_of(R"({"b":{"B":"AQ=="}})"), hash_of(R"({"b":{"B":"Ag=="}})"));
  EXPECT_FALSE(item_hash(Json::parse(R"({"b":{"B":"**"}})")).has_value());
}

TEST(ItemDigest, DifferentTypesWithTheSameTextDiffer) {
  EXPECT_NE(hash_of(R"({"a":{"S":"1"}})"), hash_of(R"({"a":{"N":"1"}})"));
  EXPECT_NE(hash_of(R"({"a":{"S":"AQ=="}})"), hash_of(R"({"a":{"B":"AQ=="}})"));
  EXPECT_NE(hash_of(R"({"a":{"SS":["x"]}})"), hash_of(R"({"a":{"L":[{"S":"x"}]}})"));
  EXPECT_NE(hash_of(R"({"a":{"BOOL":true}})"), hash_of(R"({"a":{"BOOL":false}})"));
}

TEST(ItemDigest, ConcatenationsAreUnambiguous) {
  EXPECT_NE(hash_of(R"({"ab":{"S":"c"}})"), hash_of(R"({"a":{"S":"bc"}})"));
  EXPECT_NE(hash_of(R"({"s":{"SS":["a,b"]}})"), hash_of(R"({"s":{"SS":["a","b"]}})"));
}

TEST(ItemDigest, RejectsMalformedAttributeValues) {
  EXPECT_FALSE(item_hash(Json::parse(R"({"a":{"S":"x","N":"1"}})")).has_value());
  EXPECT_FALSE(item_hash(Json::parse(R"({"a":{"Q":"x"}})")).has_value());
  EXPECT_FALSE(item_hash(Json::parse(R"({"a":{"N":"one"}})")).has_value());
  EXPECT_FALSE(item_hash(Json::parse(R"({"a":"plain"})")).has_value());
}

TEST(TableDigest, IsIndependentOfOrderAndMergeable) {
  const auto a = hash_of(R"({"pk":{"S":"a"}})");
  const auto b = hash_of(R"({"pk":{"S":"b"}})");
  const auto c = hash_of(R"({"pk":{"S":"c"}})");
  TableDigest forward;
  forward.add(a);
  forward.add(b);
  forward.add(c);
  TableDigest left;
  left.add(c);
  TableDigest right;
  right.add(b);
  right.add(a);
  left.merge(right);
  EXPECT_EQ(forward, left);
  EXPECT_EQ(forward.count(), 3);
  EXPECT_EQ(forward.hex().size(), 64u);
}

TEST(TableDigest, DuplicatesDoNotCancel) {
  const auto a = hash_of(R"({"pk":{"S":"a"}})");
  TableDigest once;
  once.add(a);
  TableDigest twice;
  twice.add(a);
  twice.add(a);
  TableDigest none;
  EXPECT_NE(once.sum(), twice.sum());
  EXPECT_NE(none.sum(), twice.sum());
}

TEST(TableDigest, AdditionCarriesAcrossBytes) {
  Digest256 ones{};
  ones.fill(0xFF);
  Digest256 one{};
  one[31] = 1;
  TableDigest digest;
  digest.add(ones);
  digest.add(one);
  EXPECT_EQ(digest.hex(), std::string(64, '0'));  // 2^256 - 1 + 1 wraps to 0
}

TEST(TableDigest, DifferentItemSetsDiffer) {
  TableDigest first;
  first.add(hash_of(R"({"pk":{"S":"a"},"v":{"N":"1"}})"));
  TableDigest second;
  second.add(hash_of(R"({"pk":{"S":"a"},"v":{"N":"2"}})"));
  EXPECT_NE(first, second);
}

TEST(SharedTableDigest, MergesPartialsFromThreads) {
  const auto a = hash_of(R"({"pk":{"S":"a"}})");
  SharedTableDigest shared;
  TableDigest p1;
  p1.add(a);
  TableDigest p2;
  p2.add(a);
  shared.merge(p1);
  shared.merge(p2);
  EXPECT_EQ(shared.value().count(), 2);
}

}  // namespace
}  // namespace ddbmv::dynamodb
