#pragma once
/// Where a migration stands, from its plan and its journal alone (no AWS call): per phase, table and
/// function what is done, running, failed or pending, with times, copy progress and the next thing
/// to do. Pure: `ddbmv status` renders it as text or JSON.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"

namespace ddbmv::migrate {

/// Where one step or phase stands. "running" is a step with an intent but no outcome: a run is doing
/// it, or a run stopped (crash, Ctrl-C) while doing it.
enum class Progress { kPending, kRunning, kDone, kFailed };

/// "pending", "running", "done", "failed".
std::string_view to_string(Progress progress);

struct StepSummary {
  std::string step;  ///< the journal step name
  Progress state = Progress::kPending;
  std::string started_at;   ///< ISO 8601, empty when never started
  std::string finished_at;  ///< ISO 8601, empty unless done or failed
  std::string error;        ///< the failure's message when failed
};

struct CopyProgressSummary {
  int segments_done = 0;
  int total_segments = 0;            ///< 0 until the copy has started
  std::int64_t items_copied = 0;     ///< as the segments' checkpoints count them
  std::int64_t items_estimated = 0;  ///< the plan's item count for the source
};

/// Live writes (#7): the replication of one table, from its journal checkpoints and drain record.
struct ReplicationStatus {
  bool live = false;  ///< the migration replicates this table (live.stream/<source>)
  std::int64_t records_applied = 0;
  double seconds_behind = 0;      ///< as of the last checkpoint (0 once drained)
  double max_seconds_behind = 0;  ///< after the drain
};

struct TableStatus {
  std::string source;
  std::string target;
  StepSummary pitr;
  StepSummary backup;
  StepSummary create;
  StepSummary copy;
  StepSummary verify;
  CopyProgressSummary copy_progress;
  StepSummary replicate;  ///< live.replicate/<target>: pending unless live writes replicate the table
  ReplicationStatus replication;
  /// The rollback's steps of this table, in the order rollback runs them (empty before a rollback):
  /// forward, capture, data, replay, stream-off, pitr, backup, delete.
  std::vector<StepSummary> rollback;
};

struct FunctionStatus {
  std::string name;
  StepSummary cutover;
  StepSummary validate;
  StepSummary rollback;  ///< pending when never rolled back
};

struct PhaseStatus {
  std::string name;  ///< prepare, create, copy, cutover, validate, rollback, decommission
  Progress state = Progress::kPending;
  std::string started_at;
  std::string finished_at;
  int steps_done = 0;
  int steps_total = 0;
};

struct Status {
  std::string migration_id;
  std::string plan_path;
  std::string journal_path;
  bool applied = false;             ///< false: the plan has never been applied (no journal)
  std::vector<PhaseStatus> phases;  ///< apply's five, then rollback / decommission once they began
  std::vector<TableStatus> tables;
  std::vector<FunctionStatus> functions;
  std::string cutover_at;          ///< when the cutover completed, empty before
  std::vector<std::string> notes;  ///< e.g. a torn last journal line
  std::string next_action;         ///< one sentence: what to do next, with the command
};

/// Builds the status of `plan` from `journal` (a journal without header: never applied). `plan_path`
/// and `journal_path` appear in messages only.
Status build_status(const Plan& plan, const JournalState& journal, std::string_view plan_path,
                    std::string_view journal_path);

/// The status as `ddbmv status --output json` prints it.
nlohmann::json to_json(const Status& status);

}  // namespace ddbmv::migrate
