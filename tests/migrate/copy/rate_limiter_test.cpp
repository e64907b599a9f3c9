#include "migrate/copy/rate_limiter.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, AllowsABurstThenPacesToTheRate) {
  ManualClock clock(TimePoint{});
  RateLimiter limiter(clock, 100.0);  // burst: one second's worth
  limiter.acquire(100);
  EXPECT_EQ(clock.now(), TimePoint{});
  limiter.acquire(50);
  EXPECT_EQ(clock.now() - TimePoint{}, milliseconds(500));
}

TEST(RateLimiter, HoldsTheLongRunRate) {
  ManualClock clock(TimePoint{});
  RateLimiter limiter(clock, 250.0, 25.0);
  for (int i = 0; i < 400; ++i) {
    limiter.acquire(25);  // 10,000 items at 250/s: 40 s, less the initial burst of 25
  }
  const auto elapsed = std::chrono::duration_cast<milliseconds>(clock.now() - TimePoint{});
  EXPECT_GE(elapsed, milliseconds(39'900));
  EXPECT_LE(elapsed, milliseconds(40'100));
}

TEST(RateLimiter, RequestsLargerThanTheBurstGoIntoDebt) {
  ManualClock clock(TimePoint{});
  RateLimiter limiter(clock, 10.0, 10.0);
  limiter.acquire(30);  // allowed at once, leaves 20 tokens of debt
  EXPECT_EQ(clock.now(), TimePoint{});
  limiter.acquire(10);  // waits for the debt and these 10: 3 s
  EXPECT_EQ(clock.now() - TimePoint{}, milliseconds(3'000));
}

TEST(RateLimiter, RefillsWhileIdle) {
  ManualClock clock(TimePoint{});
  RateLimiter limiter(clock, 10.0, 10.0);
  limiter.acquire(10);
  EXPECT_GT(limiter.wait_for(5), milliseconds(0));
  clock.advance(milliseconds(1'000));
  EXPECT_EQ(limiter.wait_for(10), milliseconds(0));
}

}  // namespace
}  // namespace ddbmv::migrate
