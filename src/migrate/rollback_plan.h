#pragma once
/// What a rollback has to do, from the plan and the journal alone: which tables may hold writes made
/// after cutover, which functions were re-pointed, which sources' PITR apply turned on, which new
/// tables exist — each as a journal step, marked done when an earlier rollback finished it. Pure, so
/// the decision is tested from synthetic journals of a run stopped anywhere.

#include <string>
#include <vector>

#include "migrate/journal.h"
#include "migrate/plan.h"

namespace ddbmv::migrate {

enum class RollbackActionKind {
  kSyncData,         ///< make the old table hold exactly what the new table holds
  kRestoreFunction,  ///< planned variables back to their old values, aliases back
  kRestorePitr,      ///< turn the source's PITR off again (apply turned it on)
  kBackupNewTable,   ///< on-demand backup of a new table before deleting it
  kDeleteNewTable,   ///< delete a new table this migration created
};

struct RollbackAction {
  RollbackActionKind kind = RollbackActionKind::kSyncData;
  std::string step;                        ///< its journal step ("rollback.data/<source>")
  const TablePlan* table = nullptr;        ///< for table actions; points into the plan given
  const FunctionPlan* function = nullptr;  ///< for kRestoreFunction
  bool done = false;                       ///< an earlier rollback finished it

  /// One line for a person: "copy the writes made to new-x since cutover back to old-x".
  std::string describe() const;
};

struct RollbackOptions {
  bool delete_new_tables = false;  ///< --delete-new-tables
};

struct RollbackPlan {
  std::vector<RollbackAction> actions;  ///< in the order they must run

  /// Whether nothing is left to do (every action done).
  bool nothing_to_do() const;
};

/// Whether apply found PITR enabled on `table`'s source before it turned it on: what the journal's
/// prepare.pitr step recorded ("previous" / "was_enabled"), otherwise the plan's source_pitr_enabled.
bool source_pitr_was_enabled(const TablePlan& table, const JournalState& journal);

/// The tables a function's planned changes point at (by the change's `table`, or its old value).
std::vector<const TablePlan*> tables_of(const Plan& plan, const FunctionPlan& function);

/// The actions, in order: data back for every table a function already cut over may have written
/// (before any function moves back, so none of its writes is lost), then the functions, then PITR,
/// then (with delete_new_tables) a backup and the deletion of each new table apply began to create.
RollbackPlan plan_rollback(const Plan& plan, const JournalState& journal, const RollbackOptions& options);

}  // namespace ddbmv::migrate
