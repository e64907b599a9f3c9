#include "migrate/streams/shard_lineage.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

std::vector<std::string> ids(const std::vector<ShardInfo>& shards) {
  std::vector<std::string> out;
  for (const auto& shard : shards)
    out.push_back(shard.id);
  return out;
}

TEST(ShardLineage, ReadsShardsOfADescribeStreamDescription) {
  auto shards = shards_from_description(nlohmann::json::parse(R"({"Shards":[
    {"ShardId":"a","SequenceNumberRange":{"StartingSequenceNumber":"100","EndingSequenceNumber":"200"}},
    {"ShardId":"b","ParentShardId":"a","SequenceNumberRange":{"StartingSequenceNumber":"300"}}]})"));
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[0], (ShardInfo{"a", "", "100", "200"}));
  EXPECT_EQ(shards[1], (ShardInfo{"b", "a", "300", ""}));
}

TEST(ShardLineage, ComparesSequenceNumbersAsNumbersNotText) {
  EXPECT_LT(compare_sequence_numbers("99", "100"), 0);
  EXPECT_GT(compare_sequence_numbers("1000", "999"), 0);
  EXPECT_EQ(compare_sequence_numbers("00042", "42"), 0);
  EXPECT_LT(compare_sequence_numbers("", "1"), 0);
}

TEST(ShardLineage, AChildWaitsUntilItsParentIsDone) {
  std::vector<ShardInfo> shards = {{"child", "parent", "300", ""}, {"parent", "", "100", "200"}};
  EXPECT_EQ(ids(ready_shards(shards, {})), std::vector<std::string>{"parent"});
  EXPECT_EQ(ids(ready_shards(shards, {"parent"})), std::vector<std::string>{"child"});
  EXPECT_TRUE(ready_shards(shards, {"parent", "child"}).empty());
}

TEST(ShardLineage, AShardWhoseParentIsNoLongerListedIsReady) {
  std::vector<ShardInfo> shards = {{"orphan", "trimmed-away", "500", ""}};
  EXPECT_EQ(ids(ready_shards(shards, {})), std::vector<std::string>{"orphan"});
}

TEST(ShardLineage, ReadyShardsComeOldestFirst) {
  std::vector<ShardInfo> shards = {
      {"young", "", "900", ""}, {"old", "", "10", "20"}, {"middle", "", "100", ""}};
  EXPECT_EQ(ids(ready_shards(shards, {})), (std::vector<std::string>{"old", "middle", "young"}));
}

TEST(ShardLineage, OrdersEveryParentBeforeItsChildrenWhateverTheListingOrder) {
  // a splits into b and c; c later rolls over into d.
  std::vector<ShardInfo> shards = {
      {"d", "c", "700", ""}, {"c", "a", "400", "600"}, {"b", "a", "300", ""}, {"a", "", "100", "200"}};
  auto ordered = ids(lineage_order(shards));
  ASSERT_EQ(ordered.size(), 4u);
  auto at = [&](const std::string& id) {
    return std::find(ordered.begin(), ordered.end(), id) - ordered.begin();
  };
  EXPECT_LT(at("a"), at("b"));
  EXPECT_LT(at("a"), at("c"));
  EXPECT_LT(at("c"), at("d"));
}

}  // namespace
}  // namespace ddbmv::migrate
