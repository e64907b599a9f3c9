#include "aws/retry.h"

#include <gtest/gtest.h>

namespace ddbmv::aws {
namespace {

using std::chrono::milliseconds;

RetryPolicy policy_with_random(double value) {
  RetryPolicy policy;
  policy.base_delay = milliseconds{100};
  policy.max_delay = milliseconds{1'000};
  policy.random = [value] { return value; };
  return policy;
}

TEST(RetryPolicy, BackoffCeilingDoublesPerAttempt) {
  auto policy = policy_with_random(0.999999);
  EXPECT_EQ(policy.backoff(1), milliseconds{99});
  EXPECT_EQ(policy.backoff(2), milliseconds{199});
  EXPECT_EQ(policy.backoff(3), milliseconds{399});
  EXPECT_EQ(policy.backoff(4), milliseconds{799});
}

TEST(RetryPolicy, BackoffIsCappedAtMaxDelay) {
  auto policy = policy_with_random(0.999999);
  EXPECT_EQ(policy.backoff(5), milliseconds{999});
  EXPECT_EQ(policy.backoff(12), milliseconds{999});
}

TEST(RetryPolicy, BackoffIsFullJitterOfTheCeiling) {
  EXPECT_EQ(policy_with_random(0.0).backoff(3), milliseconds{0});
  EXPECT_EQ(policy_with_random(0.5).backoff(3), milliseconds{200});
  EXPECT_EQ(policy_with_random(0.25).backoff(1), milliseconds{25});
}

TEST(RetryPolicy, HugeAttemptNumbersDoNotOverflow) {
  auto policy = policy_with_random(0.5);
  EXPECT_EQ(policy.backoff(1'000'000), milliseconds{500});
  RetryPolicy defaults;
  defaults.random = [] { return 0.5; };
  EXPECT_EQ(defaults.backoff(64), milliseconds{10'000});
}

TEST(RetryPolicy, DefaultRandomStaysWithinTheCeiling) {
  RetryPolicy policy;  // no injected random: thread-local PRNG
  policy.base_delay = milliseconds{50};
  policy.max_delay = milliseconds{400};
  bool varied = false;
  const auto first = policy.backoff(4);
  for (int i = 0; i < 200; ++i) {
    const auto delay = policy.backoff(4);
    EXPECT_GE(delay.count(), 0);
    EXPECT_LE(delay.count(), 400);
    varied = varied || delay != first;
  }
  EXPECT_TRUE(varied);
}

}  // namespace
}  // namespace ddbmv::aws
