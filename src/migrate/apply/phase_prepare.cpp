/// prepare: PITR on every source (the previous state recorded so rollback can restore it) and an
/// on-demand backup of every source, named after the migration, waited until AVAILABLE.

#include <fmt/core.h>

#include "migrate/apply/phases.h"
#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {
namespace {

bool pitr_enabled(const nlohmann::json& continuous_backups) {
  return continuous_backups.value("PointInTimeRecoveryDescription", nlohmann::json::object())
             .value("PointInTimeRecoveryStatus", "") == "ENABLED";
}

Result<void> enable_pitr(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::prepare_pitr(table.source);
  if (context.journal.is_done(step)) {
    context.say(report, fmt::format("PITR on {}: done in an earlier run", table.source));
    return {};
  }
  auto described = lift(context.clients.dynamodb.describe_continuous_backups(table.source));
  if (!described)
    return forward(described);
  const bool enabled_now = pitr_enabled(*described);
  // A crashed run recorded the state it found before changing it; that is the one to restore.
  const auto earlier = context.journal.step(step);
  bool previous = enabled_now;
  if (earlier && earlier->intent.contains("previous")) {
    previous = earlier->intent["previous"].get<bool>();
  } else if (auto noted = context.journal.intent(step, {{"previous", enabled_now}}); !noted) {
    return noted;
  }
  if (!enabled_now) {
    auto updated = lift(context.clients.dynamodb.update_continuous_backups(table.source, true));
    if (!updated)
      return forward(updated);
    if (auto logged = context.log_change("dynamodb:UpdateContinuousBackups", table.source,
                                         {{"PointInTimeRecoveryEnabled", {{"old", false}, {"new", true}}}});
        !logged) {
      return logged;
    }
  }
  context.say(report, previous ? fmt::format("PITR was already on for {}", table.source)
                               : fmt::format("PITR turned on for {} (was off; rollback turns it off again)",
                                             table.source));
  return context.journal.done(step,
                              {{"previous", previous}, {"enabled", true}, {"changed", !previous}});
}

/// Starts (or finds) the backup of `table`; returns its ARN, or empty when the step is done already.
Result<std::string> start_backup(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::prepare_backup(table.source);
  if (context.journal.is_done(step)) {
    context.say(report, fmt::format("backup of {}: done in an earlier run", table.source));
    return std::string();
  }
  const std::string name = backup_name(table.source, context.plan.migration_id);
  if (const auto checkpoint = context.journal.checkpoint_of(step);
      checkpoint.is_object() && checkpoint.contains("backup_arn")) {
    return checkpoint["backup_arn"].get<std::string>();
  }
  if (!context.journal.step(step)) {
    if (auto noted = context.journal.intent(step, {{"backup_name", name}}); !noted)
      return forward(noted);
  }
  // A backup with this migration's name may exist already (a run stopped after CreateBackup): reuse it.
  auto backups = lift(context.clients.dynamodb.list_backups(table.source));
  if (!backups)
    return forward(backups);
  std::string arn;
  bool reused = false;
  for (const auto& summary : *backups) {
    if (summary.value("BackupName", "") == name && summary.value("BackupStatus", "") != "DELETED") {
      arn = summary.value("BackupArn", "");
      reused = true;
      break;
    }
  }
  if (arn.empty()) {
    auto created = lift(context.clients.dynamodb.create_backup(table.source, name));
    if (!created)
      return forward(created);
    arn = created->value("BackupArn", "");
    if (auto logged = context.log_change("dynamodb:CreateBackup", table.source,
                                         {{"BackupName", name}, {"BackupArn", arn}});
        !logged) {
      return forward(logged);
    }
  }
  if (auto noted = context.journal.checkpoint(step, {{"backup_arn", arn}, {"reused", reused}}); !noted) {
    return forward(noted);
  }
  return arn;
}

}  // namespace

Result<PhaseReport> run_prepare(const ApplyContext& context) {
  PhaseReport report{Phase::kPrepare, {}, nlohmann::json::object()};
  for (const auto& table : context.plan.tables) {
    if (auto enabled = enable_pitr(context, table, report); !enabled)
      return forward(enabled);
  }
  // Start every backup first, then wait for them together.
  std::vector<std::pair<const TablePlan*, std::string>> pending;
  for (const auto& table : context.plan.tables) {
    auto arn = start_backup(context, table, report);
    if (!arn)
      return forward(arn);
    if (!arn->empty())
      pending.emplace_back(&table, std::move(*arn));
  }
  for (const auto& [table, arn] : pending) {
    const std::string step = steps::prepare_backup(table->source);
    auto waited =
        wait_backup_available(context.clients.dynamodb, *context.clock, context.options.backup_poll, arn);
    if (!waited) {
      (void)context.journal.failed(step, {{"backup_arn", arn}, {"error", waited.error().message}});
      return forward(waited);
    }
    const auto checkpoint = context.journal.checkpoint_of(step);
    const bool reused = checkpoint.is_object() && checkpoint.value("reused", false);
    const std::string name = backup_name(table->source, context.plan.migration_id);
    context.say(report, fmt::format("backup {} of {} is AVAILABLE{}", name, table->source,
                                    reused ? " (taken by an earlier run)" : ""));
    if (auto noted = context.journal.done(
            step, {{"backup_name", name}, {"backup_arn", arn}, {"status", "AVAILABLE"}, {"reused", reused}});
        !noted) {
      return forward(noted);
    }
  }
  for (const auto& table : context.plan.tables) {
    report.details["backups"][table.source] = context.journal.result_of(steps::prepare_backup(table.source));
    report.details["pitr"][table.source] = context.journal.result_of(steps::prepare_pitr(table.source));
  }
  return report;
}

}  // namespace ddbmv::migrate
