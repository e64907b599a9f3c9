#include "migrate/copy/copy_engine.h"

#include <gtest/gtest.h>

#include "support/fake_table_plane.h"

namespace ddbmv::migrate {
namespace {

using testing::FakeFaults;
using testing::FakeTablePlane;
using testing::InstantClock;
using testing::Json;

class CopyEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    plane.create("src");
    plane.create("dst");
    testing::fill(plane, "src", kItems);
    options.clock = clock;
    options.segments = 4;
    options.writer_threads = 4;
    options.scan_threads = 3;
  }

  Result<CopyResult> copy(const CopyResumeState& resume = {}) {
    return copy_table(plane, plane, "src", "dst", options, resume, callbacks);
  }

  static constexpr int kItems = 2000;
  FakeTablePlane plane;
  std::shared_ptr<InstantClock> clock = std::make_shared<InstantClock>();
  CopyOptions options;
  CopyCallbacks callbacks;
};

TEST_F(CopyEngine, CopiesEveryItem) {
  std::vector<SegmentCheckpoint> checkpoints;
  callbacks.on_checkpoint = [&](const SegmentCheckpoint& c) {
    checkpoints.push_back(c);
    return CheckpointReply::kContinue;
  };
  auto result = copy();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(plane.items("dst") == plane.items("src"));
  EXPECT_EQ(result->items_total, kItems);
  EXPECT_EQ(result->items_written, kItems);
  EXPECT_EQ(result->total_segments, 4);
  EXPECT_FALSE(result->stopped);
  auto state = resume_state_from(checkpoints).value();
  ASSERT_EQ(state.segments.size(), 4u);
  for (const auto& last : state.segments) {
    EXPECT_TRUE(last.done);
  }
}

TEST_F(CopyEngine, ScansPagesOfAtMostScanPageItems) {
  plane.set_page_size(100'000);  // the fake would otherwise return a segment in one page
  options.scan_page_items = 50;
  auto result = copy();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(plane.items("dst") == plane.items("src"));
  // 2,000 items in 4 segments of about 500: about 10 pages each, plus each segment's last.
  EXPECT_GE(plane.scan_calls(), kItems / 50);
  EXPECT_EQ(CopyOptions{}.scan_page_items, kScanPageItems);
}

TEST_F(CopyEngine, ChecksEveryScannedItemIsWrittenBeforeItsCheckpoint) {
  plane.set_faults(FakeFaults::rates(0.3, 0));  // batches finish out of order
  const auto source = plane.items("src");
  int checked = 0;
  callbacks.on_checkpoint = [&](const SegmentCheckpoint& c) {
    const std::string upto =
        c.done ? std::string() : FakeTablePlane::canonical_key(FakeTablePlane::Table{}, c.last_evaluated_key);
    for (const auto& [key, item] : source) {
      if (!c.done && key > upto) {
        break;
      }
      if (FakeTablePlane::segment_of(key, c.total_segments) != c.segment) {
        continue;
      }
      EXPECT_TRUE(plane.contains("dst", item)) << "segment " << c.segment << " checkpoint before " << key;
    }
    ++checked;
    return CheckpointReply::kContinue;
  };
  ASSERT_TRUE(copy());
  EXPECT_GT(checked, 50);
}

TEST_F(CopyEngine, ResumesFromCheckpointsWithoutGapsOrDuplicates) {
  std::vector<SegmentCheckpoint> recorded;
  callbacks.on_checkpoint = [&](const SegmentCheckpoint& c) {
    recorded.push_back(c);
    return recorded.size() == 40 ? CheckpointReply::kStop : CheckpointReply::kContinue;  // "crash"
  };
  auto first = copy();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->stopped);
  EXPECT_LT(plane.items("dst").size(), static_cast<std::size_t>(kItems));

  const auto puts_before = plane.put_requests();
  auto resume = resume_state_from(recorded).value();
  callbacks.on_checkpoint = [&](const SegmentCheckpoint& c) {
    recorded.push_back(c);
    return CheckpointReply::kContinue;
  };
  auto second = copy(resume);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->stopped);
  EXPECT_TRUE(plane.items("dst") == plane.items("src"));
  EXPECT_EQ(second->items_total, kItems);  // checkpointed counts neither skip nor repeat an item
  // The resumed run did not start over: it rewrote at most what the first run left unconfirmed.
  EXPECT_LT(plane.put_requests() - puts_before, kItems - 40 * 7 / 2);
}

