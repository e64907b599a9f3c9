#pragma once
/// The work of each rollback action (rollback_plan.h), called by run_rollback between the step's
/// intent and its outcome. Each returns what the step's done record holds; each is safe to run again
/// after a crash part-way (it finds what an earlier attempt did).

#include <chrono>

#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/rollback/rollback.h"
#include "migrate/rollback/rollback_plan.h"

namespace ddbmv::migrate {

// Streams (rollback_streams.cpp).

/// kForward: the old table's live-writes stream from apply's checkpoints onto the new table.
Result<Json> forward_old_writes(const RollbackServices& services, Journal& journal, const TablePlan& table);
/// kCaptureStream: the new table's stream position (a stream enabled when it has none).
/// `started_earlier`: an earlier run journaled this step's intent (it may have enabled the stream).
Result<Json> capture_new_stream(const RollbackServices& services, const TablePlan& table,
                                bool started_earlier);
/// kReplayStream: the new table's stream since its capture onto the old table, following for `quiet`.
Result<Json> replay_new_writes(const RollbackServices& services, Journal& journal, const TablePlan& table,
                               ReplayFrom from, std::chrono::milliseconds quiet);
/// kStreamOff: the stream ddbmv enabled on the old (`old_table`) or new table, turned off.
Result<Json> turn_stream_off(const RollbackServices& services, const JournalState& journal,
                             const TablePlan& table, bool old_table);

// Tables (rollback_tables.cpp).

/// kSyncData: the scan diff of the new table onto the old one.
Result<Json> copy_back(const RollbackServices& services, const TablePlan& table, SyncMode mode);
/// kRestorePitr.
Result<Json> restore_pitr(const RollbackServices& services, const TablePlan& table);
/// kBackupNewTable: {"skipped":true,...} for a table this migration did not create.
Result<Json> backup_new_table(const RollbackServices& services, const Plan& plan, const TablePlan& table);
/// kDeleteNewTable: {"skipped":true,...} for a table this migration did not create.
Result<Json> delete_new_table(const RollbackServices& services, const Plan& plan, const TablePlan& table);

/// "<what>: <AWS message>" with the AWS error's code and hint.
Error rollback_call_failure(const aws::AwsError& error, std::string_view what);

}  // namespace ddbmv::migrate
