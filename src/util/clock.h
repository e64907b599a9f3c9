#pragma once
/// Time as a dependency: production code asks a Clock, tests pass a fixed or manual one.

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

/// A clock for tests: time moves only when told to, and sleeping advances it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : m_now(start) {}
  TimePoint now() const override { return m_now; }
  void sleep_for(std::chrono::milliseconds duration) const override { m_now += duration; }
  void advance(std::chrono::milliseconds duration) { m_now += duration; }

 private:
  mutable TimePoint m_now;
};

}  // namespace ddbmv
