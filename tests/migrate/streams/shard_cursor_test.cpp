#include "migrate/streams/shard_cursor.h"

#include <gtest/gtest.h>

#include "support/fake_stream.h"

namespace ddbmv::migrate {
namespace {

using namespace std::chrono_literals;
using ddbmv::testing::FakeStream;

const TimePoint kNow{std::chrono::hours{24 * 400}};

TEST(TrimAllowsFreshIterator, AfterARecordAlwaysSinceGetShardIteratorChecksThePositionItself) {
  EXPECT_TRUE(trim_allows_fresh_iterator("000000000000000000042", std::nullopt, std::nullopt, kNow));
}

TEST(TrimAllowsFreshIterator, AContinuedEmptyPageOnlyWithinTheRetention) {
  EXPECT_TRUE(trim_allows_fresh_iterator("", kNow - 23h, std::nullopt, kNow));
  EXPECT_FALSE(trim_allows_fresh_iterator("", kNow - 25h, std::nullopt, kNow));
}

TEST(TrimAllowsFreshIterator, NeededRecordsOnlyWhenNoneCanBeOlderThanTheRetention) {
  EXPECT_TRUE(trim_allows_fresh_iterator("", std::nullopt, epoch_seconds(kNow - 1h), kNow));
  EXPECT_FALSE(trim_allows_fresh_iterator("", std::nullopt, epoch_seconds(kNow - 25h), kNow));
  EXPECT_FALSE(trim_allows_fresh_iterator("", std::nullopt, std::nullopt, kNow));
}

TEST(NeededSince, IsTheLaterOfTheStreamsCreationAndTheStartsMinimum) {
  StreamStart start{"t", "arn", "NEW_AND_OLD_IMAGES", false, std::nullopt};
  EXPECT_EQ(needed_since(start, nlohmann::json::object()), std::nullopt);
  EXPECT_EQ(needed_since(start, {{"CreationRequestDateTime", 100.5}}), 100.5);
  start.min_creation_time = 200.0;
  EXPECT_EQ(needed_since(start, {{"CreationRequestDateTime", 100.5}}), 200.0);
  EXPECT_EQ(needed_since(start, {{"CreationRequestDateTime", 300.0}}), 300.0);
  EXPECT_EQ(needed_since(start, nlohmann::json::object()), 200.0);
}

TEST(ShardCursor, ReadsPagesAndMovesPastEachPagesLastRecord) {
  FakeStream stream;
  stream.add_shard("s1");
  stream.write("s1", "INSERT", "a", "1");
  const auto second = stream.write("s1", "INSERT", "b", "1");
  ShardCursor cursor(stream, "arn", "s1", "");
  auto page = cursor.next_page(1000, std::nullopt, kNow);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->records.size(), 2u);
  EXPECT_EQ(cursor.after_sequence(), second);
  auto empty = cursor.next_page(1000, std::nullopt, kNow);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->records.empty());
  EXPECT_EQ(stream.iterator_requests(), std::vector<std::string>{"TRIM_HORIZON"});  // the chain held
}

TEST(ShardCursor, StartsAfterTheRecordItWasGivenAndTakesAFreshIteratorWhenTheHeldOneExpired) {
  FakeStream stream;
  stream.add_shard("s1");
  const auto first = stream.write("s1", "INSERT", "a", "1");
  stream.write("s1", "INSERT", "b", "1");
  ShardCursor cursor(stream, "arn", "s1", first);
  stream.expire_next_iterator();
  auto page = cursor.next_page(1000, std::nullopt, kNow);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0]["dynamodb"]["Keys"]["pk"]["S"], "b");
  EXPECT_EQ(stream.iterator_requests(),
            (std::vector<std::string>{"AFTER_SEQUENCE_NUMBER " + first, "AFTER_SEQUENCE_NUMBER " + first}));
}

TEST(ShardCursor, AnIteratorTakenWhileTheShardWasEmptyReadsItsFirstRecordDespiteLocalsTrim) {
  FakeStream stream;
  stream.add_shard("s1");
  ShardCursor cursor(stream, "arn", "s1", "");
  ASSERT_TRUE(cursor.next_page(1000, std::nullopt, kNow));  // empty: the chain begins
  stream.write("s1", "INSERT", "a", "1");
  stream.trim_next_get_records();
  auto page = cursor.next_page(1000, std::nullopt, kNow + 1s);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->records.size(), 1u);
}

TEST(ShardCursor, ATrimThatCouldHaveTakenANeededRecordIsTheCallersError) {
  FakeStream stream;
  stream.add_shard("s1");
  stream.write("s1", "INSERT", "a", "1");
  stream.trim_next_get_records();
  ShardCursor cursor(stream, "arn", "s1", "");
  auto page = cursor.next_page(1000, epoch_seconds(kNow - 30h), kNow);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, "TrimmedDataAccessException");
  EXPECT_EQ(cursor.after_sequence(), "");
}

}  // namespace
}  // namespace ddbmv::migrate