TEST_F(CopyEngine, SkipsSegmentsMarkedDone) {
  CopyResumeState resume{4, {}};
  for (int s = 0; s < 4; ++s) {
    resume.segments.push_back({s, 4, nullptr, true, 500});
  }
  auto result = copy(resume);
  ASSERT_TRUE(result);
  EXPECT_EQ(plane.scan_calls(), 0);
  EXPECT_EQ(result->items_total, 2000);
}

TEST_F(CopyEngine, KeepsTheRecordedSegmentCountOnResume) {
  options.segments = 16;
  CopyResumeState resume{2, {{0, 2, nullptr, true, 0}}};
  auto result = copy(resume);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->total_segments, 2);
}

TEST_F(CopyEngine, CompletesUnderThrottlingAndUnprocessedItems) {
  plane.set_faults(FakeFaults::rates(0.3, 0.2));
  auto result = copy();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(plane.items("dst") == plane.items("src"));
}

TEST_F(CopyEngine, NamesTheTableAndSegmentOfANonRetryableError) {
  plane.set_faults(FakeFaults::failing("AccessDeniedException"));
  auto result = copy();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "AccessDeniedException");
  EXPECT_NE(result.error().message.find("src"), std::string::npos);
  EXPECT_NE(result.error().message.find("segment"), std::string::npos);
}

TEST_F(CopyEngine, FailsClearlyWhenTheSourceIsMissing) {
  auto result = copy_table(plane, plane, "nope", "dst", options, {}, callbacks);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ResourceNotFoundException");
}

TEST_F(CopyEngine, CapsTheWriteRate) {
  options.max_write_rate = 100.0;
  options.writer_threads = 1;
  const auto start = clock->now();
  ASSERT_TRUE(copy());
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock->now() - start);
  EXPECT_GE(elapsed, std::chrono::milliseconds(18'900));  // 2000 items at 100/s, the first 100 at once
  EXPECT_LE(elapsed, std::chrono::milliseconds(19'500));
}

TEST_F(CopyEngine, StopsGracefullyWhenCancelled) {
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  std::vector<SegmentCheckpoint> recorded;
  callbacks.on_checkpoint = [&](const SegmentCheckpoint& c) {
    recorded.push_back(c);
    if (recorded.size() == 10) {
      cancel = true;
    }
    return CheckpointReply::kContinue;
  };
  auto first = copy();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->stopped);
  cancel = false;
  auto second = copy(resume_state_from(recorded).value());
  ASSERT_TRUE(second);
  EXPECT_TRUE(plane.items("dst") == plane.items("src"));
  EXPECT_EQ(second->items_total, kItems);
}

TEST_F(CopyEngine, ReportsProgressEndingWithTheFullCount) {
  std::vector<CopyProgress> reports;
  callbacks.on_progress = [&](const CopyProgress& p) { reports.push_back(p); };
  ASSERT_TRUE(copy());
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().items_copied, kItems);
  EXPECT_EQ(reports.back().items_estimated, kItems);
  EXPECT_EQ(reports.back().segments_done, 4);
  EXPECT_EQ(reports.back().source, "src");
}

TEST_F(CopyEngine, CopiesAnEmptyTable) {
  plane.create("empty");
  auto result = copy_table(plane, plane, "empty", "dst", options, {}, callbacks);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->items_total, 0);
}

TEST(ChooseSegmentCount, ScalesWithSizeWithinBounds) {
  EXPECT_EQ(choose_segment_count(0, 0, {}), 1);
  EXPECT_EQ(choose_segment_count(1 << 20, 500, {}), 1);
  EXPECT_EQ(choose_segment_count(1 << 20, 20'000, {}), 4);
  EXPECT_EQ(choose_segment_count(640LL << 20, 3'000'000, {}), 10);
  EXPECT_EQ(choose_segment_count(1LL << 40, 1LL << 32, {}), 64);
  EXPECT_EQ(choose_segment_count(1LL << 40, 1LL << 32, 3), 3);
}

}  // namespace
}  // namespace ddbmv::migrate
