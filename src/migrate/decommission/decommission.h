#pragma once
/// `ddbmv decommission`: after the observation window, proves the old tables are no longer used (no
/// write since cutover: count and digest as recorded then; no function, version, alias or event source
/// mapping refers to them), then takes a final on-demand backup of each (waited until AVAILABLE) and
/// deletes them, and turns off the new tables' streams apply's cutover capture enabled (kept on until
/// now for rollback), journaled step by step. With dry_run it checks the same and changes nothing.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/client.h"
#include "lambda/client.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/decommission/decommission_check.h"
#include "migrate/journal/changes_log.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/plan/table_references.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct DecommissionServices {
  const dynamodb::Client& dynamodb;
  const lambda::Client& lambda;
  const TableDataPlane& plane;  ///< for the count and digest of the old tables
  const Clock& clock;
  ChangesLog* changes = nullptr;
  std::function<void(std::string_view)> progress;  ///< one line per step (may be empty)
};

struct DecommissionOptions {
  std::chrono::seconds window = kDefaultObservationWindow;  ///< --after
  bool dry_run = false;
};

struct RetiredTable {
  std::string table;
  std::string backup_name;
  std::string backup_arn;  ///< empty in a dry run
  bool deleted = false;    ///< by this run or an earlier one
};

struct DecommissionReport {
  bool nothing_to_do = false;  ///< an earlier decommission finished: nothing was changed
  bool dry_run = false;
  std::string cutover_at;
  std::vector<std::string> actions;  ///< what was done (or, in a dry run, would be done)
  std::vector<RetiredTable> tables;
};

/// Every (function, version, alias, variable) that refers to one of `tables`, read from Lambda now;
/// and every event source mapping on their streams (as a reference of version "event-source-mapping").
Result<std::vector<TableReference>> find_live_references(const lambda::Client& lambda,
                                                         const std::vector<const TablePlan*>& tables);

/// Runs the checks and (unless dry_run) the decommission. `journal` may be null only in a dry run.
/// Refuses (codes from check_decommission, and "WritesSinceCutover", "StillReferenced") without
/// changing anything.
Result<DecommissionReport> run_decommission(const Plan& plan, const JournalState& state, Journal* journal,
                                            const DecommissionServices& services,
                                            const DecommissionOptions& options, TimePoint now,
                                            std::string_view plan_path);

}  // namespace ddbmv::migrate
