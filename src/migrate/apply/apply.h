#pragma once
/// `ddbmv apply`: carries out an approved plan phase by phase (prepare → create → copy → cutover →
/// validate), journaled in journal.jsonl beside the plan so that a re-run continues where a crash or
/// Ctrl-C left it, with every mutating AWS call in CHANGES.log and one run at a time (apply.lock).

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "migrate/apply/apply_context.h"
#include "migrate/journal/migration_files.h"
#include "migrate/journal/run_lock.h"

namespace ddbmv::migrate {

struct ApplySummary {
  std::string migration_id;
  std::vector<PhaseReport> phases;      ///< phases run by this invocation, in order
  std::vector<Phase> done_earlier;      ///< phases a previous run finished
  std::optional<Phase> stopped_after;   ///< --until stopped the run after this phase
  bool complete = false;                ///< every phase is done
  std::size_t torn_journal_bytes = 0;   ///< a torn last journal record was discarded
  std::optional<LockOwner> stale_lock;  ///< a stale lock of this owner was taken over
  MigrationFiles files;
};

/// `--output json` form of the summary.
nlohmann::json to_json(const ApplySummary& summary);

struct ApplyRequest {
  std::filesystem::path plan_path;
  ApplyOptions options;
  std::string ddbmv_version;
};

/// Runs (or continues) the plan. In order: takes apply.lock; reads the journal (refusing one of
/// another plan or a damaged one: nothing changed); re-reads the world and refuses on drift (nothing
/// changed); refuses before any change when locked aliases would need --publish-aliases; then runs
/// each phase not yet done, up to --until. Fails with the first failing step's Error (the journal
/// records it; re-running continues).
Result<ApplySummary> apply_plan(const Plan& plan, const ApplyRequest& request, const Clients& clients,
                                std::shared_ptr<const Clock> clock, const ApplyReporter& reporter);

}  // namespace ddbmv::migrate
