#pragma once
/// `ddbmv rollback`: undoes a migration from wherever apply stopped, without losing a write made to
/// the new tables after cutover (docs/rollback.md). Runs the actions plan_rollback (rollback_plan.h)
/// lists, each as a journal step (intent, then done or failed) in the migration's journal, so an
/// interrupted rollback continues where it stopped and a finished one is not repeated: a second
/// rollback changes nothing and makes no AWS call.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/client.h"
#include "dynamodb/streams_client.h"
#include "lambda/client.h"
#include "migrate/copy/data_sync.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/changes_log.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/rollback/rollback_plan.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// What rollback acts through; all must outlive the call.
struct RollbackServices {
  const dynamodb::Client& dynamodb;
  const dynamodb::StreamsClient& streams;
  const lambda::Client& lambda;
  const TableDataPlane& plane;  ///< writes the stream replays
  RollbackDataSync& data;
  std::shared_ptr<const Clock> clock;
  ChangesLog* changes = nullptr;                   ///< CHANGES.log (may be null in tests)
  std::function<void(std::string_view)> progress;  ///< one line per action started (may be empty)
};

struct RollbackRunOptions {
  RollbackOptions plan;
  /// How long the replays keep following the new tables' streams after the last function moved back
  /// (invocations that started before still write there). Default: the longest Timeout of the
  /// functions moved back, which bounds such an invocation.
  std::optional<std::chrono::milliseconds> drain;
};

struct RollbackOutcome {
  std::string step;
  std::string description;
  Json result;  ///< what the journal's done record holds
};

struct RollbackReport {
  bool nothing_to_do = false;            ///< an earlier rollback finished everything: nothing was changed
  std::vector<RollbackOutcome> actions;  ///< done by this run, in order
  std::vector<std::string> warnings;     ///< e.g. a new table left alone: not created by this migration
};

/// Runs the rollback of `plan` recorded in `journal` (which must be the plan's, opened for append).
/// Refuses ("Decommissioned") once decommission has begun deleting the old tables. Stops at the
/// first failed action with its Error (recorded as a failed step); re-running continues.
Result<RollbackReport> run_rollback(const Plan& plan, Journal& journal, const RollbackServices& services,
                                    const RollbackRunOptions& options);

}  // namespace ddbmv::migrate
