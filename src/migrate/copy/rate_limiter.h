#pragma once
/// A token bucket over an injected Clock: caps items/s across all the threads that share it.

#include <chrono>
#include <cstdint>
#include <mutex>

#include "util/clock.h"

namespace ddbmv::migrate {

class RateLimiter {
 public:
  /// `rate` tokens per second (> 0), at most `burst` saved up (at least 1; default one second's worth).
  RateLimiter(const Clock& clock, double rate, double burst = 0);

  /// Blocks (through Clock::sleep_for) until `tokens` are available, then takes them. Requests larger
  /// than the burst are allowed and leave the bucket in debt, so the long-run rate still holds.
  /// Thread-safe.
  void acquire(std::int64_t tokens);

  /// How long acquire(tokens) would wait now, without taking anything.
  std::chrono::milliseconds wait_for(std::int64_t tokens);

 private:
  void refill_locked();

  const Clock& m_clock;
  double m_rate;
  double m_burst;
  double m_tokens;
  TimePoint m_last;
  std::mutex m_mutex;
};

}  // namespace ddbmv::migrate
