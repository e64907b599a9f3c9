#include "migrate/streams/cutover_capture.h"

#include <gtest/gtest.h>

#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;

TEST(CutoverCapture, RoundTripsThroughTheJournalAsRollbackReadsIt) {
  TargetCapture capture{
      StreamStart{"new-customers", "arn:aws:dynamodb:us-east-1:000000000000:table/new-customers/stream/x",
                  "NEW_AND_OLD_IMAGES", true, std::nullopt},
      {}};
  capture.from.shards["shard-1"] = ShardCheckpoint{"shard-1", "000123", false, 4};
  capture.from.shards["shard-0"] = ShardCheckpoint{"shard-0", "", true, 0};
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.add(cutover_capture_step("new-customers"), JournalEvent::kIntent)
      .add(cutover_capture_step("new-customers"), JournalEvent::kDone, to_json(capture));
  auto read = captured_target(journal.state(), "new-customers");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->stream, capture.stream);
  EXPECT_EQ(read->from.shards, capture.from.shards);
  EXPECT_EQ(cutover_capture_step("new-customers"), "cutover.capture/new-customers");
}

TEST(CutoverCapture, AnUnfinishedCaptureIsAnErrorNamingTheStep) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.add(cutover_capture_step("new-invoices"), JournalEvent::kIntent);
  auto read = captured_target(journal.state(), "new-invoices");
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("cutover.capture/new-invoices"), std::string::npos);
}

TEST(CutoverCapture, ADamagedRecordIsAnError) {
  EXPECT_FALSE(target_capture_from_json({{"stream", {{"table", "t"}}}, {"shards", nlohmann::json::array()}}));
  EXPECT_FALSE(target_capture_from_json(nlohmann::json::object()));
}

}  // namespace
}  // namespace ddbmv::migrate
