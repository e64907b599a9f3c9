#include "dynamodb/streams_client.h"

#include <gtest/gtest.h>

#include "support/replay_transport.h"

namespace ddbmv::dynamodb {
namespace {

using namespace ddbmv::testing;
using nlohmann::json;

std::string target(const char* operation) {
  return std::string("DynamoDBStreams_20120810.") + operation;
}

struct StreamsClientTest : ::testing::Test {
  std::shared_ptr<ReplayTransport> transport = std::make_shared<ReplayTransport>();
  StreamsClient client{make_service(streams_endpoint(), transport)};
  void TearDown() override { EXPECT_TRUE(transport->done()) << "not every recorded exchange was used"; }
};

TEST_F(StreamsClientTest, ListStreamsOfATableFollowsEveryPage) {
  transport->expect(
      {.target = target("ListStreams"), .body = json{{"TableName", "t"}}},
      json_response(200, {{"Streams", {{{"StreamArn", "s1"}}}}, {"LastEvaluatedStreamArn", "s1"}}));
  transport->expect(
      {.target = target("ListStreams"), .body = json{{"TableName", "t"}, {"ExclusiveStartStreamArn", "s1"}}},
      json_response(200, {{"Streams", {{{"StreamArn", "s2"}}}}}));
  auto streams = client.list_streams("t");
  ASSERT_TRUE(streams.has_value());
  ASSERT_EQ(streams->size(), 2u);
  EXPECT_EQ((*streams)[1]["StreamArn"], "s2");
}

TEST_F(StreamsClientTest, ListStreamsOfEveryTableSendsNoTableName) {
  transport->expect({.target = target("ListStreams"), .body = json::object()},
                    json_response(200, {{"Streams", json::array()}}));
  EXPECT_TRUE(client.list_streams(std::nullopt).value().empty());
}

TEST_F(StreamsClientTest, DescribeStreamGathersTheShardsOfEveryPage) {
  transport->expect({.target = target("DescribeStream"), .body = json{{"StreamArn", "s1"}}},
                    json_response(200, {{"StreamDescription",
                                         {{"StreamArn", "s1"},
                                          {"StreamStatus", "ENABLED"},
                                          {"Shards", {{{"ShardId", "a"}}}},
                                          {"LastEvaluatedShardId", "a"}}}}));
  transport->expect(
      {.target = target("DescribeStream"), .body = json{{"StreamArn", "s1"}, {"ExclusiveStartShardId", "a"}}},
      json_response(
          200, {{"StreamDescription",
                 {{"StreamArn", "s1"}, {"StreamStatus", "ENABLED"}, {"Shards", {{{"ShardId", "b"}}}}}}}));
  auto description = client.describe_stream("s1");
  ASSERT_TRUE(description.has_value());
  EXPECT_EQ((*description)["StreamStatus"], "ENABLED");
  EXPECT_EQ((*description)["Shards"], (json{{{"ShardId", "a"}}, {{"ShardId", "b"}}}));
  EXPECT_FALSE(description->contains("LastEvaluatedShardId"));
}

TEST_F(StreamsClientTest, GetShardIteratorSendsTypeAndSequenceNumber) {
  transport->expect(
      {.target = target("GetShardIterator"),
       .body = json{{"StreamArn", "s1"}, {"ShardId", "a"}, {"ShardIteratorType", "TRIM_HORIZON"}}},
      json_response(200, {{"ShardIterator", "it-1"}}));
  transport->expect({.target = target("GetShardIterator"),
                     .body = json{{"StreamArn", "s1"},
                                  {"ShardId", "a"},
                                  {"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"},
                                  {"SequenceNumber", "100"}}},
                    json_response(200, {{"ShardIterator", "it-2"}}));
  EXPECT_EQ(client.get_shard_iterator("s1", "a", "TRIM_HORIZON").value(), "it-1");
  EXPECT_EQ(client.get_shard_iterator("s1", "a", "AFTER_SEQUENCE_NUMBER", "100").value(), "it-2");
}

TEST_F(StreamsClientTest, GetRecordsReturnsRecordsAndTheNextIterator) {
  const json record = {{"eventName", "INSERT"},
                       {"dynamodb", {{"Keys", {{"pk", {{"S", "a"}}}}}, {"SequenceNumber", "1"}}}};
  transport->expect(
      {.target = target("GetRecords"), .body = json{{"ShardIterator", "it-1"}, {"Limit", 1000}}},
      json_response(200, {{"Records", {record}}, {"NextShardIterator", "it-2"}}));
  transport->expect({.target = target("GetRecords"), .body = json{{"ShardIterator", "it-2"}}},
                    json_response(200, {{"Records", json::array()}}));
  auto first = client.get_records("it-1", 1000);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->records, std::vector<json>{record});
  EXPECT_EQ(first->next_shard_iterator, "it-2");
  auto closed = client.get_records("it-2");
  ASSERT_TRUE(closed.has_value());
  EXPECT_TRUE(closed->records.empty());
  EXPECT_EQ(closed->next_shard_iterator, "");
}

}  // namespace
}  // namespace ddbmv::dynamodb
