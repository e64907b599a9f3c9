#include "migrate/plan/references.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

TableInventory table(const std::string& name, bool stream) {
  TableInventory out;
  out.name = name;
  std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
  out.description = {{"TableName", name},
                     {"TableArn", arn},
                     {"GlobalSecondaryIndexes", Json::array({{{"IndexName", "email-index"}}})},
                     {"LocalSecondaryIndexes", Json::array({{{"IndexName", "by-date"}}})}};
  if (stream) {
    out.description["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}};
    out.description["LatestStreamArn"] = arn + "/stream/2025-01-01T00:00:00.000";
  }
  return out;
}

const std::string kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/ai-nexus-dev-stripe-customers";

TEST(References, FindsNameTableArnIndexArnAndStreamArn) {
  ReferenceIndex index({table("ai-nexus-dev-stripe-customers", true)});
  lambda::Environment environment = {
      {"TABLE", "ai-nexus-dev-stripe-customers"},
      {"TABLE_ARN", kArn},
      {"GSI_ARN", kArn + "/index/email-index"},
      {"LSI_ARN", kArn + "/index/by-date"},
      {"STREAM_ARN", kArn + "/stream/2025-01-01T00:00:00.000"},
  };
  auto references = index.find(environment);
  ASSERT_EQ(references.size(), 5u);
  EXPECT_EQ(references[0], (Reference{"GSI_ARN", kArn + "/index/email-index", "ai-nexus-dev-stripe-customers",
                                      ReferenceKind::kIndexArn}));
  EXPECT_EQ(references[1].kind, ReferenceKind::kIndexArn);
  EXPECT_EQ(references[2].kind, ReferenceKind::kStreamArn);
  EXPECT_EQ(references[3].kind, ReferenceKind::kTableName);
  EXPECT_EQ(references[4].kind, ReferenceKind::kTableArn);
}

TEST(References, ASubstringIsNotAReference) {
  ReferenceIndex index({table("ai-nexus-dev-stripe-customers", false)});
  lambda::Environment environment = {
      {"EVENTBRIDGE_BUS_NAME", "ai-nexus-dev-stripe-event-bus"},
      {"PREFIXED", "x-ai-nexus-dev-stripe-customers"},
      {"SUFFIXED", "ai-nexus-dev-stripe-customers-archive"},
      {"PADDED", " ai-nexus-dev-stripe-customers"},
      {"CASE", "AI-NEXUS-DEV-STRIPE-CUSTOMERS"},
      {"UNKNOWN_INDEX", kArn + "/index/no-such-index"},
      {"LIST", "ai-nexus-dev-stripe-customers,other"},
  };
  EXPECT_TRUE(index.find(environment).empty());
}

TEST(References, NoStreamArnWhenTheStreamIsDisabled) {
  TableInventory t = table("ai-nexus-dev-stripe-customers", false);
  t.description["LatestStreamArn"] = kArn + "/stream/old";  // a disabled stream's last ARN
  ReferenceIndex index({t});
  EXPECT_FALSE(index.match("S", kArn + "/stream/old"));
}

TEST(References, OnlySelectedTablesAreReferences) {
  ReferenceIndex index({table("orders", false)});
  EXPECT_TRUE(index.match("T", "orders"));
  EXPECT_FALSE(index.match("T", "ai-nexus-dev-stripe-customers"));
}

TEST(References, VariableNamesLeaveValuesBehind) {
  EXPECT_EQ(variable_names({{"B", "secret"}, {"A", "x"}}), (std::vector<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace ddbmv::migrate
