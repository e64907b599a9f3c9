#pragma once
/// What a rollback has to do, from the plan, the journal and what rollback saw of the functions:
/// which tables may hold writes made after cutover and how to carry them back, which functions were
/// re-pointed, which streams ddbmv enabled, which sources' PITR apply turned on, which new tables
/// exist — each as a journal step, marked done when an earlier rollback finished it. Pure, so the
/// decision is tested from synthetic journals of a run stopped anywhere.
///
/// Carrying writes back, per new table a re-pointed function may have written (see docs/rollback.md):
///   - apply captured the new table's stream at the cutover (cutover.capture/<target>, still on and
///     less than 23 h before the rollback began): the functions move back, then that stream is
///     replayed onto the old table — it holds every write made to the new table since the cutover,
///     and nothing the old table took meanwhile is overwritten unless the new table also changed it;
///   - otherwise: the old table's live-writes stream, if apply's replication did not finish, is
///     caught up onto the new table first (rollback.forward); then rollback captures the new table's
///     stream (rollback.capture), copies the new table's items back (rollback.data: a scan diff — a
///     mirror when every function of the table was cut over, a merge that deletes nothing when some
///     still write the old table), moves the functions back and replays the stream from its capture
///     (rollback.replay): the writes made while the copy ran and the functions moved are not lost.

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "migrate/copy/data_sync.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "util/clock.h"

namespace ddbmv::migrate {

enum class RollbackActionKind {
  kForward,          ///< finish apply's live replication old -> new (partial or undrained cutover)
  kCaptureStream,    ///< take the new table's stream position (enable a stream when it has none)
  kSyncData,         ///< scan diff: the new table's items back to the old table
  kRestoreFunction,  ///< planned variables back to their old values, aliases back
  kReplayStream,     ///< the new table's stream since its capture, onto the old table
  kStreamOff,        ///< turn off a stream ddbmv enabled (old table: live writes; new: a capture)
  kRestorePitr,      ///< turn the source's PITR off again (apply turned it on)
  kBackupNewTable,   ///< on-demand backup of a new table before deleting it
  kDeleteNewTable,   ///< delete a new table this migration created
};

/// Where rollback.replay reads the new table's stream from.
enum class ReplayFrom {
  kCutoverCapture,   ///< apply's cutover.capture/<target>
  kRollbackCapture,  ///< rollback.capture/<target>
};

struct RollbackAction {
  RollbackActionKind kind = RollbackActionKind::kSyncData;
  std::string step;                                ///< its journal step ("rollback.data/<source>")
  const TablePlan* table = nullptr;                ///< for table actions; points into the plan given
  const FunctionPlan* function = nullptr;          ///< for kRestoreFunction
  bool done = false;                               ///< an earlier rollback finished it
  SyncMode mode = SyncMode::kMirror;               ///< for kSyncData
  ReplayFrom from = ReplayFrom::kRollbackCapture;  ///< for kReplayStream
  bool old_table = false;  ///< for kStreamOff: the old table's stream (else the new's)

  /// One line for a person: "copy the items of new-x back to old-x (...)".
  std::string describe() const;
};

struct RollbackOptions {
  bool delete_new_tables = false;  ///< --delete-new-tables
};

/// What rollback read from the account before planning.
struct RollbackObservations {
  /// Functions whose cutover step never finished (a crash, a failure) but whose environment holds a
  /// value cutover sets: they were re-pointed, so the new tables may hold their writes.
  std::set<std::string> functions_on_new_tables;
  /// New tables whose stream apply captured at the cutover (cutover.capture) is still enabled: only
  /// then does that stream hold every write made since.
  std::set<std::string> cutover_streams_enabled;
  /// When this rollback began: the first `rollback` intent in the journal, else now. Decides whether
  /// apply's cutover capture is still young enough to replay (a stream keeps 24 hours).
  TimePoint began;
};

/// A stream's records live 24 hours; a capture is replayed only when younger than this.
inline constexpr std::chrono::hours kCaptureUsableFor{23};

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

/// The functions rollback must point back: cutover done, or begun and seen on the new tables, or
/// already handled by an earlier rollback.
std::vector<const FunctionPlan*> repointed_functions(const Plan& plan, const JournalState& journal,
                                                     const RollbackObservations& observations);

/// The time of the first `rollback` intent in the journal; empty when no rollback has begun.
std::optional<TimePoint> rollback_began(const JournalState& journal);

/// The actions, in order: per table a re-pointed function may have written, the forward catch-up,
/// capture and data copy; then the functions; then the stream replays; then the streams ddbmv
/// enabled are turned off, PITR restored, and (with delete_new_tables) each new table apply began to
/// create backed up, then each deleted. Actions of one kind that follow each other act on different
/// tables and may run side by side (run_rollback runs replays, stream-offs, PITR, backups and
/// deletions so).
RollbackPlan plan_rollback(const Plan& plan, const JournalState& journal, const RollbackOptions& options,
                           const RollbackObservations& observations);

}  // namespace ddbmv::migrate
