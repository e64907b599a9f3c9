#include "migrate/rollback.h"

#include <fmt/core.h>

#include "migrate/function_restore.h"
#include "migrate/step_names.h"
#include "migrate/table_retirement.h"

namespace ddbmv::migrate {

namespace {

Error call_failure(const aws::AwsError& error, std::string_view what) {
  Error out = error.to_error();
  out.message = fmt::format("{}: {}", what, out.message);
  return out;
}

/// DescribeTable's `Table` of `name`, or null when it does not exist.
Result<Json> find_table(const dynamodb::Client& dynamodb, const std::string& name) {
  auto found = dynamodb.find_table(name);
  if (!found) {
    return std::unexpected(call_failure(found.error(), fmt::format("describing {}", name)));
  }
  return found->has_value() ? **found : Json(nullptr);
}

/// Refuses to touch a new table that this migration did not create (its governance tag says so).
Result<void> check_created_by(const dynamodb::Client& dynamodb, const Plan& plan, const Json& table) {
  const std::string name = table.value("TableName", std::string());
  auto tag = migration_id_tag(dynamodb, table.value("TableArn", std::string()));
  if (!tag) {
    return std::unexpected(tag.error());
  }
  if (*tag != plan.migration_id) {
    return fail(
        "NotCreatedByThisMigration",
        fmt::format(
            "table {} was not created by migration {} (its {} tag is {}), so rollback will not delete it",
            name, plan.migration_id, kTagMigrationId, tag->empty() ? "absent" : "'" + *tag + "'"),
        "delete it yourself if it should go, or run rollback without --delete-new-tables");
  }
  return {};
}

Result<Json> sync_data(const RollbackServices& services, const TablePlan& table) {
  auto target = find_table(services.dynamodb, table.target);
  if (!target) {
    return std::unexpected(target.error());
  }
  if (target->is_null()) {
    return Json{{"absent", true}};
  }
  auto report = services.data.sync(table.target, table.source);
  if (!report) {
    return std::unexpected(report.error());
  }
  return Json{{"new_items", report->new_items},
              {"old_items", report->old_items},
              {"put", report->put},
              {"deleted", report->deleted}};
}

Result<Json> restore_pitr(const RollbackServices& services, const TablePlan& table) {
  auto description = services.dynamodb.describe_continuous_backups(table.source);
  if (!description) {
    return std::unexpected(
        call_failure(description.error(), fmt::format("reading point-in-time recovery of {}", table.source)));
  }
  const std::string status = description->value("PointInTimeRecoveryDescription", Json::object())
                                 .value("PointInTimeRecoveryStatus", std::string("DISABLED"));
  if (status != "ENABLED") {
    return Json{{"disabled", false}, {"status", status}};
  }
  auto updated = services.dynamodb.update_continuous_backups(table.source, false);
  if (!updated) {
    return std::unexpected(
        call_failure(updated.error(), fmt::format("turning off point-in-time recovery of {}", table.source)));
  }
  if (services.changes != nullptr) {
    if (auto logged = services.changes->record(
            {"dynamodb:UpdateContinuousBackups",
             table.source,
             {{"PointInTimeRecoveryEnabled", {{"old", true}, {"new", false}}}, {"reason", "rollback"}},
             {}});
        !logged) {
      return std::unexpected(logged.error());
    }
  }
  return Json{{"disabled", true}};
}

Result<Json> backup_new_table(const RollbackServices& services, const Plan& plan, const TablePlan& table) {
  auto target = find_table(services.dynamodb, table.target);
  if (!target) {
    return std::unexpected(target.error());
  }
  if (target->is_null()) {
    return Json{{"absent", true}};
  }
  if (auto created_by = check_created_by(services.dynamodb, plan, *target); !created_by) {
    return std::unexpected(created_by.error());
  }
  const std::string name = backup_name(table.target, plan.migration_id);
  auto arn = ensure_backup(services.dynamodb, table.target, name, services.changes, services.clock);
  if (!arn) {
    return std::unexpected(arn.error());
  }
  return Json{{"backup_name", name}, {"backup_arn", *arn}};
}

Result<Json> delete_new_table(const RollbackServices& services, const Plan& plan, const TablePlan& table) {
  auto target = find_table(services.dynamodb, table.target);
  if (!target) {
    return std::unexpected(target.error());
  }
  if (target->is_null()) {
    return Json{{"absent", true}};
  }
  if (auto created_by = check_created_by(services.dynamodb, plan, *target); !created_by) {
    return std::unexpected(created_by.error());
  }
  auto deleted = delete_table(services.dynamodb, table.target, table.after_create.deletion_protection,
                              services.changes, services.clock);
  if (!deleted) {
    return std::unexpected(deleted.error());
  }
  return Json{{"deleted", *deleted}};
}

Result<Json> perform(const RollbackServices& services, const Plan& plan, const JournalState& state,
                     const RollbackAction& action) {
  switch (action.kind) {
    case RollbackActionKind::kSyncData:
      return sync_data(services, *action.table);
    case RollbackActionKind::kRestoreFunction: {
      auto restored =
          restore_function(services.lambda, plan, *action.function, moved_aliases(state, *action.function),
                           services.changes, services.clock);
      if (!restored) {
        return std::unexpected(restored.error());
      }
      return Json{{"restored", restored->restored}, {"aliases", restored->aliases}};
    }
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
                                    const RollbackOptions& options) {
  RollbackReport report;
  const JournalState state = journal.state();
  const RollbackPlan actions = plan_rollback(plan, state, options);
  if (actions.nothing_to_do() && state.is_done(steps::kRollback)) {
    report.nothing_to_do = true;
    return report;
  }
  if (auto opened = journal.intent(steps::kRollback, {{"delete_new_tables", options.delete_new_tables}});
      !opened) {
    return std::unexpected(opened.error());
  }
  for (const auto& action : actions.actions) {
    if (action.done) {
      continue;
    }
    const std::string description = action.describe();
    if (services.progress) {
      services.progress(description);
    }
    if (auto recorded = journal.intent(action.step); !recorded) {
      return std::unexpected(recorded.error());
    }
    auto result = perform(services, plan, journal.state(), action);
    if (!result) {
      (void)journal.failed(action.step, {{"code", result.error().code}, {"message", result.error().message}});
      (void)journal.failed(
          steps::kRollback,
          {{"code", result.error().code}, {"message", result.error().message}, {"step", action.step}});
      return std::unexpected(result.error());
    }
    if (auto recorded = journal.done(action.step, *result); !recorded) {
      return std::unexpected(recorded.error());
    }
    report.actions.push_back(RollbackOutcome{action.step, description, *result});
  }
  if (auto closed = journal.done(steps::kRollback, {{"delete_new_tables", options.delete_new_tables}});
      !closed) {
    return std::unexpected(closed.error());
  }
  return report;
}

}  // namespace ddbmv::migrate
