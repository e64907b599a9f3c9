#include "cli/migration_command.h"

#include <fmt/core.h>
#include <unistd.h>

#include <array>
#include <cstdio>

#include "util/time_format.h"

namespace ddbmv::cli {

int exit_status_for(const Error& error) {
  static constexpr std::array<std::string_view, 7> kBadInput = {
      "InvalidPlan",    "PlanNotFound",     "NotApplied",     "JournalOfAnotherPlan",
      "JournalCorrupt", "JournalTruncated", "InvalidDuration"};
  static constexpr std::array<std::string_view, 15> kRefused = {"Drift",
                                                                "Locked",
                                                                "LockedAliases",
                                                                "TargetExists",
                                                                "FunctionChanged",
                                                                "Decommissioned",
                                                                "ObservationWindow",
                                                                "RolledBack",
                                                                "CutoverIncomplete",
                                                                "WritesSinceCutover",
                                                                "StillReferenced",
                                                                "NoCutoverFingerprint",
                                                                "ChangedSinceCutover",
                                                                "NotCreatedByThisMigration",
                                                                "DeletionProtected"};
  for (auto code : kBadInput) {
    if (error.code == code) {
      return kExitUsage;
    }
  }
  for (auto code : kRefused) {
    if (error.code == code) {
      return kExitRefused;
    }
  }
  return kExitFailed;
}

int report_and_exit(const Context& context, const Error& error) {
  report_error(context, error);
  return exit_status_for(error);
}

Result<migrate::RunLock> take_migration_lock(const migrate::MigrationFiles& files, std::string_view command,
                                             const Clock& clock) {
  migrate::LockOwner me{static_cast<int>(::getpid()), migrate::this_host(), std::string(command),
                        format_iso8601(clock.now())};
  auto acquired = migrate::RunLock::acquire(files.lock, me);
  if (!acquired) {
    return std::unexpected(acquired.error());
  }
  if (acquired->stale_owner) {
    fmt::print(stderr, "ddbmv: took over a stale lock {} left by {} (pid {} on {})\n", files.lock.string(),
               acquired->stale_owner->command, acquired->stale_owner->pid, acquired->stale_owner->host);
  }
  return std::move(acquired->lock);
}

}  // namespace ddbmv::cli
