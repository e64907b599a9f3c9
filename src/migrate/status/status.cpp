#include "migrate/status/status.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/journal/cutover_record.h"
#include "migrate/journal/step_names.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

std::string error_message(const Json& error) {
  if (error.is_object()) {
    for (const char* key : {"message", "error", "code"}) {
      if (auto found = error.find(key); found != error.end() && found->is_string()) {
        return found->get<std::string>();
      }
    }
  }
  return error.is_null() ? std::string() : error.dump();
}

StepSummary summarise(const JournalState& journal, const std::string& step) {
  StepSummary summary{step, Progress::kPending, {}, {}, {}};
  const StepState* state = journal.find(step);
  if (state == nullptr) {
    return summary;
  }
  summary.started_at = state->started_at;
  switch (state->status) {
    case StepStatus::kStarted:
      summary.state = Progress::kRunning;
      break;
    case StepStatus::kDone:
      summary.state = Progress::kDone;
      summary.finished_at = state->finished_at;
      break;
    case StepStatus::kFailed:
      summary.state = Progress::kFailed;
      summary.finished_at = state->finished_at;
      summary.error = error_message(state->error);
      break;
  }
  return summary;
}

/// The first of `names` the journal knows, else the first name (pending).
StepSummary summarise_any(const JournalState& journal, std::initializer_list<std::string> names) {
  for (const auto& name : names) {
    if (journal.find(name) != nullptr) {
      return summarise(journal, name);
    }
  }
  return summarise(journal, *names.begin());
}

struct SegmentProgress {
  int total_segments = 0;
  bool done = false;
  std::int64_t items_written = 0;
};

/// The fields of a SegmentCheckpoint (copy_checkpoint.h) that status shows.
std::optional<SegmentProgress> segment_progress(const Json& data) {
  if (!data.is_object() || !data.contains("total_segments")) {
    return std::nullopt;
  }
  SegmentProgress progress;
  progress.total_segments = data.value("total_segments", 0);
  progress.done = data.value("done", false);
  progress.items_written = data.value("items_written", std::int64_t{0});
  return progress;
}

/// The copy of one table: its segment steps folded together, finished once verify starts.
void summarise_copy(const JournalState& journal, const TablePlan& table, TableStatus& status) {
  status.copy_progress.items_estimated = table.item_count;
  std::vector<std::string> segment_steps =
      journal.steps_with_prefix(steps::copy_segment_prefix(table.source));
  std::string prefix = steps::copy_segment_prefix(table.source);
  if (segment_steps.empty()) {
    segment_steps = journal.steps_with_prefix(steps::copy_segment_prefix(table.target));
    prefix = steps::copy_segment_prefix(table.target);
  }
  status.copy.step = prefix + "*";
  bool any_running = false;
  bool any_failed = false;
  for (const auto& name : segment_steps) {
    const StepSummary segment = summarise(journal, name);
    const StepState* state = journal.find(name);
    auto checkpoint = segment_progress(state->checkpoint);
    if (!checkpoint) {
      checkpoint = segment_progress(state->result);
    }
    const bool done = segment.state == Progress::kDone || (checkpoint && checkpoint->done);
    if (checkpoint) {
      status.copy_progress.total_segments =
          std::max(status.copy_progress.total_segments, checkpoint->total_segments);
      status.copy_progress.items_copied += checkpoint->items_written;
    }
    status.copy_progress.segments_done += done ? 1 : 0;
    any_failed = any_failed || segment.state == Progress::kFailed;
    any_running = any_running || !done;
    if (segment.state == Progress::kFailed) {
      status.copy.error = segment.error;
    }
    if (!segment.started_at.empty() &&
        (status.copy.started_at.empty() || segment.started_at < status.copy.started_at)) {
      status.copy.started_at = segment.started_at;
    }
    status.copy.finished_at = std::max(status.copy.finished_at, segment.finished_at);
  }
  const bool all_segments_done = status.copy_progress.total_segments > 0 &&
                                 status.copy_progress.segments_done >= status.copy_progress.total_segments;
  if (any_failed) {
    status.copy.state = Progress::kFailed;
  } else if (all_segments_done || status.verify.state != Progress::kPending) {
    status.copy.state = Progress::kDone;
  } else if (any_running || !segment_steps.empty()) {
    status.copy.state = Progress::kRunning;
    status.copy.finished_at.clear();
  }
}

