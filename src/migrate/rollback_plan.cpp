#include "migrate/rollback_plan.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/step_names.h"

namespace ddbmv::migrate {

std::string RollbackAction::describe() const {
  switch (kind) {
    case RollbackActionKind::kSyncData:
      return fmt::format("copy the writes made to {} since cutover back to {} (and carry deletes over)",
                         table->target, table->source);
    case RollbackActionKind::kRestoreFunction:
      return fmt::format("point function {} back at the old tables", function->name);
    case RollbackActionKind::kRestorePitr:
      return fmt::format("turn point-in-time recovery of {} off again, as it was before apply",
                         table->source);
    case RollbackActionKind::kBackupNewTable:
      return fmt::format("take an on-demand backup of {}", table->target);
    case RollbackActionKind::kDeleteNewTable:
      return fmt::format("delete {} (created by this migration)", table->target);
  }
  return step;
}

bool RollbackPlan::nothing_to_do() const {
  return std::all_of(actions.begin(), actions.end(),
                     [](const RollbackAction& action) { return action.done; });
}

bool source_pitr_was_enabled(const TablePlan& table, const JournalState& journal) {
  if (const StepState* state = journal.find(steps::prepare_pitr(table.source))) {
    for (const Json* data : {&state->result, &state->intent}) {
      if (!data->is_object()) {
        continue;
      }
      for (const char* key : {"previous_enabled", "previous", "was_enabled"}) {
        if (auto found = data->find(key); found != data->end() && found->is_boolean()) {
          return found->get<bool>();
        }
      }
    }
  }
  return table.source_pitr_enabled;
}

std::vector<const TablePlan*> tables_of(const Plan& plan, const FunctionPlan& function) {
  std::vector<const TablePlan*> found;
  for (const auto& change : function.changes) {
    const TablePlan* table = change.table.empty() ? nullptr : plan.find_source(change.table);
    for (const auto& candidate : plan.tables) {
      if (table == nullptr &&
          (change.old_value == candidate.source || change.old_value == candidate.source_arn ||
           change.old_value.starts_with(candidate.source_arn + "/"))) {
        table = &candidate;
      }
    }
    if (table != nullptr && std::find(found.begin(), found.end(), table) == found.end()) {
      found.push_back(table);
    }
  }
  return found;
}

RollbackPlan plan_rollback(const Plan& plan, const JournalState& journal, const RollbackOptions& options) {
  RollbackPlan out;
  auto add = [&](RollbackActionKind kind, std::string step, const TablePlan* table,
                 const FunctionPlan* function) {
    const bool done = journal.is_done(step);
    out.actions.push_back(RollbackAction{kind, std::move(step), table, function, done});
  };

  std::vector<const FunctionPlan*> cut_over;
  std::vector<const TablePlan*> written;
  for (const auto& function : plan.functions) {
    if (journal.find(steps::cutover_function(function.name)) == nullptr) {
      continue;
    }
    cut_over.push_back(&function);
    for (const TablePlan* table : tables_of(plan, function)) {
      if (std::find(written.begin(), written.end(), table) == written.end()) {
        written.push_back(table);
      }
    }
  }
  for (const auto& table : plan.tables) {
    if (std::find(written.begin(), written.end(), &table) == written.end()) {
      continue;
    }
    add(RollbackActionKind::kSyncData, steps::rollback_data(table.source), &table, nullptr);
    // Synced data stays synced only once no function writes to the new table any more: while one of
    // its functions is not yet restored (an earlier rollback stopped in between), sync again.
    for (const FunctionPlan* function : cut_over) {
      const auto tables = tables_of(plan, *function);
      if (std::find(tables.begin(), tables.end(), &table) != tables.end() &&
          !journal.is_done(steps::rollback_function(function->name))) {
        out.actions.back().done = false;
      }
    }
  }
  for (const FunctionPlan* function : cut_over) {
    add(RollbackActionKind::kRestoreFunction, steps::rollback_function(function->name), nullptr, function);
  }
  for (const auto& table : plan.tables) {
    if (journal.find(steps::prepare_pitr(table.source)) != nullptr &&
        !source_pitr_was_enabled(table, journal)) {
      add(RollbackActionKind::kRestorePitr, steps::rollback_pitr(table.source), &table, nullptr);
    }
  }
  if (options.delete_new_tables) {
    for (const auto& table : plan.tables) {
      if (journal.find(steps::create_table(table.target)) != nullptr) {
        add(RollbackActionKind::kBackupNewTable, steps::rollback_backup(table.target), &table, nullptr);
        add(RollbackActionKind::kDeleteNewTable, steps::rollback_delete(table.target), &table, nullptr);
      }
    }
  }
  return out;
}

}  // namespace ddbmv::migrate
