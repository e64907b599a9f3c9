#pragma once
/// The five phases of apply, one file each (phase_<name>.cpp). Each phase is resumable: a step the
/// journal records as done is skipped; a step with an intent but no outcome is re-checked against AWS
/// before anything is redone. See journal_steps.h for the steps and what they record.

#include "migrate/apply_context.h"
#include "migrate/drift_check.h"

namespace ddbmv::migrate {

/// PITR on every source (previous state recorded), an on-demand backup of each, waited AVAILABLE.
Result<PhaseReport> run_prepare(const ApplyContext& context);
/// Every target created from its spec (a few at once), waited ACTIVE with every index; TTL and PITR
/// as the source has them; the result compared with the source.
Result<PhaseReport> run_create(const ApplyContext& context);
/// Every table copied (resuming from its checkpoints) and verified by count and digest; deletion
/// protection set on the target where the source has it.
Result<PhaseReport> run_copy(const ApplyContext& context);
/// Every function's planned variables re-pointed (RevisionId-safe), aliases on locked versions moved
/// (with --publish-aliases), the old tables fingerprinted, the cutover time recorded.
Result<PhaseReport> run_cutover(const ApplyContext& context);
/// Every function invoked with its test event, where one is given.
Result<PhaseReport> run_validate(const ApplyContext& context);

}  // namespace ddbmv::migrate
