#include "cli/inventory_text.h"

#include <gtest/gtest.h>

#include "cli/plan_text.h"
#include "migrate/plan/planner.h"
#include "support/seed_inventory.h"

namespace ddbmv::cli {
namespace {

TEST(InventoryText, ShowsTablesSettingsDependentsAndReferencingVariables) {
  std::string text = render_inventory_text(migrate::testing::seed_inventory());
  EXPECT_NE(text.find("ai-nexus-dev-stripe-customers  ACTIVE  6 dependent functions"), std::string::npos)
      << text;
  EXPECT_NE(text.find("ai-nexus-dev-stripe-idempotency  ACTIVE  1 dependent function\n"), std::string::npos);
  EXPECT_NE(text.find("PAY_PER_REQUEST"), std::string::npos);
  EXPECT_NE(text.find("tenant_id (HASH, S), user_id (RANGE, S)"), std::string::npos);
  EXPECT_NE(text.find("TABLE_IDEMPOTENCY -> ai-nexus-dev-stripe-idempotency"), std::string::npos);
  EXPECT_NE(text.find("(4 of 7 variables)"), std::string::npos);
}

TEST(InventoryText, NeverShowsOtherEnvironmentValues) {
  std::string text = render_inventory_text(migrate::testing::seed_inventory());
  EXPECT_EQ(text.find(migrate::testing::kStripeSecret), std::string::npos);
  EXPECT_EQ(text.find(migrate::testing::kWebhookSecret), std::string::npos);
  EXPECT_EQ(text.find("event-bus"), std::string::npos);
}

TEST(PlanText, SummarisesTablesFunctionsAndEstimateWithoutSecrets) {
  auto plan = migrate::build_plan(migrate::testing::seed_inventory(),
                                  {*migrate::parse_rule("ai-nexus-dev-stripe-*=diatonic-ai-stripe-*")},
                                  {{"ai-nexus-dev-stripe-stripe-webhook-handler"}, "2025-09-17T02:42:00Z"});
  ASSERT_TRUE(plan);
  std::string text = render_plan_text(*plan);
  EXPECT_NE(text.find("diatonic-ai-stripe-customers"), std::string::npos);
  EXPECT_NE(text.find("CRITICAL"), std::string::npos);
  EXPECT_NE(text.find("Estimated duration"), std::string::npos);
  EXPECT_EQ(text.find(migrate::testing::kStripeSecret), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::cli
