#include "migrate/new_side_keys.h"

#include <gtest/gtest.h>

#include "dynamodb/item_digest.h"
#include "fake_stream.h"
#include "pk_key.h"

namespace ddbmv::migrate {
namespace {

using ddbmv::testing::pk_key;

using ddbmv::testing::FakeStream;
using ddbmv::testing::s;
using nlohmann::json;

/// Time for the shard cursors' rules; these tests never reach them.
const Clock& clock() {
  static const ManualClock fixed(TimePoint{std::chrono::seconds{2000}});
  return fixed;
}

StreamStart stream(const std::string& table, const std::string& view = "NEW_AND_OLD_IMAGES") {
  return StreamStart{table, "arn:" + table, view, true, std::nullopt};
}

/// The old table's stream ("arn:old", shards o*) and the new one's ("arn:new", shards n*) behind one
/// reader, as read_new_side_keys reads them.
class Streams final : public StreamReader {
 public:
  FakeStream old_side;
  FakeStream new_side;
  Streams() {
    old_side.add_shard("o1");
    new_side.add_shard("n1");
  }
  aws::Outcome<json> describe_stream(const std::string& arn) const override {
    return of_arn(arn).describe_stream(arn);
  }
  aws::Outcome<std::string> get_shard_iterator(const std::string& arn, const std::string& shard,
                                               const std::string& type,
                                               const std::optional<std::string>& sequence) const override {
    return of_arn(arn).get_shard_iterator(arn, shard, type, sequence);
  }
  aws::Outcome<dynamodb::StreamRecords> get_records(const std::string& iterator, int limit) const override {
    return (iterator.starts_with("o") ? old_side : new_side).get_records(iterator, limit);
  }

 private:
  const FakeStream& of_arn(const std::string& arn) const { return arn == "arn:old" ? old_side : new_side; }
};

TEST(NewSideKeys, ReplicatedWritesAreNotTheNewSidesButAFunctionsWritesAre) {
  Streams streams;
  streams.old_side.write("o1", "INSERT", "a", "1");
  streams.old_side.write("o1", "MODIFY", "a", "2");
  streams.old_side.write("o1", "INSERT", "b", "1");
  streams.old_side.write("o1", "REMOVE", "c");
  streams.new_side.write("n1", "MODIFY", "a", "2");  // replicated (the page's last image)
  streams.new_side.write("n1", "REMOVE", "c");       // replicated delete
  streams.new_side.write("n1", "MODIFY", "b", "9");  // a function on the new side
  streams.new_side.write("n1", "INSERT", "d", "1");  // a function: a key the old side never had
  streams.new_side.write("n1", "REMOVE", "a");       // a function deletes a replicated key

  auto keys = read_new_side_keys(
      streams, stream("old"), stream("new"), {}, [] { return false; }, clock());
  ASSERT_TRUE(keys) << keys.error().message;
  EXPECT_EQ(keys->keys(), (std::set<std::string>{pk_key("a"), pk_key("b"), pk_key("d")}));
  EXPECT_EQ(keys->target_records(), 5);
}

TEST(NewSideKeys, ReadsTheNewTableFromTheCapturedPositionOnly) {
  FakeStream old_side;
  old_side.add_shard("o1");
  FakeStream new_side;
  new_side.add_shard("n1");
  const auto before = new_side.write("n1", "INSERT", "copied", "1");  // before the cutover began
  new_side.write("n1", "INSERT", "fresh", "1");
  NewSideKeys keys(true, true);
  ASSERT_TRUE(read_stream_to_end(
      old_side, stream("old"), {}, [&](const auto& page) { return keys.add_source_records(page); },
      [] { return true; }, clock()));
  ReplicationResumeState from;
  from.shards["n1"] = ShardCheckpoint{"n1", before, false, 1};
  auto end = read_stream_to_end(
      new_side, stream("new"), from, [&](const auto& page) { return keys.add_target_records(page); },
      [] { return true; }, clock());
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(keys.keys(), std::set<std::string>{pk_key("fresh")});
  EXPECT_EQ(keys.target_records(), 1);
  EXPECT_EQ(end->shards.at("n1").records, 2);
}

TEST(NewSideKeys, WithoutImagesEveryKeyOfTheNewTablesStreamIsTheNewSides) {
  FakeStream old_side;
  old_side.add_shard("o1");
  old_side.write("o1", "INSERT", "a", "1");
  FakeStream new_side;
  new_side.add_shard("n1");
  new_side.write("n1", "INSERT", "a", "1");
  NewSideKeys keys(false, true);
  ASSERT_TRUE(read_stream_to_end(
      old_side, stream("old", "KEYS_ONLY"), {},
      [&](const auto& page) { return keys.add_source_records(page); }, [] { return true; }, clock()));
  ASSERT_TRUE(read_stream_to_end(
      new_side, stream("new"), {}, [&](const auto& page) { return keys.add_target_records(page); },
      [] { return true; }, clock()));
  EXPECT_EQ(keys.keys(), std::set<std::string>{pk_key("a")});
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
      stream_of_table, stream("t"), {},
      [&](const std::vector<json>& page) -> Result<void> {
        for (const auto& record : page)
          order.push_back(record["dynamodb"]["NewImage"]["v"]["S"]);
        return {};
      },
      [] { return true; }, clock());
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
      busy, stream("t"), {}, [](const std::vector<json>&) -> Result<void> { return {}; },
      [&] { return ++asked < 5; }, clock());
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_GE(asked, 5);  // it ended: the fake writes a record before every GetRecords
  EXPECT_GE(end->shards.at("s1").records, 5);
}

