#pragma once
/// What a decommission does once its checks pass, in order, as rollback's plan_rollback lists its
/// actions: a final backup of every old table still there (all before any deletion), the deletion of
/// each, then the new tables' streams apply's cutover capture enabled turned off (kept for rollback
/// until now) — each with the journal step it writes. Pure: run_decommission (decommission.cpp)
/// prints this list in a dry run and performs it otherwise; a new step is a new kind here.

#include <string>
#include <vector>

#include "migrate/decommission/decommission_check.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/streams/replication_checkpoint.h"

namespace ddbmv::migrate {

enum class DecommissionActionKind {
  kBackup,     ///< final on-demand backup of an old table, waited AVAILABLE (decommission.backup/<source>)
  kDelete,     ///< delete the old table (decommission.delete/<source>)
  kStreamOff,  ///< turn off the cutover capture's stream of a new table (decommission.stream-off/<target>)
};

struct DecommissionAction {
  DecommissionActionKind kind = DecommissionActionKind::kBackup;
  std::string step;                         ///< its journal step
  const RetiringTable* retiring = nullptr;  ///< kBackup, kDelete: points into the DecommissionCheck given
  const TablePlan* table = nullptr;         ///< the table it acts on (points into the plan)
  StreamStart stream;                       ///< kStreamOff: the stream the capture enabled

  /// One line for a person: "delete old-x".
  std::string describe() const;
};

/// The actions for the old tables in `remaining` (not yet deleted, in plan order) and the capture
/// streams still on, in the order they run. Actions the journal records as done are kept (their
/// step is skipped when performed) so that a resumed run reports the same list.
std::vector<DecommissionAction> plan_decommission(const Plan& plan, const JournalState& journal,
                                                  const std::vector<const RetiringTable*>& remaining);

}  // namespace ddbmv::migrate
