#include "migrate/plan/risk.h"

#include <gtest/gtest.h>

#include "support/seed_inventory.h"

namespace ddbmv::migrate {
namespace {

TEST(Risk, TableRiskFollowsTheSeedsThresholds) {
  EXPECT_EQ(table_risk(6, 0, 0, false), Level::kHigh);
  EXPECT_EQ(table_risk(5, 0, 0, false), Level::kHigh);
  EXPECT_EQ(table_risk(4, 0, 0, false), Level::kMedium);
  EXPECT_EQ(table_risk(2, 0, 0, false), Level::kMedium);
  EXPECT_EQ(table_risk(1, 0, 0, false), Level::kLow);
  EXPECT_EQ(table_risk(0, 0, 0, false), Level::kNone);
}

TEST(Risk, SizeAndALiveStreamEachRaiseOneLevel) {
  EXPECT_EQ(table_risk(1, 1'000'001, 0, false), Level::kMedium);
  EXPECT_EQ(table_risk(1, 0, (std::int64_t{1} << 30) + 1, false), Level::kMedium);
  EXPECT_EQ(table_risk(1, 1'000'000, std::int64_t{1} << 30, false), Level::kLow);  // at the limit: not large
  EXPECT_EQ(table_risk(2, 0, 0, true), Level::kHigh);
  EXPECT_EQ(table_risk(2, 5'000'000, 0, true), Level::kCritical);
  EXPECT_EQ(table_risk(6, 5'000'000, 0, true), Level::kCritical);
  EXPECT_EQ(table_risk(0, 0, 0, true), Level::kLow);
}

TEST(Risk, FunctionCriticalityByTablesTouchedAndCriticalOnlyWhenMarked) {
  EXPECT_EQ(function_criticality(4, false), Level::kHigh);
  EXPECT_EQ(function_criticality(3, false), Level::kHigh);
  EXPECT_EQ(function_criticality(2, false), Level::kHigh);
  EXPECT_EQ(function_criticality(1, false), Level::kMedium);
  EXPECT_EQ(function_criticality(0, false), Level::kLow);
  EXPECT_EQ(function_criticality(1, true), Level::kCritical);
}

std::vector<Rename> seed_renames(const Inventory& inventory) {
  std::vector<Rename> out;
  for (const auto& table : inventory.tables) {
    out.push_back({table.name, "new-" + table.name, "r"});
  }
  return out;
}

bool has(const std::vector<Warning>& warnings, const std::string& code, const std::string& text = {}) {
  return std::ranges::any_of(warnings, [&](const Warning& w) {
    return w.code == code && w.message.find(text) != std::string::npos;
  });
}

TEST(Risk, SeedWarnsOnlyThatIamIsNotChecked) {
  Inventory inventory = testing::seed_inventory();
  auto warnings = plan_warnings(inventory, seed_renames(inventory), 8);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "IamNotChecked");
  EXPECT_NE(warnings[0].message.find("8 function"), std::string::npos);
}

TEST(Risk, WarnsAboutLockedAliasesStreamsMappingsAndProvisionedTables) {
  Inventory inventory = testing::seed_inventory();
  TableInventory& customers = inventory.tables[0];
  customers.description["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}};
  customers.description["LatestStreamArn"] = customers.arn() + "/stream/label";
  customers.description["BillingModeSummary"]["BillingMode"] = "PROVISIONED";
  customers.event_source_mappings = {{{"UUID", "esm-1"}, {"FunctionArn", "arn:fn"}}};
  FunctionInventory& function = inventory.functions[0];
  function.versions = {{"3", {"TABLE_SUBSCRIPTIONS"}, function.references}};
  function.aliases = {{{"Name", "live"}, {"FunctionVersion", "3"}}};
  auto warnings = plan_warnings(inventory, seed_renames(inventory), 8);
  EXPECT_TRUE(has(warnings, "LockedAlias",
                  "alias live of function ai-nexus-dev-stripe-cancel-subscription serves version 3"));
  EXPECT_TRUE(has(warnings, "LockedAlias", "TABLE_SUBSCRIPTIONS"));
  EXPECT_TRUE(has(warnings, "SourceStream", "ai-nexus-dev-stripe-customers"));
  EXPECT_TRUE(has(warnings, "EventSourceMapping", "esm-1"));
  EXPECT_TRUE(has(warnings, "ProvisionedTable", "auto scaling"));
  EXPECT_TRUE(has(warnings, "IamNotChecked"));
}

}  // namespace
}  // namespace ddbmv::migrate
