#pragma once
/// Waiting for AWS to finish something: polling with capped exponential backoff and a deadline, on an
/// injected Clock (a ManualClock in tests makes every wait instant). No fixed sleeps.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "dynamodb/client.h"
#include "lambda/client.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct PollPolicy {
  std::chrono::milliseconds first_delay{200};
  std::chrono::milliseconds max_delay{5'000};
  double factor = 1.6;
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};
};

/// Calls `check` until it returns true, sleeping first_delay, then longer (×factor, up to max_delay)
/// between calls. Fails with code "Timeout" naming `what` once `timeout` has passed, or with check's
/// own error.
Result<void> poll_until(const Clock& clock, const PollPolicy& policy, std::string_view what,
                        const std::function<Result<bool>()>& check);

/// Whether a DescribeTable `Table` is ACTIVE with every global secondary index ACTIVE.
bool table_and_indexes_active(const nlohmann::json& table);

/// Waits until `table` exists, is ACTIVE and every index is ACTIVE; returns its description.
Result<nlohmann::json> wait_table_active(const dynamodb::Client& client, const Clock& clock,
                                         const PollPolicy& policy, const std::string& table);

/// Waits until the backup is AVAILABLE (fails if it becomes DELETED).
Result<void> wait_backup_available(const dynamodb::Client& client, const Clock& clock,
                                   const PollPolicy& policy, const std::string& backup_arn);

/// Waits until the function's LastUpdateStatus is Successful (and State is not Pending); returns its
/// configuration. Fails, naming the function and the reason Lambda gives, when the update Failed.
Result<nlohmann::json> wait_function_updated(const lambda::Client& client, const Clock& clock,
                                             const PollPolicy& policy, const std::string& function);

}  // namespace ddbmv::migrate
