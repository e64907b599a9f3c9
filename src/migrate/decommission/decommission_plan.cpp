#include "migrate/decommission/decommission_plan.h"

#include <fmt/core.h>

#include "migrate/journal/step_names.h"
#include "migrate/streams/captured_stream.h"

namespace ddbmv::migrate {

std::string DecommissionAction::describe() const {
  switch (kind) {
    case DecommissionActionKind::kBackup:
      return fmt::format("back up {} as {} (waited until AVAILABLE)", table->source, retiring->backup_name);
    case DecommissionActionKind::kDelete:
      return fmt::format("delete {}", table->source);
    case DecommissionActionKind::kStreamOff:
      return fmt::format(
          "turn off the stream ddbmv enabled on {} for the cutover (kept for rollback until now)",
          table->target);
  }
  return {};
}

std::vector<DecommissionAction> plan_decommission(const Plan& plan, const JournalState& journal,
                                                  const std::vector<const RetiringTable*>& remaining) {
  std::vector<DecommissionAction> actions;
  for (const RetiringTable* retiring : remaining) {
    actions.push_back({DecommissionActionKind::kBackup,
                       steps::decommission_backup(retiring->table->source),
                       retiring,
                       retiring->table,
                       {}});
  }
  for (const RetiringTable* retiring : remaining) {
    actions.push_back({DecommissionActionKind::kDelete,
                       steps::decommission_delete(retiring->table->source),
                       retiring,
                       retiring->table,
                       {}});
  }
  for (const auto& table : plan.tables) {
    auto captured = captured_stream(journal.result_of(steps::cutover_capture(table.target)));
    if (captured && captured->start.enabled_by_us &&
        !journal.is_done(steps::decommission_stream_off(table.target))) {
      actions.push_back({DecommissionActionKind::kStreamOff, steps::decommission_stream_off(table.target),
                         nullptr, &table, captured->start});
    }
  }
  return actions;
}

}  // namespace ddbmv::migrate
