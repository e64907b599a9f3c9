#pragma once
/// Pointing one function back at the old tables: its planned variables get their old values, every
/// other variable and setting stays as it is, the update is guarded by the RevisionId just read, and
/// the function is waited for until its update is Successful. Aliases that apply moved to a new
/// version go back to the version they served before.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "lambda/client.h"
#include "migrate/journal/changes_log.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/rollback/environment_restore.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct FunctionRestoreOptions {
  std::chrono::seconds wait_timeout{300};  ///< for LastUpdateStatus Successful
  int max_conflicts = 20;                  ///< ResourceConflict / PreconditionFailed retries
};

/// What restore_function did, for the journal.
struct FunctionRestoreResult {
  std::vector<std::string> restored;  ///< variable names
  std::vector<std::string> aliases;   ///< aliases moved back
  std::string revision_id;            ///< after the update (empty when nothing was written)
  int timeout_seconds = 0;            ///< the function's Timeout: how long an invocation may still run
};

/// Restores one function (see restored_environment), RevisionId-safe: on PreconditionFailed it
/// re-reads and recomputes; on ResourceConflict (an update in progress) it backs off and retries;
/// then waits until LastUpdateStatus is Successful. Moves `aliases` back when they still point at
/// the version apply set. Each write is recorded in `changes` (variable values: table names only).
Result<FunctionRestoreResult> restore_function(const lambda::Client& lambda, const Plan& plan,
                                               const FunctionPlan& function,
                                               const std::vector<MovedAlias>& aliases, ChangesLog* changes,
                                               const Clock& clock,
                                               const FunctionRestoreOptions& options = {});

/// Polls the function until LastUpdateStatus is Successful (or absent); fails on Failed or timeout.
Result<void> wait_until_updated(const lambda::Client& lambda, const std::string& name, const Clock& clock,
                                std::chrono::seconds timeout);

}  // namespace ddbmv::migrate
