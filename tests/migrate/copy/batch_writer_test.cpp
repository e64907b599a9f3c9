#include "migrate/copy/batch_writer.h"

#include <gtest/gtest.h>

#include "support/fake_table_plane.h"

namespace ddbmv::migrate {
namespace {

using testing::FakeFaults;
using testing::FakeTablePlane;
using testing::InstantClock;
using testing::Json;

std::vector<WriteRequest> puts(int count) {
  std::vector<WriteRequest> requests;
  for (int i = 0; i < count; ++i) {
    requests.push_back({WriteRequest::Kind::kPut, Json{{"pk", {{"S", "k" + std::to_string(i)}}}}.dump()});
  }
  return requests;
}

TEST(BatchWriter, ResendsUnprocessedItemsUntilAllAreWritten) {
  FakeTablePlane plane;
  plane.create("t");
  plane.set_faults(FakeFaults::rates(0.7, 0));
  InstantClock clock;
  BatchWriter writer(plane, "t", clock, nullptr);
  ASSERT_TRUE(writer.write(puts(25)));
  EXPECT_EQ(plane.items("t").size(), 25u);
  EXPECT_GT(plane.batch_calls(), 1);  // it did have to resend
}

TEST(BatchWriter, RetriesThrottlingBeyondTheClientsRetries) {
  FakeTablePlane plane;
  plane.create("t");
  plane.set_faults(FakeFaults::rates(0, 0.5));
  InstantClock clock;
  BatchWriter writer(plane, "t", clock, nullptr);
  for (int round = 0; round < 10; ++round) {
    ASSERT_TRUE(writer.write(puts(25)));
  }
  EXPECT_EQ(plane.items("t").size(), 25u);
}

TEST(BatchWriter, BacksOffBetweenResends) {
  FakeTablePlane plane;
  plane.create("t");
  plane.set_faults(FakeFaults::rates(1.0, 0));
  InstantClock clock;
  const auto start = clock.now();
  BackoffPolicy backoff;
  backoff.max_attempts_without_progress = 5;
  backoff.random = [] { return 1.0; };
  BatchWriter writer(plane, "t", clock, nullptr, backoff);
  auto result = writer.write(puts(3));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "WriteStalled");
  EXPECT_NE(result.error().message.find("table t"), std::string::npos);
  // 50 + 100 + 200 + 400 ms before the 5th attempt without progress.
  EXPECT_EQ(clock.now() - start, std::chrono::milliseconds(750));
}

TEST(BatchWriter, StopsOnANonRetryableErrorNamingTheTable) {
  FakeTablePlane plane;
  plane.create("orders");
  plane.set_faults(FakeFaults::failing("ValidationException"));
  InstantClock clock;
  BatchWriter writer(plane, "orders", clock, nullptr);
  auto result = writer.write(puts(2));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ValidationException");
  EXPECT_NE(result.error().message.find("orders"), std::string::npos);
  EXPECT_EQ(plane.batch_calls(), 1);
}

TEST(BatchWriter, WritesDeletesToo) {
  FakeTablePlane plane;
  plane.create("t");
  plane.put("t", Json{{"pk", {{"S", "gone"}}}});
  InstantClock clock;
  BatchWriter writer(plane, "t", clock, nullptr);
  const std::vector<WriteRequest> requests{{WriteRequest::Kind::kDelete, R"({"pk":{"S":"gone"}})"},
                                           {WriteRequest::Kind::kPut, R"({"pk":{"S":"new"}})"}};
  ASSERT_TRUE(writer.write(requests));
  EXPECT_FALSE(plane.contains("t", Json{{"pk", {{"S", "gone"}}}}));
  EXPECT_TRUE(plane.contains("t", Json{{"pk", {{"S", "new"}}}}));
}

TEST(BatchWriter, CountsResendsAgainstTheRateLimit) {
  FakeTablePlane plane;
  plane.create("t");
  InstantClock clock;
  RateLimiter limiter(clock, 25.0, 25.0);
  BatchWriter writer(plane, "t", clock, &limiter);
  const auto start = clock.now();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(writer.write(puts(25)));
  }
  EXPECT_EQ(clock.now() - start, std::chrono::seconds(4));  // 125 items at 25/s, the first 25 at once
}

TEST(BuildBatchBody, EscapesTheTableName) {
  const auto body = build_batch_body("a\"b", puts(1));
  const auto json = Json::parse(body);
  EXPECT_TRUE(json["RequestItems"].contains("a\"b"));
}

}  // namespace
}  // namespace ddbmv::migrate
