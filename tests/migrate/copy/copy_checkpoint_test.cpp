#include "migrate/copy/copy_checkpoint.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

TEST(CopyCheckpoint, RoundTripsThroughJson) {
  SegmentCheckpoint checkpoint{3, 8, {{"pk", {{"S", "k"}}}}, false, 1234};
  EXPECT_EQ(segment_checkpoint_from_json(to_json(checkpoint)).value(), checkpoint);
  SegmentCheckpoint done{0, 1, nullptr, true, 7};
  EXPECT_EQ(segment_checkpoint_from_json(to_json(done)).value(), done);
}

TEST(CopyCheckpoint, RejectsMalformedRecords) {
  EXPECT_FALSE(segment_checkpoint_from_json(nlohmann::json::parse(R"({"segment":1})")));
  EXPECT_FALSE(segment_checkpoint_from_json(nlohmann::json::parse(
      R"({"segment":9,"total_segments":8,"last_evaluated_key":null,"done":true,"items_written":1})")));
  EXPECT_FALSE(segment_checkpoint_from_json(nlohmann::json::parse(
      R"({"segment":0,"total_segments":8,"last_evaluated_key":"x","done":true,"items_written":1})")));
}

TEST(CopyCheckpoint, ResumeStateKeepsTheLastCheckpointPerSegment) {
  const std::vector<SegmentCheckpoint> recorded{{0, 2, {{"pk", {{"S", "a"}}}}, false, 10},
                                                {1, 2, {{"pk", {{"S", "x"}}}}, false, 5},
                                                {0, 2, nullptr, true, 12}};
  auto state = resume_state_from(recorded).value();
  EXPECT_EQ(state.total_segments, 2);
  ASSERT_EQ(state.segments.size(), 2u);
  EXPECT_EQ(state.segments[0], recorded[2]);
  EXPECT_EQ(state.segments[1], recorded[1]);
}

TEST(CopyCheckpoint, ResumeStateRejectsDisagreeingSegmentCounts) {
  EXPECT_FALSE(resume_state_from({{0, 2, nullptr, true, 1}, {0, 4, nullptr, true, 1}}));
}

}  // namespace
}  // namespace ddbmv::migrate