PhaseStatus fold_phase(std::string name, const std::vector<const StepSummary*>& members) {
  PhaseStatus phase{std::move(name), Progress::kPending, {}, {}, 0, static_cast<int>(members.size())};
  bool any_started = false;
  bool any_running = false;
  bool any_failed = false;
  for (const StepSummary* member : members) {
    any_started = any_started || member->state != Progress::kPending;
    any_running = any_running || member->state == Progress::kRunning;
    any_failed = any_failed || member->state == Progress::kFailed;
    phase.steps_done += member->state == Progress::kDone ? 1 : 0;
    if (!member->started_at.empty() && (phase.started_at.empty() || member->started_at < phase.started_at)) {
      phase.started_at = member->started_at;
    }
    phase.finished_at = std::max(phase.finished_at, member->finished_at);
  }
  if (any_failed) {
    phase.state = Progress::kFailed;
  } else if (!members.empty() && phase.steps_done == phase.steps_total) {
    phase.state = Progress::kDone;
  } else if (any_started || any_running) {
    phase.state = Progress::kRunning;
  }
  if (phase.state != Progress::kDone && phase.state != Progress::kFailed) {
    phase.finished_at.clear();
  }
  return phase;
}

/// A phase made of every journal step under `prefix` (rollback, decommission), with `overall` the
/// step that opens and closes it.
std::optional<PhaseStatus> journal_phase(const JournalState& journal, std::string_view name,
                                         std::string_view overall) {
  const StepState* state = journal.find(overall);
  const auto members = journal.steps_with_prefix(std::string(overall) + ".");
  if (state == nullptr && members.empty()) {
    return std::nullopt;
  }
  std::vector<StepSummary> summaries;
  for (const auto& member : members) {
    summaries.push_back(summarise(journal, member));
  }
  std::vector<const StepSummary*> pointers;
  for (const auto& summary : summaries) {
    pointers.push_back(&summary);
  }
  PhaseStatus phase = fold_phase(std::string(name), pointers);
  const StepSummary whole = summarise(journal, std::string(overall));
  if (whole.state == Progress::kDone && phase.state != Progress::kFailed) {
    phase.state = Progress::kDone;
    phase.finished_at = whole.finished_at;
  } else if (whole.state == Progress::kFailed) {
    phase.state = Progress::kFailed;
  } else if (phase.state == Progress::kDone || phase.state == Progress::kPending) {
    phase.state = Progress::kRunning;  // begun, not yet closed
    phase.finished_at.clear();
  }
  if (phase.started_at.empty() || (!whole.started_at.empty() && whole.started_at < phase.started_at)) {
    phase.started_at = whole.started_at;
  }
  return phase;
}

const PhaseStatus* find_phase(const Status& status, std::string_view name) {
  for (const auto& phase : status.phases) {
    if (phase.name == name) {
      return &phase;
    }
  }
  return nullptr;
}

std::string next_action(const Plan& plan, const JournalState& journal, const Status& status) {
  const std::string& path = status.plan_path;
  if (!status.applied) {
    return fmt::format("this plan has not been applied yet; review it, then run: ddbmv apply {}", path);
  }
  if (const PhaseStatus* decommission = find_phase(status, "decommission")) {
    if (decommission->state == Progress::kDone) {
      return "nothing: the migration is finished and the old tables are deleted (their final backups remain)";
    }
    return fmt::format("decommission did not finish; re-run: ddbmv decommission {}", path);
  }
  if (const PhaseStatus* rollback = find_phase(status, "rollback")) {
    const bool deleted = std::all_of(plan.tables.begin(), plan.tables.end(), [&](const TablePlan& table) {
      return journal.is_done(steps::rollback_delete(table.target)) ||
             journal.find(steps::create_table(table.target)) == nullptr;
    });
    if (rollback->state == Progress::kDone && deleted) {
      return "nothing: the migration was rolled back, every function uses the old tables and the new tables "
             "it created are deleted (their backups remain); to migrate again, make a new plan";
    }
    if (rollback->state == Progress::kDone) {
      return fmt::format(
          "nothing: the migration was rolled back and every function uses the old tables; to remove the new "
          "tables "
          "run: ddbmv rollback --delete-new-tables {}",
          path);
    }
    return fmt::format("the rollback did not finish; re-run: ddbmv rollback {}", path);
  }
  for (const auto& phase : status.phases) {
    if (phase.state == Progress::kFailed) {
      return fmt::format(
          "the {} phase failed (see the failed step); fix the cause and re-run: ddbmv apply {} — or undo "
          "with: "
          "ddbmv rollback {}",
          phase.name, path, path);
    }
  }
  for (const auto& phase : status.phases) {
    if (phase.state == Progress::kRunning) {
      return fmt::format(
          "the {} phase is in progress or was interrupted; if no ddbmv apply is running, continue with: "
          "ddbmv apply {}",
          phase.name, path);
    }
    if (phase.state == Progress::kPending) {
      return fmt::format("continue with the {} phase: ddbmv apply {}", phase.name, path);
    }
  }
  if (auto at = cutover_time(plan, journal)) {
    return fmt::format(
        "observe the functions on the new tables; after the observation window (7 days: from {}) run: ddbmv "
        "decommission {} — or undo with: ddbmv rollback {}",
        format_iso8601(*at + std::chrono::hours(24 * 7)), path, path);
  }
  return fmt::format("observe the functions on the new tables, then run: ddbmv decommission {}", path);
}

