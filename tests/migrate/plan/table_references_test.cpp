#include "migrate/plan/table_references.h"

#include <gtest/gtest.h>

#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

TEST(TableReferences, FindsNameArnIndexAndStreamReferencesButNotLookalikes) {
  const TablePlan table = testing::two_table_plan().tables[0];
  EXPECT_TRUE(refers_to("old-customers", table));
  EXPECT_TRUE(refers_to(table.source_arn, table));
  EXPECT_TRUE(refers_to(table.source_arn + "/index/by-email", table));
  EXPECT_TRUE(refers_to(table.source_arn + "/stream/2026-11-25T16:00:00.000", table));
  EXPECT_FALSE(refers_to("old-customers-archive", table));
  EXPECT_FALSE(refers_to(table.source_arn + "-archive", table));
  EXPECT_FALSE(refers_to("new-customers", table));
}

TEST(TableReferences, NamesFunctionVersionAliasAndVariableNeverTheValue) {
  const TablePlan table = testing::two_table_plan().tables[0];
  const std::vector<lambda::Json> versions = {
      {{"Version", "$LATEST"},
       {"Environment", {{"Variables", {{"TABLE_CUSTOMERS", "new-customers"}, {"SECRET", "sk_live_x"}}}}}},
      {{"Version", "3"}, {"Environment", {{"Variables", {{"TABLE_CUSTOMERS", "old-customers"}}}}}},
      {{"Version", "4"}}};
  const std::vector<lambda::Json> aliases = {
      {{"Name", "live"}, {"FunctionVersion", "4"}, {"RoutingConfig", {{"AdditionalVersionWeights", {{"3", 0.1}}}}}}};
  const auto environments = version_environments("webhook", versions, aliases);
  ASSERT_EQ(environments.size(), 3u);
  const auto references = find_table_references(table, environments);
  ASSERT_EQ(references.size(), 1u);
  EXPECT_EQ(references[0].describe(), "function webhook version 3 (alias live) variable TABLE_CUSTOMERS");
}

}  // namespace
}  // namespace ddbmv::migrate
