#include "dynamodb/client.h"

#include <gtest/gtest.h>

#include "support/replay_transport.h"

namespace ddbmv::dynamodb {
namespace {

using namespace ddbmv::testing;

std::string target(const char* operation) {
  return std::string("DynamoDB_20120810.") + operation;
}

struct DynamoDbClientTest : ::testing::Test {
  std::shared_ptr<ReplayTransport> transport = std::make_shared<ReplayTransport>();
  Client client{make_service(dynamodb_endpoint(), transport)};
  void TearDown() override { EXPECT_TRUE(transport->done()) << "not every recorded exchange was used"; }
};

TEST_F(DynamoDbClientTest, ListTablesFollowsEveryPage) {
  transport->expect({.target = target("ListTables"), .body = Json::object()},
                    json_response(200, {{"TableNames", {"a", "b"}}, {"LastEvaluatedTableName", "b"}}));
  transport->expect({.target = target("ListTables"), .body = Json{{"ExclusiveStartTableName", "b"}}},
                    json_response(200, {{"TableNames", {"c"}}}));
  auto names = client.list_tables();
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(DynamoDbClientTest, FindTableIsEmptyForAMissingTable) {
  transport->expect(
      {.target = target("DescribeTable"), .body = Json{{"TableName", "gone"}}},
      dynamodb_error("ResourceNotFoundException", "Requested resource not found: Table: gone not found"));
  auto table = client.find_table("gone");
  ASSERT_TRUE(table.has_value());
  EXPECT_FALSE(table->has_value());
}

TEST_F(DynamoDbClientTest, FindTableReturnsTheDescription) {
  transport->reply(json_response(200, {{"Table", {{"TableName", "t"}, {"TableStatus", "ACTIVE"}}}}));
  auto table = client.find_table("t");
  ASSERT_TRUE(table.has_value() && table->has_value());
  EXPECT_EQ((**table)["TableStatus"], "ACTIVE");
}

TEST_F(DynamoDbClientTest, FindTableFailsOnOtherErrors) {
  transport->reply(dynamodb_error("AccessDeniedException", "no"));
  auto table = client.find_table("t");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, "AccessDeniedException");
}

TEST_F(DynamoDbClientTest, DescribeTableFailsForAMissingTable) {
  transport->reply(dynamodb_error("ResourceNotFoundException", "not found"));
  auto table = client.describe_table("gone");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, "ResourceNotFoundException");
}

TEST_F(DynamoDbClientTest, CreateUpdateDeleteTableSendTheInputAndReturnTheDescription) {
  const Json create = {{"TableName", "t"},
                       {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                       {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                       {"BillingMode", "PAY_PER_REQUEST"}};
  transport->expect({.target = target("CreateTable"), .body = create},
                    json_response(200, {{"TableDescription", {{"TableStatus", "CREATING"}}}}));
  const Json update = {{"TableName", "t"}, {"DeletionProtectionEnabled", false}};
  transport->expect({.target = target("UpdateTable"), .body = update},
                    json_response(200, {{"TableDescription", {{"TableStatus", "UPDATING"}}}}));
  transport->expect({.target = target("DeleteTable"), .body = Json{{"TableName", "t"}}},
                    json_response(200, {{"TableDescription", {{"TableStatus", "DELETING"}}}}));
  EXPECT_EQ(client.create_table(create).value()["TableStatus"], "CREATING");
  EXPECT_EQ(client.update_table(update).value()["TableStatus"], "UPDATING");
  EXPECT_EQ(client.delete_table("t").value()["TableStatus"], "DELETING");
}

TEST_F(DynamoDbClientTest, ContinuousBackupsDescribeAndEnablePitr) {
  const Json description = {{"ContinuousBackupsStatus", "ENABLED"},
                            {"PointInTimeRecoveryDescription", {{"PointInTimeRecoveryStatus", "ENABLED"}}}};
  transport->expect({.target = target("DescribeContinuousBackups"), .body = Json{{"TableName", "t"}}},
                    json_response(200, {{"ContinuousBackupsDescription", description}}));
  transport->expect(
      {.target = target("UpdateContinuousBackups"),
       .body = Json{{"TableName", "t"},
                    {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", true}}}}},
      json_response(200, {{"ContinuousBackupsDescription", description}}));
  EXPECT_EQ(client.describe_continuous_backups("t").value(), description);
  EXPECT_EQ(client.update_continuous_backups("t", true).value(), description);
}

TEST_F(DynamoDbClientTest, BackupsCreateDescribeAndListEveryPage) {
  transport->expect(
      {.target = target("CreateBackup"), .body = Json{{"TableName", "t"}, {"BackupName", "t-pre"}}},
      json_response(200, {{"BackupDetails", {{"BackupArn", "arn:b1"}, {"BackupStatus", "CREATING"}}}}));
  transport->expect(
      {.target = target("DescribeBackup"), .body = Json{{"BackupArn", "arn:b1"}}},
      json_response(200, {{"BackupDescription", {{"BackupDetails", {{"BackupStatus", "AVAILABLE"}}}}}}));
  transport->expect({.target = target("ListBackups"), .body = Json{{"TableName", "t"}}},
                    json_response(200, {{"BackupSummaries", {{{"BackupArn", "arn:b1"}}}},
                                        {"LastEvaluatedBackupArn", "arn:b1"}}));
  transport->expect({.target = target("ListBackups"),
                     .body = Json{{"TableName", "t"}, {"ExclusiveStartBackupArn", "arn:b1"}}},
                    json_response(200, {{"BackupSummaries", {{{"BackupArn", "arn:b2"}}}}}));
  EXPECT_EQ(client.create_backup("t", "t-pre").value()["BackupArn"], "arn:b1");
  EXPECT_EQ(client.describe_backup("arn:b1").value()["BackupDetails"]["BackupStatus"], "AVAILABLE");
  auto backups = client.list_backups("t");
  ASSERT_TRUE(backups.has_value());
  ASSERT_EQ(backups->size(), 2u);
  EXPECT_EQ((*backups)[1]["BackupArn"], "arn:b2");
}

TEST_F(DynamoDbClientTest, TimeToLiveDescribeAndUpdate) {
  transport->expect({.target = target("DescribeTimeToLive"), .body = Json{{"TableName", "t"}}},
                    json_response(200, {{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}}));
  transport->expect(
      {.target = target("UpdateTimeToLive"),
       .body = Json{{"TableName", "t"},
                    {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "exp"}}}}},
      json_response(200, {{"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "exp"}}}}));
  EXPECT_EQ(client.describe_time_to_live("t").value()["TimeToLiveStatus"], "DISABLED");
  EXPECT_EQ(client.update_time_to_live("t", "exp", true).value()["AttributeName"], "exp");
}

TEST_F(DynamoDbClientTest, TagsListEveryPageAndTag) {
  transport->expect(
      {.target = target("ListTagsOfResource"), .body = Json{{"ResourceArn", "arn:t"}}},
      json_response(200, {{"Tags", {{{"Key", "env"}, {"Value", "dev"}}}}, {"NextToken", "n1"}}));
  transport->expect(
      {.target = target("ListTagsOfResource"), .body = Json{{"ResourceArn", "arn:t"}, {"NextToken", "n1"}}},
      json_response(200, {{"Tags", {{{"Key", "team"}, {"Value", "pay"}}}}}));
  transport->expect({.target = target("TagResource"),
                     .body = Json{{"ResourceArn", "arn:t"}, {"Tags", {{{"Key", "env"}, {"Value", "prod"}}}}}},
                    json_response(200, Json::object()));
  auto tags = client.list_tags_of_resource("arn:t");
  ASSERT_TRUE(tags.has_value());
  EXPECT_EQ(*tags, (std::vector<Tag>{{"env", "dev"}, {"team", "pay"}}));
  EXPECT_TRUE(client.tag_resource("arn:t", {{"env", "prod"}}).has_value());
}

TEST_F(DynamoDbClientTest, ScanSendsSegmentStartKeyLimitCountAndConsistentRead) {
  const Json start = {{"pk", {{"S", "k9"}}}};
  transport->expect(
      {.target = target("Scan"),
       .body = Json{{"TableName", "t"},
                    {"Segment", 2},
                    {"TotalSegments", 8},
                    {"ExclusiveStartKey", start},
                    {"Limit", 100},
                    {"Select", "COUNT"},
                    {"ConsistentRead", true}}},
      json_response(200, {{"Count", 7}, {"ScannedCount", 9}, {"LastEvaluatedKey", {{"pk", {{"S", "z"}}}}}}));
  auto page = client.scan(ScanRequest{.table = "t",
                                      .segment = 2,
                                      .total_segments = 8,
                                      .exclusive_start_key = start,
                                      .limit = 100,
                                      .count_only = true,
                                      .consistent_read = true});
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(page->count, 7);
  EXPECT_EQ(page->scanned_count, 9);
  EXPECT_EQ(page->last_evaluated_key, (Json{{"pk", {{"S", "z"}}}}));
}

TEST_F(DynamoDbClientTest, ScanFirstPageSendsOnlyTheTableAndLastPageHasNullKey) {
  transport->expect(
      {.target = target("Scan"), .body = Json{{"TableName", "t"}}},
      json_response(200, {{"Items", {{{"pk", {{"S", "a"}}}}}}, {"Count", 1}, {"ScannedCount", 1}}));
  auto page = client.scan(ScanRequest{.table = "t"});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0]["pk"]["S"], "a");
  EXPECT_TRUE(page->last_evaluated_key.is_null());
}

TEST_F(DynamoDbClientTest, BatchWriteReturnsUnprocessedItemsOrAnEmptyObject) {
  const Json items = {{"t", {{{"PutRequest", {{"Item", {{"pk", {{"S", "a"}}}}}}}}}}};
  transport->expect({.target = target("BatchWriteItem"), .body = Json{{"RequestItems", items}}},
                    json_response(200, {{"UnprocessedItems", items}}));
  transport->expect({.target = target("BatchWriteItem"), .body = Json{{"RequestItems", items}}},
                    json_response(200, {{"UnprocessedItems", Json::object()}}));
  EXPECT_EQ(client.batch_write_item(items).value(), items);
  auto rest = client.batch_write_item(items);
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->is_object() && rest->empty());
}

TEST_F(DynamoDbClientTest, BatchWriteRawPassesTheBodyThrough) {
  const std::string body = R"({"RequestItems":{"t":[{"DeleteRequest":{"Key":{"pk":{"S":"a"}}}}]}})";
  transport->expect({.target = target("BatchWriteItem"), .raw_body = body},
                    aws::HttpResponse{200, {}, R"({"UnprocessedItems":{}})"});
  EXPECT_EQ(client.batch_write_item_raw(body).value(), R"({"UnprocessedItems":{}})");
}

TEST_F(DynamoDbClientTest, ItemsGetPutDelete) {
  const Json key = {{"pk", {{"S", "a"}}}};
  const Json item = {{"pk", {{"S", "a"}}}, {"n", {{"N", "1"}}}};
  transport->expect(
      {.target = target("GetItem"), .body = Json{{"TableName", "t"}, {"Key", key}, {"ConsistentRead", true}}},
      json_response(200, {{"Item", item}}));
  transport->expect({.target = target("GetItem"),
                     .body = Json{{"TableName", "t"}, {"Key", key}, {"ConsistentRead", false}}},
                    json_response(200, Json::object()));
  transport->expect({.target = target("PutItem"), .body = Json{{"TableName", "t"}, {"Item", item}}},
                    json_response(200, Json::object()));
  transport->expect({.target = target("DeleteItem"), .body = Json{{"TableName", "t"}, {"Key", key}}},
                    json_response(200, Json::object()));
  EXPECT_EQ(client.get_item("t", key).value(), std::optional<Json>(item));
  EXPECT_EQ(client.get_item("t", key, false).value(), std::nullopt);
  EXPECT_TRUE(client.put_item("t", item).has_value());
  EXPECT_TRUE(client.delete_item("t", key).has_value());
}

}  // namespace
}  // namespace ddbmv::dynamodb
