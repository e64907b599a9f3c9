#include "aws/retry.h"

#include <algorithm>
#include <random>

namespace ddbmv::aws {
namespace {

double thread_local_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  thread_local std::uniform_real_distribution<double> uniform{0.0, 1.0};
  return uniform(engine);
}

}  // namespace

std::chrono::milliseconds RetryPolicy::backoff(int attempt) const {
  using std::chrono::milliseconds;
  // base * 2^(attempt-1), computed without overflow: stop doubling once past the cap.
  const auto cap = std::max(max_delay.count(), milliseconds::rep{0});
  auto ceiling = std::max(base_delay.count(), milliseconds::rep{0});
  for (int i = 1; i < attempt && ceiling < cap; ++i)
    ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  double r = random ? random() : thread_local_random();
  r = std::clamp(r, 0.0, 1.0);
  const auto delay = static_cast<milliseconds::rep>(r * static_cast<double>(ceiling));
  return milliseconds{std::min(delay, ceiling)};
}

}  // namespace ddbmv::aws
