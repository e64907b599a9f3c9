#include "util/clock.h"

#include <thread>

namespace ddbmv {

void SystemClock::sleep_for(std::chrono::milliseconds duration) const { std::this_thread::sleep_for(duration); }

}  // namespace ddbmv
