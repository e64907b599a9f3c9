#include "migrate/streams/live_writes.h"

#include <gtest/gtest.h>

#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;

TEST(LiveWritesInEffect, OnByDefaultForAFreshMigrationAndOffWithNoLive) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  std::string note;
  EXPECT_TRUE(live_writes_in_effect(true, journal.state(), note));
  EXPECT_TRUE(note.empty());
  EXPECT_FALSE(live_writes_in_effect(false, journal.state(), note));
  EXPECT_TRUE(note.empty());
}

TEST(LiveWritesInEffect, StayOnOnceARunBeganThemEvenWithNoLive) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.add(live_stream_step("old-customers"), JournalEvent::kIntent);
  std::string note;
  EXPECT_TRUE(live_writes_in_effect(false, journal.state(), note));
  EXPECT_NE(note.find("stay on"), std::string::npos) << note;
}

TEST(LiveWritesInEffect, StayOffForAMigrationWhoseCopyBeganWithoutThem) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.add("copy.table/old-customers", JournalEvent::kIntent);
  std::string note;
  EXPECT_FALSE(live_writes_in_effect(true, journal.state(), note));
  EXPECT_NE(note.find("--no-live"), std::string::npos) << note;
}

TEST(ReplicationResumeFromJournal, FoldsTheLatestCheckpointPerShardIgnoringTheLagFields) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  const std::string step = live_replicate_step("new-customers");
  journal
      .add(step, JournalEvent::kCheckpoint,
           {{"shard_id", "s1"},
            {"sequence_number", "10"},
            {"done", false},
            {"records", 3},
            {"records_applied", 0},
            {"seconds_behind", 1.5}})
      .add(step, JournalEvent::kCheckpoint,
           {{"shard_id", "s2"}, {"sequence_number", "20"}, {"done", true}, {"records", 1}})
      .add(step, JournalEvent::kCheckpoint,
           {{"shard_id", "s1"},
            {"sequence_number", "15"},
            {"done", false},
            {"records", 7},
            {"records_applied", 3},
            {"seconds_behind", 0.2}})
      .add(live_replicate_step("new-invoices"), JournalEvent::kCheckpoint,
           {{"shard_id", "s9"}, {"sequence_number", "99"}, {"done", false}, {"records", 1}});
  const auto resume = replication_resume_from_journal(journal.state(), step);
  ASSERT_EQ(resume.shards.size(), 2U);
  EXPECT_EQ(resume.shards.at("s1"), (ShardCheckpoint{"s1", "15", false, 7}));
  EXPECT_EQ(resume.shards.at("s2"), (ShardCheckpoint{"s2", "20", true, 1}));
}

}  // namespace
}  // namespace ddbmv::migrate
