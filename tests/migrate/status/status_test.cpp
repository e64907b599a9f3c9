#include "migrate/status/status.h"

#include <gtest/gtest.h>

#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;

const PhaseStatus& phase(const Status& status, std::string_view name) {
  for (const auto& row : status.phases) {
    if (row.name == name) {
      return row;
    }
  }
  throw std::runtime_error("no phase " + std::string(name));
}

TEST(Status, PlanNeverAppliedSaysSoAndPointsAtApply) {
  const Plan plan = two_table_plan();
  const Status status = build_status(plan, JournalState{}, "dir/plan.json", "dir/journal.jsonl");
  EXPECT_FALSE(status.applied);
  for (const auto& row : status.phases) {
    EXPECT_EQ(row.state, Progress::kPending) << row.name;
  }
  EXPECT_NE(status.next_action.find("has not been applied"), std::string::npos);
  EXPECT_NE(status.next_action.find("ddbmv apply dir/plan.json"), std::string::npos);
  EXPECT_FALSE(to_json(status)["applied"].get<bool>());
}

TEST(Status, CopyInProgressShowsSegmentsAndItems) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  for (const auto& table : plan.tables) {
    journal.done(steps::prepare_pitr(table.source)).done(steps::prepare_backup(table.source));
    journal.done(steps::create_table(table.target));
  }
  const std::string prefix = steps::copy_segment_prefix("old-customers");
  journal.add(prefix + "0", JournalEvent::kIntent)
      .add(prefix + "0", JournalEvent::kCheckpoint,
           {{"segment", 0}, {"total_segments", 4}, {"done", true}, {"items_written", 300}})
      .add(prefix + "1", JournalEvent::kIntent)
      .add(prefix + "1", JournalEvent::kCheckpoint,
           {{"segment", 1}, {"total_segments", 4}, {"done", false}, {"items_written", 120}});

  const Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  EXPECT_EQ(phase(status, "prepare").state, Progress::kDone);
  EXPECT_EQ(phase(status, "create").state, Progress::kDone);
  EXPECT_EQ(phase(status, "copy").state, Progress::kRunning);
  EXPECT_EQ(phase(status, "cutover").state, Progress::kPending);
  const TableStatus& customers = status.tables[0];
  EXPECT_EQ(customers.copy.state, Progress::kRunning);
  EXPECT_EQ(customers.copy_progress.segments_done, 1);
  EXPECT_EQ(customers.copy_progress.total_segments, 4);
  EXPECT_EQ(customers.copy_progress.items_copied, 420);
  EXPECT_EQ(status.tables[1].copy.state, Progress::kPending);
  EXPECT_NE(status.next_action.find("copy phase"), std::string::npos);
  EXPECT_NE(status.next_action.find("ddbmv apply plan.json"), std::string::npos);
}

TEST(Status, FailedCutoverNamesThePhaseTheErrorAndRollback) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.done(steps::cutover_function("webhook"));
  journal.add(steps::cutover_function("list-invoices"), JournalEvent::kIntent)
      .add(steps::cutover_function("list-invoices"), JournalEvent::kFailed,
           {{"message", "function list-invoices changed since the plan"}});

  const Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  EXPECT_EQ(phase(status, "copy").state, Progress::kDone);
  EXPECT_EQ(phase(status, "cutover").state, Progress::kFailed);
  EXPECT_EQ(phase(status, "cutover").steps_done, 1);
  EXPECT_EQ(status.functions[1].cutover.error, "function list-invoices changed since the plan");
  EXPECT_TRUE(status.cutover_at.empty());
  EXPECT_NE(status.next_action.find("cutover phase failed"), std::string::npos);
  EXPECT_NE(status.next_action.find("ddbmv rollback plan.json"), std::string::npos);
}

TEST(Status, FinishedApplyPointsAtDecommissionAfterTheWindow) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);

  const Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  for (const auto& row : status.phases) {
    EXPECT_EQ(row.state, Progress::kDone) << row.name;
    EXPECT_FALSE(row.finished_at.empty()) << row.name;
  }
  EXPECT_FALSE(status.cutover_at.empty());
  EXPECT_NE(status.next_action.find("ddbmv decommission plan.json"), std::string::npos);
  const Json json = to_json(status);
  EXPECT_EQ(json["phases"].size(), 5u);
  EXPECT_EQ(json["tables"][0]["copy_progress"]["items_copied"], 10);
  EXPECT_EQ(json["functions"][0]["cutover"]["state"], "done");
}

TEST(Status, RollbackAppearsAsItsOwnPhase) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_cutover(plan);
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  journal.done(steps::rollback_data("old-customers"));
  journal.add(steps::rollback_function("webhook"), JournalEvent::kIntent);

  Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  EXPECT_EQ(phase(status, "rollback").state, Progress::kRunning);
  EXPECT_EQ(status.functions[0].rollback.state, Progress::kRunning);
  EXPECT_NE(status.next_action.find("ddbmv rollback plan.json"), std::string::npos);

  journal.add(steps::rollback_function("webhook"), JournalEvent::kDone);
  journal.add(std::string(steps::kRollback), JournalEvent::kDone);
  status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  EXPECT_EQ(phase(status, "rollback").state, Progress::kDone);
  EXPECT_NE(status.next_action.find("rolled back"), std::string::npos);
}

TEST(Status, TablesListTheirRollbackStepsAndADeletedNewTableEndsIt) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_cutover(plan);
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  journal.done(steps::rollback_capture("new-customers"));
  journal.done(steps::rollback_data("old-customers"));
  journal.add(steps::rollback_replay("new-customers"), JournalEvent::kIntent);
  Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  ASSERT_EQ(status.tables[0].rollback.size(), 3u);
  EXPECT_EQ(status.tables[0].rollback[2].step, "rollback.replay/new-customers");
  EXPECT_EQ(status.tables[0].rollback[2].state, Progress::kRunning);
  EXPECT_TRUE(status.tables[1].rollback.empty());
  EXPECT_EQ(to_json(status)["tables"][0]["rollback"][1]["state"], "done");

  journal.add(steps::rollback_replay("new-customers"), JournalEvent::kDone);
  for (const auto& table : plan.tables) {
    journal.done(steps::rollback_backup(table.target));
    journal.done(steps::rollback_delete(table.target));
  }
  journal.add(std::string(steps::kRollback), JournalEvent::kDone);
  status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  EXPECT_NE(status.next_action.find("new tables it created are deleted"), std::string::npos)
      << status.next_action;
  EXPECT_EQ(status.next_action.find("--delete-new-tables"), std::string::npos) << status.next_action;
}

TEST(Status, TornLastLineIsReportedAsANote) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  JournalState state = journal.state();
  state.truncated_tail_bytes = 17;
  const Status status = build_status(plan, state, "plan.json", "journal.jsonl");
  ASSERT_EQ(status.notes.size(), 1u);
  EXPECT_NE(status.notes[0].find("17 bytes"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::migrate
