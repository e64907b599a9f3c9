#pragma once
/// Capped exponential backoff with full jitter, as the AWS SDKs' standard retry mode computes it: the
/// one formula behind the AWS client's retries (aws/retry.h) and the batch writer's resends.

#include <chrono>
#include <functional>

namespace ddbmv {

/// random() * min(cap, base * 2^doublings), with random() uniform in [0, 1) (clamped); an empty
/// `random` uses a thread-local PRNG. Never overflows, whatever `doublings`.
std::chrono::milliseconds full_jitter(std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                      int doublings, const std::function<double()>& random = {});

}  // namespace ddbmv
