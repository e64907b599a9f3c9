#include "dynamodb/table_spec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ddbmv::dynamodb {
namespace {

using Json = nlohmann::json;

Json describe_fixture(const std::string& name) {
  std::ifstream in(std::string(DDBMV_TESTDATA_DIR) + "/describe_table/" + name + ".json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Json::parse(buffer.str()).at("Table");
}

/// Every key anywhere in `value`.
void collect_keys(const Json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      keys.insert(key);
      collect_keys(child, keys);
    }
  } else if (value.is_array()) {
    for (const auto& child : value) {
      collect_keys(child, keys);
    }
  }
}

void expect_no_read_only_field(const Json& spec) {
  std::set<std::string> keys;
  collect_keys(spec, keys);
  for (const char* read_only : {"TableStatus",
                                "ItemCount",
                                "TableSizeBytes",
                                "TableArn",
                                "TableId",
                                "CreationDateTime",
                                "IndexArn",
                                "IndexStatus",
                                "IndexSizeBytes",
                                "Backfilling",
                                "NumberOfDecreasesToday",
                                "LastIncreaseDateTime",
                                "LastDecreaseDateTime",
                                "LatestStreamArn",
                                "LatestStreamLabel",
                                "WarmThroughput",
                                "BillingModeSummary",
                                "TableClassSummary",
                                "SSEDescription",
                                "KMSMasterKeyArn",
                                "DeletionProtectionEnabled"}) {
    EXPECT_FALSE(keys.contains(read_only)) << read_only << " leaked into " << spec.dump(2);
  }
}

TEST(TableSpec, OnDemandTableWithKmsKeyAndGsi) {
  Json spec =
      create_table_input(describe_fixture("on_demand_kms_gsi"), "diatonic-ai-stripe-customers",
                         {{"team", "billing"}, {"ddbmv:source-table", "ai-nexus-dev-stripe-customers"}});
  Json expected = Json::parse(R"({
    "TableName": "diatonic-ai-stripe-customers",
    "AttributeDefinitions": [
      {"AttributeName": "email", "AttributeType": "S"},
      {"AttributeName": "tenant_id", "AttributeType": "S"},
      {"AttributeName": "user_id", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "user_id", "KeyType": "RANGE"}],
    "BillingMode": "PAY_PER_REQUEST",
    "GlobalSecondaryIndexes": [{"IndexName": "email-index",
      "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    "SSESpecification": {"Enabled": true, "SSEType": "KMS",
      "KMSMasterKeyId": "arn:aws:kms:us-east-1:000000000000:key/0f3c2a9e-5d4b-4e8f-9a1c-7b6d5e4f3a21"},
    "TableClass": "STANDARD",
    "Tags": [{"Key": "team", "Value": "billing"},
             {"Key": "ddbmv:source-table", "Value": "ai-nexus-dev-stripe-customers"}]
  })");
  EXPECT_EQ(spec, expected) << spec.dump(2);
  expect_no_read_only_field(spec);
}

TEST(TableSpec, ProvisionedTableKeepsCapacityStreamLsiClassAndCustomerKey) {
  Json spec = create_table_input(describe_fixture("provisioned_stream_lsi"), "ledger-invoices", {});
  Json expected = Json::parse(R"({
    "TableName": "ledger-invoices",
    "AttributeDefinitions": [
      {"AttributeName": "created_at", "AttributeType": "N"}, {"AttributeName": "invoice_id", "AttributeType": "S"},
      {"AttributeName": "status", "AttributeType": "S"}, {"AttributeName": "tenant_id", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "invoice_id", "KeyType": "RANGE"}],
    "BillingMode": "PROVISIONED",
    "ProvisionedThroughput": {"ReadCapacityUnits": 25, "WriteCapacityUnits": 10},
    "GlobalSecondaryIndexes": [{"IndexName": "by-status",
      "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "created_at", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"},
      "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 4}}],
    "LocalSecondaryIndexes": [{"IndexName": "by-created",
      "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "created_at", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["amount", "currency"]}}],
    "SSESpecification": {"Enabled": true, "SSEType": "KMS",
      "KMSMasterKeyId": "arn:aws:kms:eu-west-1:123456789012:key/mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6"},
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    "TableClass": "STANDARD_INFREQUENT_ACCESS"
  })");
  EXPECT_EQ(spec, expected) << spec.dump(2);
  expect_no_read_only_field(spec);
}

TEST(TableSpec, OnDemandMaximaAreCarriedAndTheOwnedKeyNeedsNoSse) {
  Json spec = create_table_input(describe_fixture("on_demand_max_throughput_owned_key"), "idem-2", {});
  EXPECT_EQ(spec["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_FALSE(spec.contains("ProvisionedThroughput"));  // the 0/0 of an on-demand table must not leak
  EXPECT_EQ(spec["OnDemandThroughput"], Json::parse(R"({"MaxReadRequestUnits": 100})"));
  EXPECT_FALSE(spec["GlobalSecondaryIndexes"][0].contains("ProvisionedThroughput"));
  EXPECT_EQ(spec["GlobalSecondaryIndexes"][0]["OnDemandThroughput"],
            Json::parse(R"({"MaxReadRequestUnits": 50, "MaxWriteRequestUnits": 20})"));
  EXPECT_EQ(spec["GlobalSecondaryIndexes"][0]["Projection"],
            Json::parse(R"({"ProjectionType": "INCLUDE", "NonKeyAttributes": ["processed_at"]})"));
  EXPECT_FALSE(spec.contains("SSESpecification"));     // AWS owned key: the default
  EXPECT_FALSE(spec.contains("StreamSpecification"));  // disabled
  EXPECT_FALSE(spec.contains("TableClass"));
  EXPECT_FALSE(spec.contains("Tags"));
  expect_no_read_only_field(spec);
}

TEST(TableSpec, SchemaFingerprintIgnoresNamesOrderAndReadOnlyFields) {
  Json source = describe_fixture("provisioned_stream_lsi");
  Json copy = source;
  copy["TableName"] = "other";
  copy["ItemCount"] = 0;
  std::reverse(copy["AttributeDefinitions"].begin(), copy["AttributeDefinitions"].end());
  copy["GlobalSecondaryIndexes"][0]["IndexStatus"] = "CREATING";
  EXPECT_EQ(schema_fingerprint(source), schema_fingerprint(copy));
  copy["GlobalSecondaryIndexes"][0]["Projection"]["ProjectionType"] = "ALL";
  EXPECT_NE(schema_fingerprint(source), schema_fingerprint(copy));
}

TEST(TableSpec, ComparableDescriptionOfACopyEqualsTheSource) {
  Json source = describe_fixture("on_demand_kms_gsi");
  Json copy = source;
  copy["TableName"] = "diatonic-ai-stripe-customers";
  copy["TableArn"] = "arn:aws:dynamodb:us-east-1:000000000000:table/diatonic-ai-stripe-customers";
  copy["TableId"] = "another-id";
  copy["CreationDateTime"] = 1800000000.0;
  copy["GlobalSecondaryIndexes"][0]["IndexArn"] = "x";
  copy["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = 1800000000.0;
  EXPECT_EQ(comparable_description(source), comparable_description(copy));
  copy["GlobalSecondaryIndexes"][0]["KeySchema"][0]["AttributeName"] = "user_id";
  EXPECT_NE(comparable_description(source), comparable_description(copy));
}

}  // namespace
}  // namespace ddbmv::dynamodb
