#include "util/poll.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>

namespace ddbmv {

std::chrono::milliseconds Backoff::next() {
  const auto delay = m_next;
  m_next = std::min(m_policy.max_delay, std::chrono::milliseconds(static_cast<std::int64_t>(
                                            static_cast<double>(m_next.count()) * m_policy.factor)));
  return delay;
}

Result<void> poll_until(const Clock& clock, const PollPolicy& policy, std::string_view what,
                        const std::function<Result<bool>()>& check) {
  const auto deadline = clock.now() + policy.timeout;
  Backoff backoff(policy);
  while (true) {
    const auto delay = backoff.next();
    auto finished = check();
    if (!finished)
      return std::unexpected(finished.error());
    if (*finished)
      return {};
    if (clock.now() + delay > deadline) {
      return fail("Timeout",
                  fmt::format("gave up waiting for {} after {} s", what,
                              std::chrono::duration_cast<std::chrono::seconds>(policy.timeout).count()),
                  "check it in the AWS console, then re-run the same command: it continues where it stopped");
    }
    clock.sleep_for(delay);
  }
}

}  // namespace ddbmv
