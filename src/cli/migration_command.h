#pragma once
/// What apply, status, rollback and decommission share on the command line: the exit status an Error
/// maps to, and taking the migration's lock (one mutating run per plan).

#include <optional>
#include <string_view>

#include "cli/commands.h"
#include "migrate/journal/migration_files.h"
#include "migrate/journal/run_lock.h"
#include "util/clock.h"

namespace ddbmv::cli {

/// kExitUsage for bad input (a plan or journal that cannot be used), kExitRefused for a check not
/// passed or a lock held (nothing changed), kExitFailed otherwise.
int exit_status_for(const Error& error);

/// Reports `error` and returns its exit status.
int report_and_exit(const Context& context, const Error& error);

/// Takes DIR/apply.lock for `command`; a stale lock is taken over with a note on stderr.
Result<migrate::RunLock> take_migration_lock(const migrate::MigrationFiles& files, std::string_view command,
                                             const Clock& clock);

}  // namespace ddbmv::cli
