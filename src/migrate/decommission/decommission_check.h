#pragma once
/// Whether a migration may be decommissioned yet, from its plan, its journal and the time alone:
/// the cutover must be complete, not rolled back, and the observation window passed. Pure; the
/// checks against AWS (no writes since cutover, no references left) come after, in decommission.h.

#include <chrono>
#include <string>
#include <vector>

#include "migrate/journal/journal.h"
#include "migrate/journal/table_fingerprint.h"
#include "migrate/plan/plan.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

inline constexpr std::chrono::seconds kDefaultObservationWindow{7 * 24 * 3600};

/// One old table to retire, with what apply recorded of it at cutover.
struct RetiringTable {
  const TablePlan* table = nullptr;  ///< points into the Plan given to check_decommission
  TableFingerprint at_cutover;
  std::string backup_name;  ///< the final backup's name
  std::string backup_arn;   ///< when the journal already records the final backup
  bool deleted = false;     ///< the journal records the table's deletion
};

struct DecommissionCheck {
  TimePoint cutover_at;
  TimePoint eligible_at;  ///< cutover_at + window
  std::vector<RetiringTable> tables;
  bool finished = false;  ///< the journal records a finished decommission
};

/// Refuses (nothing changed) with code "RolledBack" when a rollback has begun, "CutoverIncomplete"
/// before every function's cutover is done, "ObservationWindow" before `window` has passed since
/// the cutover (naming the time it will have), "NoCutoverFingerprint" when the journal lacks an old
/// table's count and digest at cutover. Otherwise lists the old tables with their journal state.
Result<DecommissionCheck> check_decommission(const Plan& plan, const JournalState& journal, TimePoint now,
                                             std::chrono::seconds window, std::string_view plan_path);

}  // namespace ddbmv::migrate
