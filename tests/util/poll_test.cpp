#include "util/poll.h"

#include <gtest/gtest.h>

#include "support/manual_clock.h"
#include "util/time_format.h"

namespace ddbmv {
namespace {

TEST(Poll, PollsWithGrowingDelaysUntilDone) {
  testing::ManualClock clock(*parse_iso8601("2026-11-25T16:00:00Z"));
  const auto start = clock.now();
  int calls = 0;
  PollPolicy policy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000), 2.0,
                    std::chrono::minutes(1)};
  auto result = poll_until(clock, policy, "x", [&]() -> Result<bool> { return ++calls == 4; });
  ASSERT_TRUE(result);
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(clock.now() - start, std::chrono::milliseconds(100 + 200 + 400));
}

TEST(Poll, GivesUpAtTheTimeoutNamingWhatItWaitedFor) {
  testing::ManualClock clock(*parse_iso8601("2026-11-25T16:00:00Z"));
  PollPolicy policy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000), 2.0,
                    std::chrono::seconds(10)};
  auto result = poll_until(clock, policy, "table t to become ACTIVE", []() -> Result<bool> { return false; });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "Timeout");
  EXPECT_NE(result.error().message.find("table t to become ACTIVE"), std::string::npos);
}

TEST(Poll, BackoffGrowsByItsFactorUpToTheCap) {
  Backoff backoff(PollPolicy{std::chrono::milliseconds(100), std::chrono::milliseconds(300), 2.0,
                             std::chrono::minutes(1)});
  EXPECT_EQ(backoff.next(), std::chrono::milliseconds(100));
  EXPECT_EQ(backoff.next(), std::chrono::milliseconds(200));
  EXPECT_EQ(backoff.next(), std::chrono::milliseconds(300));
  EXPECT_EQ(backoff.next(), std::chrono::milliseconds(300));
}

}  // namespace
}  // namespace ddbmv
