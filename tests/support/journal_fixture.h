#pragma once
/// Synthetic plans and journals for the status, rollback and decommission tests: a two-table,
/// two-function plan and a builder that folds records as apply would have written them.

#include <string>

#include "migrate/journal/journal.h"
#include "migrate/journal/step_names.h"
#include "migrate/plan/plan.h"

namespace ddbmv::migrate::testing {

inline Plan two_table_plan() {
  Plan plan;
  plan.migration_id = "mv-0123456789ab";
  plan.created_at = "2026-11-25T16:00:00Z";
  plan.region = "us-east-1";
  plan.account = "000000000000";
  plan.rules = {"old-=new-"};
  for (const std::string name : {"customers", "invoices"}) {
    TablePlan table;
    table.source = "old-" + name;
    table.target = "new-" + name;
    table.source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/old-" + name;
    table.target_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/new-" + name;
    table.item_count = 10;
    table.spec = {{"TableName", table.target}};
    plan.tables.push_back(table);
  }
  FunctionPlan webhook;
  webhook.name = "webhook";
  webhook.arn = "arn:aws:lambda:us-east-1:000000000000:function:webhook";
  webhook.revision_id = "rev-1";
  webhook.changes = {
      {"TABLE_CUSTOMERS", "old-customers", "new-customers", ReferenceKind::kTableName, "old-customers"},
      {"TABLE_INVOICES", "old-invoices", "new-invoices", ReferenceKind::kTableName, "old-invoices"}};
  FunctionPlan lister;
  lister.name = "list-invoices";
  lister.arn = "arn:aws:lambda:us-east-1:000000000000:function:list-invoices";
  lister.revision_id = "rev-2";
  lister.changes = {
      {"TABLE_INVOICES", "old-invoices", "new-invoices", ReferenceKind::kTableName, "old-invoices"}};
  plan.functions = {webhook, lister};
  return plan;
}

/// Folds records into a JournalState with a header of `plan`; times advance a minute per record.
class JournalBuilder {
 public:
  explicit JournalBuilder(const Plan& plan) {
    m_state.header = JournalHeader{plan_digest(plan), plan.migration_id, "0.1.0", "2026-11-25T16:00:00.000Z"};
  }

  JournalBuilder& add(const std::string& step, JournalEvent event, Json data = Json::object()) {
    const int minute = static_cast<int>(m_state.records.size());
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-25T%02d:%02d:00.000Z", 16 + minute / 60, minute % 60);
    fold_record(m_state, JournalRecord{m_state.next_seq(), time, step, event, std::move(data)});
    return *this;
  }
  JournalBuilder& done(const std::string& step, Json data = Json::object()) {
    add(step, JournalEvent::kIntent);
    return add(step, JournalEvent::kDone, std::move(data));
  }

  /// prepare, create, copy (one segment) and verify of every table.
  JournalBuilder& through_copy(const Plan& plan) {
    for (const auto& table : plan.tables) {
      done(steps::prepare_pitr(table.source), {{"previous", table.source_pitr_enabled}});
      done(steps::prepare_backup(table.source), {{"backup_arn", "arn:backup/" + table.source}});
    }
    for (const auto& table : plan.tables) {
      done(steps::create_table(table.target));
    }
    for (const auto& table : plan.tables) {
      add(steps::copy_segment_prefix(table.source) + "0", JournalEvent::kIntent);
      add(steps::copy_segment_prefix(table.source) + "0", JournalEvent::kCheckpoint,
          {{"segment", 0},
           {"total_segments", 1},
           {"done", true},
           {"items_written", 10},
           {"last_evaluated_key", nullptr}});
      done(steps::copy_segment_prefix(table.source) + "0");
      done(steps::verify(table.source), {{"count", 10}, {"digest", std::string(64, 'a')}});
    }
    return *this;
  }

  /// through_copy, then the cutover of every function (the old tables' fingerprints recorded).
  JournalBuilder& through_cutover(const Plan& plan) {
    through_copy(plan);
    for (const auto& table : plan.tables) {
      done("cutover.fingerprint/" + table.source, {{"count", 10}, {"digest", std::string(64, 'b')}});
    }
    for (const auto& function : plan.functions) {
      done(steps::cutover_function(function.name));
    }
    return *this;
  }

  JournalBuilder& through_validate(const Plan& plan) {
    through_cutover(plan);
    for (const auto& function : plan.functions) {
      done(steps::validate_function(function.name));
    }
    return *this;
  }

  const JournalState& state() const { return m_state; }

 private:
  JournalState m_state;
};

}  // namespace ddbmv::migrate::testing
