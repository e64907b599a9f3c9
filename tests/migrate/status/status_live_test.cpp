// status of a migration with live writes (#7): the replication per table from the journal, and the
// verify counted in the cutover phase, where apply runs it after the drain.

#include <gtest/gtest.h>

#include "migrate/status/status.h"
#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;

JournalBuilder copied_with_live_writes(const Plan& plan) {
  JournalBuilder journal(plan);
  for (const auto& table : plan.tables) {
    journal.done(steps::prepare_pitr(table.source)).done(steps::prepare_backup(table.source));
    journal.done(steps::create_table(table.target));
    journal.add("live.stream/" + table.source, JournalEvent::kDone, {{"table", table.source}});
    journal.add(steps::copy_segment_prefix(table.source) + "0", JournalEvent::kDone,
                {{"segment", 0}, {"total_segments", 1}, {"done", true}, {"items_written", 10}});
  }
  return journal;
}

TEST(StatusLive, ShowsTheReplicationsLagFromItsLastCheckpoint) {
  const Plan plan = two_table_plan();
  auto journal = copied_with_live_writes(plan);
  journal.add("live.replicate/new-customers", JournalEvent::kCheckpoint,
              {{"shard_id", "s1"},
               {"sequence_number", "9"},
               {"done", false},
               {"records", 40},
               {"records_applied", 30},
               {"seconds_behind", 1.5}});
  const Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  const auto& customers = status.tables.at(0);
  EXPECT_TRUE(customers.replication.live);
  EXPECT_EQ(customers.replicate.state, Progress::kRunning);
  EXPECT_EQ(customers.replication.records_applied, 30);
  EXPECT_DOUBLE_EQ(customers.replication.seconds_behind, 1.5);
  const auto json = to_json(status);
  EXPECT_EQ(json["tables"][0]["replication"]["seconds_behind"], 1.5);
  EXPECT_EQ(json["tables"][0]["replication"]["step"]["state"], "running");
}

TEST(StatusLive, TheCopyPhaseIsDoneBeforeTheVerifyWhichBelongsToTheCutover) {
  const Plan plan = two_table_plan();
  auto journal = copied_with_live_writes(plan);
  const Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  for (const auto& phase : status.phases) {
    if (phase.name == "copy") {
      EXPECT_EQ(phase.state, Progress::kDone);
      EXPECT_EQ(phase.steps_total, 2);
    }
    if (phase.name == "cutover") {
      EXPECT_EQ(phase.state, Progress::kPending);
      EXPECT_EQ(phase.steps_total, 2 + 2 + 2);  // two functions, two verifies, two replications
    }
  }
}

TEST(StatusLive, AfterTheDrainShowsTheLargestLag) {
  const Plan plan = two_table_plan();
  auto journal = copied_with_live_writes(plan);
  journal.add("live.replicate/new-customers", JournalEvent::kDone,
              {{"records_applied", 120}, {"writes", 80}, {"max_seconds_behind", 3.25}, {"shards", 1}});
  const Status status = build_status(plan, journal.state(), "plan.json", "journal.jsonl");
  const auto& customers = status.tables.at(0);
  EXPECT_EQ(customers.replicate.state, Progress::kDone);
  EXPECT_EQ(customers.replication.records_applied, 120);
  EXPECT_DOUBLE_EQ(customers.replication.max_seconds_behind, 3.25);
  EXPECT_FALSE(status.tables.at(1).replicate.state == Progress::kDone);
}

}  // namespace
}  // namespace ddbmv::migrate
