#include "migrate/plan/plan_markdown.h"

#include <gtest/gtest.h>

#include "migrate/plan/planner.h"
#include "support/seed_inventory.h"

namespace ddbmv::migrate {
namespace {

std::string seed_markdown() {
  auto plan =
      build_plan(testing::seed_inventory(), {*parse_rule("ai-nexus-dev-stripe-*=diatonic-ai-stripe-*")},
                 {{"ai-nexus-dev-stripe-stripe-webhook-handler"}, "2025-09-17T02:42:00Z"});
  EXPECT_TRUE(plan);
  return render_plan_markdown(*plan, "plans/stripe");
}

TEST(PlanMarkdown, HasTheSeedsSections) {
  std::string md = seed_markdown();
  for (const char* section :
       {"## Migration Overview", "## Migration Steps Summary", "### Tables to Migrate",
        "### Lambda Functions to Update", "## Schema Specifications", "## Execution Commands",
        "### Pre-Migration Checklist", "### During Migration Checklist", "### Post-Migration Checklist",
        "### Rollback Plan", "## Timeline"}) {
    EXPECT_NE(md.find(section), std::string::npos) << section;
  }
}

TEST(PlanMarkdown, TablesAndFunctionsRowsMatchTheSeed) {
  std::string md = seed_markdown();
  EXPECT_NE(md.find("| `ai-nexus-dev-stripe-customers` | `diatonic-ai-stripe-customers` | 0 bytes | 0 | 6 "
                    "Lambdas | HIGH |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `ai-nexus-dev-stripe-idempotency` | `diatonic-ai-stripe-idempotency` | 0 bytes | 0 | "
                    "1 Lambda | LOW |"),
            std::string::npos);
  EXPECT_NE(md.find("| `ai-nexus-dev-stripe-stripe-webhook-handler` | 4 variables ("), std::string::npos);
  EXPECT_NE(md.find("| `ai-nexus-dev-stripe-list-invoices` | 1 variable (`TABLE_INVOICES`) | MEDIUM |"),
            std::string::npos);
}

TEST(PlanMarkdown, StatesTheRiskAndCriticalityThresholds) {
  std::string md = seed_markdown();
  EXPECT_NE(md.find("Risk: HIGH for 5+ dependent functions, MEDIUM for 2-4, LOW for 1;"), std::string::npos)
      << md;
  EXPECT_NE(md.find("CRITICAL only where marked with `--critical`"), std::string::npos);
}

TEST(PlanMarkdown, CommandsUseDdbmvAndTheAwsCliWithTheSpecs) {
  std::string md = seed_markdown();
  EXPECT_NE(md.find("ddbmv apply plans/stripe"), std::string::npos);
  EXPECT_NE(md.find("aws dynamodb create-table --cli-input-json "
                    "file://plans/stripe/specs/diatonic-ai-stripe-customers.json"),
            std::string::npos);
  EXPECT_NE(md.find("--revision-id rev-stripe-webhook-handler"), std::string::npos);
  // AWS CLI v2 reads --payload as base64 unless told otherwise.
  EXPECT_NE(md.find("aws lambda invoke --function-name ai-nexus-dev-stripe-list-invoices "
                    "--cli-binary-format raw-in-base64-out --payload '{}' /dev/null"),
            std::string::npos);
}

TEST(PlanMarkdown, NeverHoldsAnEnvironmentValueOtherThanTableNames) {
  std::string md = seed_markdown();
  EXPECT_EQ(md.find(testing::kStripeSecret), std::string::npos);
  EXPECT_EQ(md.find(testing::kWebhookSecret), std::string::npos);
  EXPECT_EQ(md.find("ai-nexus-dev-stripe-event-bus"), std::string::npos);
}

TEST(PlanMarkdown, FormatsSizesAndDurations) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(std::int64_t{3} << 30), "3.0 GiB");
  EXPECT_EQ(format_duration(45), "45 s");
  EXPECT_EQ(format_duration(200), "3 min 20 s");
  EXPECT_EQ(format_duration(3900), "1 h 5 min");
}

}  // namespace
}  // namespace ddbmv::migrate
