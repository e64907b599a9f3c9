/// `ddbmv status --output json`: the Status as one document.

#include "migrate/status/status.h"

namespace ddbmv::migrate {

namespace {

Json to_json(const StepSummary& step) {
  Json out = {{"step", step.step}, {"state", to_string(step.state)}};
  if (!step.started_at.empty()) {
    out["started_at"] = step.started_at;
  }
  if (!step.finished_at.empty()) {
    out["finished_at"] = step.finished_at;
  }
  if (!step.error.empty()) {
    out["error"] = step.error;
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const Status& status) {
  Json out = {{"migration_id", status.migration_id}, {"plan", status.plan_path},
              {"journal", status.journal_path},      {"applied", status.applied},
              {"next_action", status.next_action},   {"notes", status.notes}};
  if (!status.cutover_at.empty()) {
    out["cutover_at"] = status.cutover_at;
  }
  out["phases"] = Json::array();
  for (const auto& phase : status.phases) {
    Json row = {{"phase", phase.name},
                {"state", to_string(phase.state)},
                {"steps_done", phase.steps_done},
                {"steps_total", phase.steps_total}};
    if (!phase.started_at.empty()) {
      row["started_at"] = phase.started_at;
    }
    if (!phase.finished_at.empty()) {
      row["finished_at"] = phase.finished_at;
    }
    out["phases"].push_back(std::move(row));
  }
  out["tables"] = Json::array();
  for (const auto& table : status.tables) {
    out["tables"].push_back({{"source", table.source},
                             {"target", table.target},
                             {"prepare_pitr", to_json(table.pitr)},
                             {"prepare_backup", to_json(table.backup)},
                             {"create", to_json(table.create)},
                             {"copy", to_json(table.copy)},
                             {"verify", to_json(table.verify)},
                             {"copy_progress",
                              {{"segments_done", table.copy_progress.segments_done},
                               {"total_segments", table.copy_progress.total_segments},
                               {"items_copied", table.copy_progress.items_copied},
                               {"items_estimated", table.copy_progress.items_estimated}}}});
    if (table.replication.live) {
      out["tables"].back()["replication"] = {{"step", to_json(table.replicate)},
                                             {"records_applied", table.replication.records_applied},
                                             {"seconds_behind", table.replication.seconds_behind},
                                             {"max_seconds_behind", table.replication.max_seconds_behind}};
    }
    out["tables"].back()["rollback"] = Json::array();
    for (const auto& step : table.rollback) {
      out["tables"].back()["rollback"].push_back(to_json(step));
    }
  }
  out["functions"] = Json::array();
  for (const auto& function : status.functions) {
    out["functions"].push_back({{"name", function.name},
                                {"cutover", to_json(function.cutover)},
                                {"validate", to_json(function.validate)},
                                {"rollback", to_json(function.rollback)}});
  }
  return out;
}

}  // namespace ddbmv::migrate
