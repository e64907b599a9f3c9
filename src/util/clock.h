#pragma once
/// Time as a dependency: production code asks a Clock, tests pass a manual one
/// (tests/support/manual_clock.h).

#include <chrono>

namespace ddbmv {

using TimePoint = std::chrono::system_clock::time_point;

/// Seconds since the Unix epoch, as DynamoDB's timestamps (ApproximateCreationDateTime...) count.
inline double epoch_seconds(TimePoint time) {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time (UTC).
  virtual TimePoint now() const = 0;
  /// Blocks for `duration` (a manual clock advances instead).
  virtual void sleep_for(std::chrono::milliseconds duration) const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) const override;
};

}  // namespace ddbmv
