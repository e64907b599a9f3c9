#pragma once
/// The five phases of apply, one file each (phase_<name>.cpp). Each phase is resumable: a step the
/// journal records as done is skipped; a step with an intent but no outcome is re-checked against AWS
/// before anything is redone. See journal_steps.h for the steps and what they record.

#include "migrate/apply/apply_context.h"
#include "migrate/apply/drift_check.h"

namespace ddbmv::migrate {

/// PITR on every source (previous state recorded), an on-demand backup of each, waited AVAILABLE.
Result<PhaseReport> run_prepare(const ApplyContext& context);
/// Every target created from its spec (a few at once), waited ACTIVE with every index; TTL and PITR
/// as the source has them; the result compared with the source.
Result<PhaseReport> run_create(const ApplyContext& context);
/// Every table copied (resuming from its checkpoints); with live writes, the sources' streams
/// captured before and caught up after; without, verified by count and digest. Deletion protection
/// set on the target where the source has it.
Result<PhaseReport> run_copy(const ApplyContext& context);
/// The new tables' streams captured (for rollback and the live verify); with live writes, replication
/// following in the background; every function's planned variables re-pointed (RevisionId-safe),
/// aliases on locked versions moved (with --publish-aliases); with live writes then the drain, the
/// verify and the sources' streams released; the old tables fingerprinted, the cutover time recorded.
Result<PhaseReport> run_cutover(const ApplyContext& context);
/// One table's verify step (verify/<source>): after the copy without live writes, after the drain with.
Result<void> run_verify_step(const ApplyContext& context, const TablePlan& table, PhaseReport& report);
/// Every function invoked with its test event, where one is given.
Result<PhaseReport> run_validate(const ApplyContext& context);

}  // namespace ddbmv::migrate
