#pragma once
/// Apply's whole sequence in one list, as rollback's plan_rollback lists its actions: every step of
/// every phase in the order it runs, with the journal steps it writes. apply_plan (apply.cpp) runs
/// this list; a new capability (IAM grants, event source mappings, scaling, alarms, ...) is a new
/// entry here and one function in its phase's file.

#include <span>
#include <string_view>
#include <vector>

#include "migrate/apply/phases.h"
#include "migrate/journal/apply_phase.h"

namespace ddbmv::migrate {

/// Which runs take a step: live writes (the default) or --no-live.
enum class StepRuns { kAlways, kWithLiveWrites, kWithoutLiveWrites };

struct ApplyStep {
  Phase phase;
  std::string_view name;     ///< "<phase>.<what>", e.g. "copy.catch-up"
  std::string_view journal;  ///< the journal steps it writes ("" when none)
  StepRuns runs;
  ApplyStepRun run;
};

/// Every step, in order; the phases in kPhaseNames' order.
std::span<const ApplyStep> apply_sequence();

/// The steps of `phase` a run takes with (`live`) or without live writes, in order.
std::vector<const ApplyStep*> steps_of(Phase phase, bool live);

/// "prepare (PITR, backups) -> create (...) -> ... -> validate (...)", for the command's help.
std::string sequence_text();

}  // namespace ddbmv::migrate
