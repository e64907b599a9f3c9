#pragma once
/// Retries in the style of the AWS SDKs' standard mode: capped exponential backoff with full jitter,
/// a bounded number of attempts, only for retryable errors (see is_retryable in error.h).

#include <chrono>
#include <functional>
#include <memory>

namespace ddbmv::aws {

struct RetryPolicy {
  int max_attempts = 8;                                   ///< attempts per call, the first included
  std::chrono::milliseconds base_delay{25};               ///< first backoff ceiling
  std::chrono::milliseconds max_delay{20'000};            ///< backoff cap
  /// Uniform random in [0, 1); injectable for tests. Empty = a thread-local PRNG.
  std::function<double()> random;

  /// The delay before attempt `attempt + 1` after `attempt` failed (attempt counts from 1):
  /// random() * min(max_delay, base_delay * 2^(attempt-1)).
  std::chrono::milliseconds backoff(int attempt) const;
};

}  // namespace ddbmv::aws
