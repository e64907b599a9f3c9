#pragma once
/// A clock for tests: time moves only when told to, and sleeping advances it, so every wait and
/// backoff in the code under test is instant and its length can be asserted.

#include <chrono>

#include "util/clock.h"

namespace ddbmv::testing {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : m_now(start) {}
  TimePoint now() const override { return m_now; }
  void sleep_for(std::chrono::milliseconds duration) const override { m_now += duration; }
  void advance(std::chrono::milliseconds duration) { m_now += duration; }

 private:
  mutable TimePoint m_now;
};

}  // namespace ddbmv::testing
