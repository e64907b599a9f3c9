#pragma once
/// The steps of apply's phases, one file per phase (phase_<name>.cpp); apply_sequence.cpp lists them
/// in the order they run. Each step is resumable: what the journal records as done is skipped; a
/// journal step with an intent but no outcome is re-checked against AWS before anything is redone.
/// See journal_steps.h for the journal steps and what they record.

#include "migrate/apply/apply_context.h"
#include "migrate/apply/drift_check.h"

namespace ddbmv::migrate {

/// The signature of every step: it says what it did through `report` (and context.say).
using ApplyStepRun = Result<void> (*)(const ApplyContext& context, PhaseReport& report);

// prepare (phase_prepare.cpp)
/// PITR on every source, its previous state recorded.
Result<void> prepare_pitr(const ApplyContext& context, PhaseReport& report);
/// An on-demand backup of every source (all started, then waited AVAILABLE together).
Result<void> prepare_backups(const ApplyContext& context, PhaseReport& report);

// create (phase_create.cpp)
/// Every target created from its spec (a few at once), waited ACTIVE with every index.
Result<void> create_tables(const ApplyContext& context, PhaseReport& report);
/// TTL and PITR on every target as the source has them; the result compared with the source.
Result<void> create_settings(const ApplyContext& context, PhaseReport& report);

// copy (phase_copy.cpp)
/// Live writes: every source's stream captured (enabled where it has none) before the copy.
Result<void> copy_capture_streams(const ApplyContext& context, PhaseReport& report);
/// Every table copied, resuming from its checkpoints.
Result<void> copy_tables(const ApplyContext& context, PhaseReport& report);
/// Live writes: the streams' changes since the capture applied to the targets.
Result<void> copy_catch_up(const ApplyContext& context, PhaseReport& report);
/// Deletion protection on every target whose source has it.
Result<void> copy_protect(const ApplyContext& context, PhaseReport& report);

// verify (phase_verify.cpp): after the copy without live writes, after the drain with them
/// Every table's verify step (verify/<source>).
Result<void> verify_every_table(const ApplyContext& context, PhaseReport& report);
/// One table's verify step.
Result<void> run_verify_step(const ApplyContext& context, const TablePlan& table, PhaseReport& report);

// cutover (phase_cutover.cpp)
/// Refuses locked aliases without --publish-aliases (checked again here for a resumed run).
Result<void> cutover_check_aliases(const ApplyContext& context, PhaseReport& report);
/// Live writes: caught up again before the functions move.
Result<void> cutover_catch_up(const ApplyContext& context, PhaseReport& report);
/// The new tables' streams captured (for rollback and the live verify).
Result<void> cutover_capture_targets(const ApplyContext& context, PhaseReport& report);
/// Live writes: replication following in the background.
Result<void> cutover_follow(const ApplyContext& context, PhaseReport& report);
/// Every function's planned variables re-pointed (RevisionId-safe), a few at once; aliases on locked
/// versions moved (--publish-aliases).
Result<void> cutover_functions(const ApplyContext& context, PhaseReport& report);
/// Live writes: waits until every stream has been quiet (nothing writes the old tables any more).
Result<void> cutover_drain(const ApplyContext& context, PhaseReport& report);
/// Live writes: the sources' streams ddbmv enabled turned off again.
Result<void> cutover_release(const ApplyContext& context, PhaseReport& report);
/// The old tables' count and digest recorded (decommission compares against them).
Result<void> cutover_fingerprint(const ApplyContext& context, PhaseReport& report);
/// The cutover time recorded.
Result<void> cutover_complete(const ApplyContext& context, PhaseReport& report);

// validate (phase_validate.cpp)
/// Every function invoked with its test event, where one is given.
Result<void> validate_functions(const ApplyContext& context, PhaseReport& report);

}  // namespace ddbmv::migrate
