#include "migrate/apply/apply.h"

#include <fmt/core.h>
#include <unistd.h>

#include "migrate/apply/drift_check.h"
#include "migrate/apply/phases.h"
#include "migrate/journal/journal_steps.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

using PhaseRunner = Result<PhaseReport> (*)(const ApplyContext&);

PhaseRunner runner_for(Phase phase) {
  switch (phase) {
    case Phase::kPrepare:
      return run_prepare;
    case Phase::kCreate:
      return run_create;
    case Phase::kCopy:
      return run_copy;
    case Phase::kCutover:
      return run_cutover;
    case Phase::kValidate:
      return run_validate;
  }
  return run_prepare;
}

std::set<std::string> table_names_and_arns(const Plan& plan) {
  std::set<std::string> names;
  for (const auto& table : plan.tables) {
    names.insert({table.source, table.target, table.source_arn, table.target_arn});
  }
  for (const auto& function : plan.functions) {
    for (const auto& change : function.changes)
      names.insert({change.old_value, change.new_value});
  }
  names.erase("");
  return names;
}

/// Refuses to carry on a plan that was rolled back (or whose rollback began): its functions are back
/// on the old tables, the new tables may be deleted, and applying it again would copy stale data.
Result<void> check_not_rolled_back(const Plan& plan, const JournalState& journal,
                                   const std::filesystem::path& plan_path) {
  const StepState* rollback = journal.find(steps::kRollback);
  if (rollback == nullptr) {
    return {};
  }
  const std::string when =
      rollback->status == StepStatus::kDone
          ? fmt::format("was rolled back at {}", rollback->finished_at)
          : fmt::format("has a rollback that began at {} and did not finish", rollback->started_at);
  return fail(
      "RolledBack",
      fmt::format("migration {} {} ({}): its functions use the old tables again, so this plan "
                  "cannot be applied again",
                  plan.migration_id, when, migration_files(plan_path).journal.string()),
      fmt::format("to migrate again, make a new plan from the account as it is now into a new "
                  "directory (ddbmv plan ... --out NEW_DIR) and apply that one{}",
                  rollback->status == StepStatus::kDone
                      ? ""
                      : fmt::format("; first finish the rollback: ddbmv rollback {}", plan_path.string())));
}

bool reaches(const ApplyOptions& options, Phase phase) {
  return !options.until || static_cast<int>(*options.until) >= static_cast<int>(phase);
}

}  // namespace

nlohmann::json to_json(const ApplySummary& summary) {
  nlohmann::json phases = nlohmann::json::array();
  for (Phase phase : summary.done_earlier) {
    phases.push_back({{"phase", to_string(phase)}, {"status", "done_earlier"}});
  }
  for (const auto& report : summary.phases) {
    phases.push_back({{"phase", to_string(report.phase)},
                      {"status", "done"},
                      {"actions", report.actions},
                      {"details", report.details}});
  }
  return {
      {"migration_id", summary.migration_id},
      {"complete", summary.complete},
      {"stopped_after", summary.stopped_after ? nlohmann::json(to_string(*summary.stopped_after)) : nullptr},
      {"phases", phases},
      {"journal", summary.files.journal.string()},
      {"changes_log", summary.files.changes_log.string()}};
}

Result<ApplySummary> apply_plan(const Plan& plan, const ApplyRequest& request, const Clients& clients,
                                std::shared_ptr<const Clock> clock, const ApplyReporter& reporter) {
  ApplySummary summary;
  summary.migration_id = plan.migration_id;
  summary.files = migration_files(request.plan_path);
  const auto& files = summary.files;

  auto lock =
      RunLock::acquire(files.lock, LockOwner{::getpid(), this_host(), "apply", format_iso8601(clock->now())});
  if (!lock)
    return std::unexpected(lock.error());
  summary.stale_lock = lock->stale_owner;

  const std::string digest = plan_digest(plan);
  FileJournalStorage reader(files.journal);
  auto before = read_journal(reader, digest);
  if (!before)
    return std::unexpected(before.error());
  if (auto not_rolled_back = check_not_rolled_back(plan, *before, request.plan_path); !not_rolled_back)
    return std::unexpected(not_rolled_back.error());
  if (before->is_done(steps::phase(to_string(Phase::kValidate)))) {
    summary.done_earlier.assign(kPhases.begin(), kPhases.end());
    summary.complete = true;
    return summary;
  }

  auto drift = check_drift(plan, clients, *before);
  if (!drift)
    return std::unexpected(drift.error());
  if (!drift->empty())
    return std::unexpected(drift_error(*drift));
  if (reaches(request.options, Phase::kCutover) &&
      !before->is_done(steps::phase(to_string(Phase::kCutover)))) {
    if (auto allowed = check_locked_aliases(plan, request.options.publish_aliases); !allowed) {
      return std::unexpected(allowed.error());
    }
  }

  auto journal = Journal::open(
      std::make_unique<FileJournalStorage>(files.journal),
      JournalHeader{digest, plan.migration_id, request.ddbmv_version, format_iso8601(clock->now())}, clock);
  if (!journal)
    return std::unexpected(journal.error());
  summary.torn_journal_bytes = (*journal)->state().truncated_tail_bytes;
  if (request.options.journal_hook)
    (*journal)->set_append_hook(request.options.journal_hook);
  ChangesLog changes(std::make_unique<FileJournalStorage>(files.changes_log), clock,
                     table_names_and_arns(plan));

  std::string live_note;
  std::unique_ptr<LiveWrites> live;
  if (live_writes_in_effect(request.options.live, (*journal)->state(), live_note)) {
    LiveWritesOptions live_options;
    live_options.quiet = request.options.live_quiet;
    live_options.on_progress = reporter.replication_progress;
    live = std::make_unique<LiveWrites>(plan, clients, **journal, clock, std::move(live_options));
  }
  const ApplyContext context{plan,  request.plan_path, clients,  **journal, changes,
                             clock, request.options,   reporter, live.get()};
  if (!live_note.empty() && reporter.say)
    reporter.say(Phase::kCopy, live_note);
  for (Phase phase : kPhases) {
    const std::string step = steps::phase(to_string(phase));
    if ((*journal)->is_done(step)) {
      summary.done_earlier.push_back(phase);
    } else {
      if (request.options.cancel != nullptr && request.options.cancel->load()) {
        return fail("Interrupted", fmt::format("apply was interrupted before the {} phase", to_string(phase)),
                    fmt::format("run ddbmv apply {} again to continue", request.plan_path.string()));
      }
      if (auto noted = (*journal)->intent(step); !noted)
        return std::unexpected(noted.error());
      auto report = runner_for(phase)(context);
      if (!report)
        return std::unexpected(report.error());
      if (auto noted = (*journal)->done(step); !noted)
        return std::unexpected(noted.error());
      summary.phases.push_back(std::move(*report));
    }
    if (request.options.until && *request.options.until == phase) {
      summary.stopped_after = phase;
      break;
    }
  }
  summary.complete = (*journal)->is_done(steps::phase(to_string(Phase::kValidate)));
  return summary;
}

}  // namespace ddbmv::migrate