/// Live writes of one table: the latest checkpoint's lag, or the drain's totals.
void summarise_replication(const JournalState& journal, const TablePlan& table, TableStatus& status) {
  status.replication.live = journal.find("live.stream/" + table.source) != nullptr;
  const std::string step = "live.replicate/" + table.target;
  status.replicate = summarise(journal, step);
  if (const StepState* state = journal.find(step)) {
    const Json& data = state->status == StepStatus::kDone ? state->result : state->checkpoint;
    if (data.is_object()) {
      status.replication.records_applied = data.value("records_applied", std::int64_t{0});
      status.replication.seconds_behind = data.value("seconds_behind", 0.0);
      status.replication.max_seconds_behind = data.value("max_seconds_behind", 0.0);
    }
  }
}

}  // namespace

std::string_view to_string(Progress progress) {
  switch (progress) {
    case Progress::kPending:
      return "pending";
    case Progress::kRunning:
      return "running";
    case Progress::kDone:
      return "done";
    case Progress::kFailed:
      return "failed";
  }
  return "pending";
}

Status build_status(const Plan& plan, const JournalState& journal, std::string_view plan_path,
                    std::string_view journal_path) {
  Status status;
  status.migration_id = plan.migration_id;
  status.plan_path = std::string(plan_path);
  status.journal_path = std::string(journal_path);
  status.applied = journal.header.has_value();
  if (journal.truncated_tail_bytes > 0) {
    status.notes.push_back(fmt::format(
        "the journal's last line is incomplete ({} bytes: a run was interrupted while writing it); the next "
        "ddbmv apply drops it",
        journal.truncated_tail_bytes));
  }

  for (const auto& table : plan.tables) {
    TableStatus row;
    row.source = table.source;
    row.target = table.target;
    row.pitr = summarise(journal, steps::prepare_pitr(table.source));
    row.backup = summarise(journal, steps::prepare_backup(table.source));
    row.create = summarise(journal, steps::create_table(table.target));
    row.verify = summarise_any(journal, {steps::verify(table.source), steps::verify(table.target)});
    summarise_copy(journal, table, row);
    summarise_replication(journal, table, row);
    for (const auto& step : {steps::rollback_forward(table.source), steps::rollback_capture(table.target),
                             steps::rollback_data(table.source), steps::rollback_replay(table.target),
                             steps::rollback_stream_off(table.source),
                             steps::rollback_stream_off(table.target), steps::rollback_pitr(table.source),
                             steps::rollback_backup(table.target), steps::rollback_delete(table.target)}) {
      if (journal.find(step) != nullptr) {
        row.rollback.push_back(summarise(journal, step));
      }
    }
    status.tables.push_back(std::move(row));
  }
  for (const auto& function : plan.functions) {
    status.functions.push_back(FunctionStatus{function.name,
                                              summarise(journal, steps::cutover_function(function.name)),
                                              summarise(journal, steps::validate_function(function.name)),
                                              summarise(journal, steps::rollback_function(function.name))});
  }

  std::vector<const StepSummary*> prepare, create, copy, cutover, validate;
  for (const auto& row : status.tables) {
    prepare.push_back(&row.pitr);
    prepare.push_back(&row.backup);
    create.push_back(&row.create);
    copy.push_back(&row.copy);
    // With live writes the verify follows the drain, inside the cutover.
    (row.replication.live ? cutover : copy).push_back(&row.verify);
    if (row.replication.live) {
      cutover.push_back(&row.replicate);
    }
  }
  for (const auto& row : status.functions) {
    cutover.push_back(&row.cutover);
    validate.push_back(&row.validate);
  }
  status.phases = {fold_phase("prepare", prepare), fold_phase("create", create), fold_phase("copy", copy),
                   fold_phase("cutover", cutover), fold_phase("validate", validate)};
  if (auto rollback = journal_phase(journal, "rollback", steps::kRollback)) {
    status.phases.push_back(*rollback);
  }
  if (auto decommission = journal_phase(journal, "decommission", steps::kDecommission)) {
    status.phases.push_back(*decommission);
  }
  if (auto at = cutover_time(plan, journal)) {
    status.cutover_at = format_iso8601(*at);
  }
  status.next_action = next_action(plan, journal, status);
  return status;
}

}  // namespace ddbmv::migrate
