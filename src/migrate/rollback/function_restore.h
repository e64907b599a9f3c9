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
#include "util/poll.h"

namespace ddbmv::migrate {

struct FunctionRestoreOptions {
  /// For LastUpdateStatus Successful after the update (control/waiters.h).
  PollPolicy update_poll{std::chrono::milliseconds(100), std::chrono::seconds(5), 1.6,
                         std::chrono::minutes(5)};
};

/// What restore_function did, for the journal.
struct FunctionRestoreResult {
  std::vector<std::string> restored;  ///< variable names
  std::vector<std::string> aliases;   ///< aliases moved back
  std::string revision_id;            ///< after the update (empty when nothing was written)
  int timeout_seconds = 0;            ///< the function's Timeout: how long an invocation may still run
};

/// Restores one function (see restored_environment), RevisionId-safe: on PreconditionFailed it
/// re-reads and recomputes; on ResourceConflict or TooManyRequests it backs off and retries
/// (control/lambda_update.h);
/// then waits until LastUpdateStatus is Successful. Moves `aliases` back when they still point at
/// the version apply set. Each write is recorded in `changes` (variable values: table names only).
Result<FunctionRestoreResult> restore_function(const lambda::Functions& lambda, const Plan& plan,
                                               const FunctionPlan& function,
                                               const std::vector<MovedAlias>& aliases, ChangesLog* changes,
                                               const Clock& clock,
                                               const FunctionRestoreOptions& options = {});

}  // namespace ddbmv::migrate
