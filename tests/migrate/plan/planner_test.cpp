#include "migrate/plan/planner.h"

#include <gtest/gtest.h>

#include <map>

#include "support/seed_inventory.h"

namespace ddbmv::migrate {
namespace {

std::vector<RenameRule> seed_rules() {
  return {*parse_rule("ai-nexus-dev-stripe-*=diatonic-ai-stripe-*")};
}

PlanOptions options() {
  return {{}, "2025-09-17T02:42:00Z"};
}

/// The seed's plan: its rule, and its webhook handler marked critical.
Plan seed_plan() {
  PlanOptions seed_options = options();
  seed_options.critical_functions = {"ai-nexus-dev-stripe-stripe-webhook-handler"};
  auto plan = build_plan(testing::seed_inventory(), seed_rules(), seed_options);
  EXPECT_TRUE(plan) << (plan ? "" : plan.error().front().message);
  return *plan;
}

bool mentions(const std::vector<Error>& errors, const std::string& code, const std::string& text) {
  return std::ranges::any_of(
      errors, [&](const Error& e) { return e.code == code && e.message.find(text) != std::string::npos; });
}

TEST(Planner, ReproducesTheSeedsTables) {
  Plan plan = seed_plan();
  ASSERT_EQ(plan.tables.size(), 4u);
  std::vector<std::tuple<std::string, std::string, std::size_t, Level>> got;
  for (const auto& table : plan.tables) {
    got.emplace_back(table.source, table.target, table.dependents.size(), table.risk);
  }
  EXPECT_EQ(got,
            (std::vector<std::tuple<std::string, std::string, std::size_t, Level>>{
                {"ai-nexus-dev-stripe-customers", "diatonic-ai-stripe-customers", 6, Level::kHigh},
                {"ai-nexus-dev-stripe-subscriptions", "diatonic-ai-stripe-subscriptions", 5, Level::kHigh},
                {"ai-nexus-dev-stripe-invoices", "diatonic-ai-stripe-invoices", 2, Level::kMedium},
                {"ai-nexus-dev-stripe-idempotency", "diatonic-ai-stripe-idempotency", 1, Level::kLow},
            }));
}

TEST(Planner, ReproducesTheSeedsFunctions) {
  Plan plan = seed_plan();
  std::map<std::string, std::pair<std::size_t, Level>> got;
  for (const auto& function : plan.functions) {
    got[function.name] = {function.changes.size(), function.criticality};
  }
  const std::string p = "ai-nexus-dev-stripe-";
  EXPECT_EQ(got, (std::map<std::string, std::pair<std::size_t, Level>>{
                     {p + "stripe-webhook-handler", {4, Level::kCritical}},
                     {p + "get-subscription-status", {2, Level::kHigh}},
                     {p + "update-subscription", {2, Level::kHigh}},
                     {p + "create-checkout-session", {2, Level::kHigh}},
                     {p + "create-setup-intent", {1, Level::kMedium}},
                     {p + "create-portal-session", {1, Level::kMedium}},
                     {p + "list-invoices", {1, Level::kMedium}},
                     {p + "cancel-subscription", {1, Level::kMedium}},
                 }));
  EXPECT_EQ(plan.functions.front().name, p + "stripe-webhook-handler");
}

TEST(Planner, EnvironmentChangesTouchOnlyReferencesAndRecordTheRevision) {
  Plan plan = seed_plan();
  const FunctionPlan* webhook = plan.find_function("ai-nexus-dev-stripe-stripe-webhook-handler");
  ASSERT_NE(webhook, nullptr);
  EXPECT_EQ(webhook->revision_id, "rev-stripe-webhook-handler");
  ASSERT_EQ(webhook->changes.size(), 4u);
  EXPECT_EQ(webhook->changes[0],
            (EnvChange{"TABLE_CUSTOMERS", "ai-nexus-dev-stripe-customers", "diatonic-ai-stripe-customers",
                       ReferenceKind::kTableName, "ai-nexus-dev-stripe-customers"}));
  std::string document = to_json(plan).dump();
  EXPECT_EQ(document.find(testing::kStripeSecret), std::string::npos);
  EXPECT_EQ(document.find(testing::kWebhookSecret), std::string::npos);
  EXPECT_EQ(document.find("event-bus"), std::string::npos);
}

TEST(Planner, ArnsBecomeTheNewTablesArns) {
  Inventory inventory = testing::seed_inventory();
  std::string arn = inventory.tables[0].arn();
  FunctionInventory& function = inventory.functions[0];
  function.environment["CUSTOMERS_ARN"] = arn;
  function.environment["CUSTOMERS_EMAIL_INDEX"] = arn + "/index/email-index";
  function.references = ReferenceIndex(inventory.tables).find(function.environment);
  auto plan = build_plan(inventory, seed_rules(), options());
  ASSERT_TRUE(plan);
  const FunctionPlan* out = plan->find_function(function.name);
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(out->changes.size(), 3u);
  EXPECT_EQ(out->changes[0].new_value,
            "arn:aws:dynamodb:us-east-1:000000000000:table/diatonic-ai-stripe-customers");
  EXPECT_EQ(out->changes[1].new_value,
            "arn:aws:dynamodb:us-east-1:000000000000:table/diatonic-ai-stripe-customers/index/email-index");
  EXPECT_EQ(out->changes[1].kind, ReferenceKind::kIndexArn);
}

TEST(Planner, WithoutCriticalNoFunctionIsCritical) {
  auto plan = build_plan(testing::seed_inventory(), seed_rules(), options());
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->find_function("ai-nexus-dev-stripe-stripe-webhook-handler")->criticality, Level::kHigh);
  for (const auto& function : plan->functions) {
    EXPECT_NE(function.criticality, Level::kCritical) << function.name;
  }
}

TEST(Planner, CriticalOptionMarksAFunction) {
  PlanOptions marked = options();
  marked.critical_functions = {"ai-nexus-dev-stripe-list-invoices"};
  auto plan = build_plan(testing::seed_inventory(), seed_rules(), marked);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->find_function("ai-nexus-dev-stripe-list-invoices")->criticality, Level::kCritical);
}

