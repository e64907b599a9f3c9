#include "migrate/control/table_retirement.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/plan/plan.h"

namespace ddbmv::migrate {

using Json = nlohmann::json;

namespace {

Result<void> log_change(ChangesLog* changes, ChangeRecord record) {
  return changes == nullptr ? Result<void>{} : changes->record(record);
}

/// Sleeps with capped exponential backoff until `done` says yes, fails, or `timeout` passes.
template <class Poll>
Result<void> poll_until(const Clock& clock, std::chrono::seconds timeout, const std::string& what,
                        Poll poll) {
  const TimePoint deadline = clock.now() + timeout;
  std::chrono::milliseconds delay{250};
  while (true) {
    auto finished = poll();
    if (!finished) {
      return std::unexpected(finished.error());
    }
    if (*finished) {
      return {};
    }
    if (clock.now() >= deadline) {
      return fail("Timeout", fmt::format("{} did not finish within {}s", what, timeout.count()),
                  "re-run the command: it continues from here");
    }
    clock.sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(10'000));
  }
}

}  // namespace

std::string final_backup_name(std::string_view source, std::string_view migration_id) {
  const std::string suffix = fmt::format("-ddbmv-final-{}", migration_id);
  constexpr std::size_t kMaxBackupName = 255;
  if (source.size() + suffix.size() > kMaxBackupName) {
    source = source.substr(source.size() + suffix.size() - kMaxBackupName);
  }
  return std::string(source) + suffix;
}

Result<std::string> ensure_backup(const dynamodb::Client& dynamodb, const std::string& table,
                                  const std::string& backup_name, ChangesLog* changes, const Clock& clock,
                                  const RetirementOptions& options) {
  auto existing = dynamodb.list_backups(table);
  if (!existing) {
    return std::unexpected(existing.error().to_error(fmt::format("listing the backups of {}", table)));
  }
  std::string arn;
  for (const auto& summary : *existing) {
    const std::string status = summary.value("BackupStatus", std::string());
    if (summary.value("BackupName", std::string()) == backup_name &&
        (status == "AVAILABLE" || status == "CREATING")) {
      arn = summary.value("BackupArn", std::string());
    }
  }
  if (arn.empty()) {
    auto created = dynamodb.create_backup(table, backup_name);
    if (!created) {
      return std::unexpected(created.error().to_error(fmt::format("backing up {}", table)));
    }
    arn = created->value("BackupArn", std::string());
    if (auto logged = log_change(
            changes, {"dynamodb:CreateBackup", table, {{"BackupName", backup_name}, {"BackupArn", arn}}, {}});
        !logged) {
      return std::unexpected(logged.error());
    }
  }
  auto waited = poll_until(
      clock, options.backup_timeout, fmt::format("the backup {} of {}", backup_name, table),
      [&]() -> Result<bool> {
        auto description = dynamodb.describe_backup(arn);
        if (!description) {
          return std::unexpected(
              description.error().to_error(fmt::format("describing the backup {}", backup_name)));
        }
        const Json details = description->value("BackupDetails", Json::object());
        const std::string status = details.value("BackupStatus", std::string());
        if (status == "DELETED") {
          return fail("BackupDeleted", fmt::format("the backup {} of {} was deleted", backup_name, table),
                      "re-run: a new backup is taken");
        }
        return status == "AVAILABLE";
      });
  if (!waited) {
    return std::unexpected(waited.error());
  }
  return arn;
}

Result<std::string> migration_id_tag(const dynamodb::Client& dynamodb, const std::string& table_arn) {
  auto tags = dynamodb.list_tags_of_resource(table_arn);
  if (!tags) {
    return std::unexpected(tags.error().to_error(fmt::format("reading the tags of {}", table_arn)));
  }
  for (const auto& tag : *tags) {
    if (tag.key == kTagMigrationId) {
      return tag.value;
    }
  }
  return std::string();
}

Result<bool> delete_table(const dynamodb::Client& dynamodb, const std::string& table,
                          bool may_disable_protection, ChangesLog* changes, const Clock& clock,
                          const RetirementOptions& options) {
  auto description = dynamodb.find_table(table);
  if (!description) {
    return std::unexpected(description.error().to_error(fmt::format("describing {}", table)));
  }
  if (!*description) {
    return false;
  }
  const Json& found = **description;
  if (found.value("TableStatus", std::string()) != "DELETING") {
    if (found.value("DeletionProtectionEnabled", false)) {
      if (!may_disable_protection) {
        return fail("DeletionProtected",
                    fmt::format("table {} has deletion protection on, and ddbmv did not turn it on", table),
                    fmt::format("turn it off yourself if {} should go, then re-run", table));
      }
      auto updated = dynamodb.update_table({{"TableName", table}, {"DeletionProtectionEnabled", false}});
      if (!updated) {
        return std::unexpected(
            updated.error().to_error(fmt::format("turning off deletion protection of {}", table)));
      }
      if (auto logged = log_change(changes, {"dynamodb:UpdateTable",
                                             table,
                                             {{"DeletionProtectionEnabled", {{"old", true}, {"new", false}}}},
                                             {}});
          !logged) {
        return std::unexpected(logged.error());
      }
    }
    auto deleted = dynamodb.delete_table(table);
    if (!deleted && deleted.error().code != "ResourceNotFoundException") {
      return std::unexpected(deleted.error().to_error(fmt::format("deleting {}", table)));
    }
    if (auto logged = log_change(changes, {"dynamodb:DeleteTable", table, {{"deleted", true}}, {}});
        !logged) {
      return std::unexpected(logged.error());
    }
  }
  auto gone = poll_until(
      clock, options.delete_timeout, fmt::format("the deletion of {}", table), [&]() -> Result<bool> {
        auto again = dynamodb.find_table(table);
        if (!again) {
          return std::unexpected(again.error().to_error(fmt::format("describing {}", table)));
        }
        return !again->has_value();
      });
  if (!gone) {
    return std::unexpected(gone.error());
  }
  return true;
}

}  // namespace ddbmv::migrate
