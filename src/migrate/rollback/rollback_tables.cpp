/// Rollback's table actions: the scan diff back, PITR, and the backup and deletion of new tables.

#include <fmt/core.h>

#include "migrate/control/table_retirement.h"
#include "migrate/rollback/rollback_actions.h"

namespace ddbmv::migrate {

namespace {

/// DescribeTable's `Table` of `name`, or null when it does not exist.
Result<Json> find_table(const dynamodb::Client& dynamodb, const std::string& name) {
  auto found = dynamodb.find_table(name);
  if (!found) {
    return std::unexpected(rollback_call_failure(found.error(), fmt::format("describing {}", name)));
  }
  return found->has_value() ? **found : Json(nullptr);
}

/// Null when the new table of `table` exists and carries this migration's governance tag; otherwise
/// the step's outcome without touching it: {"absent":true}, or {"skipped":true,"reason":...} for a table
/// this migration did not create.
Result<Json> leave_alone(const dynamodb::Client& dynamodb, const Plan& plan, const TablePlan& table) {
  auto found = find_table(dynamodb, table.target);
  if (!found) {
    return std::unexpected(found.error());
  }
  if (found->is_null()) {
    return Json{{"absent", true}};
  }
  auto tag = migration_id_tag(dynamodb, found->value("TableArn", std::string()));
  if (!tag) {
    return std::unexpected(tag.error());
  }
  if (*tag == plan.migration_id) {
    return Json(nullptr);
  }
  return Json{
      {"skipped", true},
      {"reason", fmt::format("table {} was not created by migration {} (its {} tag is {}), so rollback "
                             "leaves it alone; delete it yourself if it should go",
                             table.target, plan.migration_id, kTagMigrationId,
                             tag->empty() ? "absent" : "'" + *tag + "'")}};
}

}  // namespace

Error rollback_call_failure(const aws::AwsError& error, std::string_view what) {
  return error.to_error(what, "re-run ddbmv rollback: it continues from here");
}

Result<Json> copy_back(const RollbackServices& services, const TablePlan& table, SyncMode mode) {
  auto target = find_table(services.dynamodb, table.target);
  if (!target) {
    return std::unexpected(target.error());
  }
  if (target->is_null()) {
    return Json{{"absent", true}};
  }
  auto report = services.data.sync(table.target, table.source, mode);
  if (!report) {
    return std::unexpected(report.error());
  }
  return Json{{"mode", mode == SyncMode::kMirror ? "mirror" : "merge"},
              {"new_items", report->new_items},
              {"old_items", report->old_items},
              {"put", report->put},
              {"deleted", report->deleted}};
}

Result<Json> restore_pitr(const RollbackServices& services, const TablePlan& table) {
  auto description = services.dynamodb.describe_continuous_backups(table.source);
  if (!description) {
    return std::unexpected(rollback_call_failure(
        description.error(), fmt::format("reading point-in-time recovery of {}", table.source)));
  }
  const std::string status = description->value("PointInTimeRecoveryDescription", Json::object())
                                 .value("PointInTimeRecoveryStatus", std::string("DISABLED"));
  if (status != "ENABLED") {
    return Json{{"disabled", false}, {"status", status}};
  }
  auto updated = services.dynamodb.update_continuous_backups(table.source, false);
  if (!updated) {
    return std::unexpected(rollback_call_failure(
        updated.error(), fmt::format("turning off point-in-time recovery of {}", table.source)));
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
  if (auto outcome = leave_alone(services.dynamodb, plan, table); !outcome || !outcome->is_null()) {
    return outcome;
  }
  const std::string name = backup_name(table.target, plan.migration_id);
  auto arn = ensure_backup(services.dynamodb, table.target, name, services.changes, *services.clock);
  if (!arn) {
    return std::unexpected(arn.error());
  }
  return Json{{"backup_name", name}, {"backup_arn", *arn}};
}

Result<Json> delete_new_table(const RollbackServices& services, const Plan& plan, const TablePlan& table) {
  if (auto outcome = leave_alone(services.dynamodb, plan, table); !outcome || !outcome->is_null()) {
    return outcome;
  }
  auto deleted = delete_table(services.dynamodb, table.target, table.after_create.deletion_protection,
                              services.changes, *services.clock);
  if (!deleted) {
    return std::unexpected(deleted.error());
  }
  return Json{{"deleted", *deleted}};
}

}  // namespace ddbmv::migrate
