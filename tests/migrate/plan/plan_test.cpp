#include "migrate/plan/plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ddbmv::migrate {
namespace {

Plan sample_plan() {
  Plan plan;
  plan.migration_id = "mv-0123456789ab";
  plan.created_at = "2026-11-25T16:00:00Z";
  plan.region = "us-east-1";
  plan.account = "000000000000";
  plan.inventory_fingerprint = std::string(64, 'a');
  plan.rules = {"ai-nexus-dev-stripe-*=diatonic-ai-stripe-*"};
  TablePlan table;
  table.source = "ai-nexus-dev-stripe-customers";
  table.target = "diatonic-ai-stripe-customers";
  table.source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/ai-nexus-dev-stripe-customers";
  table.target_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/diatonic-ai-stripe-customers";
  table.schema_fingerprint = std::string(64, 'b');
  table.spec = {{"TableName", "diatonic-ai-stripe-customers"}, {"BillingMode", "PAY_PER_REQUEST"}};
  table.after_create.ttl = TtlSetting{"expires_at", true};
  table.after_create.deletion_protection = true;
  table.source_stream = {true, "NEW_IMAGE", "arn:stream"};
  table.item_count = 12;
  table.size_bytes = 3456;
  table.dependents = {"fn-a", "fn-b"};
  table.risk = Level::kMedium;
  plan.tables.push_back(table);
  FunctionPlan function;
  function.name = "fn-a";
  function.arn = "arn:aws:lambda:us-east-1:000000000000:function:fn-a";
  function.revision_id = "rev-1";
  function.criticality = Level::kCritical;
  function.changes = {
      {"TABLE_CUSTOMERS", table.source, table.target, ReferenceKind::kTableName, table.source},
      {"CUSTOMERS_ARN", table.source_arn, table.target_arn, ReferenceKind::kTableArn, table.source},
      {"CUSTOMERS_STREAM", "arn:stream", "", ReferenceKind::kStreamArn, table.source}};
  function.aliases_on_locked_versions = {{"live", "3", {"TABLE_CUSTOMERS"}}};
  plan.functions.push_back(function);
  plan.warnings = {{"IamNotChecked", "execution-role policies are not checked"}};
  plan.estimate = {10, 30, 60, 20, 3};
  return plan;
}

TEST(Plan, RoundTripsThroughJson) {
  Plan plan = sample_plan();
  auto parsed = plan_from_json(to_json(plan));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, plan);
  EXPECT_EQ(plan_digest(*parsed), plan_digest(plan));
}

TEST(Plan, JsonCarriesFormatVersionAndTotalSeconds) {
  auto document = to_json(sample_plan());
  EXPECT_EQ(document["format"], "ddbmv-plan");
  EXPECT_EQ(document["version"], 1);
  EXPECT_EQ(document["estimate"]["seconds"], 123);
  EXPECT_EQ(document["functions"][0]["changes"][0]["old"], "ai-nexus-dev-stripe-customers");
  EXPECT_EQ(document["tables"][0]["after_create"]["ttl"]["AttributeName"], "expires_at");
}

TEST(Plan, RejectsWrongVersionNamingTheField) {
  auto document = to_json(sample_plan());
  document["version"] = 2;
  auto parsed = plan_from_json(document);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "InvalidPlan");
  EXPECT_NE(parsed.error().message.find("version"), std::string::npos);
}

TEST(Plan, RejectsABadNestedFieldNamingItsPath) {
  auto document = to_json(sample_plan());
  document["tables"][0]["target"] = 7;
  auto parsed = plan_from_json(document);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("tables[0].target"), std::string::npos) << parsed.error().message;

  document = to_json(sample_plan());
  document["functions"][0]["criticality"] = "SEVERE";
  parsed = plan_from_json(document);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("functions[0].criticality"), std::string::npos);
}

TEST(Plan, DigestChangesWithContent) {
  Plan plan = sample_plan();
  Plan other = plan;
  other.functions[0].revision_id = "rev-2";
  EXPECT_NE(plan_digest(plan), plan_digest(other));
  EXPECT_EQ(plan_digest(plan).size(), 64u);
}

TEST(Plan, LoadsFromFileOrDirectory) {
  auto dir = std::filesystem::temp_directory_path() / "ddbmv-plan-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "plan.json") << to_json(sample_plan()).dump(2);
  auto from_file = load_plan(dir / "plan.json");
  ASSERT_TRUE(from_file) << from_file.error().message;
  auto from_dir = load_plan(dir);
  ASSERT_TRUE(from_dir) << from_dir.error().message;
  EXPECT_EQ(*from_dir, sample_plan());
  std::ofstream(dir / "plan.json") << "{not json";
  auto broken = load_plan(dir);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("plan.json"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Plan, MigrationIdIsStableAndNamesBackups) {
  std::string id = make_migration_id({"a-*=b-*"}, "f00");
  EXPECT_EQ(id, make_migration_id({"a-*=b-*"}, "f00"));
  EXPECT_NE(id, make_migration_id({"a-*=c-*"}, "f00"));
  EXPECT_EQ(id.size(), 15u);
  EXPECT_EQ(id.rfind("mv-", 0), 0u);
  EXPECT_EQ(backup_name("t1", "mv-0123456789ab"), "t1-ddbmv-mv-0123456789ab");
  EXPECT_EQ(backup_name(std::string(255, 'x'), "mv-0123456789ab").size(), 255u);
}

}  // namespace
}  // namespace ddbmv::migrate
