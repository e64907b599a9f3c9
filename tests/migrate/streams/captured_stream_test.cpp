#include "migrate/streams/captured_stream.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

using Json = nlohmann::json;

TEST(CapturedStream, ReadsApplysCutoverCaptureAndRollbacksOwn) {
  const StreamStart start{"new-t", "arn:new-t/stream/1", "NEW_AND_OLD_IMAGES", true, std::nullopt};
  const auto own = captured_stream(to_json(start));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->start, start);
  EXPECT_TRUE(own->from.shards.empty());
  const auto cutover = captured_stream(
      {{"stream", to_json(start)}, {"shards", {to_json(ShardCheckpoint{"s9", "0042", true, 3})}}});
  ASSERT_TRUE(cutover);
  EXPECT_EQ(cutover->start, start);
  EXPECT_EQ(cutover->from.shards.at("s9").sequence_number, "0042");
  EXPECT_FALSE(captured_stream(Json{{"stream", "nonsense"}}));
  EXPECT_FALSE(captured_stream(Json()));
}

}  // namespace
}  // namespace ddbmv::migrate
