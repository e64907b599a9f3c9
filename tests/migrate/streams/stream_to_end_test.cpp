#include "migrate/streams/stream_to_end.h"

#include <gtest/gtest.h>

#include "support/fake_stream.h"

namespace ddbmv::migrate {
namespace {

using ddbmv::testing::FakeStream;
using nlohmann::json;

/// Time for the shard cursors' rules: the trimmed-iterator test sets stream ages against it.
const Clock& reading_clock() {
  static const ManualClock fixed(TimePoint{std::chrono::seconds{2000}});
  return fixed;
}

StreamStart stream_at(const std::string& table, const std::string& view = "NEW_AND_OLD_IMAGES") {
  return StreamStart{table, "arn:" + table, view, true, std::nullopt};
}

TEST(ReadStreamToEnd, ReadsParentsBeforeChildrenAndRecordsWhereEachShardEnded) {
  FakeStream stream_of_table;
  stream_of_table.add_shard("child", "parent");
  stream_of_table.add_shard("parent");
  stream_of_table.write("parent", "INSERT", "a", "1");
  stream_of_table.close("parent");
  const auto last = stream_of_table.write("child", "MODIFY", "a", "2");
  std::vector<std::string> order;
  auto end = read_stream_to_end(
      stream_of_table, stream_at("t"), {},
      [&](const std::vector<json>& page) -> Result<void> {
        for (const auto& record : page)
          order.push_back(record["dynamodb"]["NewImage"]["v"]["S"]);
        return {};
      },
      [] { return true; }, reading_clock());
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(order, (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(end->shards.at("parent").done);
  EXPECT_FALSE(end->shards.at("child").done);
  EXPECT_EQ(end->shards.at("child").sequence_number, last);
}

TEST(ReadStreamToEnd, StopsReadingAStreamStillWrittenToWhenToldTo) {
  FakeStream busy;
  busy.add_shard("s1");
  busy.write("s1", "INSERT", "k0", "1");
  int next = 1;
  busy.before_get_records = [&](int) { busy.write("s1", "INSERT", "k" + std::to_string(next++), "1"); };
  int asked = 0;
  auto end = read_stream_to_end(
      busy, stream_at("t"), {}, [](const std::vector<json>&) -> Result<void> { return {}; },
      [&] { return ++asked < 5; }, reading_clock());
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_GE(asked, 5);  // it ended: the fake writes a record before every GetRecords
  EXPECT_GE(end->shards.at("s1").records, 5);
}

TEST(ReadStreamToEnd, SkipsRecordsOlderThanTheStartsMinimumCreationTime) {
  FakeStream existing;
  existing.add_shard("s1");
  existing.write("s1", "INSERT", "old", "1", 100.0);
  existing.write("s1", "INSERT", "new", "1", 200.0);
  StreamStart start = stream_at("t");
  start.min_creation_time = 150.0;
  std::vector<std::string> seen;
  ASSERT_TRUE(read_stream_to_end(
      existing, start, {},
      [&](const std::vector<json>& page) -> Result<void> {
        for (const auto& record : page)
          seen.push_back(record["dynamodb"]["Keys"]["pk"]["S"]);
        return {};
      },
      [] { return true; }, reading_clock()));
  EXPECT_EQ(seen, std::vector<std::string>{"new"});
}

TEST(ReadStreamToEnd, ReadsOnWhereDynamoDBLocalSaysAStreamYoungerThanTheRetentionWasTrimmed) {
  // The cutover capture reads a stream just enabled, which the functions begin to write: Local may
  // answer TrimmedDataAccessException for the shard's first record (see shard_cursor.h).
  FakeStream fresh;
  fresh.add_shard("s1");
  fresh.set_creation_time(1990.0);  // ten seconds before reading_clock()
  const auto last = fresh.write("s1", "INSERT", "a", "1");
  fresh.trim_next_get_records();
  auto end = read_stream_to_end(
      fresh, stream_at("t"), {}, [](const std::vector<json>&) -> Result<void> { return {}; },
      [] { return true; }, reading_clock());
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(end->shards.at("s1").sequence_number, last);

  FakeStream old;
  old.add_shard("s1");
  old.set_creation_time(2000.0 - 25 * 3600);  // every record needed, some may be gone
  old.write("s1", "INSERT", "a", "1");
  old.trim_next_get_records();
  auto trimmed = read_stream_to_end(
      old, stream_at("t"), {}, [](const std::vector<json>&) -> Result<void> { return {}; },
      [] { return true; }, reading_clock());
  ASSERT_FALSE(trimmed);
  EXPECT_EQ(trimmed.error().code, "TrimmedDataAccessException");
}

}  // namespace
}  // namespace ddbmv::migrate
