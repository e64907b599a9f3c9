#include "migrate/rollback/rollback_plan.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/journal/step_names.h"
#include "migrate/rollback/rollback_replay.h"
#include "migrate/streams/live_writes.h"
#include "migrate/streams/replication_checkpoint.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

template <class T>
bool contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

/// Whether apply's cutover capture of `table`'s new table can be replayed: recorded, its stream still
/// enabled, and young enough that the stream still holds its first records.
bool cutover_capture_usable(const TablePlan& table, const JournalState& journal,
                            const RollbackObservations& observations) {
  const StepState* capture = journal.find(steps::cutover_capture(table.target));
  if (capture == nullptr || capture->status != StepStatus::kDone || !captured_stream(capture->result) ||
      !observations.cutover_streams_enabled.contains(table.target)) {
    return false;
  }
  const auto captured_at = parse_iso8601(capture->finished_at);
  return captured_at && observations.began - *captured_at < kCaptureUsableFor;
}

/// Whether apply's live writes enabled the old table's stream and did not turn it off again.
bool old_stream_left_on(const TablePlan& table, const JournalState& journal) {
  const StepState* stream = journal.find(live_stream_step(table.source));
  if (stream == nullptr || journal.is_done(live_stream_off_step(table.source))) {
    return false;
  }
  if (auto start = stream_start_from_json(stream->result)) {
    return start->enabled_by_us;
  }
  return !table.source_stream.enabled;  // a capture that stopped half-way: ours if there was none
}

}  // namespace

std::string RollbackAction::describe() const {
  switch (kind) {
    case RollbackActionKind::kForward:
      return fmt::format("finish replicating the writes made to {} onto {} (apply's live writes)",
                         table->source, table->target);
    case RollbackActionKind::kCaptureStream:
      return fmt::format(
          "capture the stream of {} (enabling one if it has none), so that no write made "
          "to it from now on is lost",
          table->target);
    case RollbackActionKind::kSyncData:
      return mode == SyncMode::kMirror
                 ? fmt::format("copy the items of {} back to {} (and carry deletes over)", table->target,
                               table->source)
                 : fmt::format(
                       "copy the items of {} that {} lacks or holds differently back to it (other "
                       "functions still write {}: nothing is deleted there)",
                       table->target, table->source, table->source);
    case RollbackActionKind::kRestoreFunction:
      return fmt::format("point function {} back at the old tables", function->name);
    case RollbackActionKind::kReplayStream:
      return fmt::format("replay the writes made to {} since {} onto {}, until its stream is quiet",
                         table->target, from == ReplayFrom::kCutoverCapture ? "the cutover" : "the capture",
                         table->source);
    case RollbackActionKind::kStreamOff:
      return fmt::format("turn off the stream ddbmv enabled on {}",
                         old_table ? table->source : table->target);
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
    if (table != nullptr && !contains(found, table)) {
      found.push_back(table);
    }
  }
  return found;
}

std::vector<const FunctionPlan*> repointed_functions(const Plan& plan, const JournalState& journal,
                                                     const RollbackObservations& observations) {
  std::vector<const FunctionPlan*> out;
  for (const auto& function : plan.functions) {
    const StepState* cutover = journal.find(steps::cutover_function(function.name));
    if (cutover == nullptr) {
      continue;
    }
    if (cutover->status == StepStatus::kDone ||
        observations.functions_on_new_tables.contains(function.name) ||
        journal.find(steps::rollback_function(function.name)) != nullptr) {
      out.push_back(&function);
    }
  }
  return out;
}

std::optional<TimePoint> rollback_began(const JournalState& journal) {
  for (const auto& record : journal.records) {
    if (record.step == steps::kRollback && record.event == JournalEvent::kIntent) {
      return parse_iso8601(record.time);
    }
  }
  return std::nullopt;
}

