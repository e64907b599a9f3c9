#include "migrate/rollback/environment_restore.h"

#include <gtest/gtest.h>

#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;

TEST(EnvironmentRestore, PutsPlannedVariablesBackAndLeavesEveryOtherOneAlone) {
  const Plan plan = two_table_plan();
  const lambda::Environment current = {{"TABLE_CUSTOMERS", "new-customers"},
                                       {"TABLE_INVOICES", "new-invoices"},
                                       {"STRIPE_SECRET_KEY", "sk_test_secret"},
                                       {"EVENTBRIDGE_BUS_NAME", "bus"}};
  auto restore = restored_environment(plan, plan.functions[0], current);
  ASSERT_TRUE(restore) << restore.error().message;
  EXPECT_EQ(restore->restored, (std::vector<std::string>{"TABLE_CUSTOMERS", "TABLE_INVOICES"}));
  EXPECT_EQ(restore->variables, (lambda::Environment{{"TABLE_CUSTOMERS", "old-customers"},
                                                     {"TABLE_INVOICES", "old-invoices"},
                                                     {"STRIPE_SECRET_KEY", "sk_test_secret"},
                                                     {"EVENTBRIDGE_BUS_NAME", "bus"}}));
}

TEST(EnvironmentRestore, AlreadyOnTheOldTablesNeedsNoWrite) {
  const Plan plan = two_table_plan();
  auto restore = restored_environment(plan, plan.functions[1], {{"TABLE_INVOICES", "old-invoices"}});
  ASSERT_TRUE(restore);
  EXPECT_TRUE(restore->restored.empty());
}

TEST(EnvironmentRestore, RefusesToOverwriteAValueSomeoneElseSetAndNeverShowsIt) {
  const Plan plan = two_table_plan();
  auto restore = restored_environment(plan, plan.functions[1], {{"TABLE_INVOICES", "someone-elses-table"}});
  ASSERT_FALSE(restore);
  EXPECT_EQ(restore.error().code, "ChangedSinceCutover");
  EXPECT_NE(restore.error().message.find("TABLE_INVOICES"), std::string::npos);
  EXPECT_EQ(restore.error().message.find("someone-elses-table"), std::string::npos);
  EXPECT_FALSE(restored_environment(plan, plan.functions[1], {}));
}

TEST(EnvironmentRestore, StreamArnOfTheNewTableCountsAsTheCutoverValue) {
  Plan plan = two_table_plan();
  const std::string old_stream = plan.tables[0].source_arn + "/stream/2026-01-01T00:00:00.000";
  plan.functions[1].changes = {{"STREAM", old_stream, "", ReferenceKind::kStreamArn, "old-customers"}};
  const lambda::Environment current = {
      {"STREAM", plan.tables[0].target_arn + "/stream/2026-11-25T16:10:00.000"}};
  auto restore = restored_environment(plan, plan.functions[1], current);
  ASSERT_TRUE(restore) << restore.error().message;
  EXPECT_EQ(restore->variables.at("STREAM"), old_stream);
}

TEST(EnvironmentRestore, MovedAliasesComeFromApplysAliasSteps) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.done(steps::cutover_function("webhook"));
  journal.add("cutover.alias/webhook/live", JournalEvent::kIntent,
              {{"previous_version", "3"}, {"version", "4"}});
  journal.add("cutover.alias/webhook/live", JournalEvent::kDone,
              {{"previous_version", "3"}, {"version", "4"}});
  const auto aliases = moved_aliases(journal.state(), plan.functions[0]);
  ASSERT_EQ(aliases.size(), 1u);
  EXPECT_EQ(aliases[0].alias, "live");
  EXPECT_EQ(aliases[0].previous_version, "3");
  EXPECT_EQ(aliases[0].version, "4");
  EXPECT_TRUE(moved_aliases(journal.state(), plan.functions[1]).empty());
}

}  // namespace
}  // namespace ddbmv::migrate
