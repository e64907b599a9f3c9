#include "migrate/verify/verify.h"

#include <gtest/gtest.h>

#include "support/fake_table_plane.h"

namespace ddbmv::migrate {
namespace {

using testing::FakeTablePlane;
using testing::Json;

class Verify : public ::testing::Test {
 protected:
  void SetUp() override {
    plane.create("src");
    plane.create("dst");
    testing::fill(plane, "src", 500);
    testing::fill(plane, "dst", 500);
    options.segments = 3;
    options.scan_threads = 2;
  }
  Result<VerifyReport> verify() { return verify_tables(plane, plane, "src", "dst", options); }

  FakeTablePlane plane;
  VerifyOptions options;
};

TEST_F(Verify, EqualTablesHaveEqualCountsAndDigests) {
  auto report = verify();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->equal);
  EXPECT_EQ(report->source.count, 500);
  EXPECT_EQ(report->source.digest, report->target.digest);
  EXPECT_EQ(report->source.table, "src");
  EXPECT_TRUE(report->samples.empty());
}

TEST_F(Verify, DigestIgnoresNumberSpellingAndSetOrder) {
  plane.put("src", Json::parse(R"({"pk":{"S":"item-1"},"n":{"N":"1.0"},"s":{"SS":["b","a"]}})"));
  plane.put("dst", Json::parse(R"({"pk":{"S":"item-1"},"n":{"N":"1"},"s":{"SS":["a","b"]}})"));
  EXPECT_TRUE(verify()->equal);
}

TEST_F(Verify, NamesKeysMissingOnEitherSideAndItemsThatDiffer) {
  plane.erase("dst", Json{{"pk", {{"S", "item-7"}}}});
  plane.put("dst", Json{{"pk", {{"S", "stray"}}}});
  plane.put("dst", Json{{"pk", {{"S", "item-9"}}}, {"n", {{"N", "999"}}}});
  auto report = verify();
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->equal);
  EXPECT_EQ(report->source.count, report->target.count);  // same count, different content
  ASSERT_EQ(report->samples.size(), 3u);
  std::map<KeyDifference::Kind, Json> by_kind;
  for (const auto& sample : report->samples) {
    by_kind[sample.kind] = sample.key;
  }
  EXPECT_EQ(by_kind[KeyDifference::Kind::kOnlyInSource], (Json{{"pk", {{"S", "item-7"}}}}));
  EXPECT_EQ(by_kind[KeyDifference::Kind::kOnlyInTarget], (Json{{"pk", {{"S", "stray"}}}}));
  EXPECT_EQ(by_kind[KeyDifference::Kind::kDiffers], (Json{{"pk", {{"S", "item-9"}}}}));
}

TEST_F(Verify, LimitsTheNumberOfSamples) {
  for (int i = 0; i < 50; ++i) {
    plane.erase("dst", Json{{"pk", {{"S", "item-" + std::to_string(i)}}}});
  }
  options.max_samples = 5;
  auto report = verify();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->samples.size(), 5u);
  EXPECT_EQ(report->target.count, 450);
}

TEST_F(Verify, FingerprintMatchesWhatVerifyRecords) {
  auto report = verify().value();
  auto print = fingerprint_table(plane, "src", options).value();
  EXPECT_EQ(print, report.source);
  options.segments = 7;  // the segment count does not change the digest
  EXPECT_EQ(fingerprint_table(plane, "src", options).value(), report.source);
}

TEST_F(Verify, RefusesTablesWithDifferentKeySchemas) {
  plane.create("other", {"pk", "sk"});
  auto report = verify_tables(plane, plane, "src", "other", options);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, "KeySchemaMismatch");
}

}  // namespace
}  // namespace ddbmv::migrate