TEST(ReadStreamToEnd, SkipsRecordsOlderThanTheStartsMinimumCreationTime) {
  FakeStream existing;
  existing.add_shard("s1");
  existing.write("s1", "INSERT", "old", "1", 100.0);
  existing.write("s1", "INSERT", "new", "1", 200.0);
  StreamStart start = stream("t");
  start.min_creation_time = 150.0;
  std::vector<std::string> seen;
  ASSERT_TRUE(read_stream_to_end(
      existing, start, {},
      [&](const std::vector<json>& page) -> Result<void> {
        for (const auto& record : page)
          seen.push_back(record["dynamodb"]["Keys"]["pk"]["S"]);
        return {};
      },
      [] { return true; }, clock()));
  EXPECT_EQ(seen, std::vector<std::string>{"new"});
}

TEST(ReadStreamToEnd, ReadsOnWhereDynamoDBLocalSaysAStreamYoungerThanTheRetentionWasTrimmed) {
  // The cutover capture reads a stream just enabled, which the functions begin to write: Local may
  // answer TrimmedDataAccessException for the shard's first record (see shard_cursor.h).
  FakeStream fresh;
  fresh.add_shard("s1");
  fresh.set_creation_time(1990.0);  // ten seconds before clock()
  const auto last = fresh.write("s1", "INSERT", "a", "1");
  fresh.trim_next_get_records();
  auto end = read_stream_to_end(
      fresh, stream("t"), {}, [](const std::vector<json>&) -> Result<void> { return {}; },
      [] { return true; }, clock());
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(end->shards.at("s1").sequence_number, last);

  FakeStream old;
  old.add_shard("s1");
  old.set_creation_time(2000.0 - 25 * 3600);  // every record needed, some may be gone
  old.write("s1", "INSERT", "a", "1");
  old.trim_next_get_records();
  auto trimmed = read_stream_to_end(
      old, stream("t"), {}, [](const std::vector<json>&) -> Result<void> { return {}; }, [] { return true; },
      clock());
  ASSERT_FALSE(trimmed);
  EXPECT_EQ(trimmed.error().code, "TrimmedDataAccessException");
}

}  // namespace
}  // namespace ddbmv::migrate
