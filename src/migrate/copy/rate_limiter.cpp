#include "migrate/copy/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace ddbmv::migrate {

RateLimiter::RateLimiter(const Clock& clock, double rate, double burst)
    : m_clock(clock),
      m_rate(rate),
      m_burst(std::max(1.0, burst > 0 ? burst : rate)),
      m_tokens(m_burst),
      m_last(clock.now()) {}

void RateLimiter::refill_locked() {
  const TimePoint now = m_clock.now();
  if (now > m_last) {
    const double seconds = std::chrono::duration<double>(now - m_last).count();
    m_tokens = std::min(m_burst, m_tokens + seconds * m_rate);
    m_last = now;
  }
}

std::chrono::milliseconds RateLimiter::wait_for(std::int64_t tokens) {
  std::lock_guard lock(m_mutex);
  refill_locked();
  // A request larger than the burst waits only for a full bucket, then goes into debt.
  const double needed = std::min(static_cast<double>(tokens), m_burst);
  if (m_tokens >= needed) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(std::ceil((needed - m_tokens) / m_rate * 1000.0)));
}

void RateLimiter::acquire(std::int64_t tokens) {
  while (true) {
    std::chrono::milliseconds wait;
    {
      std::lock_guard lock(m_mutex);
      refill_locked();
      const double needed = std::min(static_cast<double>(tokens), m_burst);
      if (m_tokens >= needed) {
        m_tokens -= static_cast<double>(tokens);
        return;
      }
      wait = std::chrono::milliseconds(std::max<std::int64_t>(
          1, static_cast<std::int64_t>(std::ceil((needed - m_tokens) / m_rate * 1000.0))));
    }
    m_clock.sleep_for(wait);
  }
}

}  // namespace ddbmv::migrate
