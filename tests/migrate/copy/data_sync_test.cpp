#include "migrate/copy/data_sync.h"

#include <gtest/gtest.h>

#include "support/fake_table_plane.h"

namespace ddbmv::migrate {
namespace {

using testing::FakeTablePlane;
using testing::InstantClock;
using Json = nlohmann::json;

Json item(const std::string& pk, int value) {
  return {{"pk", {{"S", pk}}}, {"v", {{"N", std::to_string(value)}}}};
}

TEST(ScanDiffSync, OldTableEndsWithExactlyTheNewTablesItems) {
  FakeTablePlane plane;
  plane.create("old");
  plane.create("new");
  testing::fill(plane, "old", 100);
  testing::fill(plane, "new", 100);
  plane.put("new", item("written-after-cutover", 1));  // insert
  plane.put("new", item("item-5", 99));                // change
  plane.erase("new", {{"pk", {{"S", "item-7"}}}});     // delete
  InstantClock clock;
  ScanDiffSync sync(plane, clock);

  auto report = sync.sync("new", "old", SyncMode::kMirror);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->old_items, 100);
  EXPECT_EQ(report->new_items, 100);
  EXPECT_EQ(report->put, 2);
  EXPECT_EQ(report->deleted, 1);
  EXPECT_EQ(plane.items("old"), plane.items("new"));
}

TEST(ScanDiffSync, MergeKeepsWhatOnlyTheOldTableHoldsAndPutsWhatDiffers) {
  FakeTablePlane plane;
  plane.create("old");
  plane.create("new");
  testing::fill(plane, "old", 10);
  testing::fill(plane, "new", 10);
  plane.put("old", item("written-to-old-by-another-function", 1));
  plane.put("new", item("written-to-new", 2));
  plane.put("new", item("item-3", 33));
  InstantClock clock;
  ScanDiffSync sync(plane, clock);

  auto report = sync.sync("new", "old", SyncMode::kMerge);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->put, 2);
  EXPECT_EQ(report->deleted, 0);
  EXPECT_TRUE(plane.contains("old", {{"pk", {{"S", "written-to-old-by-another-function"}}}}));
  EXPECT_EQ(plane.items("old").size(), 12u);
  EXPECT_EQ(plane.items("old").at(*dynamodb::canonical_item(Json{{"pk", {{"S", "item-3"}}}})),
            item("item-3", 33));
}

TEST(ScanDiffSync, SecondSyncWritesNothing) {
  FakeTablePlane plane;
  plane.create("old");
  plane.create("new");
  testing::fill(plane, "new", 40);
  InstantClock clock;
  ScanDiffSync sync(plane, clock);
  ASSERT_TRUE(sync.sync("new", "old", SyncMode::kMirror));
  const auto calls = plane.batch_calls();
  auto again = sync.sync("new", "old", SyncMode::kMirror);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->put + again->deleted, 0);
  EXPECT_EQ(plane.batch_calls(), calls);
}

TEST(ScanDiffSync, CompositeKeysAndUnprocessedItemsLoseNothing) {
  FakeTablePlane plane;
  plane.create("old", {"pk", "sk"});
  plane.create("new", {"pk", "sk"});
  for (int i = 0; i < 60; ++i) {
    Json row = {{"pk", {{"S", "p" + std::to_string(i % 4)}}}, {"sk", {{"N", std::to_string(i)}}}};
    if (i % 3 != 0) {
      plane.put("old", row);
    }
    row["extra"] = {{"S", "x"}};
    if (i % 5 != 0) {
      plane.put("new", row);
    }
  }
  plane.set_faults({.unprocessed_rate = 0.3, .throttle_rate = 0.1, .fail_code = {}});
  InstantClock clock;
  ScanDiffSync sync(plane, clock);
  auto report = sync.sync("new", "old", SyncMode::kMirror);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(plane.items("old"), plane.items("new"));
}

TEST(ScanDiffSync, FailedWriteNamesTheTable) {
  FakeTablePlane plane;
  plane.create("old");
  plane.create("new");
  testing::fill(plane, "new", 3);
  plane.set_faults({.unprocessed_rate = 0, .throttle_rate = 0, .fail_code = "AccessDeniedException"});
  InstantClock clock;
  ScanDiffSync sync(plane, clock);
  auto report = sync.sync("new", "old", SyncMode::kMirror);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("old"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::migrate
