#include "migrate/control/waiters.h"

#include <fmt/core.h>

#include <algorithm>

namespace ddbmv::migrate {

Result<void> poll_until(const Clock& clock, const PollPolicy& policy, std::string_view what,
                        const std::function<Result<bool>()>& check) {
  const auto deadline = clock.now() + policy.timeout;
  auto delay = policy.first_delay;
  while (true) {
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
    delay = std::min(policy.max_delay, std::chrono::milliseconds(static_cast<std::int64_t>(
                                           static_cast<double>(delay.count()) * policy.factor)));
  }
}

bool table_and_indexes_active(const nlohmann::json& table) {
  if (table.value("TableStatus", "") != "ACTIVE")
    return false;
  if (auto indexes = table.find("GlobalSecondaryIndexes"); indexes != table.end() && indexes->is_array()) {
    for (const auto& index : *indexes) {
      if (index.value("IndexStatus", "ACTIVE") != "ACTIVE")
        return false;
    }
  }
  return true;
}

Result<nlohmann::json> wait_table_active(const dynamodb::Client& client, const Clock& clock,
                                         const PollPolicy& policy, const std::string& table) {
  nlohmann::json last;
  auto waited = poll_until(clock, policy, fmt::format("table {} and its indexes to become ACTIVE", table),
                           [&]() -> Result<bool> {
                             auto found = client.find_table(table);
                             if (!found)
                               return std::unexpected(found.error().to_error());
                             if (!*found)
                               return false;  // CreateTable is eventually consistent
                             last = std::move(**found);
                             return table_and_indexes_active(last);
                           });
  if (!waited)
    return std::unexpected(waited.error());
  return last;
}

Result<void> wait_backup_available(const dynamodb::Client& client, const Clock& clock,
                                   const PollPolicy& policy, const std::string& backup_arn) {
  return poll_until(
      clock, policy, fmt::format("backup {} to become AVAILABLE", backup_arn), [&]() -> Result<bool> {
        auto described = client.describe_backup(backup_arn);
        if (!described)
          return std::unexpected(described.error().to_error());
        const std::string status =
            described->value("BackupDetails", nlohmann::json::object()).value("BackupStatus", "");
        if (status == "DELETED") {
          return fail("BackupDeleted",
                      fmt::format("backup {} was deleted while ddbmv waited for it", backup_arn),
                      "re-run apply: it takes a new backup");
        }
        return status == "AVAILABLE";
      });
}

Result<nlohmann::json> wait_function_updated(const lambda::Client& client, const Clock& clock,
                                             const PollPolicy& policy, const std::string& function) {
  nlohmann::json last;
  auto waited = poll_until(
      clock, policy, fmt::format("function {} to finish updating", function), [&]() -> Result<bool> {
        auto configuration = client.get_function_configuration(function);
        if (!configuration)
          return std::unexpected(configuration.error().to_error());
        last = std::move(*configuration);
        const std::string status = last.value("LastUpdateStatus", "Successful");
        if (status == "Failed") {
          return fail("FunctionUpdateFailed",
                      fmt::format("Lambda reports that the update of function {} failed: {} ({})", function,
                                  last.value("LastUpdateStatusReason", "no reason given"),
                                  last.value("LastUpdateStatusReasonCode", "")),
                      fmt::format("fix the cause, then re-run apply; or undo with ddbmv rollback"));
        }
        return status == "Successful" && last.value("State", "Active") != "Pending";
      });
  if (!waited)
    return std::unexpected(waited.error());
  return last;
}

}  // namespace ddbmv::migrate
