#include "migrate/rollback/rollback.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/control/table_retirement.h"
#include "migrate/journal/step_names.h"
#include "migrate/rollback/environment_restore.h"
#include "migrate/rollback/function_restore.h"
#include "migrate/rollback/rollback_actions.h"
#include "migrate/rollback/rollback_replay.h"
#include "migrate/streams/replication_checkpoint.h"
#include "util/parallel.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

using std::chrono::milliseconds;

/// Replays wait at least this long for records still on their way into a stream.
constexpr milliseconds kStreamSettle{1'000};
/// The drain when no restored function reports its Timeout (Lambda's default is 3 s).
constexpr milliseconds kDefaultDrain{5'000};

/// Refuses once decommission has begun deleting the old tables: there is nothing to go back to.
Result<void> check_not_decommissioned(const Plan& plan, const JournalState& journal) {
  for (const auto& table : plan.tables) {
    if (journal.find(steps::decommission_delete(table.source)) != nullptr) {
      return fail("Decommissioned",
                  fmt::format("migration {} was decommissioned: its old table {} was deleted (or is being "
                              "deleted), so there is nothing to roll back to",
                              plan.migration_id, table.source),
                  fmt::format("the final backup {} holds it; restore it by hand if you must go back",
                              final_backup_name(table.source, plan.migration_id)));
    }
  }
  return {};
}

/// Reads what the plan cannot say: which functions an unfinished cutover left on the new tables, and
/// whether the streams apply captured at the cutover are still on. Only asks about what is unknown.
Result<RollbackObservations> observe(const Plan& plan, const JournalState& journal,
                                     const RollbackServices& services) {
  RollbackObservations seen;
  seen.began = rollback_began(journal).value_or(services.clock->now());
  for (const auto& function : plan.functions) {
    const StepState* cutover = journal.find(steps::cutover_function(function.name));
    if (cutover == nullptr || cutover->status == StepStatus::kDone ||
        journal.find(steps::rollback_function(function.name)) != nullptr) {
      continue;
    }
    auto configuration = services.lambda.find_function_configuration(function.name);
    if (!configuration) {
      return std::unexpected(
          rollback_call_failure(configuration.error(), fmt::format("reading function {}", function.name)));
    }
    if (!*configuration) {
      continue;
    }
    auto restore = restored_environment(plan, function, lambda::Client::environment_of(**configuration));
    // A variable changed by someone else: count it as moved, so that its tables' data is carried back
    // and the function's own step stops with the conflict.
    if (!restore || !restore->restored.empty()) {
      seen.functions_on_new_tables.insert(function.name);
    }
  }
  for (const auto& table : plan.tables) {
    auto captured = captured_stream(journal.result_of(steps::cutover_capture(table.target)));
    if (!captured || journal.is_done(steps::rollback_replay(table.target))) {
      continue;
    }
    auto described = services.dynamodb.find_table(table.target);
    if (!described) {
      return std::unexpected(
          rollback_call_failure(described.error(), fmt::format("describing {}", table.target)));
    }
    if (*described &&
        (**described).value("StreamSpecification", Json::object()).value("StreamEnabled", false) &&
        (**described).value("LatestStreamArn", std::string()) == captured->start.stream_arn) {
      seen.cutover_streams_enabled.insert(table.target);
    }
  }
  return seen;
}

/// How long the replay of one table keeps following: until `drain` after the last function moved
/// back (an invocation that started before runs at most its Timeout), and never less than kStreamSettle.
milliseconds replay_quiet(const JournalState& journal, const RollbackRunOptions& options, TimePoint now) {
  std::optional<TimePoint> last_restored;
  int longest_timeout = 0;
  for (const auto& step : journal.steps_with_prefix("rollback.function/")) {
    const StepState* state = journal.find(step);
    if (state->status != StepStatus::kDone) {
      continue;
    }
    if (auto at = parse_iso8601(state->finished_at); at && (!last_restored || *at > *last_restored)) {
      last_restored = at;
    }
    if (state->result.is_object()) {
      longest_timeout = std::max(longest_timeout, state->result.value("timeout_seconds", 0));
    }
  }
  const milliseconds drain =
      options.drain.value_or(longest_timeout > 0 ? milliseconds(longest_timeout * 1000) : kDefaultDrain);
  if (!last_restored) {
    return std::max(kStreamSettle, drain);
  }
  const auto left = std::chrono::duration_cast<milliseconds>(*last_restored + drain - now);
  return std::max(kStreamSettle, left);
}

bool runs_side_by_side(RollbackActionKind kind) {
  switch (kind) {
    case RollbackActionKind::kReplayStream:
    case RollbackActionKind::kStreamOff:
    case RollbackActionKind::kRestorePitr:
    case RollbackActionKind::kBackupNewTable:
    case RollbackActionKind::kDeleteNewTable:
      return true;
    default:
      return false;
  }
}

Result<Json> perform(const RollbackServices& services, const Plan& plan, Journal& journal,
                     const JournalState& before, const RollbackRunOptions& options,
                     const RollbackAction& action) {
  const JournalState now = journal.state();
  switch (action.kind) {
    case RollbackActionKind::kForward:
      return forward_old_writes(services, journal, *action.table);
    case RollbackActionKind::kCaptureStream:
      return capture_new_stream(services, *action.table, before.find(action.step) != nullptr);
    case RollbackActionKind::kSyncData:
      return copy_back(services, *action.table, action.mode);
    case RollbackActionKind::kRestoreFunction: {
      auto restored =
          restore_function(services.lambda, plan, *action.function, moved_aliases(now, *action.function),
                           services.changes, *services.clock);
      if (!restored) {
        return std::unexpected(restored.error());
      }
      return Json{{"restored", restored->restored},
                  {"aliases", restored->aliases},
                  {"timeout_seconds", restored->timeout_seconds}};
    }
    case RollbackActionKind::kReplayStream:
      return replay_new_writes(services, journal, *action.table, action.from,
                               replay_quiet(now, options, services.clock->now()));
    case RollbackActionKind::kStreamOff:
      return turn_stream_off(services, now, *action.table, action.old_table);
    case RollbackActionKind::kRestorePitr:
      return restore_pitr(services, *action.table);
    case RollbackActionKind::kBackupNewTable:
      return backup_new_table(services, plan, *action.table);
    case RollbackActionKind::kDeleteNewTable:
      return delete_new_table(services, plan, *action.table);
  }
  return fail("Internal", "unknown rollback action");
}

}  // namespace

Result<RollbackReport> run_rollback(const Plan& plan, Journal& journal, const RollbackServices& services,
                                    const RollbackRunOptions& options) {
  RollbackReport report;
  const JournalState before = journal.state();
  if (auto allowed = check_not_decommissioned(plan, before); !allowed) {
    return std::unexpected(allowed.error());
  }
  auto observations = observe(plan, before, services);
  if (!observations) {
    return std::unexpected(observations.error());
  }
  const RollbackPlan actions = plan_rollback(plan, before, options.plan, *observations);
  if (actions.nothing_to_do() && before.is_done(steps::kRollback)) {
    report.nothing_to_do = true;
    return report;
  }
  if (auto opened = journal.intent(steps::kRollback, {{"delete_new_tables", options.plan.delete_new_tables}});
      !opened) {
    return std::unexpected(opened.error());
  }
  // Consecutive actions of a kind that acts on one table each run side by side: the replays each
  // follow their stream until the same moment (the drain after the last function moved back), so
  // together they take as long as one; backups and deletions wait for AWS per table. The data copies
  // and the functions run one at a time, in order.
  const auto& all = actions.actions;
  for (std::size_t first = 0; first < all.size();) {
    std::size_t last = first + 1;
    while (runs_side_by_side(all[first].kind) && last < all.size() && all[last].kind == all[first].kind) {
      ++last;
    }
    std::vector<const RollbackAction*> group;
    for (std::size_t i = first; i < last; ++i) {
      if (!all[i].done) {
        group.push_back(&all[i]);
      }
    }
    first = last;
    for (const RollbackAction* action : group) {
      if (services.progress) {
        services.progress(action->describe());
      }
      if (auto recorded = journal.intent(action->step); !recorded) {
        return std::unexpected(recorded.error());
      }
    }
    std::vector<std::optional<Result<Json>>> results(group.size());
    run_parallel(group.size(), group.size(), [&](std::size_t i) {
      results[i] = perform(services, plan, journal, before, options, *group[i]);
    });
    std::optional<Error> failure;
    for (std::size_t i = 0; i < group.size(); ++i) {
      const RollbackAction& action = *group[i];
      const Result<Json>& result = *results[i];
      if (!result) {
        (void)journal.failed(action.step,
                             {{"code", result.error().code}, {"message", result.error().message}});
        (void)journal.failed(
            steps::kRollback,
            {{"code", result.error().code}, {"message", result.error().message}, {"step", action.step}});
        failure = failure.value_or(result.error());
        continue;
      }
      if (auto recorded = journal.done(action.step, *result); !recorded) {
        return std::unexpected(recorded.error());
      }
      if (result->value("skipped", false)) {
        report.warnings.push_back(result->value("reason", action.step));
      }
      report.actions.push_back(RollbackOutcome{action.step, action.describe(), *result});
    }
    if (failure) {
      return std::unexpected(*failure);
    }
  }
  if (auto closed = journal.done(steps::kRollback, {{"delete_new_tables", options.plan.delete_new_tables}});
      !closed) {
    return std::unexpected(closed.error());
  }
  return report;
}

}  // namespace ddbmv::migrate
