#pragma once
/// Retiring a table safely, shared by rollback --delete-new-tables and decommission: an on-demand
/// backup first (waited until AVAILABLE), deletion protection off only where allowed, then the
/// deletion (waited until the table is gone). Every mutating call goes to CHANGES.log.

#include <chrono>
#include <string>
#include <string_view>

#include "dynamodb/client.h"
#include "migrate/journal/changes_log.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// The name of the final backup decommission takes of an old table: "<source>-ddbmv-final-<id>"
/// (cut at the front of `source` to DynamoDB's 255 characters).
std::string final_backup_name(std::string_view source, std::string_view migration_id);

struct RetirementOptions {
  std::chrono::seconds backup_timeout{3600};
  std::chrono::seconds delete_timeout{900};
};

/// The ARN of an AVAILABLE on-demand backup of `table` named `backup_name`: an existing one of that
/// name is reused (a resumed run), otherwise one is created; waits until AVAILABLE.
Result<std::string> ensure_backup(const dynamodb::Client& dynamodb, const std::string& table,
                                  const std::string& backup_name, ChangesLog* changes, const Clock& clock,
                                  const RetirementOptions& options = {});

/// The `ddbmv:migration-id` tag of a table (empty when it has none).
Result<std::string> migration_id_tag(const dynamodb::Client& dynamodb, const std::string& table_arn);

/// Deletes `table` and waits until it is gone. When deletion protection is on, turns it off first if
/// `may_disable_protection`, else fails ("DeletionProtected") naming the table. An absent table is
/// success (already deleted). Returns whether this call deleted it.
Result<bool> delete_table(const dynamodb::Client& dynamodb, const std::string& table,
                          bool may_disable_protection, ChangesLog* changes, const Clock& clock,
                          const RetirementOptions& options = {});

}  // namespace ddbmv::migrate