TEST(Planner, SpecsCarryTheSourceAndGovernanceTags) {
  Plan plan = seed_plan();
  const TablePlan* table = plan.find_target("diatonic-ai-stripe-subscriptions");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->spec["TableName"], "diatonic-ai-stripe-subscriptions");
  EXPECT_EQ(table->spec["GlobalSecondaryIndexes"].size(), 2u);
  Json tags = table->spec["Tags"];
  EXPECT_NE(std::ranges::find(tags, Json{{"Key", "ddbmv:source-table"}, {"Value", table->source}}),
            tags.end());
  EXPECT_NE(std::ranges::find(tags, Json{{"Key", "ddbmv:migration-id"}, {"Value", plan.migration_id}}),
            tags.end());
  EXPECT_NE(std::ranges::find(tags, Json{{"Key", "project"}, {"Value", "ai-nexus"}}), tags.end());
  EXPECT_EQ(table->target_arn,
            "arn:aws:dynamodb:us-east-1:000000000000:table/diatonic-ai-stripe-subscriptions");
  EXPECT_FALSE(table->after_create.ttl);
  EXPECT_FALSE(table->source_pitr_enabled);
}

TEST(Planner, AfterCreateCarriesTtlPitrAndDeletionProtection) {
  Inventory inventory = testing::seed_inventory();
  inventory.tables[0].time_to_live = {{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", "expires_at"}};
  inventory.tables[0].continuous_backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] =
      "ENABLED";
  inventory.tables[0].description["DeletionProtectionEnabled"] = true;
  auto plan = build_plan(inventory, seed_rules(), options());
  ASSERT_TRUE(plan);
  const TablePlan* table = plan->find_source("ai-nexus-dev-stripe-customers");
  EXPECT_EQ(table->after_create.ttl, (TtlSetting{"expires_at", true}));
  EXPECT_TRUE(table->after_create.point_in_time_recovery);
  EXPECT_TRUE(table->after_create.deletion_protection);
  EXPECT_TRUE(table->source_pitr_enabled);
  EXPECT_FALSE(table->spec.contains("DeletionProtectionEnabled"));
}

TEST(Planner, ListsEveryFailureAtOnce) {
  Inventory inventory = testing::seed_inventory();
  inventory.existing_tables.push_back("diatonic-ai-stripe-customers");
  inventory.existing_tables.push_back("diatonic-ai-stripe-invoices");
  inventory.tables[3].description["TableStatus"] = "UPDATING";
  std::vector<RenameRule> rules = seed_rules();
  rules.push_back(*parse_rule("no-such-table=x-table"));
  auto plan = build_plan(inventory, rules, options());
  ASSERT_FALSE(plan);
  const auto& errors = plan.error();
  EXPECT_EQ(errors.size(), 4u);
  EXPECT_TRUE(mentions(errors, "TargetExists", "diatonic-ai-stripe-customers already exists"));
  EXPECT_TRUE(mentions(errors, "TargetExists", "diatonic-ai-stripe-invoices already exists"));
  EXPECT_TRUE(mentions(errors, "SourceNotActive", "ai-nexus-dev-stripe-subscriptions is UPDATING"));
  EXPECT_TRUE(mentions(errors, "SourceNotFound", "no-such-table"));
}

TEST(Planner, NoTableSelectedIsAnError) {
  Inventory inventory = testing::seed_inventory();
  inventory.tables.clear();
  inventory.functions.clear();
  auto plan = build_plan(inventory, seed_rules(), options());
  ASSERT_FALSE(plan);
  EXPECT_TRUE(mentions(plan.error(), "NoTableMatched", "no table matched"));
}

TEST(Planner, IsDeterministicAndBindsToTheInventory) {
  Plan a = seed_plan();
  Plan b = seed_plan();
  EXPECT_EQ(plan_digest(a), plan_digest(b));
  EXPECT_EQ(a.inventory_fingerprint, inventory_fingerprint(testing::seed_inventory()));
  EXPECT_EQ(a.migration_id, make_migration_id(a.rules, a.inventory_fingerprint));
}

TEST(Planner, EstimateGrowsWithSizesAndCounts) {
  Plan small = seed_plan();
  Inventory inventory = testing::seed_inventory();
  inventory.tables[0].description["ItemCount"] = 2'000'000;
  auto large = build_plan(inventory, seed_rules(), options());
  ASSERT_TRUE(large);
  EXPECT_GT(large->estimate.copy, small.estimate.copy + 900);
  EXPECT_EQ(small.estimate.cutover, 8 * EstimateModel{}.cutover_per_function);
  EXPECT_GT(small.estimate.total(), 0);
}

TEST(Planner, LockedAliasIsRecordedOnTheFunction) {
  Inventory inventory = testing::seed_inventory();
  FunctionInventory& function = inventory.functions[0];  // cancel-subscription
  function.versions = {{"1", function.variable_names, function.references}};
  function.aliases = {{{"Name", "live"}, {"FunctionVersion", "1"}}};
  auto plan = build_plan(inventory, seed_rules(), options());
  ASSERT_TRUE(plan);
  const FunctionPlan* out = plan->find_function(function.name);
  ASSERT_EQ(out->aliases_on_locked_versions.size(), 1u);
  EXPECT_EQ(out->aliases_on_locked_versions[0], (LockedAlias{"live", "1", {"TABLE_SUBSCRIPTIONS"}}));
}

}  // namespace
}  // namespace ddbmv::migrate
