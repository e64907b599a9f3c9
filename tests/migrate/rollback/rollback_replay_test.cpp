#include "migrate/rollback/rollback_replay.h"

#include <gtest/gtest.h>

#include "migrate/journal/journal_storage.h"
#include "support/fake_stream.h"

namespace ddbmv::migrate {
namespace {

using namespace ddbmv::testing;
using namespace std::chrono_literals;

struct RollbackReplayTest : ::testing::Test {
  FakeStream stream;
  FakeSink old_table;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(TimePoint{std::chrono::seconds{5000}});
  std::unique_ptr<Journal> journal;

  void SetUp() override {
    auto opened =
        Journal::open(std::make_unique<MemoryJournalStorage>(),
                      JournalHeader{"digest", "mv-0123456789ab", "0.1.0", "2026-11-25T16:00:00Z"}, clock);
    ASSERT_TRUE(opened) << opened.error().message;
    journal = std::move(*opened);
    stream.add_shard("s1");
  }

  StreamReplay backwards() const {
    return StreamReplay{StreamStart{"new-t", "arn:new-t/stream/1", "NEW_AND_OLD_IMAGES", true, std::nullopt},
                        {},
                        "old-t",
                        "rollback.replay/new-t",
                        {}};
  }

  Result<ReplicationProgress> replay(const StreamReplay& what,
                                     std::optional<std::chrono::milliseconds> quiet) {
    return replay_stream(what, ReplayServices{stream, old_table, nullptr, clock}, *journal, quiet);
  }

  int checkpoints(const std::string& step) const {
    int count = 0;
    for (const auto& record : journal->state().records) {
      count += record.step == step && record.event == JournalEvent::kCheckpoint ? 1 : 0;
    }
    return count;
  }
};

TEST_F(RollbackReplayTest, AppliesEveryWriteMadeToTheNewTableSinceTheCaptureAndJournalsIt) {
  old_table.items = {{"a", "copied"}, {"gone", "copied"}, {"kept", "old"}};
  stream.write("s1", "MODIFY", "a", "written-to-new");
  stream.write("s1", "INSERT", "b", "written-to-new");
  stream.write("s1", "REMOVE", "gone");
  auto result = replay(backwards(), std::nullopt);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(old_table.items, (std::map<std::string, std::string>{
                                 {"a", "written-to-new"}, {"b", "written-to-new"}, {"kept", "old"}}));
  EXPECT_EQ(result->records_applied, 3);
  EXPECT_GE(checkpoints("rollback.replay/new-t"), 1);
}

TEST_F(RollbackReplayTest, AResumedReplayContinuesFromTheJournalAndAppliesNothingTwice) {
  stream.write("s1", "INSERT", "a", "1");
  stream.write("s1", "INSERT", "b", "1");
  ASSERT_TRUE(replay(backwards(), std::nullopt));
  EXPECT_EQ(old_table.writes, 2);
  // A function still on the new table writes while the rollback is stopped; the next run (a new
  // replicator, the same journal) applies that write and only that.
  stream.write("s1", "MODIFY", "a", "2");
  auto again = replay(backwards(), std::nullopt);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(old_table.writes, 3);
  EXPECT_EQ(old_table.items["a"], "2");
  EXPECT_EQ(again->records_applied, 1);
}

TEST_F(RollbackReplayTest, FollowingPicksUpWritesThatArriveWhileItWaitsForQuiet) {
  stream.write("s1", "INSERT", "a", "1");
  stream.before_get_records = [this](int call) {
    if (call == 3) {
      stream.write("s1", "INSERT", "late", "from-an-invocation-that-began-before-the-switch");
    }
  };
  auto result = replay(backwards(), 10s);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(old_table.items.count("late"), 1u);
  EXPECT_GE(clock->now() - TimePoint{std::chrono::seconds{5000}}, 10s);
}

TEST_F(RollbackReplayTest, ForwardCatchUpContinuesWhereApplysReplicationStopped) {
  // Apply replicated the first record (its checkpoint is journaled under live.replicate), then stopped.
  const std::string first = stream.write("s1", "INSERT", "a", "1");
  ASSERT_TRUE(journal->checkpoint("live.replicate/new-t", to_json(ShardCheckpoint{"s1", first, false, 1})));
  stream.write("s1", "INSERT", "b", "written-to-old-after-apply-stopped");
  const StreamReplay forward{
      StreamStart{"old-t", "arn:old-t/stream/1", "NEW_AND_OLD_IMAGES", true, std::nullopt},
      {},
      "new-t",
      "rollback.forward/old-t",
      {"live.replicate/new-t"}};
  auto result = replay(forward, std::nullopt);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(old_table.items,
            (std::map<std::string, std::string>{{"b", "written-to-old-after-apply-stopped"}}));
  EXPECT_GE(checkpoints("rollback.forward/old-t"), 1);
}

TEST_F(RollbackReplayTest, FromApplysCutoverCaptureOnlyWhatTheNewTableTookSinceIsApplied) {
  // The new table's stream before the cutover began (the copy's own writes), then a function's write.
  const std::string before_cutover = stream.write("s1", "INSERT", "copied", "by-the-copy");
  stream.write("s1", "MODIFY", "a", "written-after-cutover");
  const Json recorded = {{"stream", to_json(StreamStart{"new-t", "arn:new-t/stream/1", "NEW_AND_OLD_IMAGES",
                                                        true, std::nullopt})},
                         {"shards", {to_json(ShardCheckpoint{"s1", before_cutover, false, 1})}}};
  const auto captured = captured_stream(recorded);
  ASSERT_TRUE(captured);
  StreamReplay what = backwards();
  what.from = captured->from;
  ASSERT_TRUE(replay(what, std::nullopt));
  EXPECT_EQ(old_table.items, (std::map<std::string, std::string>{{"a", "written-after-cutover"}}));
}

TEST_F(RollbackReplayTest, ResumeStateFoldsTheStepsInJournalOrder) {
  ASSERT_TRUE(journal->checkpoint("live.replicate/new-t", to_json(ShardCheckpoint{"s1", "010", false, 1})));
  ASSERT_TRUE(journal->checkpoint("other", to_json(ShardCheckpoint{"s1", "999", false, 9})));
  ASSERT_TRUE(journal->checkpoint("rollback.forward/old-t", to_json(ShardCheckpoint{"s1", "020", true, 2})));
  const auto state =
      replay_resume_state(journal->state(), {"live.replicate/new-t", "rollback.forward/old-t"});
  ASSERT_EQ(state.shards.size(), 1u);
  EXPECT_EQ(state.shards.at("s1").sequence_number, "020");
  EXPECT_TRUE(state.shards.at("s1").done);
}

TEST_F(RollbackReplayTest, AFailedWriteFailsAndCheckpointsNothing) {
  stream.write("s1", "INSERT", "a", "1");
  old_table.fail_writes(true);
  auto result = replay(backwards(), std::nullopt);
  ASSERT_FALSE(result);
  EXPECT_EQ(checkpoints("rollback.replay/new-t"), 0);
}

}  // namespace
}  // namespace ddbmv::migrate
