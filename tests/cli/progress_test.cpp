#include "cli/progress.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace ddbmv::cli {
namespace {

migrate::CopyProgress sample() {
  migrate::CopyProgress progress;
  progress.source = "orders";
  progress.target = "orders-v2";
  progress.items_copied = 12'345;
  progress.items_estimated = 20'000;
  progress.items_per_second = 1'000;
  progress.segments_done = 3;
  progress.total_segments = 4;
  progress.elapsed = std::chrono::seconds(12);
  return progress;
}

TEST(Progress, LineShowsItemsRateEtaAndSegments) {
  EXPECT_EQ(format_progress_line(sample()),
            "orders → orders-v2  12,345/20,000 items  1,000 items/s  ETA 0:08  segments 3/4");
}

TEST(Progress, LineOmitsEtaWithoutAnEstimate) {
  auto progress = sample();
  progress.items_estimated = 0;
  EXPECT_EQ(format_progress_line(progress), "orders → orders-v2  12,345 items  1,000 items/s  segments 3/4");
}

TEST(Progress, SummaryGivesTotalTimeAndAverageRate) {
  EXPECT_EQ(format_summary_line(sample()),
            "copied 12,345 items from orders to orders-v2 in 0:12 (1,029 items/s)");
}

TEST(Progress, GroupsThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1'000), "1,000");
  EXPECT_EQ(group_thousands(1'234'567), "1,234,567");
}

TEST(Progress, WithoutATerminalPrintsOnlySummaries) {
  char buffer[512] = {};
  std::FILE* out = fmemopen(buffer, sizeof(buffer), "w");
  CopyProgressDisplay display(out, false);
  display.update(sample());
  display.finish(sample());
  std::fclose(out);
  EXPECT_EQ(std::string(buffer), format_summary_line(sample()) + "\n");
}

TEST(Progress, OnATerminalRedrawsOneLinePerTable) {
  char buffer[2048] = {};
  std::FILE* out = fmemopen(buffer, sizeof(buffer), "w");
  CopyProgressDisplay display(out, true);
  auto other = sample();
  other.source = "customers";
  display.update(sample());
  display.update(other);
  std::fclose(out);
  const std::string text(buffer);
  EXPECT_NE(text.find("\x1b[1F"), std::string::npos);  // went back over the one line drawn
  EXPECT_NE(text.rfind("customers"), std::string::npos);
}

migrate::ReplicationProgress replication_sample() {
  migrate::ReplicationProgress progress;
  progress.source = "orders";
  progress.target = "orders-v2";
  progress.records_applied = 12'345;
  progress.records_behind = 1'000;
  progress.seconds_behind = 2.25;
  progress.records_per_second = 310.4;
  progress.shards_total = 3;
  progress.shards_done = 1;
  return progress;
}

TEST(Progress, ReplicationLineShowsRecordsAndSecondsBehind) {
  EXPECT_EQ(format_replication_line(replication_sample()),
            "live orders → orders-v2  12,345 records applied  2.2 s behind (1,000 records)  310 records/s  "
            "shards 1/3");
  auto caught_up = replication_sample();
  caught_up.caught_up = true;
  EXPECT_EQ(format_replication_line(caught_up),
            "live orders → orders-v2  12,345 records applied  caught up  310 records/s  shards 1/3");
}

TEST(Progress, WithoutATerminalTheReplicationLagIsALogLineAtMostEveryFewSeconds) {
  char buffer[1024] = {};
  std::FILE* out = fmemopen(buffer, sizeof(buffer), "w");
  CopyProgressDisplay display(out, false);
  display.update(replication_sample());
  display.update(replication_sample());  // within the interval: not printed again
  std::fclose(out);
  EXPECT_EQ(std::string(buffer), format_replication_line(replication_sample()) + "\n");
}

}  // namespace
}  // namespace ddbmv::cli
