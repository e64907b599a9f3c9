#include "util/jitter.h"

#include <algorithm>
#include <random>

namespace ddbmv {
namespace {

double thread_local_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  thread_local std::uniform_real_distribution<double> uniform{0.0, 1.0};
  return uniform(engine);
}

}  // namespace

std::chrono::milliseconds full_jitter(std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                      int doublings, const std::function<double()>& random) {
  using std::chrono::milliseconds;
  // base * 2^doublings, computed without overflow: stop doubling once past the cap.
  const auto limit = std::max(cap.count(), milliseconds::rep{0});
  auto ceiling = std::max(base.count(), milliseconds::rep{0});
  for (int i = 0; i < doublings && ceiling < limit; ++i)
    ceiling *= 2;
  ceiling = std::min(ceiling, limit);
  const double r = std::clamp(random ? random() : thread_local_random(), 0.0, 1.0);
  const auto delay = static_cast<milliseconds::rep>(r * static_cast<double>(ceiling));
  return milliseconds{std::min(delay, ceiling)};
}

}  // namespace ddbmv
