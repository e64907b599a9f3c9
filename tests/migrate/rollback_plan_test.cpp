#include "migrate/rollback_plan.h"

#include <gtest/gtest.h>

#include "journal_fixture.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;

std::vector<std::string> pending_steps(const RollbackPlan& plan) {
  std::vector<std::string> out;
  for (const auto& action : plan.actions) {
    if (!action.done) {
      out.push_back(action.step);
    }
  }
  return out;
}

using Steps = std::vector<std::string>;

TEST(RollbackPlan, StoppedAfterPrepareOnlyTurnsPitrBackOff) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  for (const auto& table : plan.tables) {
    journal.done(steps::prepare_pitr(table.source), {{"previous", false}});
  }
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true})),
            (Steps{"rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, PitrThatWasAlreadyOnStaysOn) {
  Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.done(steps::prepare_pitr("old-customers"), {{"previous", true}});
  journal.done(steps::prepare_pitr("old-invoices"));  // nothing recorded: the plan's figure decides
  plan.tables[1].source_pitr_enabled = true;
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}).nothing_to_do());
}

TEST(RollbackPlan, StoppedAfterCreateHasNothingToRepointAndDeletesOnlyWhenAsked) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  for (const auto& table : plan.tables) {
    journal.done(steps::prepare_pitr(table.source), {{"previous", true}});
    journal.done(steps::create_table(table.target));
  }
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}).nothing_to_do());
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true})),
            (Steps{"rollback.backup/new-customers", "rollback.delete/new-customers",
                   "rollback.backup/new-invoices", "rollback.delete/new-invoices"}));
}

TEST(RollbackPlan, AfterCutoverDataGoesBackBeforeTheFunctionsMove) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {})),
            (Steps{"rollback.data/old-customers", "rollback.data/old-invoices", "rollback.function/webhook",
                   "rollback.function/list-invoices", "rollback.pitr/old-customers",
                   "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, PartialCutoverSyncsOnlyTheTablesOfFunctionsThatMoved) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.add(steps::cutover_function("list-invoices"), JournalEvent::kIntent);  // crashed mid-call
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {})),
            (Steps{"rollback.data/old-invoices", "rollback.function/list-invoices",
                   "rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, ResumedRollbackResyncsATableWhileOneOfItsFunctionsStillWritesThere) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  journal.done(steps::rollback_data("old-customers"));
  journal.done(steps::rollback_data("old-invoices"));
  journal.done(steps::rollback_function("webhook"));
  journal.add(steps::rollback_function("list-invoices"), JournalEvent::kFailed, {{"message", "conflict"}});
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {})),
            (Steps{"rollback.data/old-invoices", "rollback.function/list-invoices",
                   "rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, ASecondRollbackHasNothingToDo) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  for (const auto& action : plan_rollback(plan, journal.state(), {}).actions) {
    journal.done(action.step);
  }
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}).nothing_to_do());
  // Asking for the deletion afterwards adds only that.
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true})).size(), 4u);
}

TEST(RollbackPlan, DescribesEachActionForAPerson) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  const auto actions = plan_rollback(plan, journal.state(), {}).actions;
  EXPECT_EQ(
      actions[0].describe(),
      "copy the writes made to new-customers since cutover back to old-customers (and carry deletes over)");
  EXPECT_EQ(actions[2].describe(), "point function webhook back at the old tables");
}

}  // namespace
}  // namespace ddbmv::migrate