RollbackPlan plan_rollback(const Plan& plan, const JournalState& journal, const RollbackOptions& options,
                           const RollbackObservations& observations) {
  RollbackPlan out;
  auto add = [&](RollbackActionKind kind, std::string step, const TablePlan* table,
                 const FunctionPlan* function) -> RollbackAction& {
    const bool done = journal.is_done(step);
    out.actions.push_back(RollbackAction{kind, std::move(step), table, function, done});
    return out.actions.back();
  };

  const auto repointed = repointed_functions(plan, journal, observations);
  std::vector<const TablePlan*> written;
  for (const FunctionPlan* function : repointed) {
    for (const TablePlan* table : tables_of(plan, *function)) {
      if (!contains(written, table)) {
        written.push_back(table);
      }
    }
  }
  // Per written table: whether every function that uses it was re-pointed (no one writes the old one).
  auto fully_cut_over = [&](const TablePlan* table) {
    for (const auto& function : plan.functions) {
      if (contains(tables_of(plan, function), table) && !contains(repointed, &function)) {
        return false;
      }
    }
    return true;
  };

  std::vector<std::pair<const TablePlan*, ReplayFrom>> replays;
  for (const auto& table : plan.tables) {
    if (!contains(written, &table)) {
      continue;
    }
    const bool full = fully_cut_over(&table);
    // The choice is made once, before any function moves back, and kept: a rollback that captured
    // keeps to its capture; one that moved functions back without capturing replayed (or is
    // replaying) apply's capture, even if that stream is off or old by now (it turned it off itself).
    const bool captured = journal.find(steps::rollback_capture(table.target)) != nullptr;
    const bool functions_moving = !journal.steps_with_prefix("rollback.function/").empty();
    const bool from_cutover =
        !captured &&
        (functions_moving
             ? captured_stream(journal.result_of(steps::cutover_capture(table.target))).has_value()
             : cutover_capture_usable(table, journal, observations));
    if (from_cutover) {
      replays.emplace_back(&table, ReplayFrom::kCutoverCapture);
      continue;
    }
    if (journal.is_done(live_stream_step(table.source)) &&
        !journal.is_done(live_replicate_step(table.target))) {
      add(RollbackActionKind::kForward, steps::rollback_forward(table.source), &table, nullptr);
    }
    add(RollbackActionKind::kCaptureStream, steps::rollback_capture(table.target), &table, nullptr);
    add(RollbackActionKind::kSyncData, steps::rollback_data(table.source), &table, nullptr).mode =
        full ? SyncMode::kMirror : SyncMode::kMerge;
    replays.emplace_back(&table, ReplayFrom::kRollbackCapture);
  }
  for (const FunctionPlan* function : repointed) {
    add(RollbackActionKind::kRestoreFunction, steps::rollback_function(function->name), nullptr, function);
  }
  for (const auto& [table, from] : replays) {
    add(RollbackActionKind::kReplayStream, steps::rollback_replay(table->target), table, nullptr).from = from;
  }
  for (const auto& table : plan.tables) {
    if (old_stream_left_on(table, journal)) {
      add(RollbackActionKind::kStreamOff, steps::rollback_stream_off(table.source), &table, nullptr)
          .old_table = true;
    }
  }
  if (!options.delete_new_tables) {
    // A stream a capture enabled on a new table goes again: rollback's own (whether it enabled one
    // is known only once it ran: the step finds out), and apply's, replayed or not (a cutover that
    // stopped before any function moved leaves it on too).
    for (const auto& table : plan.tables) {
      const bool own = std::any_of(replays.begin(), replays.end(), [&](const auto& replay) {
        return replay.first == &table && replay.second == ReplayFrom::kRollbackCapture;
      });
      auto apply_capture = captured_stream(journal.result_of(steps::cutover_capture(table.target)));
      if (own || (apply_capture && apply_capture->start.enabled_by_us)) {
        add(RollbackActionKind::kStreamOff, steps::rollback_stream_off(table.target), &table, nullptr);
      }
    }
  }
  for (const auto& table : plan.tables) {
    if (journal.find(steps::prepare_pitr(table.source)) != nullptr &&
        !source_pitr_was_enabled(table, journal)) {
      add(RollbackActionKind::kRestorePitr, steps::rollback_pitr(table.source), &table, nullptr);
    }
  }
  if (options.delete_new_tables) {
    // Every backup before any deletion: a table goes only once all of them are AVAILABLE.
    for (const auto kind : {RollbackActionKind::kBackupNewTable, RollbackActionKind::kDeleteNewTable}) {
      for (const auto& table : plan.tables) {
        if (journal.find(steps::create_table(table.target)) != nullptr) {
          add(kind,
              kind == RollbackActionKind::kBackupNewTable ? steps::rollback_backup(table.target)
                                                          : steps::rollback_delete(table.target),
              &table, nullptr);
        }
      }
    }
  }
  return out;
}

}  // namespace ddbmv::migrate
