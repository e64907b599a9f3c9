#pragma once
/// Waiting for AWS to finish something: a table, a backup, a function update, each through
/// util/poll.h's poll_until (capped exponential backoff, a deadline, an injected Clock).

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "dynamodb/client.h"
#include "lambda/client.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/poll.h"

namespace ddbmv::migrate {

/// Whether a DescribeTable `Table` is ACTIVE with every global secondary index ACTIVE.
bool table_and_indexes_active(const nlohmann::json& table);

/// Waits until `table` exists, is ACTIVE and every index is ACTIVE; returns its description.
Result<nlohmann::json> wait_table_active(const dynamodb::Tables& client, const Clock& clock,
                                         const PollPolicy& policy, const std::string& table);

/// Waits until the backup is AVAILABLE (fails if it becomes DELETED).
Result<void> wait_backup_available(const dynamodb::Tables& client, const Clock& clock,
                                   const PollPolicy& policy, const std::string& backup_arn);

/// Waits until the function's LastUpdateStatus is Successful (and State is not Pending); returns its
/// configuration. Fails, naming the function and the reason Lambda gives, when the update Failed.
Result<nlohmann::json> wait_function_updated(const lambda::Functions& client, const Clock& clock,
                                             const PollPolicy& policy, const std::string& function);

}  // namespace ddbmv::migrate
