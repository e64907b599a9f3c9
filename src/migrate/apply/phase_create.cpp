/// create: every target from its spec, a few at once, waited until ACTIVE with every index ACTIVE;
/// then TTL and PITR as the source has them; then the target compared with the source.

#include <fmt/core.h>

#include <algorithm>

#include "migrate/apply/drift_check.h"
#include "migrate/apply/phases.h"
#include "migrate/apply/table_compare.h"
#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {
namespace {

/// Issues CreateTable for `table` unless it exists already (created by this migration: adopted).
/// Returns false when the step is done already.
Result<bool> start_create(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::create_table(table.target);
  if (context.journal.is_done(step)) {
    context.say(report, fmt::format("table {}: created in an earlier run", table.target));
    return false;
  }
  if (!context.journal.step(step)) {
    if (auto noted = context.journal.intent(step, {{"source", table.source}}); !noted)
      return forward(noted);
  }
  PollPolicy backoff = context.options.table_poll;
  for (int attempt = 1;; ++attempt) {
    auto existing = lift(context.clients.dynamodb.find_table(table.target));
    if (!existing)
      return forward(existing);
    if (*existing) {
      auto tags = lift(
          context.clients.dynamodb.list_tags_of_resource((**existing).value("TableArn", table.target_arn)));
      if (!tags)
        return forward(tags);
      if (!created_by_migration(*tags, context.plan.migration_id)) {
        (void)context.journal.failed(step, {{"error", "exists, not created by this migration"}});
        return fail("TargetExists",
                    fmt::format("target table {} exists and was not created by migration {}", table.target,
                                context.plan.migration_id),
                    "nothing was created for it; choose another name and run ddbmv plan again");
      }
      return true;  // ours: created by a run that stopped before recording it
    }
    auto created = context.clients.dynamodb.create_table(table.spec);
    if (created) {
      if (auto logged = context.log_change("dynamodb:CreateTable", table.target, table.spec); !logged) {
        return forward(logged);
      }
      return true;
    }
    const std::string code = created.error().code;
    if (code == "ResourceInUseException")
      continue;  // appeared meanwhile: look again (and check its tags)
    if (code == "LimitExceededException" && attempt < 20) {
      context.clock->sleep_for(
          std::min(backoff.max_delay, backoff.first_delay * (1 << std::min(attempt, 6))));
      continue;
    }
    (void)context.journal.failed(step,
                                 {{"error", created.error().code}, {"message", created.error().message}});
    return std::unexpected(created.error().to_error());
  }
}

Result<void> finish_create(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  auto described =
      wait_table_active(context.clients.dynamodb, *context.clock, context.options.table_poll, table.target);
  if (!described)
    return forward(described);
  context.say(report,
              fmt::format("table {} is ACTIVE with its {} index(es)", table.target,
                          described->value("GlobalSecondaryIndexes", nlohmann::json::array()).size() +
                              described->value("LocalSecondaryIndexes", nlohmann::json::array()).size()));
  return context.journal.done(steps::create_table(table.target),
                              {{"source", table.source},
                               {"table_arn", described->value("TableArn", table.target_arn)},
                               {"created_by_migration", context.plan.migration_id},
                               {"stream_arn", described->value("LatestStreamArn", nlohmann::json())}});
}

Result<void> apply_settings(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::create_settings(table.target);
  if (context.journal.is_done(step))
    return {};
  const auto& wanted = table.after_create;
  const nlohmann::json ttl_record =
      wanted.ttl ? nlohmann::json{{"AttributeName", wanted.ttl->attribute_name}, {"Enabled", true}}
                 : nlohmann::json();
  if (auto noted = context.journal.intent(
          step, {{"ttl", ttl_record}, {"point_in_time_recovery", wanted.point_in_time_recovery}});
      !noted) {
    return noted;
  }
  if (wanted.ttl) {
    auto current = lift(context.clients.dynamodb.describe_time_to_live(table.target));
    if (!current)
      return forward(current);
    const std::string status = current->value("TimeToLiveStatus", "DISABLED");
    if (!((status == "ENABLED" || status == "ENABLING") &&
          current->value("AttributeName", "") == wanted.ttl->attribute_name)) {
      auto updated =
          lift(context.clients.dynamodb.update_time_to_live(table.target, wanted.ttl->attribute_name, true));
      if (!updated)
        return forward(updated);
      if (auto logged =
              context.log_change("dynamodb:UpdateTimeToLive", table.target, {{"TimeToLive", ttl_record}});
          !logged) {
        return logged;
      }
    }
    context.say(report, fmt::format("TTL on {} uses attribute {}, as on {}", table.target,
                                    wanted.ttl->attribute_name, table.source));
  }
  if (wanted.point_in_time_recovery) {
    auto current = lift(context.clients.dynamodb.describe_continuous_backups(table.target));
    if (!current)
      return forward(current);
    if (current->value("PointInTimeRecoveryDescription", nlohmann::json::object())
            .value("PointInTimeRecoveryStatus", "") != "ENABLED") {
      auto updated = lift(context.clients.dynamodb.update_continuous_backups(table.target, true));
      if (!updated)
        return forward(updated);
      if (auto logged = context.log_change("dynamodb:UpdateContinuousBackups", table.target,
                                           {{"PointInTimeRecoveryEnabled", {{"old", false}, {"new", true}}}});
          !logged) {
        return logged;
      }
    }
    context.say(report, fmt::format("PITR on {} turned on, as on {}", table.target, table.source));
  }
  return context.journal.done(
      step, {{"ttl", ttl_record}, {"point_in_time_recovery", wanted.point_in_time_recovery}});
}

Result<void> check_target(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::create_check(table.target);
  if (context.journal.is_done(step))
    return {};
  auto source = lift(context.clients.dynamodb.describe_table(table.source));
  if (!source)
    return forward(source);
  auto target = lift(context.clients.dynamodb.describe_table(table.target));
  if (!target)
    return forward(target);
  auto ttl = lift(context.clients.dynamodb.describe_time_to_live(table.target));
  if (!ttl)
    return forward(ttl);
  auto pitr = lift(context.clients.dynamodb.describe_continuous_backups(table.target));
  if (!pitr)
    return forward(pitr);
  auto differences = table_differences(*source, *target);
  for (auto& line : settings_differences(table.after_create, *ttl, *pitr))
    differences.push_back(std::move(line));
  if (!differences.empty()) {
    (void)context.journal.failed(step, {{"source", table.source}, {"differences", differences}});
    std::string message = fmt::format("new table {} does not match {}:", table.target, table.source);
    for (const auto& line : differences)
      message += "\n  - " + line;
    return fail("TargetMismatch", std::move(message),
                fmt::format("undo with ddbmv rollback {} --delete-new-tables, then report this difference",
                            context.plan_path.string()));
  }
  context.say(report, fmt::format("{} matches {} (keys, indexes, billing, SSE, stream, class, TTL, PITR)",
                                  table.target, table.source));
  return context.journal.done(step, {{"source", table.source}});
}

}  // namespace

Result<PhaseReport> run_create(const ApplyContext& context) {
  PhaseReport report{Phase::kCreate, {}, nlohmann::json::object()};
  const auto& tables = context.plan.tables;
  const std::size_t batch = static_cast<std::size_t>(std::max(1, context.options.max_concurrent_creates));
  for (std::size_t begin = 0; begin < tables.size(); begin += batch) {
    const std::size_t end = std::min(tables.size(), begin + batch);
    std::vector<const TablePlan*> started;
    for (std::size_t i = begin; i < end; ++i) {
      auto pending = start_create(context, tables[i], report);
      if (!pending)
        return forward(pending);
      if (*pending)
        started.push_back(&tables[i]);
    }
    for (const TablePlan* table : started) {
      if (auto finished = finish_create(context, *table, report); !finished)
        return forward(finished);
    }
  }
  for (const auto& table : tables) {
    if (auto applied = apply_settings(context, table, report); !applied)
      return forward(applied);
    if (auto checked = check_target(context, table, report); !checked)
      return forward(checked);
    report.details["tables"][table.target] = context.journal.result_of(steps::create_table(table.target));
  }
  return report;
}

}  // namespace ddbmv::migrate
