#pragma once
/// Backing up and retiring a table safely: the one create-or-reuse-then-wait of an on-demand backup
/// (apply's prepare, rollback --delete-new-tables, decommission), deletion protection off only where
/// allowed, then the deletion (waited until the table is gone). Every mutating call goes to
/// CHANGES.log.

#include <chrono>
#include <string>
#include <string_view>

#include "dynamodb/client.h"
#include "migrate/journal/changes_log.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/poll.h"

namespace ddbmv::migrate {

/// The name of the final backup decommission takes of an old table: "<source>-ddbmv-final-<id>"
/// (cut at the front of `source` to DynamoDB's 255 characters).
std::string final_backup_name(std::string_view source, std::string_view migration_id);

struct RetirementOptions {
  PollPolicy backup_poll{std::chrono::milliseconds(250), std::chrono::seconds(10), 2.0,
                         std::chrono::hours(1)};
  PollPolicy delete_poll{std::chrono::milliseconds(250), std::chrono::seconds(10), 2.0,
                         std::chrono::minutes(15)};
};

struct StartedBackup {
  std::string arn;
  bool reused = false;  ///< a backup of that name existed (taken by an earlier run)
};

/// An on-demand backup of `table` named `backup_name`, not waited for: an existing one of that name
/// that is not DELETED is reused (a resumed run), otherwise one is created (and logged). Apply's
/// prepare starts every source's this way, then waits for them together (wait_backup_available).
Result<StartedBackup> find_or_create_backup(const dynamodb::Tables& dynamodb, const std::string& table,
                                            const std::string& backup_name, ChangesLog* changes);

/// The ARN of an AVAILABLE on-demand backup of `table` named `backup_name`: find_or_create_backup,
/// then waits until AVAILABLE.
Result<std::string> ensure_backup(const dynamodb::Tables& dynamodb, const std::string& table,
                                  const std::string& backup_name, ChangesLog* changes, const Clock& clock,
                                  const RetirementOptions& options = {});

/// The `ddbmv:migration-id` tag of a table (empty when it has none).
Result<std::string> migration_id_tag(const dynamodb::Tables& dynamodb, const std::string& table_arn);

/// Deletes `table` and waits until it is gone. When deletion protection is on, turns it off first if
/// `may_disable_protection`, else fails ("DeletionProtected") naming the table. An absent table is
/// success (already deleted). Returns whether this call deleted it.
Result<bool> delete_table(const dynamodb::Tables& dynamodb, const std::string& table,
                          bool may_disable_protection, ChangesLog* changes, const Clock& clock,
                          const RetirementOptions& options = {});

}  // namespace ddbmv::migrate
