#include "migrate/verify/new_side_keys.h"

#include <gtest/gtest.h>

#include "dynamodb/item_digest.h"
#include "support/fake_stream.h"
#include "support/pk_key.h"

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

}  // namespace
}  // namespace ddbmv::migrate
