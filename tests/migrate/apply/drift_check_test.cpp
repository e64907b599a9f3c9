#include "migrate/apply/drift_check.h"

#include <gtest/gtest.h>

#include "dynamodb/table_spec.h"
#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

json customers_description() {
  return {{"TableName", "old-customers"},
          {"TableStatus", "ACTIVE"},
          {"KeySchema",
           {{{"AttributeName", "tenant_id"}, {"KeyType", "HASH"}},
            {{"AttributeName", "user_id"}, {"KeyType", "RANGE"}}}},
          {"AttributeDefinitions",
           {{{"AttributeName", "tenant_id"}, {"AttributeType", "S"}},
            {{"AttributeName", "user_id"}, {"AttributeType", "S"}}}}};
}

TablePlan customers_plan() {
  TablePlan table;
  table.source = "old-customers";
  table.target = "new-customers";
  table.schema_fingerprint = dynamodb::schema_fingerprint(customers_description());
  return table;
}

FunctionPlan webhook_plan() {
  FunctionPlan function;
  function.name = "webhook";
  function.revision_id = "rev-1";
  function.changes = {
      {"TABLE_CUSTOMERS", "old-customers", "new-customers", ReferenceKind::kTableName, "old-customers"}};
  return function;
}

json configuration(const std::string& revision, const std::string& table) {
  return {{"FunctionName", "webhook"},
          {"RevisionId", revision},
          {"Environment", {{"Variables", {{"TABLE_CUSTOMERS", table}, {"STRIPE_SECRET_KEY", "sk_test_1"}}}}}};
}

TEST(DriftCheck, UnchangedSourceIsNoDrift) {
  EXPECT_FALSE(source_drift(customers_plan(), customers_description()));
}

TEST(DriftCheck, SourceWithANewIndexIsDrift) {
  auto described = customers_description();
  described["AttributeDefinitions"].push_back({{"AttributeName", "email"}, {"AttributeType", "S"}});
  described["GlobalSecondaryIndexes"] = {{{"IndexName", "email-index"},
                                          {"KeySchema", {{{"AttributeName", "email"}, {"KeyType", "HASH"}}}},
                                          {"Projection", {{"ProjectionType", "ALL"}}}}};
  const auto finding = source_drift(customers_plan(), described);
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->resource, "old-customers");
  EXPECT_NE(finding->message.find("old-customers"), std::string::npos);
}

TEST(DriftCheck, MissingSourceIsDrift) {
  const auto finding = source_drift(customers_plan(), std::nullopt);
  ASSERT_TRUE(finding);
  EXPECT_NE(finding->message.find("no longer exists"), std::string::npos);
}

TEST(DriftCheck, TargetIsFineWhenAbsentOrCreatedByThisMigration) {
  EXPECT_FALSE(target_drift(customers_plan(), std::nullopt, {}, "mv-1"));
  EXPECT_FALSE(target_drift(customers_plan(), json{{"TableName", "new-customers"}},
                            {{"Project", "x"}, {std::string(kTagMigrationId), "mv-1"}}, "mv-1"));
}

TEST(DriftCheck, TargetOfSomeoneElseIsDrift) {
  const auto other = target_drift(customers_plan(), json{{"TableName", "new-customers"}},
                                  {{std::string(kTagMigrationId), "mv-2"}}, "mv-1");
  ASSERT_TRUE(other);
  EXPECT_NE(other->message.find("new-customers"), std::string::npos);
  EXPECT_TRUE(target_drift(customers_plan(), json{{"TableName", "new-customers"}}, {}, "mv-1"));
}

TEST(DriftCheck, FunctionAtItsPlannedRevisionIsNoDrift) {
  EXPECT_FALSE(function_drift(webhook_plan(), configuration("rev-1", "old-customers"), nullptr, {}));
}

TEST(DriftCheck, FunctionChangedByOthersIsDriftNamingIt) {
  const auto finding = function_drift(webhook_plan(), configuration("rev-2", "old-customers"), nullptr,
                                      {{"TABLE_CUSTOMERS", "new-customers"}});
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->resource, "webhook");
  EXPECT_NE(finding->message.find("function webhook changed"), std::string::npos);
  EXPECT_EQ(finding->message.find("sk_test_1"), std::string::npos);
}

TEST(DriftCheck, FunctionThisMigrationCutOverIsNoDrift) {
  StepState cutover;
  cutover.status = StepStatus::kDone;
  EXPECT_FALSE(function_drift(webhook_plan(), configuration("rev-9", "new-customers"), &cutover,
                              {{"TABLE_CUSTOMERS", "new-customers"}}));
  // ... but the same new revision without a journal record of ours is somebody else's change.
  EXPECT_TRUE(function_drift(webhook_plan(), configuration("rev-9", "new-customers"), nullptr,
                             {{"TABLE_CUSTOMERS", "new-customers"}}));
}

TEST(DriftCheck, MissingFunctionIsDrift) {
  EXPECT_TRUE(function_drift(webhook_plan(), std::nullopt, nullptr, {}));
}

TEST(DriftCheck, LockedAliasesRefuseWithoutPublishAliases) {
  Plan plan;
  plan.functions.push_back(webhook_plan());
  EXPECT_TRUE(check_locked_aliases(plan, false));
  plan.functions[0].aliases_on_locked_versions.push_back({"live", "3", {"TABLE_CUSTOMERS"}});
  const auto refused = check_locked_aliases(plan, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "LockedAliases");
  EXPECT_NE(refused.error().message.find("webhook:live (version 3)"), std::string::npos);
  EXPECT_TRUE(check_locked_aliases(plan, true));
}

TEST(DriftCheck, DriftErrorListsEveryFindingAndSaysNothingChanged) {
  const Error error = drift_error({{"a", "function a changed"}, {"b", "source table b no longer exists"}});
  EXPECT_EQ(error.code, "Drift");
  EXPECT_NE(error.message.find("function a changed"), std::string::npos);
  EXPECT_NE(error.message.find("source table b"), std::string::npos);
  EXPECT_NE(error.hint.find("nothing was changed"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::migrate
