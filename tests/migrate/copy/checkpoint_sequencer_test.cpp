#include "migrate/copy/checkpoint_sequencer.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

nlohmann::json key(const char* pk) {
  return {{"pk", {{"S", pk}}}};
}

TEST(CheckpointSequencer, ReleasesPagesInScanOrderOnly) {
  CheckpointSequencer sequencer(2, {});
  std::vector<SegmentCheckpoint> ready;
  const auto first = sequencer.page_scanned(0, 30, key("a"), 2, ready);
  const auto second = sequencer.page_scanned(0, 10, nullptr, 1, ready);
  EXPECT_TRUE(ready.empty());
  sequencer.batch_written(0, second, ready);  // the later page finishes first: nothing yet
  EXPECT_TRUE(ready.empty());
  sequencer.batch_written(0, first, ready);
  EXPECT_TRUE(ready.empty());  // one batch of the first page is still out
  sequencer.batch_written(0, first, ready);
  ASSERT_EQ(ready.size(), 2u);
  EXPECT_EQ(ready[0], (SegmentCheckpoint{0, 2, key("a"), false, 30}));
  EXPECT_EQ(ready[1], (SegmentCheckpoint{0, 2, nullptr, true, 40}));
  EXPECT_EQ(sequencer.segments_done(), 1);
}

TEST(CheckpointSequencer, EmptyPagesCompleteAtOnce) {
  CheckpointSequencer sequencer(1, {});
  std::vector<SegmentCheckpoint> ready;
  sequencer.page_scanned(0, 0, key("b"), 0, ready);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].last_evaluated_key, key("b"));
}

TEST(CheckpointSequencer, SegmentsAreIndependent) {
  CheckpointSequencer sequencer(2, {});
  std::vector<SegmentCheckpoint> ready;
  const auto slow = sequencer.page_scanned(0, 5, key("a"), 1, ready);
  const auto fast = sequencer.page_scanned(1, 5, key("z"), 1, ready);
  sequencer.batch_written(1, fast, ready);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].segment, 1);
  sequencer.batch_written(0, slow, ready);
  EXPECT_EQ(ready.size(), 2u);
}

TEST(CheckpointSequencer, CountsContinueFromTheResumeState) {
  CopyResumeState resume{2, {{0, 2, key("m"), false, 100}, {1, 2, nullptr, true, 50}}};
  CheckpointSequencer sequencer(2, resume);
  EXPECT_EQ(sequencer.items_checkpointed(), 150);
  EXPECT_EQ(sequencer.segments_done(), 1);
  std::vector<SegmentCheckpoint> ready;
  sequencer.page_scanned(0, 0, nullptr, 0, ready);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].items_written, 100);
  EXPECT_TRUE(ready[0].done);
}

}  // namespace
}  // namespace ddbmv::migrate
