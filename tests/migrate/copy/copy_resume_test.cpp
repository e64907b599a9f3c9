#include "migrate/copy/copy_resume.h"

#include <gtest/gtest.h>

#include "migrate/journal/journal_steps.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

std::unique_ptr<Journal> open_journal() {
  auto journal = Journal::open(std::make_unique<MemoryJournalStorage>(), {"digest", "mv-1", "0.1.0", "t"},
                               std::make_shared<ManualClock>(*parse_iso8601("2026-11-25T16:00:00Z")));
  EXPECT_TRUE(journal);
  return std::move(*journal);
}

TEST(CopyResume, NeverStartedCopyStartsFresh) {
  auto journal = open_journal();
  const auto resume = copy_resume_state(journal->state(), "old");
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume->total_segments, 0);
  EXPECT_TRUE(resume->segments.empty());
}

TEST(CopyResume, ResumesAfterCrashInCopyFromEachSegmentsLastCheckpoint) {
  auto journal = open_journal();
  ASSERT_TRUE(journal->intent(steps::copy_table("old"), {{"target", "new"}, {"total_segments", 2}}));
  const json key_a = {{"pk", {{"S", "a"}}}};
  const json key_b = {{"pk", {{"S", "b"}}}};
  ASSERT_TRUE(journal->checkpoint(steps::copy_segment("old", 0),
                                  to_json(SegmentCheckpoint{0, 2, key_a, false, 100})));
  ASSERT_TRUE(journal->checkpoint(steps::copy_segment("old", 1),
                                  to_json(SegmentCheckpoint{1, 2, nullptr, true, 50})));
  ASSERT_TRUE(journal->checkpoint(steps::copy_segment("old", 0),
                                  to_json(SegmentCheckpoint{0, 2, key_b, false, 200})));
  ASSERT_TRUE(journal->checkpoint(steps::copy_segment("other", 0),
                                  to_json(SegmentCheckpoint{0, 4, key_a, false, 1})));

  const auto resume = copy_resume_state(journal->state(), "old");
  ASSERT_TRUE(resume) << resume.error().message;
  EXPECT_EQ(resume->total_segments, 2);
  ASSERT_EQ(resume->segments.size(), 2U);
  for (const auto& segment : resume->segments) {
    if (segment.segment == 0) {
      EXPECT_EQ(segment.last_evaluated_key, key_b);
      EXPECT_EQ(segment.items_written, 200);
      EXPECT_FALSE(segment.done);
    } else {
      EXPECT_TRUE(segment.done);
    }
  }
}

TEST(CopyResume, StartedCopyWithoutCheckpointsKeepsItsSegmentCount) {
  auto journal = open_journal();
  ASSERT_TRUE(journal->intent(steps::copy_table("old"), {{"target", "new"}, {"total_segments", 8}}));
  const auto resume = copy_resume_state(journal->state(), "old");
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume->total_segments, 8);
}

TEST(CopyResume, CheckpointsDisagreeingWithTheSegmentCountAreRefused) {
  auto journal = open_journal();
  ASSERT_TRUE(journal->intent(steps::copy_table("old"), {{"target", "new"}, {"total_segments", 8}}));
  ASSERT_TRUE(journal->checkpoint(steps::copy_segment("old", 0),
                                  to_json(SegmentCheckpoint{0, 4, nullptr, false, 1})));
  EXPECT_FALSE(copy_resume_state(journal->state(), "old"));
}

}  // namespace
}  // namespace ddbmv::migrate
