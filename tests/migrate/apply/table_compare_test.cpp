#include "migrate/apply/table_compare.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

json described(const std::string& name) {
  return {
      {"TableName", name},
      {"TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/" + name},
      {"TableStatus", "ACTIVE"},
      {"ItemCount", name == "old" ? 10 : 0},
      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"BillingModeSummary", {{"BillingMode", "PAY_PER_REQUEST"}}},
      {"SSEDescription", {{"Status", "ENABLED"}, {"SSEType", "KMS"}, {"KMSMasterKeyArn", "arn:kms:key/1"}}},
      {"TableClassSummary", {{"TableClass", "STANDARD"}}},
      {"DeletionProtectionEnabled", name == "old"}};
}

TEST(TableCompare, IdenticalCopyHasNoDifferences) {
  EXPECT_TRUE(table_differences(described("old"), described("new")).empty());
}

TEST(TableCompare, NamesEachDifferingSetting) {
  auto target = described("new");
  target["SSEDescription"]["KMSMasterKeyArn"] = "arn:kms:key/2";
  target.erase("TableClassSummary");
  const auto differences = table_differences(described("old"), target);
  ASSERT_EQ(differences.size(), 2U);
  EXPECT_NE(differences[0].find("SSEDescription"), std::string::npos);
  EXPECT_NE(differences[1].find("TableClassSummary"), std::string::npos);
}

TEST(TableCompare, SettingsMatchWhatThePlanWants) {
  AfterCreate wanted;
  wanted.ttl = TtlSetting{"expires_at", true};
  const json ttl_on = {{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", "expires_at"}};
  const json pitr_off = {{"PointInTimeRecoveryDescription", {{"PointInTimeRecoveryStatus", "DISABLED"}}}};
  EXPECT_TRUE(settings_differences(wanted, ttl_on, pitr_off).empty());
  EXPECT_EQ(settings_differences(wanted, json{{"TimeToLiveStatus", "DISABLED"}}, pitr_off).size(), 1U);
  wanted.point_in_time_recovery = true;
  EXPECT_EQ(settings_differences(wanted, ttl_on, pitr_off).size(), 1U);
}

}  // namespace
}  // namespace ddbmv::migrate
