#pragma once
/// Waiting for something outside the process to finish: polling with capped exponential backoff and
/// a deadline, on an injected Clock (a manual clock in tests makes every wait instant). Every wait in
/// ddbmv goes through poll_until; none sleeps a fixed time in a loop of its own.

#include <chrono>
#include <functional>
#include <string_view>

#include "util/clock.h"
#include "util/error.h"

namespace ddbmv {

struct PollPolicy {
  std::chrono::milliseconds first_delay{200};
  std::chrono::milliseconds max_delay{5'000};
  double factor = 1.6;
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};
};

/// The delays `policy` sleeps, one after another: first_delay, then ×factor each time, up to max_delay.
/// For retry loops that decide for themselves when to stop (poll_until uses it too).
class Backoff {
 public:
  explicit Backoff(const PollPolicy& policy) : m_policy(policy), m_next(policy.first_delay) {}
  std::chrono::milliseconds next();

 private:
  PollPolicy m_policy;
  std::chrono::milliseconds m_next;
};

/// Calls `check` until it returns true, sleeping first_delay, then longer (×factor, up to max_delay)
/// between calls. Fails with code "Timeout" naming `what` once `timeout` has passed, or with check's
/// own error.
Result<void> poll_until(const Clock& clock, const PollPolicy& policy, std::string_view what,
                        const std::function<Result<bool>()>& check);

}  // namespace ddbmv
